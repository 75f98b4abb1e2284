/**
 * Parameters, state and random keys inside a transformed function: `getParameter`, `getState`,
 * `setState`, `nextRngKey`, `maybeNextRngKey`, `withRng`, `runningInit`, and the custom
 * creators/getters that mixed precision uses.
 */
import { type Array, type DType, np } from "tsjax-core";
import { MissingRngError, ParamsError, StateError } from "./errors.js";
import { type Frame, type Params, type State, assertJaxUsage, currentFrame } from "./frame.js";
import { type Initializer, runInitializer } from "./initializer.js";
import { currentName } from "./module.js";
import { PRNGSequence, type KeyLike } from "./rng.js";

/** Where a parameter or state value is being created or read. */
export interface GetterContext {
  /** `"<modulePath>/<name>"`. */
  readonly fullName: string;
  readonly moduleName: string;
  readonly name: string;
  readonly originalDtype: DType;
  readonly originalShape: readonly number[];
}

/** Creates a value: call `next(shape, dtype, init)` to use the default creation. */
export type Creator = (
  next: (shape: readonly number[], dtype: DType, init: Initializer) => Array,
  shape: readonly number[],
  dtype: DType,
  init: Initializer,
  context: GetterContext,
) => Array;
/** Transforms a value as it is read: call `next(value)` to continue. */
export type Getter = (next: (value: Array) => Array, value: Array, context: GetterContext) => Array;

const paramCreators: Creator[] = [];
const stateCreators: Creator[] = [];
const paramGetters: Getter[] = [];
const stateGetters: Getter[] = [];

function withPushedAll<S, T>(stacks: S[][], value: S, fn: () => T): T {
  stacks.forEach((s) => s.push(value));
  try {
    return fn();
  } finally {
    stacks.forEach((s) => s.splice(s.lastIndexOf(value), 1));
  }
}

/**
 * Runs `fn` with `creator` intercepting the creation of parameters (and of state with
 * `{ state: true }`), as haiku's `custom_creator`.
 *
 * @example
 * customCreator((next, shape, dtype, init) => next(shape, dtype, () => np.zeros(shape)), () => new Linear(3).call(x));
 */
export function customCreator<T>(creator: Creator, fn: () => T, opts: { params?: boolean; state?: boolean } = {}): T {
  const stacks = [...(opts.params ?? true ? [paramCreators] : []), ...(opts.state ? [stateCreators] : [])];
  return withPushedAll(stacks, creator, fn);
}

/**
 * Runs `fn` with `getter` transforming every parameter read (and state read with
 * `{ state: true }`), as haiku's `custom_getter`.
 *
 * @example
 * customGetter((next, v) => next(v.astype("float16")), () => new Linear(3).call(x));
 */
export function customGetter<T>(getter: Getter, fn: () => T, opts: { params?: boolean; state?: boolean } = {}): T {
  const stacks = [...(opts.params ?? true ? [paramGetters] : []), ...(opts.state ? [stateGetters] : [])];
  return withPushedAll(stacks, getter, fn);
}

function runCreators(stack: Creator[], ctx: GetterContext, shape: readonly number[], dtype: DType, init: Initializer): Array {
  const rest = [...stack];
  const next = (s: readonly number[], d: DType, i: Initializer): Array => {
    const c = rest.shift();
    return c ? c(next, s, d, i, ctx) : runInitializer(i, s, d);
  };
  return next(shape, dtype, init);
}

function runGetters(stack: Getter[], ctx: GetterContext, value: Array): Array {
  const rest = [...stack];
  const next = (v: Array): Array => {
    const g = rest.shift();
    return g ? g(next, v, ctx) : v;
  };
  return next(value);
}

/** The optional arguments of `getParameter` and `getState`, as an options object. */
export interface GetOptions {
  dtype?: DType;
  init?: Initializer;
}

function parseGetArgs(op: string, dtypeOrOpts: DType | GetOptions | undefined, init: Initializer | undefined): { dtype: DType; init?: Initializer } {
  if (dtypeOrOpts !== undefined && typeof dtypeOrOpts === "object") {
    const unknown = Object.keys(dtypeOrOpts).filter((k) => k !== "dtype" && k !== "init");
    if (unknown.length) throw new TypeError(`${op}: unknown option(s) ${unknown.join(", ")}; the options are dtype and init.`);
    return { dtype: dtypeOrOpts.dtype ?? "float32", init: dtypeOrOpts.init };
  }
  return { dtype: dtypeOrOpts ?? "float32", init };
}

const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;

function context(fullName: string, shape: readonly number[], dtype: DType): GetterContext {
  const i = fullName.lastIndexOf("/");
  return { fullName, moduleName: fullName.slice(0, i), name: fullName.slice(i + 1), originalDtype: dtype, originalShape: shape };
}

