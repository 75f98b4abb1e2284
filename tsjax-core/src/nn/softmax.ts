/**
 * softmax and logSoftmax over one or more axes, with an optional `where` mask, as `jax.nn`.
 *
 * Both subtract the (masked) maximum, held constant with `stopGradient` as JAX does (the
 * result does not depend on the shift, so its derivative is unchanged). Masked entries are
 * replaced by `-Infinity` before anything else, so whatever they hold (even NaN or Infinity)
 * neither changes the result nor receives gradient.
 */
import type { Array, ArrayLike, Axis } from "../array/array.js";
import { any, max, sum } from "../numpy/reductions.js";
import { equal, exp, log, where } from "../numpy/elementwise.js";
import { broadcastTo } from "../numpy/shape-ops.js";
import { full } from "../numpy/creation.js";
import { normalizeAxes } from "../shape.js";
import { stopGradient } from "../primitives/ad-util.js";
import { inFloat32, parseAxisOpts, toMask } from "./util.js";

/** Options of `softmax` and `logSoftmax`. */
export interface SoftmaxOptions {
  /** Axis or axes to normalize over (default -1; null for all). */
  axis?: Axis;
  /**
   * Which entries take part (broadcast against `x`): masked-out entries give 0 (softmax) or
   * `-Infinity` (logSoftmax) and get zero gradient. A fully masked row gives all 0 / `-Infinity`.
   */
  where?: ArrayLike;
}

interface Prepared {
  /** x with masked entries set to -inf. */
  xs: Array;
  /** The max over the axes (keepdims), without gradient; -inf (empty rows) replaced by 0. */
  shift: Array;
  axes: number[];
  mask?: Array;
  /** Whether each row has at least one unmasked entry (keepdims). */
  rowHasAny?: Array;
}

function prepare(op: string, x: Array, o: SoftmaxOptions & { axis: Axis }): Prepared {
  const axes = normalizeAxes(op, o.axis, x.ndim);
  let xs = x;
  let mask: Array | undefined;
  let rowHasAny: Array | undefined;
  if (o.where !== undefined && o.where !== null) {
    mask = broadcastTo(toMask(op, o.where), x.shape);
    xs = where(mask, x, -Infinity);
    rowHasAny = any(mask, axes, { keepdims: true });
  }
  // (rows of no entries, as in JAX: the max of nothing is -inf, so the result is empty too)
  const m = x.size === 0 ? full(x.shape.map((d, i) => (axes.includes(i) ? 1 : d)), -Infinity, { device: x.device }) : max(xs, axes, { keepdims: true });
  // A row that is all -inf (or fully masked) has max -inf: shift by 0 instead (no inf - inf).
  const shift = stopGradient(where(equal(m, -Infinity), 0, m));
  return { xs, shift, axes, mask, rowHasAny };
}

/** The sum of exponentials, with 1 in place of a fully masked row's 0 (whose result is masked). */
function sumExp(p: Prepared, e: Array): Array {
  const s = sum(e, p.axes, { keepdims: true });
  return p.rowHasAny ? where(p.rowHasAny, s, 1) : s;
}

/**
 * Softmax `exp(x) / sum(exp(x))` over `axis` (default -1), shifted by the maximum for
 * stability. With `where`, masked entries are 0 and excluded from the sum; a fully masked row
 * is all 0. As in JAX, a row of all `-Infinity` (unmasked) or one containing `Infinity` or
 * NaN gives NaN. float16 inputs are computed in float32.
 *
 * @example
 * nn.softmax(np.array([1, 2, 3]));                         // [0.09003057, 0.24472848, 0.66524094]
 * nn.softmax(x, 0);                                         // over axis 0
 * nn.softmax(np.array([1, 2, 3]), { where: np.array([true, true, false]) }); // [0.2689414, 0.7310586, 0]
 */
export function softmax(x: ArrayLike, axis?: Axis | SoftmaxOptions, opts?: SoftmaxOptions): Array {
  const o = parseAxisOpts<SoftmaxOptions>(axis, opts, -1, { op: "nn.softmax", accepted: ["axis", "where"] });
  return inFloat32("nn.softmax", x, (a) => {
    const p = prepare("nn.softmax", a, o);
    const e = exp(p.xs.sub(p.shift));
    const r = e.div(sumExp(p, e));
    return p.mask ? where(p.mask, r, 0) : r;
  });
}

/**
 * Log of the softmax over `axis` (default -1): `x - logsumexp(x)`, computed stably. With
 * `where`, masked entries are `-Infinity` and excluded from the sum (a fully masked row is all
 * `-Infinity`); they get zero gradient. float16 inputs are computed in float32.
 *
 * @example
 * nn.logSoftmax(np.array([1, 2, 3])); // [-2.407606, -1.407606, -0.407606]
 * nn.logSoftmax(logits, { axis: 1, where: valid });
 */
export function logSoftmax(x: ArrayLike, axis?: Axis | SoftmaxOptions, opts?: SoftmaxOptions): Array {
  const o = parseAxisOpts<SoftmaxOptions>(axis, opts, -1, { op: "nn.logSoftmax", accepted: ["axis", "where"] });
  return inFloat32("nn.logSoftmax", x, (a) => {
    const p = prepare("nn.logSoftmax", a, o);
    const shifted = p.xs.sub(p.shift);
    const r = shifted.sub(log(sumExp(p, exp(shifted))));
    return p.mask ? where(p.mask, r, -Infinity) : r;
  });
}
