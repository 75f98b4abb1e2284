import { expect, test } from "vitest";
import { type Array, ShapeError, checkGrads, np, vmap } from "../index.js";
import * as nn from "./index.js";
import { describeDevices, expectClose, nested, randomValues } from "../../test/helpers.js";

const LARGE_NEGATIVE = -0.7 * 3.4028234663852886e38;

interface RefOpts {
  scale?: number;
  /** bias[b][n][t][s] (already broadcast). */
  bias?: (b: number, n: number, t: number, s: number) => number;
  /** keep[b][n][t][s] (already broadcast). */
  keep?: (b: number, n: number, t: number, s: number) => boolean;
  causal?: boolean;
}

/** float64 attention on row-major [B, T, N, H] / [B, S, K, H] values; returns [B, T, N, Hv] flat. */
function refAttention(q: number[], k: number[], v: number[], [B, T, N, H]: number[], [S, K, Hv]: number[], o: RefOpts = {}): number[] {
  const G = N! / K!;
  const scale = o.scale ?? 1 / Math.sqrt(H!);
  const out: number[] = [];
  for (let b = 0; b < B!; b++) for (let t = 0; t < T!; t++) for (let n = 0; n < N!; n++) {
    const kh = Math.floor(n / G);
    const logits: number[] = [];
    for (let s = 0; s < S!; s++) {
      let dot = 0;
      for (let h = 0; h < H!; h++) dot += q[((b * T! + t) * N! + n) * H! + h]! * k[((b * S! + s) * K! + kh) * H! + h]!;
      let l = dot * scale + (o.bias ? o.bias(b, n, t, s) : 0);
      const keep = (o.keep ? o.keep(b, n, t, s) : true) && (!o.causal || s <= t);
      if (!keep) l = LARGE_NEGATIVE;
      logits.push(l);
    }
    const m = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - m));
    const z = e.reduce((a, c) => a + c, 0);
    for (let h = 0; h < Hv!; h++) {
      let acc = 0;
      for (let s = 0; s < S!; s++) acc += (e[s]! / z) * v[((b * S! + s) * K! + kh) * Hv! + h]!;
      out.push(acc);
    }
  }
  return out;
}

const B = 2, T = 3, S = 5, H = 4;
function qkv(N: number, K: number, seed: number, Hv = H) {
  const q = randomValues(B * T * N * H, seed, -1.5, 1.5);
  const k = randomValues(B * S * K * H, seed + 1, -1.5, 1.5);
  const v = randomValues(B * S * K * Hv, seed + 2, -1, 1);
  return {
    q, k, v,
    Q: np.array(nested(q, [B, T, N, H])),
    K_: np.array(nested(k, [B, S, K, H])),
    V: np.array(nested(v, [B, S, K, Hv])),
  };
}
const TOL = { rtol: 1e-5, atol: 1e-6 };

