import { expect, test } from "vitest";
import { type Array, checkGrads, grad, np, vjp, vmap } from "../index.js";
import * as nn from "./index.js";
import { describeDevices, expectClose, nested, randomValues } from "../../test/helpers.js";

/** Flat indices of each reduction group ("row") of a row-major array of `shape` over `axes`. */
function groups(shape: readonly number[], axes: readonly number[]): number[][] {
  const size = shape.reduce((a, b) => a * b, 1);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const byKey = new Map<string, number[]>();
  for (let f = 0; f < size; f++) {
    const key = shape.map((n, d) => (axes.includes(d) ? "*" : Math.floor(f / strides[d]!) % n)).join(",");
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(f);
  }
  return [...byKey.values()];
}

/** float64 softmax / logSoftmax over `axes`, masked entries giving `fill`. */
function refSoftmax(v: readonly number[], shape: readonly number[], axes: readonly number[], log: boolean, mask?: readonly boolean[]): number[] {
  const out = new globalThis.Array<number>(v.length);
  for (const g of groups(shape, axes)) {
    const live = g.filter((i) => !mask || mask[i]);
    const m = Math.max(...live.map((i) => v[i]!));
    const shift = Number.isFinite(m) ? m : 0;
    const s = live.reduce((acc, i) => acc + Math.exp(v[i]! - shift), 0);
    for (const i of g) {
      if (mask && !mask[i]) out[i] = log ? -Infinity : 0;
      else out[i] = log ? v[i]! - shift - Math.log(s) : Math.exp(v[i]! - shift) / s;
    }
  }
  return out;
}

const SHAPE = [3, 4, 5];
const V = randomValues(60, 31, -6, 6);
const MASK = randomValues(60, 32).map((r) => r > -0.4);
// a fully masked row (axis -1) and a row with one live entry
for (let k = 0; k < 5; k++) MASK[5 + k] = false;
for (let k = 0; k < 5; k++) MASK[10 + k] = k === 2;

