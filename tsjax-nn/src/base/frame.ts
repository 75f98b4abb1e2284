/**
 * The frame stack (haiku's `Frame`): `transform` pushes a frame holding the params, state, random
 * keys and naming counters of one `init`/`apply` call; `getParameter`, `getState`, `nextRngKey`
 * and module methods read the innermost frame. Nothing survives the call, and transforms nest.
 * @internal
 */
import { type Array, type TraceInfo, introspect } from "tsjax-core";
import { JaxUsageError, NotInTransformError } from "./errors.js";
import type { PRNGSequence } from "./rng.js";
import type { Module } from "./module.js";

/** Parameters: `{ [modulePath]: { [paramName]: Array } }` (e.g. `params["mlp/~/linear_0"].w`). */
export type Params = { [moduleName: string]: { [name: string]: Array } };
/** State has the same layout as params (e.g. `state["batch_norm/~/mean_ema"].average`). */
export type State = Params;

/** A state value as first set (`initial`, what `init` returns) and now (`current`). */
type StatePair = [initial: Array, current: Array];
/** State during a call: `{ [modulePath]: { [name]: [initial, current] } }`. */
export type StateBundle = { [moduleName: string]: { [name: string]: StatePair } };

/** One level of the module stack: a module method being run, with its naming counters. */
export interface Scope {
  /** The module whose method runs (null at the top level of the transformed function). */
  readonly module: Module | null;
  /** "call", "constructor", or another method name. */
  readonly methodName: string;
  /** Next number per module name created in this scope. */
  readonly counter: Map<string, number>;
  /** Module names reserved in this scope. */
  readonly usedNames: Set<string>;
}

/** Per `init`/`apply` call: what the transform was and callbacks to run when it ends. */
export interface CallContext {
  /** e.g. "transform(forward).apply", for error messages. */
  readonly label: string;
  readonly teardown: (() => void)[];
}

let frameIds = 0;

/** The values of one transformed call. */
export class Frame {
  readonly id = frameIds++;

  constructor(
    readonly params: Params,
    readonly state: StateBundle,
    readonly rngStack: (PRNGSequence | null)[],
    /** True at apply: parameters are read, never created. */
    readonly freezeParams: boolean,
    /** False in `transform` (no state), true in `transformWithState`. */
    readonly allowState: boolean,
    readonly scopes: Scope[],
    /** The core trace level this frame's code is expected to run at (see `assertJaxUsage`). */
    readonly traceStack: TraceInfo[],
    readonly context: CallContext,
  ) {}

  /** The innermost scope. */
  get scope(): Scope {
    return this.scopes[this.scopes.length - 1]!;
  }

  /** The innermost random sequence (null when the call got no key). */
  get rng(): PRNGSequence | null {
    return this.rngStack[this.rngStack.length - 1] ?? null;
  }

  /** Runs `fn` with `module`'s `methodName` pushed on the module stack. */
  withScope<T>(module: Module | null, methodName: string, fn: () => T): T {
    return this.withPushed(this.scopes, { module, methodName, counter: new Map(), usedNames: new Set() }, fn);
  }

  /** Runs `fn` with `value` pushed on `stack`. */
  withPushed<S, T>(stack: S[], value: S, fn: () => T): T {
    stack.push(value);
    try {
      return fn();
    } finally {
      stack.pop();
    }
  }

  /**
   * A frame for a function that a module transform passes through a core transformation: the
   * given params, state and key, and either copies of the naming counters (`decoupled`) or the
   * same ones.
   */
  evolve(params: Params, state: StateBundle, rng: PRNGSequence | null, decoupled: boolean): Frame {
    const scopes = decoupled
      ? this.scopes.map((s) => ({ ...s, counter: new Map(s.counter), usedNames: new Set(s.usedNames) }))
      : this.scopes;
    return new Frame(params, state, [...this.rngStack, rng], this.freezeParams, this.allowState, scopes, [...this.traceStack], this.context);
  }
}

const frameStack: Frame[] = [];

/** True inside a transformed function. @example transform(() => insideTransform()).apply({}, null); // true */
export function insideTransform(): boolean {
  return frameStack.length > 0;
}

/** The innermost frame; throws a clear error outside `transform`. */
export function currentFrame(what: string): Frame {
  const f = frameStack[frameStack.length - 1];
  if (!f) {
    throw new NotInTransformError(
      `${what} must be used inside a function given to transform (or transformWithState): ` +
        "const f = transform((x) => new Linear(10).call(x)); const params = f.init(key, x); f.apply(params, null, x).",
    );
  }
  return f;
}

/** Runs `fn` with `frame` pushed on the frame stack. */
export function withFrame<T>(frame: Frame, fn: () => T): T {
  frameStack.push(frame);
  try {
    return fn();
  } finally {
    frameStack.pop();
  }
}

/**
 * Throws when haiku functions run under a core transformation (e.g. `vmap`, `lax.scan`,
 * `lax.cond` from tsjax-core) inside a transformed function: their side effects on params,
 * state and keys cannot cross it. tsjax-nn's versions of those functions thread them through.
 */
export function assertJaxUsage(frame: Frame, what: string): void {
  const expected = frame.traceStack[frame.traceStack.length - 1];
  if (expected !== undefined && introspect.currentTrace() !== expected) {
    throw new JaxUsageError(
      `${what} was called inside a tsjax-core transformation or control-flow function (${introspect.currentTrace().label}) ` +
        "that wraps module code. Params, state and random keys cannot cross it: use tsjax-nn's version instead " +
        "(vmap, scan, cond, switch, whileLoop, foriLoop, remat, jit from tsjax-nn), or call the core function on " +
        "f.apply outside the transformed function.",
    );
  }
}

/** Pushes the current trace level as the expected one while `fn` runs (module transforms). */
export function withTraceLevel<T>(frame: Frame, fn: () => T): T {
  return frame.withPushed(frame.traceStack, introspect.currentTrace(), fn);
}
