/** `dropout`: inverted dropout with an explicit key. */
import { type Array, random } from "tsjax-core";
import { checkOptions } from "../util.js";

/**
 * Zeroes each element of `x` with probability `rate` and scales the rest by `1 / (1 - rate)`
 * (haiku's `dropout`). `broadcastDims` share one draw along those axes.
 *
 * @example
 * const y = dropout(nextRngKey(), 0.1, x);
 */
export function dropout(key: Array, rate: number, x: Array, opts: { broadcastDims?: readonly number[] } = {}): Array {
  checkOptions("dropout", opts, ["broadcastDims"]);
  if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) throw new RangeError(`dropout: rate must be in [0, 1), got ${rate}.`);
  if (rate === 0) return x;
  const shape = [...x.shape];
  for (const d of opts.broadcastDims ?? []) {
    if (d > shape.length || d < -shape.length) throw new RangeError(`dropout: broadcast dimension ${d} does not exist for shape [${x.shape.join(", ")}].`);
    shape[d < 0 ? d + shape.length : d] = 1;
  }
  const keepRate = 1 - rate;
  const keep = random.bernoulli(key, keepRate, shape);
  return x.mul(keep).div(keepRate);
}
