/** Random initializers: `RandomNormal`, `TruncatedNormal`, `RandomUniform`. */
import { type Array, type DType, random } from "tsjax-core";
import { nextRngKey } from "../base/params.js";

type FloatDType = "float32" | "float16";
const floatOf = (op: string, dtype: DType): FloatDType => {
  if (dtype !== "float32" && dtype !== "float16") throw new TypeError(`${op}: needs a float dtype, got ${dtype}.`);
  return dtype;
};

/**
 * Samples `mean + stddev * N(0, 1)`.
 *
 * @example
 * new Linear(10, { wInit: new RandomNormal(0.01) });
 */
export class RandomNormal {
  constructor(readonly stddev = 1, readonly mean = 0) {}

  call(shape: readonly number[], dtype: DType): Array {
    const d = floatOf("RandomNormal", dtype);
    return random.normal(nextRngKey(), shape, { dtype: d }).mul(this.stddev).add(this.mean);
  }
}

/**
 * Samples `mean + stddev * z` with `z` standard normal truncated to `(lower, upper)` (default
 * ±2): the default weight initializer of `Linear` and the convolutions.
 *
 * @example
 * new Linear(10, { wInit: new TruncatedNormal(1 / Math.sqrt(784)) });
 */
export class TruncatedNormal {
  constructor(readonly stddev = 1, readonly mean = 0, readonly lower = -2, readonly upper = 2) {}

  call(shape: readonly number[], dtype: DType): Array {
    const d = floatOf("TruncatedNormal", dtype);
    const unscaled = random.truncatedNormal(nextRngKey(), this.lower, this.upper, { shape, dtype: d });
    return unscaled.mul(this.stddev).add(this.mean);
  }
}

/**
 * Samples uniformly from `[minval, maxval)`.
 *
 * @example
 * getParameter("w", [3, 3], "float32", new RandomUniform(-0.1, 0.1));
 */
export class RandomUniform {
  constructor(readonly minval = 0, readonly maxval = 1) {}

  call(shape: readonly number[], dtype: DType): Array {
    return random.uniform(nextRngKey(), shape, { dtype: floatOf("RandomUniform", dtype), minval: this.minval, maxval: this.maxval });
  }
}
