/**
 * Array lifetimes: garbage collection frees unreachable arrays; `scope(fn)` frees, when `fn`
 * returns, every array created inside it except those it returns.
 */
import type { DeviceBuffer } from "./buffer.js";
import { collectArrays, recordArray, suspend } from "./frames.js";

/** What the lifetime machinery needs from an array. */
export interface Owned {
  dispose(): void;
}

const registry = new FinalizationRegistry<DeviceBuffer>((buffer) => buffer.release());

/** Frees `buffer` when `owner` is garbage collected (unless `forget(owner)` is called first). */
export function freeOnCollect(owner: object, buffer: DeviceBuffer): void {
  registry.register(owner, buffer, owner);
}

/** Cancels `freeOnCollect` for `owner`. */
export function forget(owner: object): void {
  registry.unregister(owner);
}

const scopes: Set<Owned>[] = [];

/**
 * Runs `fn` with scope tracking and transformation frames suspended: arrays it creates belong
 * to no scope and no frame (caches, tracing, work that outlives the caller).
 */
export function untracked<T>(fn: () => T): T {
  scopes.push(new Set());
  try {
    return suspend(fn);
  } finally {
    scopes.pop();
  }
}

/** Records a new array in the innermost open scope (and the frame of a rule running now). */
export function trackInScope(a: Owned): void {
  scopes[scopes.length - 1]?.add(a);
  recordArray(a);
}

/**
 * Runs `fn` and frees every array created while it runs, except the arrays in its result
 * (found anywhere inside returned objects, lists and maps), which move to the enclosing scope.
 * Deterministic memory release for eager loops, with no reference counting by hand.
 *
 * @example
 * const loss = scope(() => {
 *   const err = pred.sub(target);   // freed when the scope ends
 *   return err.mul(err).mean();     // kept
 * });
 */
export function scope<T>(fn: () => T): T {
  const mine = new Set<Owned>();
  scopes.push(mine);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const a of mine) a.dispose();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) {
    for (const a of mine) scopes[scopes.length - 1]?.add(a);
    throw new TypeError(
      "scope(fn): fn returned a Promise. scope() tracks arrays created synchronously; " +
        "run the synchronous array work inside scope() and await reads (x.data()) outside it.",
    );
  }
  const keep = new Set<unknown>();
  collectArrays(result, keep, new Set());
  const parent = scopes[scopes.length - 1];
  for (const a of mine) {
    if (keep.has(a)) parent?.add(a);
    else a.dispose();
  }
  return result;
}
