import { expect, test } from "vitest";
import { IndexError, np } from "../index.js";
import { describeDevices, expectEqual, nested, randomValues, rng } from "../../test/helpers.js";

/** JAX's ascending order: NaN last, -0 equal to +0, ties by position. */
function cmpKeys(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Stable argsort of a JS list (independent of the library). */
function refArgsort(xs: readonly number[]): number[] {
  return xs.map((_, i) => i).sort((i, j) => cmpKeys(xs[i]!, xs[j]!) || i - j);
}

/** Row-wise reference sort/argsort of a row-major [rows, n] list. */
function refRows(values: readonly number[], rows: number, n: number): { sorted: number[]; perm: number[] } {
  const sorted: number[] = [];
  const perm: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = values.slice(r * n, (r + 1) * n);
    const p = refArgsort(row);
    perm.push(...p);
    sorted.push(...p.map((i) => row[i]!));
  }
  return { sorted, perm };
}

/** Integer-valued random keys in [0, k) so that ties are frequent. */
function randomInts(n: number, seed: number, k: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Math.floor(r() * k));
}

/** Exact comparison that distinguishes -0 from +0. */
async function expectBits(actual: ReturnType<typeof np.array>, expected: number[]): Promise<void> {
  const got = Array.from(await actual.data());
  expect(got.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const ok = Object.is(got[i], expected[i]) || (Number.isNaN(got[i]) && Number.isNaN(expected[i]));
    if (!ok) expect.fail(`element ${i}: got ${Object.is(got[i], -0) ? "-0" : got[i]}, expected ${Object.is(expected[i], -0) ? "-0" : expected[i]}`);
  }
}

