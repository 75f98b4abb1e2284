/**
 * Scaled dot-product attention, as `jax.nn.dot_product_attention` (its XLA reference
 * implementation): `[B, T, N, H]` layouts, grouped-query attention, bias, boolean masks and
 * causal masking.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { isFloatDType, resultType } from "../dtype.js";
import { bind1 } from "../core/bind.js";
import { iota } from "../primitives/structural.js";
import { asArray, convert } from "../numpy/convert.js";
import { greaterEqual, logicalAnd, where } from "../numpy/elementwise.js";
import { einsum } from "../numpy/linalg.js";
import { broadcastTo, reshape } from "../numpy/shape-ops.js";
import { fmtShape } from "../shape.js";
import { softmax } from "./softmax.js";
import { toMask } from "./util.js";

/** Options of `dotProductAttention`. */
export interface DotProductAttentionOptions {
  /** Added to the logits; broadcast against `[B, N, T, S]` (`[N, T, S]` without a batch axis). */
  bias?: ArrayLike;
  /**
   * Boolean mask, broadcast against `[B, N, T, S]`: true where query position t may attend key
   * position s. Masked logits are set to a large negative value (as JAX), so a fully masked
   * row attends uniformly instead of giving NaN.
   */
  mask?: ArrayLike;
  /** Multiplies the logits (default `1 / sqrt(H)`). */
  scale?: number;
  /** Causal masking: query t attends keys `s <= t` (top-left aligned when T != S, as JAX). */
  isCausal?: boolean;
}

/** JAX's masked-logit value: -0.7 times float32's largest finite value. */
const LARGE_NEGATIVE = -0.7 * 3.4028234663852886e38;

function checkFloat(name: string, x: Array): Array {
  if (!isFloatDType(x.dtype)) throw new TypeError(`nn.dotProductAttention: ${name} must be a float array, got ${x.dtype}.`);
  return x;
}

/**
 * Scaled dot-product attention: `softmax(scale * Q K^T + bias, masked) V` per head.
 *
 * Shapes (as `jax.nn.dot_product_attention`): `query` is `[B, T, N, H]`, `key` is
 * `[B, S, K, H]` and `value` is `[B, S, K, Hv]`, where B is the batch, T and S the query and key
 * lengths, N the query heads, K the key/value heads and H the head size; the batch axis may be
 * left out of all three. N must be a multiple of K (grouped-query attention: query head n uses
 * key/value head `floor(n / (N / K))`). The result is `[B, T, N, Hv]`.
 *
 * Logits and the softmax are computed in float32 (also for float16 inputs); the result has the
 * promoted dtype of the inputs.
 *
 * @example
 * const q = np.ones([2, 5, 8, 16]), k = np.ones([2, 7, 2, 16]), v = np.ones([2, 7, 2, 16]);
 * nn.dotProductAttention(q, k, v).shape;                     // [2, 5, 8, 16]
 * nn.dotProductAttention(q, k, v, { isCausal: true, mask: keep, bias });
 */
export function dotProductAttention(query: Array, key: Array, value: Array, opts: DotProductAttentionOptions = {}): Array {
  const op = "nn.dotProductAttention";
  const q0 = checkFloat("query", query);
  const k0 = checkFloat("key", key);
  const v0 = checkFloat("value", value);
  const rank = q0.ndim;
  if ((rank !== 3 && rank !== 4) || k0.ndim !== rank || v0.ndim !== rank) {
    throw new ShapeError(
      `${op}: query, key and value must all be [B, T, N, H] or all [T, N, H]; got ${fmtShape(q0.shape)}, ${fmtShape(k0.shape)} and ${fmtShape(v0.shape)}.`,
    );
  }
  const batched = rank === 4;
  const add = (x: Array) => (batched ? x : reshape(x, [1, ...x.shape]));
  const q = add(q0);
  const k = add(k0);
  const v = add(v0);
  const [B, T, N, H] = q.shape as [number, number, number, number];
  const [Bk, S, K, Hk] = k.shape as [number, number, number, number];
  const [Bv, Sv, Kv, Hv] = v.shape as [number, number, number, number];
  if (Bk !== B || Bv !== B || Sv !== S || Kv !== K || Hk !== H || K === 0 || N % K !== 0) {
    throw new ShapeError(
      `${op}: incompatible shapes query ${fmtShape(q0.shape)}, key ${fmtShape(k0.shape)}, value ${fmtShape(v0.shape)}: ` +
        "key and value need the query's batch, the same length S and heads K, key the query's head size H, and K must divide the query heads N.",
    );
  }
  const G = N / K;
  const outDtype = resultType(...[q, k, v].map((x) => ({ dtype: x.dtype, weakType: false }))).dtype;
  const f32 = (x: Array) => convert(x, "float32");
  const scale = opts.scale ?? 1 / Math.sqrt(H);

  // logits [B, K, G, T, S] -> [B, N, T, S] (query head n = k * G + g)
  let logits = reshape(einsum("btkgh,bskh->bkgts", reshape(f32(q), [B, T, K, G, H]), f32(k)), [B, N, T, S]).mul(scale);
  const full = [B, N, T, S];
  if (opts.bias !== undefined && opts.bias !== null) {
    const bias = f32(asArray(op, opts.bias));
    logits = logits.add(broadcastTo(bias, full));
  }
  let keep: Array | undefined;
  if (opts.mask !== undefined && opts.mask !== null) keep = broadcastTo(toMask(op, opts.mask), full);
  if (opts.isCausal) {
    const row = bind1(iota, [], { dtype: "int32", shape: [T, S], dimension: 0, device: q.device });
    const col = bind1(iota, [], { dtype: "int32", shape: [T, S], dimension: 1, device: q.device });
    const causal = broadcastTo(greaterEqual(row, col), full);
    keep = keep ? logicalAnd(keep, causal) : causal;
  }
  if (keep) logits = where(keep, logits, LARGE_NEGATIVE);
  const probs = reshape(softmax(logits, -1), [B, K, G, T, S]);
  const out = reshape(einsum("bkgts,bskh->btkgh", probs, f32(v)), [B, T, N, Hv]);
  const result = convert(out, outDtype);
  return batched ? result : reshape(result, [T, N, Hv]);
}