describeDevices("nn.dotProductAttention", () => {
  test("multi-head attention matches a float64 reference (default and custom scale)", async () => {
    const { q, k, v, Q, K_, V } = qkv(2, 2, 61);
    const out = nn.dotProductAttention(Q, K_, V);
    expect(out.shape).toEqual([B, T, 2, H]);
    expect(out.dtype).toBe("float32");
    await expectClose(out, nested(refAttention(q, k, v, [B, T, 2, H], [S, 2, H]), [B, T, 2, H]), TOL);
    await expectClose(nn.dotProductAttention(Q, K_, V, { scale: 0.9 }), nested(refAttention(q, k, v, [B, T, 2, H], [S, 2, H], { scale: 0.9 }), [B, T, 2, H]), TOL);
  });

  test("grouped-query attention: 4 query heads share 2 (and 1) key/value heads", async () => {
    for (const K of [2, 1]) {
      const { q, k, v, Q, K_, V } = qkv(4, K, 62 + K);
      const out = nn.dotProductAttention(Q, K_, V);
      await expectClose(out, nested(refAttention(q, k, v, [B, T, 4, H], [S, K, H]), [B, T, 4, H]), TOL);
      // the same as repeating each key/value head for its group
      const G = 4 / K;
      await expectClose(nn.dotProductAttention(Q, np.repeat(K_, G, 2), np.repeat(V, G, 2)), await out.toArray(), TOL);
    }
    // a value head size that differs from the key's
    const { q, k, v, Q, K_, V } = qkv(4, 2, 66, 3);
    await expectClose(nn.dotProductAttention(Q, K_, V), nested(refAttention(q, k, v, [B, T, 4, H], [S, 2, 3]), [B, T, 4, 3]), TOL);
    expect(() => nn.dotProductAttention(Q, np.ones([B, S, 3, H]), np.ones([B, S, 3, H]))).toThrow(ShapeError);
    expect(() => nn.dotProductAttention(Q, np.ones([B, S + 1, 2, H]), np.ones([B, S, 2, H]))).toThrow(ShapeError);
  });

  test("bias (full and broadcast), mask with a fully masked row, causal masking", async () => {
    const N = 4, K = 2;
    const { q, k, v, Q, K_, V } = qkv(N, K, 67);
    const shape = [B, T, N, H];
    const kvs = [S, K, H];
    const bv = randomValues(B * N * T * S, 68, -2, 2);
    const bias = np.array(nested(bv, [B, N, T, S]));
    await expectClose(nn.dotProductAttention(Q, K_, V, { bias }), nested(refAttention(q, k, v, shape, kvs, { bias: (b, n, t, s) => bv[((b * N + n) * T + t) * S + s]! }), shape), TOL);
    const tb = randomValues(T * S, 69, -2, 2);
    await expectClose(nn.dotProductAttention(Q, K_, V, { bias: np.array(nested(tb, [T, S])) }), nested(refAttention(q, k, v, shape, kvs, { bias: (_b, _n, t, s) => tb[t * S + s]! }), shape), TOL);

    // a [B, 1, T, S] mask; batch 1, query 0 sees nothing (JAX: uniform weights, not NaN)
    const mv = randomValues(B * T * S, 70).map((r) => r > -0.5);
    for (let s = 0; s < S; s++) mv[(1 * T + 0) * S + s] = false;
    const mask = np.array(mv).reshape(B, 1, T, S);
    const keep = (b: number, _n: number, t: number, s: number) => mv[(b * T + t) * S + s]!;
    const masked = nn.dotProductAttention(Q, K_, V, { mask });
    await expectClose(masked, nested(refAttention(q, k, v, shape, kvs, { keep }), shape), TOL);
    const row = (await masked.toArray()) as number[][][][];
    const mean = [0, 1, 2, 3].map((h) => [0, 1, 2, 3, 4].reduce((a, s) => a + v[((1 * S + s) * K + 0) * H + h]!, 0) / S);
    await expectClose(np.array(row[1]![0]![0]!), mean, TOL);

    await expectClose(nn.dotProductAttention(Q, K_, V, { isCausal: true }), nested(refAttention(q, k, v, shape, kvs, { causal: true }), shape), TOL);
    await expectClose(
      nn.dotProductAttention(Q, K_, V, { isCausal: true, mask, bias, scale: 0.7 }),
      nested(refAttention(q, k, v, shape, kvs, { causal: true, keep, scale: 0.7, bias: (b, n, t, s) => bv[((b * N + n) * T + t) * S + s]! }), shape),
      TOL,
    );
    // T == S causal: the first query only sees the first key
    const sq = np.array(nested(randomValues(1 * 3 * 1 * 2, 71), [1, 3, 1, 2]));
    const sv = np.array([[[[1, 2]], [[3, 4]], [[5, 6]]]]);
    const c = (await nn.dotProductAttention(sq, sq, sv, { isCausal: true }).toArray()) as number[][][][];
    await expectClose(np.array(c[0]![0]![0]!), [1, 2]);
  });

  test("unbatched [T, N, H] inputs and float16", async () => {
    const { q, k, v, Q, K_, V } = qkv(4, 2, 72);
    const one = nn.dotProductAttention(Q.get(1), K_.get(1), V.get(1), { isCausal: true });
    expect(one.shape).toEqual([T, 4, H]);
    const full = refAttention(q, k, v, [B, T, 4, H], [S, 2, H], { causal: true });
    await expectClose(one, nested(full.slice(T * 4 * H), [T, 4, H]), TOL);
    const h = nn.dotProductAttention(Q.astype("float16"), K_.astype("float16"), V.astype("float16"));
    expect(h.dtype).toBe("float16");
    await expectClose(h, await nn.dotProductAttention(Q, K_, V).toArray(), { rtol: 1e-2, atol: 3e-3 });
  });

  test("gradients with respect to query, key, value and bias (checkGrads, order 2)", async () => {
    const q = np.array(nested(randomValues(1 * 2 * 2 * 3, 73), [1, 2, 2, 3]));
    const k = np.array(nested(randomValues(1 * 3 * 1 * 3, 74), [1, 3, 1, 3]));
    const v = np.array(nested(randomValues(1 * 3 * 1 * 3, 75), [1, 3, 1, 3]));
    const bias = np.array(nested(randomValues(2 * 2 * 3, 76), [1, 2, 2, 3]));
    const mask = np.array([[true, false, true], [false, true, true]]);
    await checkGrads((a: Array, b: Array, c: Array, d: Array) => nn.dotProductAttention(a, b, c, { bias: d, mask, isCausal: true }), [q, k, v, bias], { order: 1 });
    await checkGrads((a: Array, b: Array, c: Array) => nn.dotProductAttention(a, b, c), [q, k, v], { order: 2 });
  });

  test("vmap equals a loop", async () => {
    const { Q, K_, V } = qkv(4, 2, 77);
    const f = (a: Array, b: Array, c: Array) => nn.dotProductAttention(a, b, c, { isCausal: true });
    await expectClose(vmap(f)(Q, K_, V), await np.stack([0, 1].map((i) => f(Q.get(i), K_.get(i), V.get(i)))).toArray(), TOL);
  });
});
