/** `scaleByFactoredRms`: Adafactor's factored second-moment estimate. */
import { type Array, type ArrayLike, np, tree } from "tsjax-core";
import { type GradientTransformation, type Hyper, gradientTransformation } from "../base.js";
import { castTo } from "../tree-math.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { defineSignature, options } from "../options.js";
import { checkSameTree, needParams } from "../validate.js";

/** State of `scaleByFactoredRms`. */
export interface FactoredState<P = any> {
  count: Array;
  vRow: P;
  vCol: P;
  v: P;
}

/** Options of `scaleByFactoredRms`. */
export interface FactoredRmsOptions {
  /** Factor the second moment of matrices (default true). */
  factored?: boolean;
  /** Exponent of the decay schedule `1 - (t + 1)^-decayRate` (default 0.8). */
  decayRate?: Hyper;
  /** Subtracted from the step count in the decay (default 0). */
  stepOffset?: Hyper;
  /** Leaves whose second-largest dimension is smaller are not factored (default 128). */
  minDimSizeToFactor?: number;
  /** Added to the squared gradients (default 1e-30). */
  epsilon?: Hyper;
  /** The decay at step `t` given `decayRate` (default `1 - (t + 1)^-decayRate`). */
  decayRateFn?: (step: Array, decayRate: Hyper) => ArrayLike;
}

/** optax's `_decay_rate_pow`: `1 - (i + 1)^-exponent`. @internal */
export function decayRatePow(i: Array, exponent: Hyper = 0.8): Array {
  return np.subtract(1, np.power(np.add(i, 1).astype("float32"), np.negative(exponent)));
}

/** Defaults of `scaleByFactoredRms`. @internal */
export const FACTORED_DEFAULTS = { factored: true, decayRate: 0.8 as Hyper, stepOffset: 0 as Hyper, minDimSizeToFactor: 128, epsilon: 1e-30 as Hyper, decayRateFn: decayRatePow as FactoredRmsOptions["decayRateFn"] };

/** The two largest axes `[d1, d0]` to factor, or null (optax `_factored_dims`). @internal */
export function factoredDims(shape: readonly number[], factored: boolean, minDim: number): [number, number] | null {
  if (!factored || shape.length < 2) return null;
  const sorted = shape.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
  const d1 = sorted[sorted.length - 2]!;
  if (shape[d1]! < minDim) return null;
  return [d1, sorted[sorted.length - 1]!];
}

const without = (shape: readonly number[], axis: number) => shape.filter((_, i) => i !== axis);

/**
 * Adafactor's preconditioner: for matrices, row and column moving averages of `g^2 + eps`
 * (memory O(n + m)); for other leaves, a full moving average. Decay `1 - (t+1)^-decayRate`.
 *
 * @example
 * const opt = chain(scaleByFactoredRms(), scaleByLearningRate(1e-2));
 */
export function scaleByFactoredRms(opts: FactoredRmsOptions = {}): GradientTransformation<FactoredState> {
  const { factored, decayRate, stepOffset, minDimSizeToFactor, epsilon, decayRateFn } = options("scaleByFactoredRms", opts, FACTORED_DEFAULTS);
  return gradientTransformation<FactoredState>(
    (params) => {
      const one = () => np.zeros([1]);
      const pick = (f: (p: Array, d: [number, number]) => Array, g: (p: Array) => Array) =>
        tree.map((p: Array) => { const d = factoredDims(p.shape, factored, minDimSizeToFactor); return d ? f(p, d) : g(p); }, params);
      return {
        count: zeroCount(params),
        vRow: pick((p, [, d0]) => np.zeros(without(p.shape, d0)), one),
        vCol: pick((p, [d1]) => np.zeros(without(p.shape, d1)), one),
        v: pick(one, (p) => np.zeros(p.shape)),
      };
    },
    (updates, state, params) => {
      needParams("scaleByFactoredRms", params);
      checkSameTree("scaleByFactoredRms", updates, state.v, ["updates", "state.v"]);
      const decay = np.asarray(decayRateFn!(np.subtract(state.count, stepOffset), decayRate));
      const out: Array[] = [], vr: Array[] = [], vc: Array[] = [], vv: Array[] = [];
      const [gs, def] = tree.flatten(updates) as [Array[], ReturnType<typeof tree.structure>];
      const rows = tree.leaves(state.vRow) as Array[], cols = tree.leaves(state.vCol) as Array[], vs = tree.leaves(state.v) as Array[];
      gs.forEach((g, i) => {
        const g2 = np.add(np.square(g), epsilon);
        const d = factoredDims(g.shape, factored, minDimSizeToFactor);
        if (d) {
          const [d1, d0] = d;
          const nr = np.add(np.multiply(decay, rows[i]!), np.multiply(np.subtract(1, decay), g2.mean(d0)));
          const nc = np.add(np.multiply(decay, cols[i]!), np.multiply(np.subtract(1, decay), g2.mean(d1)));
          const rd1 = d1 > d0 ? d1 - 1 : d1;
          const rowFactor = np.power(np.divide(nr, nr.mean(rd1, { keepdims: true })), -0.5);
          const colFactor = np.power(nc, -0.5);
          out.push(castTo(np.multiply(np.multiply(g, np.expandDims(rowFactor, d0)), np.expandDims(colFactor, d1)), g.dtype));
          vr.push(nr); vc.push(nc); vv.push(np.zeros([1]));
        } else {
          const nv = np.add(np.multiply(decay, vs[i]!), np.multiply(np.subtract(1, decay), g2));
          out.push(castTo(np.multiply(g, np.power(nv, -0.5)), g.dtype));
          vr.push(np.zeros([1])); vc.push(np.zeros([1])); vv.push(nv);
        }
      });
      const u = (l: Array[]) => tree.unflatten(def, l);
      return [u(out), { count: safeIncrement(state.count), vRow: u(vr), vCol: u(vc), v: u(vv) }];
    },
  );
}
defineSignature(scaleByFactoredRms, [], FACTORED_DEFAULTS, { static: ["minDimSizeToFactor"] });
