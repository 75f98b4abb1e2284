import { describe, expect, it } from "vitest";
import { type Array, np, random } from "tsjax-core";
import { transform } from "../transform/transform.js";
import { Embed } from "./embed.js";
import { MultiHeadAttention } from "./attention.js";
import { VarianceScaling } from "../initializers/variance-scaling.js";
import { close, rand, shapesOf, v } from "../testing/helpers.js";

describe("Embed", () => {
  const table = rand([5, 3], 1);
  const ids = np.array([[4, 0], [2, 2]], { dtype: "int32" });
  it("looks up rows, by index and by one-hot product", () => {
    const t = v(table);
    const want = [4, 0, 2, 2].flatMap((i) => t.slice(i * 3, i * 3 + 3));
    for (const lookupStyle of ["ARRAY_INDEX", "ONE_HOT"] as const) {
      const f = transform((x: Array) => new Embed({ vocabSize: 5, embedDim: 3, lookupStyle }).call(x));
      expect(shapesOf(f.init(random.key(0), ids))).toEqual({ embed: { embeddings: "5x3" } });
      const out = f.apply({ embed: { embeddings: table } }, null, ids);
      expect(out.shape).toEqual([2, 2, 3]);
      close(out, want, { atol: 1e-6 });
    }
  });

  it("embeddingMatrix sets the sizes and the initial table; embeddings getter", () => {
    const f = transform((x: Array) => {
      const e = new Embed({ embeddingMatrix: table });
      return [e.call(x), e.embeddings] as const;
    });
    const p = f.init(null, ids);
    close(p.embed!.embeddings!, v(table));
    expect(f.apply(p, null, ids)[1].shape).toEqual([5, 3]);
  });

  it("errors: float ids, missing sizes, mismatched matrix", () => {
    expect(() => transform(() => new Embed({ vocabSize: 5, embedDim: 3 }).call(np.ones([2]))).init(0)).toThrow(/ids must be an integer array/);
    expect(() => transform(() => new Embed({ vocabSize: 5 })).init(0)).toThrow(/give either embeddingMatrix or both/);
    expect(() => transform(() => new Embed({ embeddingMatrix: table, vocabSize: 4 })).init(0)).toThrow(/vocabSize 4 does not match/);
  });
});

/** Plain-loop multi-head attention for q,k,v [T, D] (one example), with haiku's projections. */
function refAttention(
  x: { q: number[]; k: number[]; v: number[] }, T: number, S: number, D: number, H: number, K: number,
  p: Record<string, { w: number[]; b: number[] }>, mask?: boolean[][],
): number[] {
  const proj = (inp: number[], rows: number, name: string, out: number) =>
    globalThis.Array.from({ length: rows }, (_, t) => globalThis.Array.from({ length: out }, (_, o) => p[name]!.b[o]! + globalThis.Array.from({ length: D }, (_, d) => inp[t * D + d]! * p[name]!.w[d * out + o]!).reduce((a, b) => a + b, 0)));
  const q = proj(x.q, T, "query", H * K);
  const k = proj(x.k, S, "key", H * K);
  const vv = proj(x.v, S, "value", H * K);
  const merged: number[][] = globalThis.Array.from({ length: T }, () => []);
  for (let h = 0; h < H; h++) {
    for (let t = 0; t < T; t++) {
      const logits = globalThis.Array.from({ length: S }, (_, s) => {
        let dot = 0;
        for (let d = 0; d < K; d++) dot += q[t]![h * K + d]! * k[s]![h * K + d]!;
        return mask && !mask[t]![s] ? -1e30 : dot / Math.sqrt(K);
      });
      const m = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - m));
      const z = e.reduce((a, b) => a + b, 0);
      for (let d = 0; d < K; d++) merged[t]![h * K + d] = e.reduce((acc, w, s) => acc + (w / z) * vv[s]![h * K + d]!, 0);
    }
  }
  return merged.flatMap((row) => globalThis.Array.from({ length: H * K }, (_, o) => p.linear!.b[o]! + row.reduce((acc, r, i) => acc + r * p.linear!.w[i * H * K + o]!, 0)));
}

describe("MultiHeadAttention", () => {
  const [T, S, D, H, K] = [3, 4, 5, 2, 3];
  const q = rand([1, T, D], 1);
  const kv = rand([1, S, D], 2);
  const make = () => new MultiHeadAttention(H, K, { wInit: new VarianceScaling(1) });

  it("haiku's projection names and shapes", () => {
    const f = transform((a: Array, b: Array) => make().call(a, b, b));
    expect(shapesOf(f.init(random.key(0), q, kv))).toEqual({
      "multi_head_attention/query": { w: "5x6", b: "6" },
      "multi_head_attention/key": { w: "5x6", b: "6" },
      "multi_head_attention/value": { w: "5x6", b: "6" },
      "multi_head_attention/linear": { w: "6x6", b: "6" },
    });
  });

  it("equals the formula computed by hand, with and without a mask", () => {
    const f = transform((a: Array, b: Array, m?: Array) => make().call(a, b, b, m));
    const params = f.init(random.key(0), q, kv);
    const plain = Object.fromEntries(Object.entries(params).map(([name, bundle]) => [name.split("/")[1]!, { w: v(bundle.w!), b: v(bundle.b!) }]));
    close(f.apply(params, null, q, kv), refAttention({ q: v(q), k: v(kv), v: v(kv) }, T, S, D, H, K, plain), { atol: 1e-4 });
    const mask = [[true, false, false, true], [true, true, false, false], [false, true, true, true]];
    const m = np.array(mask).reshape(1, 1, T, S);
    close(f.apply(params, null, q, kv, m), refAttention({ q: v(q), k: v(kv), v: v(kv) }, T, S, D, H, K, plain, mask), { atol: 1e-4 });
  });

  it("valueSize and modelSize; a mask of the wrong rank is an error", () => {
    const f = transform((a: Array) => new MultiHeadAttention(2, 3, { wInit: new VarianceScaling(1), valueSize: 4, modelSize: 7 }).call(a, a, a));
    const p = f.init(random.key(0), q);
    expect(p["multi_head_attention/value"]!.w!.shape).toEqual([5, 8]);
    expect(f.apply(p, null, q).shape).toEqual([1, 3, 7]);
    expect(() => transform(() => make().call(q, kv, kv, np.ones([T, S], { dtype: "bool" }))).init(0)).toThrow(/the mask has 2 axes/);
    expect(() => transform(() => new MultiHeadAttention(2, 3)).init(0)).toThrow(/give a weight initializer/);
  });
});
