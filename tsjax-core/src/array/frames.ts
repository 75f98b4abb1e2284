/**
 * Deterministic release of the arrays a transformation makes for itself.
 *
 * While `grad`, `vjp`, `jvp`, `linearize` or `vmap` runs eagerly, its rules compute primal
 * values, residuals, tangents, cotangents and batched values as concrete arrays that user code
 * only ever sees wrapped in tracers. Each such call opens a `Frame`; the arrays its rules make
 * are recorded there, and when the call returns every one of them that its result does not
 * reach is freed at once, instead of waiting for the garbage collector.
 *
 * What keeps this safe (nothing is freed while reachable):
 * - only arrays made inside a transformation's rules are recorded (`recordInto`); arrays made by
 *   the user's own code, even inside the transformed function, are never recorded;
 * - arrays handed to user code (custom rules) leave their frame (`escape`);
 * - an array captured by a longer-lived holder moves to that holder's frame (`adopt`): a tracer
 *   or a jaxpr constant of an enclosing transformation, or of a trace with no frame (jit's
 *   traces and other caches), which takes it out of every frame;
 * - while tracing for jit or control flow (`suspended`), nothing is recorded and no frame opens.
 */

import { nodeChildren } from "../tree/treedef.js";

/** What the frames need from an array. */
export interface Disposable {
  dispose(): void;
}

/** The arrays of one transformation call. `parent` is the frame open when it was opened. */
export class Frame {
  readonly arrays = new Set<Disposable>();
  constructor(readonly parent: Frame | undefined) {}

  /** True when `f` is this frame or opened inside it (so this one lives at least as long). */
  encloses(f: Frame): boolean {
    for (let p: Frame | undefined = f; p; p = p.parent) if (p === this) return true;
    return false;
  }
}

const owner = new WeakMap<object, Frame>();
/** Every array made so far (leaves of the reachability walk). */
const arrays = new WeakSet<object>();
/** The frame arrays made now are recorded in (set while a transformation's rule runs). */
let recording: Frame | undefined;
/** The innermost open frame (new transformation levels belong to it). */
let open: Frame | undefined;
/** Depth of `suspend`: tracing for jit or control flow, where no frame opens. */
let suspended = 0;

/** Records a new array in the frame of the rule running now, if any. */
export function recordArray(a: Disposable): void {
  arrays.add(a);
  if (recording) {
    recording.arrays.add(a);
    owner.set(a, recording);
  }
}

/** The innermost open frame (stored by each new transformation level). */
export function openFrame(): Frame | undefined {
  return open;
}

/** Runs `fn` (a transformation's rule) recording the arrays it makes in `frame`. */
export function recordInto<T>(frame: Frame | undefined, fn: () => T): T {
  const prev = recording;
  recording = frame;
  try {
    return fn();
  } finally {
    recording = prev;
  }
}

/** Runs `fn` with frames suspended: nothing is recorded and no frame opens (tracing, caches). */
export function suspend<T>(fn: () => T): T {
  const [prevRecording, prevOpen] = [recording, open];
  recording = undefined;
  open = undefined;
  suspended++;
  try {
    return fn();
  } finally {
    suspended--;
    recording = prevRecording;
    open = prevOpen;
  }
}

/**
 * `x` is now also held by something that lives as long as `frame` (a tracer or a jaxpr
 * constant of it; `undefined`: something with no frame, which may live for good): an array of
 * a frame that `frame` does not enclose moves out to `frame`, or out of every frame.
 */
export function adopt(x: unknown, frame: Frame | undefined): void {
  const cur = owner.get(x as object);
  if (!cur || cur === frame || (frame && cur.encloses(frame))) return;
  cur.arrays.delete(x as Disposable);
  owner.delete(x as object);
  if (frame && frame.encloses(cur)) {
    frame.arrays.add(x as Disposable);
    owner.set(x as object, frame);
  }
}

/** Takes every array in `values` (a tree) out of its frame: it is handed to user code. */
function escape(values: unknown): void {
  const found = new Set<unknown>();
  collectArrays(values, found, new Set());
  for (const a of found) adopt(a, undefined);
}

/** Runs user code (a custom rule) on `args`: their arrays escape, and what it makes is not recorded. */
export function asUserCode<T>(args: unknown, fn: () => T): T {
  escape(args);
  return recordInto(undefined, fn);
}

/**
 * Adds every array reachable from `value` to `out`: through lists, plain and class objects,
 * maps, tracers and pytree nodes (their children, even when private fields hold them),
 * stopping at arrays themselves.
 */
export function collectArrays(value: unknown, out: Set<unknown>, seen: Set<unknown>): void {
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (arrays.has(value)) {
    out.add(value);
    return;
  }
  if (ArrayBuffer.isView(value)) return;
  if (value instanceof Map) {
    for (const v of value.values()) collectArrays(v, out, seen);
    return;
  }
  for (const v of nodeChildren(value) ?? []) collectArrays(v, out, seen);
  for (const v of Object.values(value)) collectArrays(v, out, seen);
}

/** Options of `reclaiming`. */
export interface ReclaimOptions<T> {
  /** Arrays to keep besides those the result reaches (residuals a returned function uses). */
  alsoKeep?: (result: T) => unknown;
  /** Record every array `fn` makes, not only its rules' (for calls that run no user code). */
  record?: boolean;
}

/**
 * Runs a transformation call in a frame of its own, then frees the arrays its rules made that
 * the result does not reach. Arrays it keeps pass to the frame that was recording when it was
 * called (library code calling a transformation), or to the user.
 */
export function reclaiming<T>(fn: (frame: Frame | undefined) => T, opts: ReclaimOptions<T> = {}): T {
  if (suspended > 0) return fn(undefined);
  const frame = new Frame(open);
  const parent = recording;
  const prevOpen = open;
  open = frame;
  let result: T;
  try {
    result = opts.record ? recordInto(frame, () => fn(frame)) : fn(frame);
  } catch (e) {
    open = prevOpen;
    close(frame, new Set(), undefined);
    throw e;
  }
  open = prevOpen;
  const keep = new Set<unknown>();
  const seen = new Set<unknown>();
  collectArrays(result, keep, seen);
  if (opts.alsoKeep) collectArrays(opts.alsoKeep(result), keep, seen);
  close(frame, keep, parent);
  return result;
}

function close(frame: Frame, keep: Set<unknown>, parent: Frame | undefined): void {
  for (const a of frame.arrays) {
    owner.delete(a);
    if (!keep.has(a)) a.dispose();
    else if (parent) {
      parent.arrays.add(a);
      owner.set(a, parent);
    }
  }
  frame.arrays.clear();
}
