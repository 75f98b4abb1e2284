import { describe, expect, it } from "vitest";
import { checkGrads, jit, np } from "tsjax-core";
import { ctcLoss } from "./ctc.js";
import { close, f32, v } from "../../test/helpers.js";

/** Deterministic pseudo-random numbers in [-2, 2). */
function rand(n: number, seed: number): number[] {
  let s = seed;
  return globalThis.Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 4 - 2;
  });
}

/** -log p(label | logits) by enumerating all K^T alignments (logits [T][K]). */
function bruteForce(logits: number[][], label: number[], blank: number): number {
  const T = logits.length;
  const K = logits[0]!.length;
  const logp = logits.map((r) => {
    const m = Math.max(...r);
    const z = Math.log(r.reduce((a, x) => a + Math.exp(x - m), 0)) + m;
    return r.map((x) => x - z);
  });
  let total = 0;
  for (let code = 0; code < K ** T; code++) {
    const path: number[] = [];
    let c = code;
    for (let t = 0; t < T; t++) {
      path.push(c % K);
      c = Math.floor(c / K);
    }
    const collapsed = path.filter((k, t) => t === 0 || k !== path[t - 1]).filter((k) => k !== blank);
    if (collapsed.length === label.length && collapsed.every((k, i) => k === label[i])) {
      total += Math.exp(path.reduce((a, k, t) => a + logp[t]![k]!, 0));
    }
  }
  return -Math.log(total);
}

const T = 4;
const K = 3;
const reshape = (flat: number[], b: number): number[][][] =>
  globalThis.Array.from({ length: b }, (_, i) => globalThis.Array.from({ length: T }, (_, t) => flat.slice((i * T + t) * K, (i * T + t + 1) * K)));

describe("ctcLoss", () => {
  it("matches brute-force enumeration (distinct and repeated labels)", () => {
    for (const [label, seed] of [[[1, 2], 1], [[1, 1], 2], [[2, 1], 3], [[2, 2], 4]] as [number[], number][]) {
      const l = reshape(rand(T * K, seed), 1);
      const out = ctcLoss(np.array(l, { dtype: "float32" }), np.zeros([1, T]), np.array([label], { dtype: "int32" }), np.zeros([1, 2]));
      expect(out.shape).toEqual([1]);
      close(out, [bruteForce(l[0]!, label, 0)], { atol: 1e-4, rtol: 1e-4 });
    }
  });

  it("respects logit and label paddings in a batch", () => {
    const l = reshape(rand(2 * T * K, 7), 2);
    const logits = np.array(l, { dtype: "float32" });
    // second sequence: 3 frames, 1 label (its padded label repeats the real one).
    const logitPaddings = f32([[0, 0, 0, 0], [0, 0, 0, 1]]);
    const labels = np.array([[2, 1], [2, 2]], { dtype: "int32" });
    const labelPaddings = f32([[0, 0], [0, 1]]);
    const expected = [bruteForce(l[0]!, [2, 1], 0), bruteForce(l[1]!.slice(0, 3), [2], 0)];
    close(ctcLoss(logits, logitPaddings, labels, labelPaddings), expected, { atol: 1e-4, rtol: 1e-4 });
    // padded frame contents do not matter
    const l2 = l.map((s, b) => s.map((r, t) => (b === 1 && t === 3 ? [9, -9, 5] : r)));
    close(ctcLoss(np.array(l2, { dtype: "float32" }), logitPaddings, labels, labelPaddings), expected, { atol: 1e-4, rtol: 1e-4 });
  });

  it("supports a non-zero blankId", () => {
    const l = reshape(rand(T * K, 11), 1);
    const out = ctcLoss(np.array(l, { dtype: "float32" }), np.zeros([1, T]), np.array([[0, 0]], { dtype: "int32" }), np.zeros([1, 2]), { blankId: 2 });
    close(out, [bruteForce(l[0]!, [0, 0], 2)], { atol: 1e-4, rtol: 1e-4 });
  });

  it("impossible alignment costs about -logEpsilon", () => {
    // 3 repeated labels need 5 frames; only 4 given.
    const out = v(ctcLoss(f32([[[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]] as never), np.zeros([1, T]), np.array([[1, 1, 1]], { dtype: "int32" }), np.zeros([1, 3])));
    expect(out[0]!).toBeGreaterThan(5e4);
  });

  it("jit equals eager", () => {
    const logits = np.array(reshape(rand(2 * T * K, 5), 2), { dtype: "float32" });
    const logitPaddings = f32([[0, 0, 0, 0], [0, 0, 1, 1]]);
    const labels = np.array([[1, 1], [2, 0]], { dtype: "int32" });
    const labelPaddings = f32([[0, 0], [0, 1]]);
    const eager = v(ctcLoss(logits, logitPaddings, labels, labelPaddings));
    const jitted = jit((a: typeof logits, b: typeof logits, c: typeof logits, d: typeof logits) => ctcLoss(a, b, c, d));
    close(jitted(logits, logitPaddings, labels, labelPaddings), eager, { atol: 1e-5, rtol: 1e-5 });
  });

  it("gradients with respect to logits", async () => {
    const logits = np.array(reshape(rand(2 * T * K, 9), 2), { dtype: "float32" });
    const logitPaddings = f32([[0, 0, 0, 0], [0, 0, 0, 1]]);
    const labels = np.array([[1, 2], [1, 1]], { dtype: "int32" });
    const labelPaddings = f32([[0, 0], [0, 1]]);
    await checkGrads((x) => ctcLoss(x, logitPaddings, labels, labelPaddings).sum(), [logits]);
  });
});
