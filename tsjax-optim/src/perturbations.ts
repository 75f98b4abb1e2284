/** Perturbed optimizers (optax `perturbations`): smooth, differentiable estimates of piecewise-constant functions. */
import { type Array, type DType, np, random, stopGradient, tree, vmap } from "tsjax-core";
import { options } from "./options.js";
import { treeAddScale, treeScale, treeSum } from "./tree-math.js";
import { treeRandomLike } from "./tree-utils.js";

/** A noise distribution for `makePerturbedFun`: samples and an (unnormalized) log-density. */
export interface Noise {
  sample(key: Array, sampleShape: number[], dtype?: DType): Array;
  logProb(inputs: Array): Array;
}

/**
 * Standard normal noise.
 *
 * @example
 * const pf = makePerturbedFun(f, { noise: new Normal() });
 */
export class Normal implements Noise {
  /** Standard normal samples. */
  sample(key: Array, sampleShape: number[] = [], dtype: DType = "float32"): Array {
    return random.normal(key, sampleShape, { dtype: dtype as "float32" });
  }
  /** `-x^2 / 2`. */
  logProb(inputs: Array): Array {
    return np.multiply(-0.5, np.square(inputs));
  }
}

/**
 * Standard Gumbel noise (the default of `makePerturbedFun`).
 *
 * @example
 * const pf = makePerturbedFun(f, { noise: new Gumbel() });
 */
export class Gumbel implements Noise {
  /** Standard Gumbel samples. */
  sample(key: Array, sampleShape: number[] = [], dtype: DType = "float32"): Array {
    return random.gumbel(key, sampleShape, { dtype: dtype as "float32" });
  }
  /** `-x - exp(-x)`. */
  logProb(inputs: Array): Array {
    return np.subtract(np.negative(inputs), np.exp(np.negative(inputs)));
  }
}

/** Options of `makePerturbedFun`. */
export interface PerturbedFunOptions {
  /** Monte-Carlo samples (default 1000). */
  numSamples?: number;
  /** Scale of the noise (default 0.1). */
  sigma?: number;
  /** The noise (default Gumbel). */
  noise?: Noise;
  /** Subtract `fun(x)` as a control variate in the gradient (default true). */
  useBaseline?: boolean;
}

/**
 * `(key, x) => E[fun(x + sigma Z)]`, a Monte-Carlo estimate that is differentiable in `x`
 * even when `fun` is piecewise constant (Berthet et al., 2020; optax `make_perturbed_fun`).
 *
 * @example
 * const softArgmax = makePerturbedFun((x) => nn.oneHot(np.argmax(x), 3), { numSamples: 100 });
 * softArgmax(random.key(0), scores);
 */
export function makePerturbedFun<T, R>(fun: (x: T) => R, opts: PerturbedFunOptions = {}): (key: Array, x: T) => R {
  const { numSamples, sigma, noise, useBaseline } = options("makePerturbedFun", opts, { numSamples: 1000, sigma: 0.1, noise: new Gumbel() as Noise, useBaseline: true });
  return (key, x) => {
    const baseline = useBaseline ? fun(stopGradient(x)) : null;
    const estimate = (k: Array, xv: T): R => {
      const z = treeRandomLike(k, xv, { sampler: (kk, shape, dtype) => noise.sample(kk, shape, dtype) });
      const shifted = stopGradient(tree.map((a: Array, n: Array) => np.add(a, np.multiply(sigma, n)), xv, z));
      const sample = tree.map((a: Array, s: Array) => np.divide(np.subtract(s, a), sigma), xv, shifted);
      const logProb = treeSum(tree.map((s: Array) => noise.logProb(s), sample));
      const box = np.exp(np.subtract(logProb, stopGradient(logProb)));
      const out = treeScale(box, fun(shifted));
      return baseline === null ? out : treeAddScale(out, np.subtract(1, box), baseline);
    };
    const outs = vmap(estimate, { inAxes: [0, null] })(random.split(key, numSamples), x) as R;
    return tree.map((o: Array) => o.mean(0), outs);
  };
}
