/**
 * The jax.numpy functions added for issue 15 against JAX 0.10.2 (scripts/refs/numpy/surface.py):
 * values and dtypes, one jit, one vmap and one grad over the whole table, on every device; then
 * vectorize (against plain calls) and the errors of bad options.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { type Array, defaultDevice, jit, np } from "../index.js";
import { CASES } from "../../test/refs/numpy/surface.js";
import { CASES as CASES2 } from "../../test/refs/numpy/surface2.js";
import { CASES as CASES3 } from "../../test/refs/numpy/surface3.js";
import { caseTests, chunks } from "../../test/np-cases.js";
import { describeDevices, expectClose } from "../../test/helpers.js";

describeDevices("np surface", (device) => {
  chunks({ ...CASES, ...CASES2, ...CASES3 }, 32).forEach((part, i) => caseTests(`surface part ${i + 1}`, part, device, { rtol: 2e-5, atol: 2e-6 }));
});

// The tests below read values on the host (unique, compress, choose's "raise" ...): CPU.
describe("np surface, host reads [cpu]", () => {
  beforeAll(() => {
    defaultDevice("cpu");
  });

test("np.vectorize maps scalar functions and gufunc signatures over broadcast axes", async () => {
  const x = np.array([[1, 2, 3], [4, 5, 6]]);
  const f = np.vectorize((a: Array, b: Array) => np.where(a.gt(b), a.sub(b), a.add(b)));
  await expectClose(f(x, 2) as never, [[3, 4, 1], [2, 3, 4]]);
  const dot = np.vectorize((a: Array, b: Array) => np.sum(a.mul(b)), { signature: "(n),(n)->()" });
  await expectClose(dot(x, np.array([1, 0, -1])) as never, [-2, -2]);
  const scaled = np.vectorize((a: Array, s: number) => a.mul(s), { excluded: [1] });
  await expectClose(jit((a: Array) => scaled(a, 3) as Array)(x), [[3, 6, 9], [12, 15, 18]]);
  expect(() => np.vectorize((a: Array) => a, { signature: "(n)" })).toThrow(/invalid signature "\(n\)"/);
  expect(() => np.vectorize((a: Array) => a, { sig: "()->()" } as never)).toThrow(/unknown option "sig"/);
});

test("np functions of functions: applyAlongAxis, applyOverAxes, piecewise, fromfunction (against plain loops)", async () => {
  const x = np.arange(24).reshape([2, 3, 4]).astype("float32");
  // a 1-D function returning 2 values: the result's axis replaces axis 1
  const r = np.applyAlongAxis((v: Array) => np.stack([np.sum(v), np.max(v)]), 1, x);
  expect(r.shape).toEqual([2, 2, 4]);
  await expectClose(r.get(":", 0), [[12, 15, 18, 21], [48, 51, 54, 57]]);
  await expectClose(r.get(":", 1), [[8, 9, 10, 11], [20, 21, 22, 23]]);
  await expectClose(np.applyAlongAxis((v: Array, s: unknown) => np.sum(v).mul(s as number), -1, x, 2).get(0), [12, 44, 76]);
  const o = np.applyOverAxes((a: Array, ax: number) => np.sum(a, ax), x, [0, 2]);
  expect(o.shape).toEqual([1, 3, 1]);
  await expectClose(o.reshape([3]), [60, 92, 124]);
  const p = np.array([-2, -0.5, 0, 1.5, 3]);
  await expectClose(np.piecewise(p, [p.lt(0), p.gt(1)], [(v: Array) => v.neg(), (v: Array) => v.mul(2), 7]), [2, 0.5, 7, 3, 6]);
  await expectClose(np.piecewise(p, [p.lt(0)], [1]), [1, 1, 0, 0, 0]);
  await expectClose(np.fromfunction((i: Array, j: Array) => i.mul(10).add(j), [2, 3]), [[0, 1, 2], [10, 11, 12]]);
  await expectClose(np.frombuffer(new Float32Array([1, 2, 3]).buffer, { offset: 4 }), [2, 3]);
  await expectClose(np.frombuffer(new Int16Array([5, -6]), "int16"), [5, -6], { dtype: "int16" });
  await expectClose(np.fromstring("1, 2.5, 3", { sep: "," }), [1, 2.5, 3]);
  expect([np.isdtype("int8", "signed integer"), np.isdtype("uint8", "signed integer"), np.isdtype("float16", ["integral", "real floating"])]).toEqual([true, false, true]);
  expect([np.issubdtype("uint16", "integer"), np.issubdtype("float32", "integer"), np.issubdtype(np.ones([2]), "floating")]).toEqual([true, false, true]);
  expect([np.iterable([1]), np.iterable(3), np.iterable(np.ones([2])), np.iterable(np.ones([]))]).toEqual([true, false, true, false]);
  expect([np.isscalar(np.ones([])), np.isscalar(np.ones([1])), np.ndim(x), np.size(x, 1)]).toEqual([true, false, 3, 3]);
  expect(np.shape(x)).toEqual([2, 3, 4]);
  const [mr, mc] = np.maskIndices(3, np.triu, 1);
  await expectClose(mr!, [0, 0, 1], { dtype: "int32" });
  await expectClose(mc!, [1, 2, 2], { dtype: "int32" });
});

test("shape functions and products take JAX's keywords as options, and check them", async () => {
  const x = np.arange(6);
  await expectClose(np.reshape(x, [2, 3], "F"), [[0, 2, 4], [1, 3, 5]], { dtype: "int32" });
  await expectClose(np.reshape(x, { shape: [3, 2], order: "F" }), [[0, 3], [1, 4], [2, 5]], { dtype: "int32" });
  await expectClose(np.ravel(np.reshape(x, [2, 3]), "F"), [0, 3, 1, 4, 2, 5], { dtype: "int32" });
  const m = np.reshape(x, [2, 3]);
  await expectClose(np.squeeze(np.ones([1, 2, 1]), { axis: 0 }), [[1], [1]]);
  await expectClose(np.transpose(m, { axes: [1, 0] }), [[0, 3], [1, 4], [2, 5]], { dtype: "int32" });
  await expectClose(np.roll(m, 1, { axis: 1 }), [[2, 0, 1], [5, 3, 4]], { dtype: "int32" });
  await expectClose(np.flip(m, { axis: 1 }), [[2, 1, 0], [5, 4, 3]], { dtype: "int32" });
  await expectClose(np.repeat(m, 2, { axis: 0, totalRepeatLength: 4 }).get(":", 0), [0, 0, 3, 3], { dtype: "int32" });
  await expectClose(np.split(m, 3, { axis: 1 })[2]!, [[2], [5]], { dtype: "int32" });
  await expectClose(np.tril(np.ones([2, 2]), { k: -1 }), [[0, 0], [1, 0]]);
  await expectClose(np.clip(np.array([-2, 0.5, 3]), { min: 0, max: 1 }), [0, 0.5, 1]);
  await expectClose(np.round(np.array([1.234]), { decimals: 1 }), [1.2]);
  const i8 = np.array([100, 100], { dtype: "int8" });
  const prod = np.matmul(i8, i8, { preferredElementType: "int32" });
  expect(prod.dtype).toBe("int32");
  expect(await prod.item()).toBe(20000);
  expect(np.einsum("i,i->", i8, i8, { preferredElementType: "int32" }).dtype).toBe("int32");
  expect(np.tensordot(np.ones([2, 3]), np.ones([3]), { axes: 1 }).shape).toEqual([2]);
  expect(() => np.reshape(x, [2, 3], "A" as never)).toThrow(/unknown order "A"; accepted: "C", "F"/);
  expect(() => np.squeeze(m, { axes: 0 } as never)).toThrow(/np\.squeeze: unknown option "axes" \(did you mean "axis"\?\)/);
  expect(() => np.matmul(m, m.T, { precison: "highest" } as never)).toThrow(/np\.matmul: unknown option "precison" \(did you mean "precision"\?\)/);
  expect(() => np.einsum("ij->ji", m, { optimise: true } as never)).toThrow(/unknown option "optimise"/);
  expect(() => np.astype(m, "float32", { cpy: true } as never)).toThrow(/np\.astype: unknown option "cpy"/);
  expect(() => np.repeat(m, 2, { axis: 0, totalRepeatLength: 5 })).toThrow(/totalRepeatLength 5 differs from the result's length 4/);
  expect(() => np.roll(m, 1, 0, { axis: 1 })).toThrow(/axis was given both/);
});

test("np surface: unknown options, modes and misplaced arguments are errors listing the accepted ones", () => {
  const x = np.array([1, 2, 3]);
  expect(() => np.diff(x, { prepnd: 0 } as never)).toThrow(/np\.diff: unknown option "prepnd" \(did you mean "prepend"\?\)\. Accepted options: n, axis, prepend, append/);
  expect(() => np.diff(x, 1, 0, 1 as never, 2 as never, 3 as never)).toThrow(/takes at most 4 positional/);
  expect(() => np.diff(x, 1, { n: 2 })).toThrow(/n was given both/);
  expect(() => np.searchsorted(x, 2, { side: "middle" as never })).toThrow(/unknown side "middle"; accepted: "left", "right"/);
  expect(() => np.searchsorted(x, 2, { method: "fast" as never })).toThrow(/unknown method "fast"/);
  expect(() => np.convolve(x, x, { mode: "circular" as never })).toThrow(/unknown mode "circular"; accepted: "full", "same", "valid"/);
  expect(() => np.meshgrid(x, x, { indexing: "ji" as never })).toThrow(/unknown indexing "ji"; accepted: "xy", "ij"/);
  expect(() => np.isclose(x, x, { rtl: 1 } as never)).toThrow(/unknown option "rtl" \(did you mean "rtol"\?\)/);
  expect(() => np.nansum(x, { keepdim: true } as never)).toThrow(/np\.nansum: unknown option "keepdim"/);
  expect(() => np.unique(x, { axis: 0 })).toThrow(/only axis=null/);
  expect(() => np.uniqueAll(x, { sizee: 2 } as never)).toThrow(/unknown option "sizee"/);
  expect(() => np.putAlongAxis(np.zeros([2, 2]), np.zeros([2, 1], { dtype: "int32" }), 1, 1)).toThrow(/inplace: false/);
  expect(() => np.histogram(x, { bins: 0 })).toThrow(/bins must be a positive integer/);
  expect(() => np.polyfit(x, x, 1, { full: true })).toThrow(/full=true .* not offered/);
  expect(() => np.gcd(np.array([1.5]), 2)).toThrow(/needs integer arrays, got float32/);
  expect(() => jit((a: Array) => np.bincount(a))(np.array([1, 2], { dtype: "int32" }))).toThrow(/static \{ length \}/);
  expect(() => jit((a: Array) => np.unique(a) as Array)(x)).toThrow(/static \{ size \}/);
  expect(() => np.put(x, np.array([0], { dtype: "int32" }), 1, "raise" as never, { inplace: false })).toThrow(/unknown mode "raise"; accepted: "clip", "wrap"/);
  expect(() => np.choose(np.array([0, 2], { dtype: "int32" }), [x, x])).toThrow(/index 2 is out of bounds for size 2; use mode "clip" or "wrap"/);
  expect(() => jit((i: Array) => np.choose(i, [x, x]))(np.array([0, 1, 0], { dtype: "int32" }))).toThrow(/mode "raise" checks the values/);
  expect(() => np.fillDiagonal(np.zeros([2, 2]), 1)).toThrow(/inplace: false/);
  expect(() => np.canCast("int8", "int32", "sometimes" as never)).toThrow(/unknown casting "sometimes"/);
  expect(() => np.isdtype("int8", "complex" as never)).toThrow(/unknown kind "complex"/);
  expect(() => np.fromstring("1 2")).toThrow(/give \{ sep \}/);
  expect(() => np.frombuffer(new Uint8Array(3), "float32")).toThrow(/not a whole number of float32 elements/);
  expect(() => np.delete(x, 5)).toThrow(/position 5 is out of bounds for axis 0 of size 3/);
  expect(() => np.cumulativeSum(np.ones([2, 2]))).toThrow(/axis is required/);
  expect(() => np.gradient(x, { edgeOrder: 2 })).toThrow(/only edgeOrder 1/);
  expect(() => np.block([[x], x] as never)).toThrow(/nested to different depths/);
  expect(() => np.add(x, x, { where: x.gt(1) })).toThrow(/np\.add: takes no options \(JAX's ufunc keywords out and where are not supported\)/);
  expect(() => np.exp(x, { out: x })).toThrow(/np\.exp: takes no options/);
  expect(() => np.less(x, 2, { where: true })).toThrow(/np\.less: takes no options/);
  expect([x, x].map(np.exp).length).toBe(2); // Array.prototype.map's index and list are not options
});
});
