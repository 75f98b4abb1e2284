/** Parameter updates and utilities (optax `update`, `utils`): `incrementalUpdate`, `periodicUpdate`, `scaleGradient`, `multiNormal`. */
import { type Array, type ArrayLike, customVjp, lax, np, random, stopGradient, tree } from "tsjax-core";

/**
 * `stepSize * new + (1 - stepSize) * old`, leaf by leaf (Polyak averaging, target networks).
 *
 * @example
 * target = incrementalUpdate(online, target, 0.01);
 */
export function incrementalUpdate<T>(newTensors: T, oldTensors: T, stepSize: ArrayLike): T {
  return tree.map((n: Array, o: Array) => np.add(np.multiply(stepSize, n), np.multiply(np.subtract(1, stepSize), o)), newTensors, oldTensors);
}

/**
 * `newTensors` every `updatePeriod` steps (when `steps % updatePeriod == 0`), else `oldTensors`.
 *
 * @example
 * target = periodicUpdate(online, target, step, 1000);
 */
export function periodicUpdate<T>(newTensors: T, oldTensors: T, steps: ArrayLike, updatePeriod: ArrayLike): T {
  return lax.cond(np.equal(np.mod(steps, updatePeriod), 0), () => newTensors, () => oldTensors);
}

const scaled = customVjp((inputs: unknown, _scale: Array) => inputs);
scaled.defvjp(
  (inputs: unknown, s: Array) => [inputs, s] as const,
  (s: Array, g: unknown) => [tree.map((x: Array) => np.multiply(x, s), g), np.zerosLike(s)] as const,
);

/**
 * The identity on `inputs` whose gradient is multiplied by `scale` (0: stopped, 1: unchanged).
 *
 * @example
 * const y = scaleGradient(x, 0.1); // y == x, dy/dx == 0.1
 */
export function scaleGradient<T>(inputs: T, scale: number): T {
  if (scale === 1) return inputs;
  if (scale === 0) return stopGradient(inputs);
  return scaled(inputs, np.array(scale)) as T;
}

/**
 * A diagonal Gaussian with log standard deviations `logScale` (optax `MultiNormalDiagFromLogScale`).
 *
 * @example
 * const d = new MultiNormalDiagFromLogScale(np.zeros([2]), np.zeros([2]));
 * d.logProb(np.array([0.1, 0.2]));
 */
export class MultiNormalDiagFromLogScale {
  readonly mean: Array;
  readonly logScale: Array;
  readonly scale: Array;
  constructor(loc: ArrayLike, logScale: ArrayLike) {
    this.mean = np.asarray(loc);
    this.logScale = np.asarray(logScale);
    this.scale = np.exp(this.logScale);
  }
  /** The shape of one sample. */
  get paramShape(): number[] {
    return [...np.broadcastArrays(this.mean, this.scale)[0]!.shape];
  }
  /** `shape` samples. */
  sample(shape: readonly number[], key: Array): Array {
    return np.add(np.multiply(random.normal(key, [...shape, ...this.paramShape]), this.scale), this.mean);
  }
  /** The log density, summed over the parameter axes. */
  logProb(x: ArrayLike): Array {
    const z = np.divide(np.subtract(x, this.mean), this.scale);
    const lp = np.subtract(np.subtract(np.multiply(-0.5, np.square(z)), this.logScale), 0.5 * Math.log(2 * Math.PI));
    const k = this.paramShape.length;
    return k ? lp.sum([...globalThis.Array(k).keys()].map((i) => -(i + 1))) : lp;
  }
  /** `[mean, logScale]`. */
  get params(): [Array, Array] {
    return [this.mean, this.logScale];
  }
}

/**
 * A diagonal Gaussian from its mean and log standard deviations (optax `multi_normal`).
 *
 * @example
 * const d = multiNormal(np.zeros([2]), np.zeros([2]));
 */
export function multiNormal(loc: ArrayLike, logScale: ArrayLike): MultiNormalDiagFromLogScale {
  return new MultiNormalDiagFromLogScale(loc, logScale);
}
