/** `injectHyperparams`: hyperparameters in the state, changeable between jitted steps. */
import { Array, np } from "tsjax-core";
import { type GradientTransformation, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";

/** State of `injectHyperparams`. */
export interface InjectHyperparamsState<S = any> {
  count: Array;
  /** Current hyperparameters (float32 scalars). Replace one to change it; no retrace. */
  hyperparams: Record<string, Array>;
  innerState: S;
}

/** Options of `injectHyperparams`. */
export interface InjectHyperparamsOptions {
  /** Names of the positional arguments (default: the first is "learningRate", others "arg1", ...). */
  argNames?: readonly string[];
  /** Numeric arguments/options to keep static (JS numbers, not in the state). */
  staticArgs?: readonly string[];
}

const isNumeric = (v: unknown) => typeof v === "number" || v instanceof Array;
const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Wraps an optimizer factory so its numeric hyperparameters (positional arguments and options)
 * and schedules live in the state as arrays: a jitted step can take a new value without
 * retracing. Schedules are evaluated at the step count each update.
 *
 * @example
 * const opt = injectHyperparams(adam)(1e-3, { b1: 0.9 });
 * let state = opt.init(params);
 * state = { ...state, hyperparams: { ...state.hyperparams, learningRate: np.array(1e-4) } };
 */
export function injectHyperparams<A extends any[]>(
  factory: (...args: A) => GradientTransformation,
  opts: InjectHyperparamsOptions = {},
): (...args: A) => GradientTransformation<InjectHyperparamsState> {
  const statics = new Set(opts.staticArgs ?? []);
  return (...args: A) => {
    const names = args.map((_, i) => opts.argNames?.[i] ?? (i === 0 ? "learningRate" : `arg${i}`));
    const lastIsOpts = args.length > 0 && isPlain(args[args.length - 1]);
    const hyper: Record<string, unknown> = {};
    args.forEach((a, i) => {
      if (lastIsOpts && i === args.length - 1) {
        for (const [k, v] of Object.entries(a as Record<string, unknown>)) if ((isNumeric(v) || typeof v === "function") && !statics.has(k)) hyper[k] = v;
      } else if ((isNumeric(a) || typeof a === "function") && !statics.has(names[i]!)) hyper[names[i]!] = a;
    });
    const evalAt = (count: Array, current: Record<string, Array>): Record<string, Array> =>
      Object.fromEntries(Object.entries(hyper).map(([k, v]) => [k, typeof v === "function" ? np.array((v as (c: Array) => number | Array)(count) as never).astype("float32") : current[k]!]));
    const build = (hp: Record<string, Array>) => {
      const call = args.map((a, i) => {
        if (lastIsOpts && i === args.length - 1) {
          const o = { ...(a as Record<string, unknown>) };
          for (const k of Object.keys(o)) if (k in hp) o[k] = hp[k];
          return o;
        }
        return names[i]! in hp ? hp[names[i]!] : a;
      });
      return factory(...(call as A));
    };
    const initial = (): Record<string, Array> =>
      Object.fromEntries(Object.entries(hyper).filter(([, v]) => typeof v !== "function").map(([k, v]) => [k, np.array(v as number).astype("float32")]));
    return gradientTransformation<InjectHyperparamsState>(
      (params) => {
        const count = zeroCount(params);
        const hp = evalAt(count, initial());
        return { count, hyperparams: hp, innerState: build(hp).init(params) };
      },
      (updates, state, params, extra) => {
        const missing = Object.keys(hyper).filter((k) => !(k in state.hyperparams));
        if (missing.length) throw new TypeError(`injectHyperparams: state.hyperparams lacks ${missing.join(", ")}.`);
        const hp = evalAt(state.count, state.hyperparams);
        const [u, s] = build(hp).update(updates, state.innerState, params, extra);
        return [u, { count: safeIncrement(state.count), hyperparams: hp, innerState: s }];
      },
    );
  };
}
