import { expect, test } from "vitest";
import { type Array, checkGrads, grad, np, vmap } from "../index.js";
import * as nn from "./index.js";
import { describeDevices, expectClose, nested, randomValues } from "../../test/helpers.js";

/** float64 logsumexp of the values at `idx` (with optional scales): [log|sum|, sign]. */
function lse(v: readonly number[], b?: readonly number[]): [number, number] {
  const live = v.map((x, i) => [x, b ? b[i]! : 1] as const).filter(([, s]) => s !== 0);
  const m = Math.max(...live.map(([x]) => x));
  const shift = Number.isFinite(m) ? m : 0;
  const s = live.reduce((acc, [x, w]) => acc + w * Math.exp(x - shift), 0);
  return [Math.log(Math.abs(s)) + shift, Math.sign(s)];
}

/** Rows of a [R, C] row-major list. */
const rowsOf = (v: readonly number[], cols: number) => globalThis.Array.from({ length: v.length / cols }, (_, r) => v.slice(r * cols, (r + 1) * cols));

describeDevices("nn.logsumexp", () => {
  test("values over axes, keepdims, defaults", async () => {
    const v = randomValues(24, 41, -20, 20);
    const x = np.array(nested(v, [2, 3, 4]));
    await expectClose(nn.logsumexp(x), lse(v)[0], { rtol: 1e-6, dtype: "float32" });
    expect(nn.logsumexp(x).shape).toEqual([]);
    const last = rowsOf(v, 4).map((r) => lse(r)[0]);
    await expectClose(nn.logsumexp(x, -1), nested(last, [2, 3]), { rtol: 1e-6 });
    await expectClose(nn.logsumexp(x, { axis: 2, keepdims: true }), nested(last, [2, 3, 1]), { rtol: 1e-6 });
    // axes [0, 2]: for each middle index j, over i and k
    const mid = [0, 1, 2].map((j) => lse([0, 1].flatMap((i) => v.slice(i * 12 + j * 4, i * 12 + j * 4 + 4)))[0]);
    await expectClose(nn.logsumexp(x, [0, 2]), mid, { rtol: 1e-6 });
    await expectClose(nn.logsumexp(x, [0, 2], { keepdims: true }), [[[mid[0]!], [mid[1]!], [mid[2]!]]], { rtol: 1e-6 });
    await expectClose(nn.logsumexp(np.array([1, 2, 3])), 3.40760596444438, { rtol: 1e-6 });
    // no overflow / underflow
    await expectClose(nn.logsumexp(np.array([1000, 1000])), 1000 + Math.LN2, { rtol: 1e-6 });
    await expectClose(nn.logsumexp(np.array([-1000, -1000])), -1000 + Math.LN2, { rtol: 1e-6 });
    // integer inputs compute in float32
    const i = nn.logsumexp(np.array([0, 0], { dtype: "int32" }));
    expect(i.dtype).toBe("float32");
    await expectClose(i, Math.LN2);
  });

  test("-inf, +inf and NaN entries", async () => {
    const x = np.array([[0, -Infinity], [-Infinity, -Infinity], [Infinity, 1], [NaN, 1], [Infinity, -Infinity]]);
    await expectClose(nn.logsumexp(x, 1), [0, -Infinity, Infinity, NaN, Infinity]);
    await expectClose(nn.logsumexp(np.array([-Infinity])), -Infinity);
  });

  test("b scaling and returnSign", async () => {
    const a = np.array([1, 2, 3]);
    await expectClose(nn.logsumexp(a, { b: np.array([2, 0.5, 1]) }), lse([1, 2, 3], [2, 0.5, 1])[0], { rtol: 1e-6 });
    // b == 0 skips the entry, whatever a holds there
    await expectClose(nn.logsumexp(np.array([Infinity, 1, NaN]), { b: np.array([0, 1, 0]) }), 1);
    // a negative sum: NaN, or [log|sum|, -1] with returnSign
    await expectClose(nn.logsumexp(np.array([1, 2]), { b: np.array([1, -1]) }), NaN);
    const [out, sign] = nn.logsumexp(np.array([1, 2]), { b: np.array([1, -1]), returnSign: true });
    await expectClose(out, lse([1, 2], [1, -1])[0], { rtol: 1e-6 });
    await expectClose(sign, -1);
    // a zero sum: -inf with sign 0
    const [z, zs] = nn.logsumexp(np.array([1, 1]), { b: np.array([1, -1]), returnSign: true });
    await expectClose(z, -Infinity);
    await expectClose(zs, 0);
    // b broadcasts against a, per row
    const v = randomValues(12, 42, -3, 3);
    const bv = [1, -2, 0.5, 3];
    const [o2, s2] = nn.logsumexp(np.array(nested(v, [3, 4])), { axis: 1, b: np.array(bv), returnSign: true });
    const ref = rowsOf(v, 4).map((r) => lse(r, bv));
    await expectClose(o2, ref.map(([o]) => o), { rtol: 1e-5 });
    await expectClose(s2, ref.map(([, s]) => s));
    // a scalar b
    await expectClose(nn.logsumexp(np.array([0, 0]), { b: 3 }), Math.log(6), { rtol: 1e-6 });
  });

  test("where masks, fully masked reductions", async () => {
    const x = np.array([[1, NaN, 3], [Infinity, 2, 2], [5, 6, 7]]);
    const m = np.array([[true, false, true], [false, true, true], [false, false, false]]);
    await expectClose(nn.logsumexp(x, 1, { where: m }), [lse([1, 3])[0], lse([2, 2])[0], -Infinity], { rtol: 1e-6 });
    await expectClose(nn.logsumexp(x, { where: m }), lse([1, 3, 2, 2])[0], { rtol: 1e-6 });
    await expectClose(nn.logsumexp(x, { axis: 1, keepdims: true, where: m }), [[lse([1, 3])[0]], [lse([2, 2])[0]], [-Infinity]], { rtol: 1e-6 });
  });

  test("gradients: checkGrads to order 2, finite with -inf entries and empty rows", async () => {
    const v = randomValues(12, 43, -2, 2);
    const x = np.array(nested(v, [3, 4]));
    await checkGrads((a: Array) => nn.logsumexp(a, 1), [x], { order: 2 });
    await checkGrads((a: Array) => nn.logsumexp(a), [x], { order: 2 });
    await checkGrads((a: Array, b: Array) => nn.logsumexp(a, { axis: 0, b }), [x, np.array(nested(randomValues(12, 44, 0.5, 2), [3, 4]))], { order: 2 });
    const m = np.array([[true, false, true, true], [false, true, true, false], [true, true, true, true]]);
    await checkGrads((a: Array) => nn.logsumexp(a, 1, { where: m }), [x], { order: 2 });
    // rows with -inf entries (not all)
    const withInf = np.array([[0.5, -Infinity, 1], [-Infinity, 0.2, -Infinity]]);
    await checkGrads((a: Array) => nn.logsumexp(a, 1), [withInf], { order: 2 });
    // the gradient is softmax; -inf entries, masked entries and empty rows get 0, never NaN
    const hard = np.array([[0, -Infinity, 1], [-Infinity, -Infinity, -Infinity], [NaN, 2, Infinity]]);
    const hm = np.array([[true, true, true], [true, true, true], [false, true, false]]);
    const g = grad((a: Array) => nn.logsumexp(a, 1, { where: hm }).sum())(hard);
    const e = Math.exp(1);
    await expectClose(g, [[1 / (1 + e), 0, e / (1 + e)], [0, 0, 0], [0, 1, 0]], { rtol: 1e-6 });
    const g2 = grad((a: Array) => grad((c: Array) => nn.logsumexp(c, 1, { where: hm }).sum())(a).sum())(hard);
    for (const val of await g2.data()) expect(Number.isFinite(val)).toBe(true);
    // all -inf, no mask
    await expectClose(grad((a: Array) => nn.logsumexp(a))(np.array([-Infinity, -Infinity])), [0, 0]);
  });

  test("float16 inputs are computed in float32", async () => {
    const v = randomValues(8, 45, -8, 8).map((a) => Math.round(a * 16) / 16);
    const y = nn.logsumexp(np.array(nested(v, [2, 4]), { dtype: "float16" }), 1);
    expect(y.dtype).toBe("float16");
    await expectClose(y, rowsOf(v, 4).map((r) => lse(r)[0]), { rtol: 1e-3 });
    const [o, s] = nn.logsumexp(np.array([1, 2], { dtype: "float16" }), { b: np.array([1, -1], { dtype: "float16" }), returnSign: true });
    expect([o.dtype, s.dtype]).toEqual(["float16", "float16"]);
    await expectClose(s, -1);
  });

  test("vmap equals a loop", async () => {
    const v = randomValues(20, 46, -5, 5);
    const X = np.array(nested(v, [4, 5]));
    const M = np.array(randomValues(20, 47).map((r) => r > -0.6)).reshape(4, 5);
    const rows = [0, 1, 2, 3];
    await expectClose(vmap((a: Array) => nn.logsumexp(a))(X), await np.stack(rows.map((i) => nn.logsumexp(X.get(i)))).toArray(), { rtol: 1e-6 });
    const f = (a: Array, m: Array) => nn.logsumexp(a, { where: m, b: 2 });
    await expectClose(vmap(f)(X, M), await np.stack(rows.map((i) => f(X.get(i), M.get(i)))).toArray(), { rtol: 1e-6 });
    const gf = grad((a: Array) => nn.logsumexp(a));
    await expectClose(vmap(gf)(X), await np.stack(rows.map((i) => gf(X.get(i)))).toArray(), { rtol: 1e-5, atol: 1e-7 });
  });
});
