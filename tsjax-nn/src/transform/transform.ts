/**
 * `transform` and `transformWithState`: turn a function that creates and calls modules into a
 * pair of pure functions, `init` (collects the parameters and state) and `apply` (runs with
 * given parameters and state).
 */
import { type Array, introspect } from "tsjax-core";
import { StateError } from "../base/errors.js";
import { Frame, type Params, type State, type StateBundle, withFrame } from "../base/frame.js";
import { extractState } from "../base/params.js";

export type { Params, State } from "../base/frame.js";
import { type KeyLike, PRNGSequence } from "../base/rng.js";

/** `init`'s and `apply`'s key argument: a key, an integer seed, or `null` (no randomness). */
export type RngArg = KeyLike | null;

/** The pair of pure functions `transform` returns. */
export interface Transformed<A extends unknown[], R> {
  /** Runs the function once and returns the parameters it created. */
  init(key: RngArg, ...args: A): Params;
  /** Runs the function with the given parameters (`key` may be `null` when it draws no random numbers). */
  apply(params: Params, key: RngArg, ...args: A): R;
}

/** The pair of pure functions `transformWithState` returns. */
export interface TransformedWithState<A extends unknown[], R> {
  /** Runs the function once and returns the parameters and the initial state. */
  init(key: RngArg, ...args: A): [Params, State];
  /** Runs the function with the given parameters and state; returns its output and the new state. */
  apply(params: Params, state: State, key: RngArg, ...args: A): [R, State];
}

function checkMapping(label: string, what: string, m: unknown): Params {
  if (m === null || m === undefined) return {};
  if (typeof m !== "object" || globalThis.Array.isArray(m)) {
    throw new TypeError(
      `${label}: ${what} should be a record { [modulePath]: { [name]: Array } } (as init returns), got ${globalThis.Array.isArray(m) ? "an array" : typeof m}. ` +
        "The signatures are apply(params, key, ...args) for transform and apply(params, state, key, ...args) for transformWithState.",
    );
  }
  return m as Params;
}

function toSequence(label: string, key: RngArg): PRNGSequence | null {
  if (key === null || key === undefined) return null;
  try {
    return new PRNGSequence(key);
  } catch (e) {
    throw new TypeError(`${label}: ${(e as Error).message.replace(/^PRNGSequence: /, "")}`);
  }
}

/** Runs `f` in a fresh frame and returns its output with the frame. @internal */
function runInFrame<R>(
  label: string,
  f: () => R,
  opts: { params?: Params; state?: State; key: RngArg; allowState: boolean },
): [R, Frame] {
  const frozen = opts.params !== undefined;
  const params: Params = frozen ? opts.params! : {};
  const state: StateBundle = {};
  for (const [m, bundle] of Object.entries(opts.state ?? {})) {
    state[m] = Object.fromEntries(Object.entries(bundle).map(([k, v]) => [k, [v, v] as [Array, Array]]));
  }
  const context = { label, teardown: [] as (() => void)[] };
  const frame = new Frame(
    params, state, [toSequence(label, opts.key)], frozen, opts.allowState,
    [{ module: null, methodName: "call", counter: new Map(), usedNames: new Set() }],
    [introspect.currentTrace()], context,
  );
  const out = withFrame(frame, f);
  for (const cb of context.teardown) cb();
  return [out, frame];
}

function collectParams(params: Params): Params {
  const out: Params = {};
  for (const [m, bundle] of Object.entries(params)) if (Object.keys(bundle).length) out[m] = { ...bundle };
  return out;
}

function labelOf(f: Function, kind: string): string {
  return `${kind}(${f.name || "fn"})`;
}

const originals = new WeakMap<object, (...args: any[]) => unknown>();

/** The function a `transform`/`transformWithState` result was made from. @internal */
export function originalFunction(t: object): ((...args: any[]) => unknown) | undefined {
  return originals.get(t);
}

/** @internal `transformWithState` with a switch for the state check of plain `transform`. */
export function transformImpl<A extends unknown[], R>(f: (...args: A) => R, kind: string, allowState: boolean): TransformedWithState<A, R> {
  if (typeof f !== "function") throw new TypeError(`${kind}: expected a function, got ${f === null ? "null" : typeof f}.`);
  const label = labelOf(f, kind);
  const t: TransformedWithState<A, R> = {
    init(key: RngArg, ...args: A): [Params, State] {
      const [, frame] = runInFrame(`${label}.init`, () => f(...args), { key, allowState });
      return [collectParams(frame.params), extractState(frame.state, true)];
    },
    apply(params: Params, state: State, key: RngArg, ...args: A): [R, State] {
      const p = checkMapping(`${label}.apply`, "params", params);
      const s = checkMapping(`${label}.apply`, "state", state);
      const [out, frame] = runInFrame(`${label}.apply`, () => f(...args), { params: p, state: s, key, allowState });
      return [out, extractState(frame.state, false)];
    },
  };
  originals.set(t, f as (...args: any[]) => unknown);
  return t;
}

