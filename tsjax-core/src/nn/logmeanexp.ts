/**
 * `logmeanexp`: the log of the mean of exponentials, `logsumexp(x) - log(n)`.
 */
import type { Array, ArrayLike, Axis } from "../array/array.js";
import { asArray } from "../numpy/convert.js";
import { log } from "../numpy/elementwise.js";
import { sum } from "../numpy/reductions.js";
import { broadcastTo } from "../numpy/shape-ops.js";
import { normalizeAxes } from "../shape.js";
import { logsumexp } from "./logsumexp.js";
import { parseAxisOpts, toMask } from "./util.js";

/** Options of `logmeanexp`. */
export interface LogmeanexpOptions {
  /** Axis or axes to reduce (default: all). */
  axis?: Axis;
  /** Which entries take part (broadcast against `x`); `n` counts only those. */
  where?: ArrayLike;
  /** Keep the reduced axes with size 1 (default false). */
  keepdims?: boolean;
}

/**
 * `log(mean(exp(x)))` over `axis` (default all), computed stably as `logsumexp(x) - log(n)`,
 * where `n` counts the entries (the unmasked ones with `where`), as `jax.nn.logmeanexp`.
 *
 * @example
 * nn.logmeanexp(np.array([0, Math.log(3)]));   // 0.6931472 (= log 2)
 * nn.logmeanexp(x, 1, { keepdims: true });
 */
export function logmeanexp(x: ArrayLike, axis?: Axis | LogmeanexpOptions, opts?: LogmeanexpOptions): Array {
  const op = "nn.logmeanexp";
  const o = parseAxisOpts<LogmeanexpOptions>(axis, opts, null, { op, accepted: ["axis", "where", "keepdims"] });
  const a = asArray(op, x);
  const lse = logsumexp(a, { axis: o.axis, where: o.where, keepdims: o.keepdims ?? false });
  const axes = normalizeAxes(op, o.axis, a.ndim);
  let count: Array | number;
  if (o.where === undefined || o.where === null) {
    count = axes.reduce((n, i) => n * a.shape[i]!, 1);
    return lse.sub(Math.log(count));
  }
  count = sum(broadcastTo(toMask(op, o.where), a.shape), axes, { keepdims: o.keepdims ?? false }).astype(lse.dtype);
  return lse.sub(log(count));
}