describeDevices("np sorting", () => {
  test("small sorts and Array methods", async () => {
    const x = np.array([3, 1, 2]);
    await expectEqual(np.sort(x), [1, 2, 3], "float32");
    await expectEqual(np.argsort(x), [1, 2, 0], "int32");
    await expectEqual(x.sort(), [1, 2, 3]);
    await expectEqual(x.argsort(), [1, 2, 0]);
    await expectEqual(np.sort(np.array([5])), [5]);
    await expectEqual(np.argsort(np.array([5])), [0]);
    await expectEqual(np.sort(np.array([2, 1])), [1, 2]);
    await expectEqual(np.argsort(np.array([2, 1])), [1, 0]);
    await expectEqual(np.argsort(np.array([1, 1])), [0, 1]);
    await expectEqual(np.sort(np.array([-5, 10, -7.5, 0.25])), [-7.5, -5, 0.25, 10]);
    const e = np.sort(np.zeros([0]));
    expect(e.shape).toEqual([0]);
    expect(await e.data()).toEqual(new Float32Array(0));
    const ea = np.argsort(np.zeros([2, 0]));
    expect(ea.shape).toEqual([2, 0]);
    expect(await ea.data()).toEqual(new Int32Array(0));
    const eb = np.sort(np.zeros([0, 3]), 1, { descending: true });
    expect(eb.shape).toEqual([0, 3]);
    expect(await eb.data()).toEqual(new Float32Array(0));
  });

  test("sort and argsort along each axis", async () => {
    const m = np.array([[3, 1, 2], [0, 5, 4]]);
    await expectEqual(np.sort(m), [[1, 2, 3], [0, 4, 5]]);
    await expectEqual(np.sort(m, 1), [[1, 2, 3], [0, 4, 5]]);
    await expectEqual(np.sort(m, 0), [[0, 1, 2], [3, 5, 4]]);
    await expectEqual(np.sort(m, -2), [[0, 1, 2], [3, 5, 4]]);
    await expectEqual(np.argsort(m, 0), [[1, 0, 0], [0, 1, 1]]);
    await expectEqual(np.argsort(m, 1), [[1, 2, 0], [0, 2, 1]]);
    await expectEqual(m.sort(0), [[0, 1, 2], [3, 5, 4]]);
    await expectEqual(m.argsort(0), [[1, 0, 0], [0, 1, 1]]);
    // 3-D, every axis, against a reference
    const shape = [3, 4, 5];
    const v = randomInts(60, 7, 6).map((t) => t - 2.5);
    const x = np.array(nested(v, shape));
    for (let axis = 0; axis < 3; axis++) {
      const sorted = new globalThis.Array<number>(60);
      const perm = new globalThis.Array<number>(60);
      const strides = [20, 5, 1];
      const others = [0, 1, 2].filter((d) => d !== axis);
      for (let a = 0; a < shape[others[0]!]!; a++) {
        for (let b = 0; b < shape[others[1]!]!; b++) {
          const base = a * strides[others[0]!]! + b * strides[others[1]!]!;
          const idx = Array.from({ length: shape[axis]! }, (_, k) => base + k * strides[axis]!);
          const p = refArgsort(idx.map((i) => v[i]!));
          p.forEach((src, k) => {
            perm[idx[k]!] = src;
            sorted[idx[k]!] = v[idx[src]!]!;
          });
        }
      }
      await expectEqual(np.sort(x, axis), nested(sorted, shape));
      await expectEqual(np.argsort(x, axis), nested(perm, shape));
      await expectEqual(np.argsort(x, axis - 3), nested(perm, shape));
    }
  });

  test("axis=null flattens; 0-d inputs", async () => {
    const m = np.array([[3, 1], [2, 0]]);
    await expectEqual(np.sort(m, null), [0, 1, 2, 3]);
    await expectEqual(np.argsort(m, null), [3, 1, 2, 0]);
    await expectEqual(np.sort(np.array(7)), 7);
    const a = np.argsort(np.array(7));
    expect(a.shape).toEqual([]);
    expect(a.dtype).toBe("int32");
    expect(a.device).toBe(m.device);
    await expectEqual(a, 0);
    await expectEqual(np.sort(np.array(7), null), [7]);
    await expectEqual(np.argsort(np.array(7), null), [0]);
    await expectEqual(np.sort(np.array(7), 0), 7);
    expect(() => np.sort(np.array(7), 1)).toThrow(IndexError);
    expect(() => np.argsort(np.array(7), -2)).toThrow(/np\.argsort: axis -2 .*scalar/);
    expect(() => np.sort(m, 2)).toThrow(/np\.sort: axis 2 is out of bounds .*-2\.\.1/);
    expect(() => np.argsort(m, -3)).toThrow(/np\.argsort: axis -3/);
  });

  test("stability: equal keys keep their order", async () => {
    const keys = randomInts(1000, 3, 5);
    const x = np.array(keys);
    await expectEqual(np.argsort(x), refArgsort(keys));
    await expectEqual(np.argsort(np.array(keys, { dtype: "int32" })), refArgsort(keys));
    await expectEqual(np.argsort(np.zeros([37])), Array.from({ length: 37 }, (_, i) => i));
  });

  test("NaNs last, -0 equal to +0 (ties keep their order), infinities", async () => {
    // JAX 0.10.2: jnp.sort / jnp.argsort of this float32 list
    const v = [NaN, 3, -0, Infinity, 0, NaN, -Infinity, -0, 1, 0];
    const x = np.array(v);
    await expectBits(np.sort(x), [-Infinity, -0, 0, -0, 0, 1, 3, Infinity, NaN, NaN]);
    await expectEqual(np.argsort(x), [6, 2, 4, 7, 9, 8, 1, 3, 0, 5]);
    // descending is the reverse of the stable ascending sort: [1, 0, -0, -0, 0] as JAX
    const z = np.array([0, -0, 1, -0, 0]);
    await expectBits(np.sort(z, -1, { descending: true }), [1, 0, -0, -0, 0]);
    await expectEqual(np.argsort(z, -1, { descending: true }), [2, 0, 1, 3, 4]);
    await expectEqual(np.argsort(x), refArgsort(v));
    // a NaN in every row of a 2-D array
    const m = np.array([[NaN, 2, 1], [5, NaN, -1]]);
    await expectEqual(np.sort(m, 1), [[1, 2, NaN], [-1, 5, NaN]]);
    await expectEqual(np.sort(m, 0), [[5, 2, -1], [NaN, NaN, 1]]);
    await expectEqual(np.argsort(m, 0), [[1, 0, 1], [0, 1, 0]]);
    // subnormals keep their exact order
    const sub = [1e-40, -1e-40, 0, 1.401298464324817e-45, -1.401298464324817e-45, 1e-38];
    await expectBits(np.sort(np.array(sub)), [-1e-40, -1.401298464324817e-45, 0, 1.401298464324817e-45, 1e-40, 1e-38].map(Math.fround));
    await expectEqual(np.argsort(np.array(sub)), [1, 4, 2, 3, 0, 5]);
    // float16 keys
    const h = np.array([NaN, 0.5, -0, -2, 0, 65504], { dtype: "float16" });
    await expectBits(np.sort(h), [-2, -0, 0, 0.5, 65504, NaN]);
    await expectEqual(np.argsort(h), [3, 2, 4, 1, 5, 0]);
    expect(np.sort(h).dtype).toBe("float16");
  });

  test("descending: largest first, NaNs first, ties keep original order", async () => {
    const x = np.array([1, 3, 2, 3, NaN, 1]);
    await expectEqual(np.sort(x, -1, { descending: true }), [NaN, 3, 3, 2, 1, 1]);
    await expectEqual(np.argsort(x, -1, { descending: true }), [4, 1, 3, 2, 0, 5]);
    await expectEqual(np.argsort(np.array([NaN, 1, NaN, 5]), 0, { descending: true }), [0, 2, 3, 1]);
    const h = np.array([0.5, -1, 0.5, 2], { dtype: "float16" });
    await expectEqual(np.sort(h, -1, { descending: true }), [2, 0.5, 0.5, -1], "float16");
    await expectEqual(np.argsort(h, -1, { descending: true }), [3, 0, 2, 1]);
    const m = np.array([[2, 2, 9], [9, 2, 2]]);
    await expectEqual(np.argsort(m, 1, { descending: true }), [[2, 0, 1], [0, 1, 2]]);
    await expectEqual(np.argsort(m, 0, { descending: true }), [[1, 0, 0], [0, 1, 1]]);
    await expectEqual(np.sort(m, 0, { descending: true }), [[9, 2, 9], [2, 2, 2]]);
    await expectEqual(np.argsort(m, null, { descending: true }), [2, 3, 0, 1, 4, 5]);
    // against a reference on many ties
    const keys = randomInts(300, 12, 4);
    const want = keys.map((_, i) => i).sort((i, j) => keys[j]! - keys[i]! || i - j);
    await expectEqual(np.argsort(np.array(keys, { dtype: "int32" }), 0, { descending: true }), want);
  });

  test("int32, uint32 and bool keys", async () => {
    const iv = [5, -2147483648, 2147483647, -1, 0, -1, 7];
    const xi = np.array(iv, { dtype: "int32" });
    await expectEqual(np.sort(xi), [-2147483648, -1, -1, 0, 5, 7, 2147483647], "int32");
    await expectEqual(np.argsort(xi), [1, 3, 5, 4, 0, 6, 2]);
    const uv = [4294967295, 0, 2147483648, 7, 4294967295, 1];
    const xu = np.array(new Uint32Array(uv));
    await expectEqual(np.sort(xu), [0, 1, 7, 2147483648, 4294967295, 4294967295], "uint32");
    await expectEqual(np.argsort(xu), [1, 5, 3, 2, 0, 4]);
    const xb = np.array([true, false, true, false, false]);
    await expectEqual(np.sort(xb), [false, false, false, true, true], "bool");
    await expectEqual(np.argsort(xb), [1, 3, 4, 0, 2]);
    // uint32 max near the padding of a non-power-of-two row
    const u3 = np.array(new Uint32Array([4294967295, 4294967295, 3]));
    await expectEqual(np.sort(u3), [3, 4294967295, 4294967295]);
    await expectEqual(np.argsort(u3), [2, 0, 1]);
    // long int32 rows
    const big = randomInts(1025, 9, 100000).map((t) => t - 50000);
    const ref = refArgsort(big);
    await expectEqual(np.argsort(np.array(big, { dtype: "int32" })), ref);
    await expectEqual(np.sort(np.array(big, { dtype: "int32" })), ref.map((i) => big[i]!));
  });

  test("lengths that are not powers of two, and many rows", async () => {
    for (const n of [3, 1000, 1025, 3000]) {
      const v = randomValues(n, n);
      const ref = refArgsort(v);
      const x = np.array(v);
      await expectEqual(np.argsort(x), ref);
      await expectEqual(np.sort(x), ref.map((i) => v[i]!));
    }
    // many short rows, with ties
    const rows = 500;
    const n = 7;
    const v = randomInts(rows * n, 44, 5);
    const r = refRows(v, rows, n);
    const x = np.array(nested(v, [rows, n]));
    await expectEqual(np.sort(x), nested(r.sorted, [rows, n]));
    await expectEqual(np.argsort(x), nested(r.perm, [rows, n]));
    // many longer rows
    const v2 = randomValues(400 * 300, 45);
    const r2 = refRows(v2, 400, 300);
    const x2 = np.array(new Float32Array(v2)).reshape(400, 300);
    await expectEqual(np.argsort(x2), nested(r2.perm, [400, 300]));
    await expectEqual(np.sort(x2), nested(r2.sorted, [400, 300]));
    // the same data sorted along axis 0 of the transpose
    await expectEqual(np.argsort(x.T, 0), transposeNested(r.perm, rows, n));
  });

  test("sorting non-contiguous views", async () => {
    const v = randomValues(24, 5);
    const x = np.array(nested(v, [4, 6]));
    // reversed columns
    const rv: number[] = [];
    for (let i = 0; i < 4; i++) for (let j = 5; j >= 0; j--) rv.push(v[i * 6 + j]!);
    const r = refRows(rv, 4, 6);
    await expectEqual(np.sort(x.get(":", "::-1")), nested(r.sorted, [4, 6]));
    await expectEqual(np.argsort(x.get(":", "::-1")), nested(r.perm, [4, 6]));
    // strided slice
    const sv: number[] = [];
    for (let i = 1; i < 4; i += 2) for (let j = 0; j < 6; j += 2) sv.push(v[i * 6 + j]!);
    const s = refRows(sv, 2, 3);
    await expectEqual(np.sort(x.get("1::2", "::2")), nested(s.sorted, [2, 3]));
    // broadcast rows
    const b = np.broadcastTo(np.array([3, 1, 2]), [4, 3]);
    await expectEqual(np.argsort(b), [[1, 2, 0], [1, 2, 0], [1, 2, 0], [1, 2, 0]]);
    await expectEqual(np.argsort(b, 0), [[0, 0, 0], [1, 1, 1], [2, 2, 2], [3, 3, 3]]);
  });
});

/** The transpose of a row-major [rows, n] list, as nested lists of shape [n, rows]. */
function transposeNested(values: readonly number[], rows: number, n: number) {
  const out: number[] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < rows; i++) out.push(values[i * n + j]!);
  return nested(out, [n, rows]);
}