function checkShape(shape: readonly number[], op: string): void {
  if (!globalThis.Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TypeError(`${op}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}.`);
  }
}

/**
 * Creates (in `init`) or reads (in `apply`) the parameter `name` of the current module, stored
 * as `params[currentName()][name]`. Inside one call, the same name in the same module gives the
 * same array.
 *
 * @example
 * const w = getParameter("w", [3, 4], "float32", new TruncatedNormal(0.1));
 * const b = getParameter("b", [4], { init: zeros });
 */
export function getParameter(name: string, shape: readonly number[], dtype?: DType, init?: Initializer): Array;
export function getParameter(name: string, shape: readonly number[], opts: GetOptions): Array;
export function getParameter(name: string, shape: readonly number[], dtypeOrOpts?: DType | GetOptions, initArg?: Initializer): Array {
  const frame = currentFrame("getParameter");
  assertJaxUsage(frame, "getParameter");
  checkShape(shape, `getParameter("${name}")`);
  const { dtype, init } = parseGetArgs("getParameter", dtypeOrOpts, initArg);
  const bundleName = currentName();
  const fullName = `${bundleName}/${name}`;
  const ctx = context(fullName, shape, dtype);
  let param = frame.params[bundleName]?.[name];
  if (param === undefined) {
    if (frame.freezeParams) throw missingParamError(frame, bundleName, name, shape);
    if (!init) throw new ParamsError(`getParameter("${name}") in '${bundleName}': the parameter does not exist yet and no initializer was given.`);
    param = paramCreators.length ? runCreators(paramCreators, ctx, shape, dtype, init) : runInitializer(init, shape, dtype);
    (frame.params[bundleName] ??= {})[name] = param;
  }
  if (paramGetters.length) param = runGetters(paramGetters, ctx, param);
  if (!sameShape(param.shape, shape)) {
    throw new ParamsError(
      `Parameter '${fullName}' has shape ${fmt(param.shape)} in the params, but the module asks for ${fmt(shape)}` +
        (frame.freezeParams
          ? " (the input's size changed since init?). Call init again with inputs of the new shape, or give apply inputs of the shape init saw."
          : ". The same name was requested twice with different shapes in one call."),
    );
  }
  return param;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function missingParamError(frame: Frame, bundleName: string, name: string, shape: readonly number[]): ParamsError {
  const have = Object.keys(frame.params);
  const bundle = frame.params[bundleName];
  const shown = have.slice(0, 8).map((k) => `'${k}'`).join(", ") + (have.length > 8 ? `, ... (${have.length} in all)` : "");
  const why = bundle
    ? `the params have module '${bundleName}' but no '${name}' in it (it has ${Object.keys(bundle).map((k) => `'${k}'`).join(", ")})`
    : have.length
      ? `the params have no module '${bundleName}' (they have ${shown})`
      : "the params are empty";
  return new ParamsError(
    `${frame.context.label}: parameter '${bundleName}/${name}' ${fmt(shape)} is missing: ${why}. ` +
      "Params must come from this transform's init (or one whose modules have the same names); " +
      "were they made by another transform's init, or did the model change since?",
  );
}

/**
 * Reads state `name` of the current module, creating it with `init` when it does not exist yet.
 * Needs `transformWithState`.
 *
 * @example
 * const count = getState("count", [], "int32", zeros);
 * setState("count", count.add(1));
 */
export function getState(name: string, shape?: readonly number[], dtype?: DType, init?: Initializer): Array;
export function getState(name: string, shape: readonly number[] | undefined, opts: GetOptions): Array;
export function getState(name: string, shape?: readonly number[], dtypeOrOpts?: DType | GetOptions, initArg?: Initializer): Array {
  const frame = currentFrame("getState");
  assertJaxUsage(frame, "getState");
  const bundleName = currentName();
  checkStateAllowed(frame, "getState", bundleName, name);
  const { dtype, init } = parseGetArgs("getState", dtypeOrOpts, initArg);
  const ctx = context(`${bundleName}/${name}`, shape ?? [], dtype);
  const bundle = (frame.state[bundleName] ??= {});
  let value: Array;
  const pair = bundle[name];
  if (pair === undefined) {
    if (!init || !shape) {
      throw new StateError(
        `getState("${name}") in '${bundleName}': there is no value yet, and ${!init ? "no initializer" : "no shape"} was given to create one. ` +
          (frame.freezeParams ? "Is the state passed to apply the one init returned?" : "Pass shape, dtype and init on first use."),
      );
    }
    checkShape(shape, `getState("${name}")`);
    value = stateCreators.length ? runCreators(stateCreators, ctx, shape, dtype, init) : runInitializer(init, shape, dtype);
    bundle[name] = [value, value];
  } else {
    value = pair[1];
  }
  if (stateGetters.length) value = runGetters(stateGetters, ctx, value);
  return value;
}

/**
 * Sets state `name` of the current module (the value `apply` returns in its new state).
 * Needs `transformWithState`.
 *
 * @example
 * setState("count", getState("count", [], "int32", zeros).add(1));
 */
export function setState(name: string, value: Array): void {
  const frame = currentFrame("setState");
  assertJaxUsage(frame, "setState");
  const bundleName = currentName();
  checkStateAllowed(frame, "setState", bundleName, name);
  const bundle = (frame.state[bundleName] ??= {});
  const pair = bundle[name];
  bundle[name] = [pair ? pair[0] : value, value];
}

function checkStateAllowed(frame: Frame, op: string, bundleName: string, name: string): void {
  if (!frame.allowState) {
    throw new StateError(
      `${op}("${name}") in '${bundleName}': ${frame.context.label} has no state. ` +
        "Use transformWithState, whose init returns [params, state] and whose apply takes and returns the state.",
    );
  }
}

function rngOrFail(frame: Frame, op: string): PRNGSequence {
  const rng = frame.rng;
  if (!rng) {
    const where = frame.scope.module ? ` (in module '${frame.scope.module.moduleName}')` : "";
    throw new MissingRngError(
      `${op}${where} needs a random key, but ${frame.context.label} was called with null. ` +
        `Pass a key: ${frame.context.label.endsWith("init") ? "init(random.key(0), ...)" : "apply(params, random.key(0), ...)"}.`,
    );
  }
  return rng;
}

/**
 * A fresh random key, split from the key given to `init`/`apply` (unique within the call).
 *
 * @example
 * const noise = random.normal(nextRngKey(), x.shape);
 */
export function nextRngKey(): Array {
  const frame = currentFrame("nextRngKey");
  assertJaxUsage(frame, "nextRngKey");
  return rngOrFail(frame, "nextRngKey").next();
}

/**
 * `num` fresh random keys stacked into an array `[num, 2]`.
 *
 * @example
 * const keys = nextRngKeys(4);
 */
export function nextRngKeys(num: number): Array {
  const frame = currentFrame("nextRngKeys");
  assertJaxUsage(frame, "nextRngKeys");
  return np.stack(rngOrFail(frame, "nextRngKeys").take(num));
}

/**
 * `nextRngKey()` when the call has a key, else `null`.
 *
 * @example
 * const key = maybeNextRngKey();
 * const y = key ? dropout(key, 0.1, x) : x;
 */
export function maybeNextRngKey(): Array | null {
  const frame = currentFrame("maybeNextRngKey");
  const rng = frame.rng;
  if (!rng) return null;
  assertJaxUsage(frame, "maybeNextRngKey");
  return rng.next();
}

/**
 * Runs `fn` drawing `nextRngKey()` from a sequence seeded by `key` (haiku's `with_rng`).
 *
 * @example
 * withRng(random.key(7), () => random.uniform(nextRngKey(), []));
 */
export function withRng<T>(key: KeyLike, fn: () => T): T {
  const frame = currentFrame("withRng");
  assertJaxUsage(frame, "withRng");
  return frame.withPushed(frame.rngStack, new PRNGSequence(key), fn);
}

/**
 * True while running `init`, false in `apply`.
 *
 * @example
 * if (runningInit()) { for (const e of experts) e.call(x); } else { out = switch_(i, experts, x); }
 */
export function runningInit(): boolean {
  return !currentFrame("runningInit").freezeParams;
}

/** A copy of the params of the current call (those created so far, in `init`). @example Object.keys(getParams()); // ["linear", ...] */
export function getParams(): Params {
  const frame = currentFrame("getParams");
  return Object.fromEntries(Object.entries(frame.params).map(([m, b]) => [m, { ...b }]));
}

/** The state as `init` would return it, or as `apply` received it. @example getInitialState()["~"]?.count */
export function getInitialState(): State {
  return extractState(currentFrame("getInitialState").state, true);
}

/** The state as it is now. @example getCurrentState()["batch_norm/~/mean_ema"]?.average */
export function getCurrentState(): State {
  return extractState(currentFrame("getCurrentState").state, false);
}

/** The initial or current half of each state pair. @internal */
export function extractState(state: Record<string, Record<string, [Array, Array]>>, initial: boolean): State {
  const out: State = {};
  for (const [m, bundle] of Object.entries(state)) {
    const entries = Object.entries(bundle);
    if (entries.length) out[m] = Object.fromEntries(entries.map(([k, v]) => [k, initial ? v[0] : v[1]]));
  }
  return out;
}
