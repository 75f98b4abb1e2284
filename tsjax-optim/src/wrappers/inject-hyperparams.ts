/** `injectHyperparams`: hyperparameters in the state, changeable between jitted steps. */
import { Array, type DType, np } from "tsjax-core";
import { type GradientTransformation, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { options, signatureOf } from "../options.js";
import { treeDtype } from "../tree-math.js";
import { isParamsPlaceholder } from "../tree-utils.js";

/** State of a schedule given to `injectHyperparams` (optax `WrappedScheduleState`). */
export interface WrappedScheduleState {
  count: Array;
}

/**
 * A schedule with a state (optax `StatefulSchedule`): `init()` makes its state, `update`
 * advances it, and calling it gives the value for a state.
 */
export interface StatefulSchedule<S = any> {
  init(): S;
  update(state: S, extra?: Record<string, unknown>): S;
  call(state: S, extra?: Record<string, unknown>): Array | number;
}

/**
 * A plain schedule `(count) => value` seen as a `StatefulSchedule` whose state is the step
 * count (optax `WrappedSchedule`).
 *
 * @example
 * const s = new WrappedSchedule(linearSchedule({ initValue: 1, endValue: 0, transitionSteps: 10 }));
 * s.call(s.init()); // 1
 */
export class WrappedSchedule implements StatefulSchedule<WrappedScheduleState> {
  constructor(readonly scheduleFn: (count: Array) => unknown) {
    if (typeof scheduleFn !== "function") throw new TypeError("WrappedSchedule: expected a schedule function.");
  }
  init(): WrappedScheduleState {
    return { count: zeroCount() };
  }
  update(state: WrappedScheduleState): WrappedScheduleState {
    return { count: safeIncrement(state.count) };
  }
  call(state: WrappedScheduleState): Array {
    return np.asarray(this.scheduleFn(state.count) as Array);
  }
}

/** State of `injectHyperparams` (optax `InjectStatefulHyperparamsState`). */
export interface InjectStatefulHyperparamsState<S = any> {
  count: Array;
  /** Current hyperparameters (arrays). Replace one to change it; a jitted step does not retrace. */
  hyperparams: Record<string, Array>;
  /** The state of each scheduled hyperparameter. */
  hyperparamsStates: Record<string, unknown>;
  innerState: S;
}

/** State of `injectHyperparams` (optax's name of the stateless variant; the same state here). */
export type InjectHyperparamsState<S = any> = InjectStatefulHyperparamsState<S>;

/** Options of `injectHyperparams`. */
export interface InjectHyperparamsOptions {
  /** Names of arguments/options to keep static (out of the state). */
  staticArgs?: string | readonly string[];
  /** Dtype of float hyperparameters (default: the highest float dtype of the params). */
  hyperparamDtype?: DType | null;
}

/** Names that are never hyperparameters (masks, keys, sizes that shape the state, callbacks). */
const NEVER_HYPER = new Set(["mask", "weightDecayMask", "trustRatioMask", "freezeMask", "key", "seed", "decayRateFn", "linesearch", "memorySize", "minDimSizeToFactor", "shouldSkipUpdateFn", "sampler"]);

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;
const isStateful = (v: unknown): v is StatefulSchedule =>
  v !== null && typeof v === "object" && typeof (v as StatefulSchedule).init === "function" && typeof (v as StatefulSchedule).update === "function" && typeof (v as StatefulSchedule).call === "function";

/**
 * Wraps an optimizer factory so that its numeric hyperparameters (positional arguments and
 * options, defaults included, as optax's `inject_hyperparams`) and its schedules live in the
 * state as arrays: a jitted step can take a new value without retracing. Schedules are
 * evaluated at the step each update. Booleans, masks, keys, functions that are not
 * schedules and sizes that shape the state (e.g. `memorySize`) stay static, as do `staticArgs`.
 *
 * @example
 * const opt = injectHyperparams(adam)(1e-3, { b1: 0.9 });
 * let state = opt.init(params);
 * state = { ...state, hyperparams: { ...state.hyperparams, learningRate: np.array(1e-4) } };
 */
export function injectHyperparams<A extends any[]>(
  factory: (...args: A) => GradientTransformation,
  opts: InjectHyperparamsOptions = {},
): (...args: A) => GradientTransformation<InjectStatefulHyperparamsState> {
  if (typeof factory !== "function") throw new TypeError("injectHyperparams: expected an optimizer factory, e.g. injectHyperparams(adam).");
  const o = options("injectHyperparams", opts, { staticArgs: [] as string | readonly string[], hyperparamDtype: null as DType | null });
  const sig = signatureOf(factory);
  const statics = new Set([...(typeof o.staticArgs === "string" ? [o.staticArgs] : o.staticArgs), ...(sig?.static ?? [])]);
  if (sig) {
    const known = new Set([...sig.positional, ...Object.keys(sig.options)]);
    const unknown = [...statics].filter((s) => !known.has(s) && !(sig.static ?? []).includes(s));
    if (unknown.length) throw new TypeError(`injectHyperparams: staticArgs ${unknown.map((s) => `"${s}"`).join(", ")} are not parameters of ${factory.name || "the factory"} (${[...known].join(", ")}).`);
  }
  return (...args: A) => {
    // Bind the arguments to names, with the factory's defaults (Python's signature.bind + apply_defaults).
    const name = factory.name || "the factory";
    const lastIsOpts = args.length > 0 && isPlain(args[args.length - 1]);
    const positional = sig?.positional ?? args.slice(0, lastIsOpts ? -1 : undefined).map((_, i) => (i === 0 ? "learningRate" : `arg${i}`));
    const hasOpts = sig ? Object.keys(sig.options).length > 0 : lastIsOpts;
    if (args.length > positional.length + (hasOpts ? 1 : 0)) throw new TypeError(`injectHyperparams: ${name} takes ${positional.length} positional argument(s)${hasOpts ? " and an options object" : ""}, got ${args.length} arguments.`);
    const bound: Record<string, unknown> = { ...(sig?.positionalDefaults ?? {}) };
    positional.forEach((n, i) => { if (i < args.length && args[i] !== undefined) bound[n] = args[i]; });
    for (const n of positional) if (!(n in bound)) throw new TypeError(`injectHyperparams: ${name} needs the argument ${n}.`);
    const given = hasOpts && args.length > positional.length ? (args[positional.length] as Record<string, unknown> | undefined) ?? {} : {};
    const optionValues: Record<string, unknown> = sig ? options(name, given, sig.options) : { ...given };
    const all: Record<string, unknown> = { ...bound, ...optionValues };

    const numeric: Record<string, number | Array> = {};
    const scheduled: Record<string, StatefulSchedule> = {};
    for (const [k, v] of Object.entries(all)) {
      if (statics.has(k) || NEVER_HYPER.has(k) || typeof v === "boolean") continue;
      if (isStateful(v)) scheduled[k] = v;
      else if (typeof v === "function") scheduled[k] = new WrappedSchedule(v as (c: Array) => unknown);
      else if (typeof v === "number" || v instanceof Array) numeric[k] = v;
    }
    const dtypeOf = (params: unknown): DType => o.hyperparamDtype ?? (params === undefined || isParamsPlaceholder(params) ? "float32" : treeDtype(params, "highest"));
    const asHyper = (v: unknown, dtype: DType): Array => {
      const a = np.asarray(v as Array);
      return a.dtype === "float32" || a.dtype === "float16" || typeof v === "number" ? a.astype(dtype) : a;
    };
    const build = (hp: Record<string, Array>) => {
      const values = { ...all, ...hp };
      const call: unknown[] = positional.map((n) => values[n]);
      if (hasOpts) call.push(Object.fromEntries(Object.keys(optionValues).map((k) => [k, values[k]])));
      return factory(...(call as A));
    };
    return gradientTransformation<InjectStatefulHyperparamsState>(
      (params) => {
        const dtype = dtypeOf(params);
        const hyperparams: Record<string, Array> = Object.fromEntries(Object.entries(numeric).map(([k, v]) => [k, asHyper(v, dtype)]));
        const hyperparamsStates = Object.fromEntries(Object.entries(scheduled).map(([k, f]) => [k, f.init()]));
        for (const [k, f] of Object.entries(scheduled)) hyperparams[k] = asHyper(f.call(hyperparamsStates[k]), dtype);
        return { count: zeroCount(params), hyperparams, hyperparamsStates, innerState: build(hyperparams).init(params) };
      },
      (updates, state, params, extra) => {
        const missing = Object.keys(numeric).filter((k) => !(k in state.hyperparams));
        if (missing.length) throw new TypeError(`injectHyperparams: state.hyperparams lacks ${missing.join(", ")}.`);
        const dtype = dtypeOf(params ?? updates);
        const hyperparams: Record<string, Array> = Object.fromEntries(Object.entries(state.hyperparams).map(([k, v]) => [k, asHyper(v, dtype)]));
        for (const [k, f] of Object.entries(scheduled)) hyperparams[k] = asHyper(f.call(state.hyperparamsStates[k], extra), dtype);
        const hyperparamsStates = Object.fromEntries(Object.entries(scheduled).map(([k, f]) => [k, f.update(state.hyperparamsStates[k], extra)]));
        const [u, innerState] = build(hyperparams).update(updates, state.innerState, params, extra);
        return [u, { count: safeIncrement(state.count), hyperparams, hyperparamsStates, innerState }];
      },
    );
  };
}

/**
 * optax's deprecated name of `injectHyperparams` (which handles stateful schedules too).
 *
 * @example
 * const opt = injectStatefulHyperparams(sgd)(new WrappedSchedule(mySchedule));
 */
export const injectStatefulHyperparams = injectHyperparams;