/**
 * Turns `f`, which creates and calls modules, into a pair of pure functions:
 * `params = init(key, ...args)` and `out = apply(params, key, ...args)`. `key` may be `null` in
 * `apply` when `f` draws no random numbers. Both work under `jit`, `grad` and `vmap`.
 *
 * @example
 * const f = transform((x: Array) => new MLP([300, 100, 10]).call(x));
 * const params = f.init(random.key(42), x);          // { "mlp/~/linear_0": { w, b }, ... }
 * const logits = f.apply(params, null, x);
 * const g = grad((p: Params) => f.apply(p, null, x).sum())(params); // has the type of params
 */
export function transform<A extends unknown[], R>(f: (...args: A) => R): Transformed<A, R> {
  const t = transformImpl(f, "transform", false);
  const out: Transformed<A, R> = {
    init: (key: RngArg, ...args: A): Params => t.init(key, ...args)[0],
    apply: (params: Params, key: RngArg, ...args: A): R => t.apply(params, {}, key, ...args)[0],
  };
  originals.set(out, f as (...args: any[]) => unknown);
  return out;
}

/**
 * Like `transform`, for functions that use state (`getState`/`setState`, e.g. `BatchNorm`):
 * `[params, state] = init(key, ...args)` and `[out, newState] = apply(params, state, key, ...args)`.
 *
 * @example
 * const f = transformWithState((x: Array, training: boolean) => new BatchNorm(true, true, 0.9).call(x, training));
 * const [params, state] = f.init(null, x, true);
 * const [y, newState] = f.apply(params, state, null, x, true);
 */
export function transformWithState<A extends unknown[], R>(f: (...args: A) => R): TransformedWithState<A, R> {
  return markWithState(transformImpl(f, "transformWithState", true));
}

/** `transform`'s pair with `apply(params, ...args)` (no key). */
export interface TransformedWithoutRng<A extends unknown[], R> {
  init(key: RngArg, ...args: A): Params;
  apply(params: Params, ...args: A): R;
}
/** `transformWithState`'s pair with `apply(params, state, ...args)` (no key). */
export interface TransformedWithStateWithoutRng<A extends unknown[], R> {
  init(key: RngArg, ...args: A): [Params, State];
  apply(params: Params, state: State, ...args: A): [R, State];
}

/**
 * Drops the key argument of `apply` (haiku's `without_apply_rng`), for functions that draw no
 * random numbers when applied.
 *
 * @example
 * const f = withoutApplyRng(transform((x: Array) => new Linear(3).call(x)));
 * const y = f.apply(f.init(random.key(0), x), x);
 */
export function withoutApplyRng<A extends unknown[], R>(f: TransformedWithState<A, R>): TransformedWithStateWithoutRng<A, R>;
export function withoutApplyRng<A extends unknown[], R>(f: Transformed<A, R>): TransformedWithoutRng<A, R>;
export function withoutApplyRng(f: { init: (...a: any[]) => any; apply: (...a: any[]) => any }): unknown {
  if (!f || typeof f.init !== "function" || typeof f.apply !== "function") {
    throw new TypeError("withoutApplyRng: expected the result of transform or transformWithState.");
  }
  // transformWithState's apply takes (params, state, key, ...): its arity is what tells them apart.
  if (isWithState(f)) return { init: f.init, apply: (params: Params, state: State, ...args: unknown[]) => f.apply(params, state, null, ...args) };
  return { init: f.init, apply: (params: Params, ...args: unknown[]) => f.apply(params, null, ...args) };
}

const withStateMarks = new WeakSet<object>();
/** @internal Marks an object as a with-state transformed pair. */
export function markWithState<T extends object>(t: T): T {
  withStateMarks.add(t);
  return t;
}
function isWithState(f: object): boolean {
  return withStateMarks.has(f);
}

/** @internal Throws when state was used in a function transformed without state. */
export function assertNoState(label: string, state: State): void {
  if (Object.keys(state).length) {
    throw new StateError(`${label}: the function uses state (${Object.keys(state).join(", ")}); use the WithState variant.`);
  }
}
