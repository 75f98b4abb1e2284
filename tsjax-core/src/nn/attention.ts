/**
 * Scaled dot-product attention, as `jax.nn.dot_product_attention` (its XLA reference
 * implementation): `[B, T, N, H]` layouts, grouped-query attention, bias, boolean masks, causal
 * and sliding-window masking, padding masks from sequence lengths, and the logsumexp residual.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { isFloatDType, resultType } from "../dtype.js";
import { bind1 } from "../core/bind.js";
import { iota } from "../primitives/structural.js";
import { asArray, convert } from "../numpy/convert.js";
import { greaterEqual, less, lessEqual, logicalAnd, where } from "../numpy/elementwise.js";
import { einsum } from "../numpy/linalg.js";
import { broadcastTo, reshape, transpose } from "../numpy/shape-ops.js";
import { stopGradient } from "../primitives/ad-util.js";
import { positionalOrOption, splitOptions } from "../util/options.js";
import { logsumexp } from "./logsumexp.js";
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
  /** int32 `[B]`: the valid query length of each batch element; later query positions give 0. */
  querySeqLengths?: ArrayLike;
  /** int32 `[B]`: the valid key/value length of each batch element; later keys are masked. */
  keyValueSeqLengths?: ArrayLike;
  /** `[left, right]` (or one number for both): query t attends keys `t - left <= s <= t + right`. */
  localWindowSize?: number | readonly [number, number];
  /** `"xla"` (the reference implementation, also the default); `"cudnn"` is not available. */
  implementation?: "xla";
  /** Also return the logsumexp of each row of logits (`[B, T, N]`, as `[out, residual]`). */
  returnResidual?: boolean;
}

const ATTENTION = {
  accepted: ["bias", "mask", "scale", "isCausal", "querySeqLengths", "keyValueSeqLengths", "localWindowSize", "implementation", "returnResidual"],
  signature: "nn.dotProductAttention(query, key, value, bias?, mask?, { scale, isCausal, querySeqLengths, keyValueSeqLengths, localWindowSize, implementation, returnResidual })",
};

/** JAX's masked-logit value: -0.7 times float32's largest finite value. */
const LARGE_NEGATIVE = -0.7 * 3.4028234663852886e38;

function checkFloat(name: string, x: Array): Array {
  if (!isFloatDType(x.dtype)) throw new TypeError(`nn.dotProductAttention: ${name} must be a float array, got ${x.dtype}.`);
  return x;
}

/** A `[B]` int32 array of sequence lengths. */
function seqLengths(op: string, name: string, x: ArrayLike, B: number): Array {
  const a = asArray(op, x);
  if (a.dtype !== "int32" || a.shape.length !== 1 || a.shape[0] !== B) {
    throw new ShapeError(`${op}: ${name} must be an int32 array of shape [${B}] (one length per batch element), got ${a.dtype} ${fmtShape(a.shape)}.`);
  }
  return a;
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
 * `bias` and `mask` may be given positionally (as JAX) or as options; padding masks come from
 * `querySeqLengths`/`keyValueSeqLengths`, sliding windows from `localWindowSize`.
 * Logits and the softmax are computed in float32 (also for float16 inputs); the result has the
 * promoted dtype of the inputs.
 *
 * @example
 * const q = np.ones([2, 5, 8, 16]), k = np.ones([2, 7, 2, 16]), v = np.ones([2, 7, 2, 16]);
 * nn.dotProductAttention(q, k, v).shape;                     // [2, 5, 8, 16]
 * nn.dotProductAttention(q, k, v, bias, keep, { isCausal: true });
 * nn.dotProductAttention(q, k, v, { keyValueSeqLengths: np.array([7, 3], { dtype: "int32" }) });
 */
export function dotProductAttention(query: Array, key: Array, value: Array, ...rest: (ArrayLike | DotProductAttentionOptions | null | undefined)[]): Array;
export function dotProductAttention(query: Array, key: Array, value: Array, ...rest: unknown[]): Array | [Array, Array] {
  const op = "nn.dotProductAttention";
  const [[biasArg, maskArg], opts] = splitOptions<DotProductAttentionOptions>(op, rest.map((r) => (r === null ? undefined : r)), 2, ATTENTION) as [
    [ArrayLike | undefined, ArrayLike | undefined],
    DotProductAttentionOptions,
  ];
  const biasIn = positionalOrOption(op, "bias", biasArg, opts.bias ?? undefined);
  const maskIn = positionalOrOption(op, "mask", maskArg, opts.mask ?? undefined);
  if (opts.implementation !== undefined && opts.implementation !== "xla") {
    throw new TypeError(`${op}: implementation ${JSON.stringify(opts.implementation)} is not available; use "xla" (the default).`);
  }
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
  if (biasIn !== undefined) logits = logits.add(broadcastTo(f32(asArray(op, biasIn)), full));
  let keep: Array | undefined;
  const and = (m: Array) => (keep = keep ? logicalAnd(keep, broadcastTo(m, full)) : broadcastTo(m, full));
  if (maskIn !== undefined) and(toMask(op, maskIn));
  const row = bind1(iota, [], { dtype: "int32", shape: [T, S], dimension: 0, device: q.device });
  const col = bind1(iota, [], { dtype: "int32", shape: [T, S], dimension: 1, device: q.device });
  if (opts.isCausal) and(greaterEqual(row, col));
  if (opts.localWindowSize !== undefined) {
    const w = opts.localWindowSize;
    const [left, right] = typeof w === "number" ? [w, w] : [w[0], w[1]];
    if (![left, right].every((n) => Number.isInteger(n))) throw new TypeError(`${op}: localWindowSize must be an integer or [left, right] integers, got ${JSON.stringify(w)}.`);
    and(logicalAnd(lessEqual(row, col.add(left)), greaterEqual(row, col.sub(right))));
  }
  const qLen = opts.querySeqLengths === undefined ? undefined : seqLengths(op, "querySeqLengths", opts.querySeqLengths, B);
  const kvLen = opts.keyValueSeqLengths === undefined ? undefined : seqLengths(op, "keyValueSeqLengths", opts.keyValueSeqLengths, B);
  if (qLen) and(less(reshape(row, [1, 1, T, S]), reshape(qLen, [B, 1, 1, 1])));
  if (kvLen) and(less(reshape(col, [1, 1, T, S]), reshape(kvLen, [B, 1, 1, 1])));
  if (keep) logits = where(keep, logits, LARGE_NEGATIVE);
  const probs = reshape(softmax(logits, -1), [B, K, G, T, S]);
  let out = reshape(einsum("bkgts,bskh->btkgh", probs, f32(v)), [B, T, N, Hv]);
  if (qLen) out = out.mul(less(bind1(iota, [], { dtype: "int32", shape: [1, T, 1, 1], dimension: 1, device: q.device }), reshape(qLen, [B, 1, 1, 1])));
  const result = convert(out, outDtype);
  const final = batched ? result : reshape(result, [T, N, Hv]);
  if (!opts.returnResidual) return final;
  // logsumexp of each row of (masked) logits, [B, N, T] -> [B, T, N], never differentiated
  const lse = convert(stopGradient(transpose(logsumexp(logits, -1), [0, 2, 1])), k0.dtype);
  return [final, batched ? lse : reshape(lse, [T, N])];
}