describeDevices("nn.softmax / nn.logSoftmax", () => {
  test("values over every axis form match a float64 reference", async () => {
    const x = np.array(nested(V, SHAPE));
    for (const axis of [-1, 0, 1, [0, 2], [0, 1, 2]] as const) {
      const axes = (typeof axis === "number" ? [axis] : axis).map((a) => (a < 0 ? a + 3 : a));
      await expectClose(nn.softmax(x, axis), nested(refSoftmax(V, SHAPE, axes, false), SHAPE), { rtol: 1e-5, atol: 1e-7, dtype: "float32" });
      await expectClose(nn.logSoftmax(x, { axis }), nested(refSoftmax(V, SHAPE, axes, true), SHAPE), { rtol: 1e-5, atol: 1e-5 });
    }
    // default axis -1; null = all axes
    await expectClose(nn.softmax(x), nested(refSoftmax(V, SHAPE, [2], false), SHAPE), { rtol: 1e-5, atol: 1e-7 });
    await expectClose(nn.logSoftmax(x, null), nested(refSoftmax(V, SHAPE, [0, 1, 2], true), SHAPE), { rtol: 1e-5, atol: 1e-5 });
    await expectClose(nn.softmax(np.array([1, 2, 3])), [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]);
    await expectClose(nn.logSoftmax(np.array([1, 2, 3])), [-2.4076059644443806, -1.4076059644443806, -0.4076059644443806]);
    await expectClose(np.sum(nn.softmax(x, 1), 1), nested(new globalThis.Array(15).fill(1), [3, 5]), { rtol: 1e-6 });
  });

  test("large, -inf, +inf and NaN inputs", async () => {
    await expectClose(nn.softmax(np.array([1000, 1001, 1002])), [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]);
    await expectClose(nn.softmax(np.array([-1000, -1001])), [0.7310585786300049, 0.2689414213699951]);
    await expectClose(nn.logSoftmax(np.array([1000, 0])), [0, -1000]);
    await expectClose(nn.logSoftmax(np.array([-1e30, 0])), [-1e30, 0]);
    const x = np.array([[-Infinity, 0, 0], [-Infinity, -Infinity, -Infinity], [Infinity, 0, 1], [NaN, 0, 1]]);
    // as JAX: -inf entries get 0 (log: -inf); an all -inf row, +inf or NaN give NaN
    await expectClose(nn.softmax(x), [[0, 0.5, 0.5], [NaN, NaN, NaN], [NaN, NaN, NaN], [NaN, NaN, NaN]]);
    await expectClose(nn.logSoftmax(x), [[-Infinity, -Math.LN2, -Math.LN2], [NaN, NaN, NaN], [NaN, NaN, NaN], [NaN, NaN, NaN]]);
  });

  test("where masks: masked entries are 0 / -inf whatever they hold; fully masked rows", async () => {
    const x = np.array(nested(V, SHAPE));
    const m = np.array(MASK).reshape(SHAPE);
    await expectClose(nn.softmax(x, { where: m }), nested(refSoftmax(V, SHAPE, [2], false, MASK), SHAPE), { rtol: 1e-5, atol: 1e-7 });
    await expectClose(nn.logSoftmax(x, -1, { where: m }), nested(refSoftmax(V, SHAPE, [2], true, MASK), SHAPE), { rtol: 1e-5, atol: 1e-5 });
    for (const axis of [0, [1, 2]] as const) {
      const axes = typeof axis === "number" ? [axis] : [...axis];
      await expectClose(nn.softmax(x, { axis, where: m }), nested(refSoftmax(V, SHAPE, axes, false, MASK), SHAPE), { rtol: 1e-5, atol: 1e-7 });
      await expectClose(nn.logSoftmax(x, { axis, where: m }), nested(refSoftmax(V, SHAPE, axes, true, MASK), SHAPE), { rtol: 1e-5, atol: 1e-5 });
    }
    // masked entries may hold NaN / inf; a fully masked row is all 0 (log: all -inf)
    const bad = np.array([[NaN, 1, Infinity], [1, 2, 3], [5, 5, -Infinity]]);
    const bm = np.array([[false, true, false], [false, false, false], [true, true, false]]);
    await expectClose(nn.softmax(bad, { where: bm }), [[0, 1, 0], [0, 0, 0], [0.5, 0.5, 0]]);
    await expectClose(nn.logSoftmax(bad, { where: bm }), [[-Infinity, 0, -Infinity], [-Infinity, -Infinity, -Infinity], [-Math.LN2, -Math.LN2, -Infinity]]);
    // the mask broadcasts; non-bool masks mean "nonzero"
    const rowMask = np.array([1, 0, 1]);
    const s = refSoftmax([0, 2], [2], [0], false);
    await expectClose(nn.softmax(np.array([[1, 9, 1], [0, 9, 2]]), { where: rowMask }), [[0.5, 0, 0.5], [s[0]!, 0, s[1]!]], { rtol: 1e-6 });
  });

  test("derivatives: checkGrads to order 2, with and without masks", async () => {
    const v = randomValues(24, 33, -2, 2);
    const x = np.array(nested(v, [2, 3, 4]));
    const mv = randomValues(24, 34).map((r) => r > -0.3);
    for (let k = 0; k < 4; k++) mv[k] = false; // a fully masked row
    const m = np.array(mv).reshape(2, 3, 4);
    for (const f of [nn.softmax, nn.logSoftmax]) {
      await checkGrads((a: Array) => f(a), [x], { order: 2 });
      await checkGrads((a: Array) => f(a, [0, 2]), [x], { order: 2 });
      // (masked logSoftmax entries are -inf: compare the live ones)
      await checkGrads((a: Array) => np.where(m, f(a, { where: m }), 0), [x], { order: 2 });
    }
    // a -inf entry (unmasked) is fine too
    await checkGrads((a: Array) => nn.softmax(a), [np.array([[-Infinity, 0.5, 1], [0.1, 0.2, -0.3]])], { order: 2 });
  });

  test("gradients: analytic VJP, zero (not NaN) at masked entries and fully masked rows", async () => {
    const v = randomValues(12, 35, -3, 3);
    const u = randomValues(12, 36, -1, 1);
    const x = np.array(nested(v, [3, 4]));
    const [y, back] = vjp((a: Array) => nn.softmax(a), x);
    const ys = await y.data();
    const want: number[] = [];
    for (let r = 0; r < 3; r++) {
      let dot = 0;
      for (let c = 0; c < 4; c++) dot += u[r * 4 + c]! * ys[r * 4 + c]!;
      for (let c = 0; c < 4; c++) want.push(ys[r * 4 + c]! * (u[r * 4 + c]! - dot));
    }
    await expectClose(back(np.array(nested(u, [3, 4])))[0], nested(want, [3, 4]), { rtol: 1e-5, atol: 1e-7 });

    const bad = np.array([[NaN, 1, Infinity, 2], [1, 2, 3, 4], [-Infinity, 0, 1, 2]]);
    const bm = np.array([[false, true, false, true], [false, false, false, false], [false, true, true, true]]);
    const w = np.array(nested(u, [3, 4]));
    for (const f of [nn.softmax, nn.logSoftmax]) {
      const g = grad((a: Array) => np.where(bm, f(a, { where: bm }), 0).mul(w).sum())(bad);
      const gv = await g.data();
      for (const val of gv) expect(Number.isFinite(val)).toBe(true);
      const bmv = (await bm.data()) as Uint8Array;
      bmv.forEach((keep, i) => {
        if (!keep) expect(gv[i]).toBe(0);
      });
    }
    // plain sum of a masked softmax: constant per live row, so the gradient is 0 everywhere
    await expectClose(grad((a: Array) => nn.softmax(a, { where: bm }).sum())(bad), [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], { atol: 1e-6 });
  });

  test("float16 and integer inputs", async () => {
    const v = randomValues(10, 37, -4, 4).map((a) => Math.round(a * 32) / 32);
    const h = np.array(nested(v, [2, 5]), { dtype: "float16" });
    const sm = nn.softmax(h);
    expect(sm.dtype).toBe("float16");
    await expectClose(sm, nested(refSoftmax(v, [2, 5], [1], false), [2, 5]), { rtol: 2e-3, atol: 1e-4 });
    const ls = nn.logSoftmax(h, { where: np.array([true, true, false, true, true]) });
    expect(ls.dtype).toBe("float16");
    await expectClose(ls, nested(refSoftmax(v, [2, 5], [1], true, [true, true, false, true, true, true, true, false, true, true]), [2, 5]), { rtol: 2e-3, atol: 2e-3 });
    const i = nn.softmax(np.array([0, 1, 2], { dtype: "int32" }));
    expect(i.dtype).toBe("float32");
    await expectClose(i, refSoftmax([0, 1, 2], [3], [0], false));
  });

  test("vmap equals a loop (batched masks too)", async () => {
    const v = randomValues(24, 38, -3, 3);
    const X = np.array(nested(v, [4, 6]));
    const M = np.array(randomValues(24, 39).map((r) => r > -0.5)).reshape(4, 6);
    const rows = [0, 1, 2, 3];
    await expectClose(vmap((a: Array) => nn.softmax(a))(X), await np.stack(rows.map((i) => nn.softmax(X.get(i)))).toArray(), { rtol: 1e-6 });
    const masked = vmap((a: Array, m: Array) => nn.logSoftmax(a, { where: m }))(X, M);
    await expectClose(masked, await np.stack(rows.map((i) => nn.logSoftmax(X.get(i), { where: M.get(i) }))).toArray(), { rtol: 1e-6 });
    const gf = grad((a: Array, m: Array) => nn.softmax(a, { where: m }).mul(np.arange(6)).sum());
    await expectClose(vmap(gf)(X, M), await np.stack(rows.map((i) => gf(X.get(i), M.get(i)))).toArray(), { rtol: 1e-5, atol: 1e-7 });
  });

  test("arrays with no entries keep their shape, as in JAX", async () => {
    // JAX: jax.nn.softmax(jnp.zeros((2, 0))).shape == (2, 0), and the same for the others
    for (const shape of [[2, 0], [0, 3], [0]]) {
      const x = np.zeros(shape);
      expect(nn.softmax(x).shape).toEqual(shape);
      expect(nn.logSoftmax(x).shape).toEqual(shape);
      expect(nn.softmax(x, 0).shape).toEqual(shape);
      expect(grad((a: Array) => nn.softmax(a).sum())(x).shape).toEqual(shape);
    }
    await expectClose(nn.softmax(np.zeros([2, 0])), [[], []]);
  });
});
