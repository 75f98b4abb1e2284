import { expect, test } from "vitest";
import { type Array, DTypeError, ShapeError, lax, np } from "../index.js";
import { describeDevices, expectClose, randomValues, forEachIndex } from "../../test/helpers.js";
import { contiguousStrides as stridesOf, sizeOf } from "../shape.js";

// ---------------------------------------------------------------------------------------------
// A plain float64 reference of XLA's ConvGeneralDilated, written from the operation semantics:
// logical layouts lhs [N, C, ...S], rhs [O, I, ...K], out [N / B, O, ...S'].
// ---------------------------------------------------------------------------------------------

type Pads = [number, number][];

interface RefCfg {
  strides: number[];
  padding: Pads;
  lhsDil?: number[];
  rhsDil?: number[];
  groups?: number;
  batchGroups?: number;
}

/** numpy's `transpose(x, perm)` on flat row-major data. */
function permuteFlat(data: ArrayLike<number>, shape: readonly number[], perm: readonly number[]): { data: number[]; shape: number[] } {
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = stridesOf(shape);
  const out: number[] = [];
  forEachIndex(outShape, (idx) => {
    let off = 0;
    idx.forEach((v, j) => (off += v * inStrides[perm[j]!]!));
    out.push(data[off]!);
  });
  return { data: out, shape: outShape };
}

function invertPerm(perm: readonly number[]): number[] {
  const inv = new globalThis.Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

function refConv(x: ArrayLike<number>, xShape: readonly number[], w: ArrayLike<number>, wShape: readonly number[], cfg: RefCfg): { data: number[]; shape: number[] } {
  const [N, C, ...S] = xShape as number[];
  const [O, I, ...K] = wShape as number[];
  const ns = S.length;
  const lhsDil = cfg.lhsDil ?? S.map(() => 1);
  const rhsDil = cfg.rhsDil ?? S.map(() => 1);
  const G = cfg.groups ?? 1;
  const B = cfg.batchGroups ?? 1;
  expect(C, "reference: input features").toBe(I! * G);
  const outS = S.map((s, i) => {
    const dilatedIn = (s - 1) * lhsDil[i]! + 1;
    const padded = dilatedIn + cfg.padding[i]![0] + cfg.padding[i]![1];
    const dilatedK = (K[i]! - 1) * rhsDil[i]! + 1;
    return padded < dilatedK ? 0 : Math.floor((padded - dilatedK) / cfg.strides[i]!) + 1;
  });
  const NB = N! / B;
  const outShape = [NB, O!, ...outS];
  const xs = stridesOf(xShape);
  const ws = stridesOf(wShape);
  // every window tap as a multi-index, and its offset into one kernel slice
  const taps: number[][] = [];
  forEachIndex(K, (k) => taps.push([...k]));
  const out: number[] = [];
  forEachIndex(outShape, ([n, o, ...y]) => {
    const featureGroup = Math.floor(o! / (O! / G));
    const batchGroup = Math.floor(o! / (O! / B));
    const xn = batchGroup * NB + n!;
    // input offset along each spatial axis for each tap position, or -1 for padding/holes
    const along = y.map((yv, s) =>
      globalThis.Array.from({ length: K[s]! }, (_, k) => {
        const p = yv * cfg.strides[s]! + k * rhsDil[s]! - cfg.padding[s]![0]; // in the dilated, padded input
        if (p < 0 || p % lhsDil[s]! !== 0 || p / lhsDil[s]! >= S[s]!) return -1;
        return (p / lhsDil[s]!) * xs[2 + s]!;
      }),
    );
    let acc = 0;
    for (const k of taps) {
      let xOff = xn * xs[0]! + featureGroup * I! * xs[1]!;
      let wOff = o! * ws[0]!;
      let ok = true;
      for (let s = 0; s < ns; s++) {
        const a = along[s]![k[s]!]!;
        if (a < 0) ok = false;
        xOff += a;
        wOff += k[s]! * ws[2 + s]!;
      }
      if (!ok) continue;
      for (let c = 0; c < I!; c++) acc += x[xOff + c * xs[1]!]! * w[wOff + c * ws[1]!]!;
    }
    out.push(acc);
  });
  return { data: out, shape: outShape };
}

/** JAX's padtype_to_pads, computed on the (possibly lhs-dilated) input size. */
function stringPads(kind: "VALID" | "SAME" | "SAME_LOWER", inSizes: number[], kernel: number[], strides: number[]): Pads {
  return inSizes.map((n, i) => {
    if (kind === "VALID") return [0, 0];
    const out = Math.ceil(n / strides[i]!);
    const total = Math.max(0, (out - 1) * strides[i]! + kernel[i]! - n);
    const small = Math.floor(total / 2);
    return kind === "SAME" ? [small, total - small] : [total - small, small];
  });
}

/** [0, 1, ..., n - 1] */
function count(n: number): number[] {
  return globalThis.Array.from({ length: n }, (_, i) => i);
}

function arrayOf(values: readonly number[], shape: readonly number[]): Array {
  return np.array(new Float32Array(values)).reshape(shape as number[]);
}

/** Compares `actual` (shape and values) with flat float64 `want` within tolerance. */
async function checkClose(actual: Array, want: { data: readonly number[]; shape: readonly number[] }, rtol = 2e-5, atol = 2e-5): Promise<void> {
  expect(actual.shape).toEqual(want.shape);
  const got = await actual.data();
  expect(got.length).toBe(want.data.length);
  let worst = -1;
  let worstExcess = 0;
  let bad = 0;
  for (let i = 0; i < got.length; i++) {
    const w = want.data[i]!;
    const excess = Math.abs(got[i]! - w) - (atol + rtol * Math.abs(w));
    if (!(excess <= 0)) {
      bad++;
      if (worst < 0 || !(excess <= worstExcess)) {
        worst = i;
        worstExcess = excess;
      }
    }
  }
  if (bad > 0) {
    expect.fail(`${bad} of ${got.length} elements differ; worst at ${worst}: got ${got[worst]}, expected ${want.data[worst]} (shape ${JSON.stringify(want.shape)})`);
  }
}

interface Case {
  x: number[];
  w: number[];
  strides: number[];
  padding: "VALID" | "SAME" | "SAME_LOWER" | Pads;
  lhsDil?: number[];
  rhsDil?: number[];
  groups?: number;
  batchGroups?: number;
}

let seed = 100;

/** Runs one NC...-layout case through lax.convGeneralDilated and the reference. */
async function runCase(c: Case, tol?: { rtol?: number; atol?: number }): Promise<void> {
  const xv = randomValues(sizeOf(c.x), seed++);
  const wv = randomValues(sizeOf(c.w), seed++);
  const S = c.x.slice(2);
  const K = c.w.slice(2);
  const lhsDil = c.lhsDil ?? S.map(() => 1);
  const rhsDil = c.rhsDil ?? S.map(() => 1);
  const padding = typeof c.padding === "string"
    ? stringPads(c.padding, S.map((s, i) => (s - 1) * lhsDil[i]! + 1), K.map((k, i) => (k - 1) * rhsDil[i]! + 1), c.strides)
    : c.padding;
  const want = refConv(xv, c.x, wv, c.w, { strides: c.strides, padding, lhsDil, rhsDil, groups: c.groups, batchGroups: c.batchGroups });
  const got = lax.convGeneralDilated(arrayOf(xv, c.x), arrayOf(wv, c.w), c.strides, c.padding, {
    lhsDilation: c.lhsDil,
    rhsDilation: c.rhsDil,
    featureGroupCount: c.groups,
    batchGroupCount: c.batchGroups,
  });
  await checkClose(got, want, tol?.rtol, tol?.atol);
}

test("reference convolution: hand-computed values", () => {
  // 1-D: [1, 2, 3, 4] (*) [1, 10] -> [21, 32, 43]
  expect(refConv([1, 2, 3, 4], [1, 1, 4], [1, 10], [1, 1, 2], { strides: [1], padding: [[0, 0]] }).data).toEqual([21, 32, 43]);
  // padding, stride 2, lhs dilation 2: dilated input [1, 0, 2, 0, 3] padded [0, 1, 0, 2, 0, 3, 0]
  expect(refConv([1, 2, 3], [1, 1, 3], [1, 10], [1, 1, 2], { strides: [2], padding: [[1, 1]], lhsDil: [2] }).data).toEqual([10, 20, 30]);
  // rhs dilation 2: taps at i and i + 2
  expect(refConv([1, 2, 3, 4], [1, 1, 4], [1, 10], [1, 1, 2], { strides: [1], padding: [[0, 0]], rhsDil: [2] }).data).toEqual([31, 42]);
  // two groups of one channel: out feature o reads channel o
  expect(refConv([1, 2, 3, 4], [1, 2, 2], [1, 1], [2, 1, 1], { strides: [1], padding: [[0, 0]], groups: 2 }).data).toEqual([1, 2, 3, 4]);
  // batch groups: out feature 0 reads batch 0, out feature 1 reads batch 1
  expect(refConv([1, 2, 3, 4], [2, 1, 2], [1, 100], [2, 1, 1], { strides: [1], padding: [[0, 0]], batchGroups: 2 }).data).toEqual([1, 2, 300, 400]);
  expect(stringPads("SAME", [5], [3], [2])).toEqual([[1, 1]]);
  expect(stringPads("SAME", [6], [4], [1])).toEqual([[1, 2]]);
  expect(stringPads("SAME_LOWER", [6], [4], [1])).toEqual([[2, 1]]);
});

describeDevices("lax.convGeneralDilated", () => {
  test("small exact examples", async () => {
    const x = np.array([[[1, 2, 3, 4]]]);
    const w = np.array([[[1, 10]]]);
    await expectClose(lax.convGeneralDilated(x, w, [1], "VALID"), [[[21, 32, 43]]]);
    await expectClose(lax.conv(x, w, [1], "SAME"), [[[21, 32, 43, 4]]]);
    await expectClose(lax.convGeneralDilated(x, w, [1], "SAME_LOWER"), [[[10, 21, 32, 43]]]);
    await expectClose(lax.convGeneralDilated(x, w, [2], [[1, 0]]), [[[10, 32]]]);
    // 2-D box filter
    const img = arrayOf(count(16), [1, 1, 4, 4]);
    const box = np.ones([1, 1, 2, 2]);
    await expectClose(lax.conv(img, box, [2, 2], "VALID"), [[[[10, 18], [42, 50]]]]);
  });

  test("1-D: VALID / SAME / SAME_LOWER / explicit padding, strides", async () => {
    await runCase({ x: [2, 3, 11], w: [4, 3, 3], strides: [1], padding: "VALID" });
    await runCase({ x: [2, 3, 11], w: [4, 3, 4], strides: [1], padding: "SAME" });
    await runCase({ x: [2, 3, 11], w: [4, 3, 4], strides: [1], padding: "SAME_LOWER" });
    await runCase({ x: [2, 3, 11], w: [4, 3, 3], strides: [2], padding: "SAME" });
    await runCase({ x: [2, 3, 10], w: [4, 3, 4], strides: [3], padding: "SAME_LOWER" });
    await runCase({ x: [1, 2, 9], w: [3, 2, 3], strides: [2], padding: [[3, 1]] });
    await runCase({ x: [1, 2, 9], w: [3, 2, 2], strides: [1], padding: [[0, 4]] });
  });

  test("2-D NCHW/OIHW: padding kinds and strides", async () => {
    await runCase({ x: [2, 3, 7, 6], w: [5, 3, 3, 3], strides: [1, 1], padding: "VALID" });
    await runCase({ x: [2, 3, 7, 6], w: [5, 3, 3, 2], strides: [1, 1], padding: "SAME" });
    await runCase({ x: [2, 3, 7, 6], w: [5, 3, 2, 4], strides: [1, 1], padding: "SAME_LOWER" });
    await runCase({ x: [2, 3, 9, 8], w: [4, 3, 3, 3], strides: [2, 2], padding: "SAME" });
    await runCase({ x: [2, 3, 9, 8], w: [4, 3, 3, 3], strides: [2, 1], padding: "VALID" });
    await runCase({ x: [1, 2, 6, 7], w: [3, 2, 3, 3], strides: [1, 2], padding: [[2, 0], [1, 3]] });
  });

  test("negative (cropping) padding", async () => {
    await runCase({ x: [1, 2, 10], w: [2, 2, 3], strides: [1], padding: [[-2, -1]] });
    await runCase({ x: [2, 2, 8, 9], w: [3, 2, 3, 2], strides: [1, 2], padding: [[-1, 2], [1, -3]] });
    // cropped with lhs dilation: crops dilated positions, including holes
    await runCase({ x: [1, 1, 6], w: [2, 1, 2], strides: [1], padding: [[-1, -2]], lhsDil: [2] });
  });

  test("3-D convolutions", async () => {
    await runCase({ x: [2, 2, 5, 6, 4], w: [3, 2, 3, 2, 2], strides: [1, 1, 1], padding: "VALID" });
    await runCase({ x: [1, 3, 5, 6, 7], w: [4, 3, 3, 3, 3], strides: [2, 1, 2], padding: "SAME" });
    await runCase({ x: [1, 2, 4, 5, 4], w: [2, 2, 2, 3, 2], strides: [1, 2, 1], padding: [[1, 0], [0, 2], [1, 1]], rhsDil: [2, 1, 1] });
  });

  test("lhs dilation (transposed convolution)", async () => {
    await runCase({ x: [2, 3, 5], w: [2, 3, 3], strides: [1], padding: [[2, 2]], lhsDil: [2] });
    await runCase({ x: [1, 2, 4, 5], w: [3, 2, 3, 3], strides: [1, 1], padding: [[2, 2], [1, 2]], lhsDil: [2, 2] });
    await runCase({ x: [1, 2, 4, 5], w: [3, 2, 4, 4], strides: [1, 1], padding: [[3, 3], [2, 3]], lhsDil: [2, 3] });
    await runCase({ x: [1, 2, 4, 5], w: [3, 2, 3, 3], strides: [2, 1], padding: [[1, 1], [0, 0]], lhsDil: [2, 2] });
  });

  test("lhs dilation gives the transpose of a strided convolution", async () => {
    // <conv(x, w, stride 2), y> == <x, conv(y dilated by 2, flipped w)> (1-D, one channel).
    const xv = randomValues(9, 7);
    const wv = randomValues(3, 8);
    const yv = randomValues(4, 9);
    const fwd = await lax.convGeneralDilated(arrayOf(xv, [1, 1, 9]), arrayOf(wv, [1, 1, 3]), [2], "VALID").data();
    const flipped = [...wv].reverse();
    const back = await lax.convGeneralDilated(arrayOf(yv, [1, 1, 4]), arrayOf(flipped, [1, 1, 3]), [1], [[2, 2]], { lhsDilation: [2] }).data();
    expect(back.length).toBe(9);
    let lhs = 0;
    let rhs = 0;
    fwd.forEach((v, i) => (lhs += v * yv[i]!));
    back.forEach((v, i) => (rhs += v * xv[i]!));
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-5);
  });

  test("rhs dilation (atrous convolution)", async () => {
    await runCase({ x: [2, 3, 12], w: [2, 3, 3], strides: [1], padding: "VALID", rhsDil: [2] });
    await runCase({ x: [1, 2, 9, 8], w: [3, 2, 3, 3], strides: [1, 1], padding: "SAME", rhsDil: [2, 2] });
    await runCase({ x: [1, 2, 9, 8], w: [3, 2, 3, 2], strides: [2, 1], padding: "SAME_LOWER", rhsDil: [2, 3] });
    await runCase({ x: [1, 2, 9, 8], w: [3, 2, 2, 2], strides: [1, 1], padding: "VALID", lhsDil: [2, 1], rhsDil: [3, 2] });
  });

  test("feature groups and depthwise convolution", async () => {
    await runCase({ x: [2, 4, 6, 5], w: [6, 2, 3, 3], strides: [1, 1], padding: "SAME", groups: 2 });
    await runCase({ x: [2, 6, 7], w: [9, 2, 3], strides: [2], padding: "VALID", groups: 3 });
    // depthwise: groups = channels, one input feature per group, channel multiplier 2
    await runCase({ x: [2, 4, 6, 6], w: [8, 1, 3, 3], strides: [1, 1], padding: "SAME", groups: 4 });
    await runCase({ x: [1, 3, 7, 7], w: [3, 1, 3, 3], strides: [2, 2], padding: "VALID", groups: 3, rhsDil: [1, 2] });
  });

  test("batch groups", async () => {
    await runCase({ x: [4, 3, 6], w: [4, 3, 3], strides: [1], padding: "VALID", batchGroups: 2 });
    await runCase({ x: [4, 2, 5, 5], w: [6, 2, 2, 2], strides: [1, 1], padding: "SAME", batchGroups: 2 });
    await runCase({ x: [6, 2, 5, 4], w: [6, 2, 3, 3], strides: [1, 1], padding: [[1, 1], [0, 0]], batchGroups: 3 });
  });

  test("NHWC/HWIO and other layouts via dimension numbers", async () => {
    const layouts: { spec: [string, string, string]; dn: { lhs: number[]; rhs: number[]; out: number[] } }[] = [
      { spec: ["NHWC", "HWIO", "NHWC"], dn: { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] } },
      { spec: ["NCHW", "HWIO", "NHWC"], dn: { lhs: [0, 1, 2, 3], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] } },
      { spec: ["NHWC", "OIHW", "NCHW"], dn: { lhs: [0, 3, 1, 2], rhs: [0, 1, 2, 3], out: [0, 1, 2, 3] } },
      { spec: ["CHWN", "IOHW", "HNWC"], dn: { lhs: [3, 0, 1, 2], rhs: [1, 0, 2, 3], out: [1, 3, 0, 2] } },
      // spatial axes pair up in the rhs spec's order: strides/padding follow "W" then "H"
      { spec: ["NCHW", "OIWH", "NCHW"], dn: { lhs: [0, 1, 3, 2], rhs: [0, 1, 2, 3], out: [0, 1, 3, 2] } },
    ];
    // logical shapes
    const [N, C, H, W, O, KH, KW] = [2, 3, 7, 6, 4, 3, 2];
    for (const { spec, dn } of layouts) {
      // logical (rhs-ordered spatial) sizes
      const spatialIn = spec[1].indexOf("H") < spec[1].indexOf("W") ? [H, W] : [W, H];
      const spatialK = spec[1].indexOf("H") < spec[1].indexOf("W") ? [KH, KW] : [KW, KH];
      const xLogical = [N, C, ...spatialIn];
      const wLogical = [O, C, ...spatialK];
      const xPhys = invertPerm(dn.lhs).map((j) => xLogical[j]!);
      const wPhys = invertPerm(dn.rhs).map((j) => wLogical[j]!);
      const xv = randomValues(sizeOf(xPhys), seed++);
      const wv = randomValues(sizeOf(wPhys), seed++);
      const xl = permuteFlat(xv, xPhys, dn.lhs);
      const wl = permuteFlat(wv, wPhys, dn.rhs);
      expect(xl.shape).toEqual(xLogical);
      for (const [strides, padding] of [[[1, 1], "SAME"], [[2, 1], "VALID"], [[1, 2], [[1, 0], [2, 1]]]] as const) {
        const pads = typeof padding === "string" ? stringPads(padding, spatialIn, spatialK, [...strides]) : padding.map(([a, b]) => [a, b] as [number, number]);
        const ref = refConv(xl.data, xl.shape, wl.data, wl.shape, { strides: [...strides], padding: pads });
        const want = permuteFlat(ref.data, ref.shape, invertPerm(dn.out));
        const opts = { dimensionNumbers: spec };
        await checkClose(lax.convGeneralDilated(arrayOf(xv, xPhys), arrayOf(wv, wPhys), strides, padding, opts), want);
        // the same with explicit axis lists
        await checkClose(lax.convGeneralDilated(arrayOf(xv, xPhys), arrayOf(wv, wPhys), strides, padding, { dimensionNumbers: dn }), want);
      }
    }
  });

  test("1-D NWC/WIO with feature groups", async () => {
    const xv = randomValues(2 * 9 * 4, 51);
    const wv = randomValues(3 * 2 * 6, 52);
    const xl = permuteFlat(xv, [2, 9, 4], [0, 2, 1]);
    const wl = permuteFlat(wv, [3, 2, 6], [2, 1, 0]);
    const ref = refConv(xl.data, xl.shape, wl.data, wl.shape, { strides: [2], padding: [[1, 1]], groups: 2 });
    const want = permuteFlat(ref.data, ref.shape, [0, 2, 1]);
    const got = lax.convGeneralDilated(arrayOf(xv, [2, 9, 4]), arrayOf(wv, [3, 2, 6]), [2], [[1, 1]], {
      dimensionNumbers: ["NWC", "WIO", "NWC"],
      featureGroupCount: 2,
    });
    await checkClose(got, want);
  });

  test("realistic size: 8x16x32x32 input, 32 output channels, 3x3 kernel", async () => {
    await runCase({ x: [8, 16, 32, 32], w: [32, 16, 3, 3], strides: [1, 1], padding: "SAME" }, { rtol: 1e-4, atol: 1e-4 });
    await runCase({ x: [8, 16, 32, 32], w: [32, 16, 3, 3], strides: [2, 2], padding: "VALID" }, { rtol: 1e-4, atol: 1e-4 });
  });

  test("integer convolution is exact", async () => {
    const x = np.array([[[1, -2, 3, 4, -5]]], { dtype: "int32" });
    const w = np.array([[[2, 3]]], { dtype: "int32" });
    const got = lax.convGeneralDilated(x, w, [1], "VALID");
    expect(got.dtype).toBe("int32");
    expect(await got.toArray()).toEqual([[[-4, 5, 18, -7]]]);
  });

  test("float16 and uint32 operands keep their dtype", async () => {
    const h = lax.conv(np.array([[[1, 2, 3, 4]]], { dtype: "float16" }), np.array([[[1, 10]]], { dtype: "float16" }), [1], "VALID");
    await expectClose(h, [[[21, 32, 43]]], { dtype: "float16" });
    const u = lax.conv(np.array([[[1, 2, 3, 4]]], { dtype: "uint32" }), np.array([[[1, 10]]], { dtype: "uint32" }), [1], "SAME");
    await expectClose(u, [[[21, 32, 43, 4]]], { dtype: "uint32", rtol: 0, atol: 0 });
  });

  test("output sizes with empty windows", async () => {
    // kernel larger than the padded input gives a zero-size spatial axis
    const got = lax.convGeneralDilated(np.ones([1, 1, 2]), np.ones([1, 1, 4]), [1], "VALID");
    expect(got.shape).toEqual([1, 1, 0]);
    expect((await got.data()).length).toBe(0);
    expect(lax.convGeneralDilated(np.ones([2, 3, 5, 5]), np.ones([4, 3, 3, 3]), [2, 2], "SAME").shape).toEqual([2, 4, 3, 3]);
    // no batch, or no input features (the sum over them is empty: zeros)
    expect(lax.conv(np.zeros([0, 1, 4]), np.ones([2, 1, 2]), [1], "VALID").shape).toEqual([0, 2, 3]);
    await expectClose(lax.conv(np.zeros([1, 0, 4]), np.ones([2, 0, 2]), [1], "VALID"), [[[0, 0, 0], [0, 0, 0]]]);
  });

  test("shape and dtype errors name the op", () => {
    const x = np.ones([2, 3, 5, 5]);
    const w = np.ones([4, 3, 3, 3]);
    expect(() => lax.convGeneralDilated(x, np.ones([4, 2, 3, 3]), [1, 1], "VALID")).toThrow(ShapeError);
    expect(() => lax.convGeneralDilated(x, np.ones([4, 2, 3, 3]), [1, 1], "VALID")).toThrow(
      /lax\.convGeneralDilated.*input features \(3\) must equal the kernel's input features \(2\)/,
    );
    expect(() => lax.convGeneralDilated(x, w, [1], "VALID")).toThrow(/lax\.convGeneralDilated.*windowStrides needs 2/);
    expect(() => lax.convGeneralDilated(x, np.ones([4, 3, 3]), [1, 1], "VALID")).toThrow(/lax\.convGeneralDilated/);
    expect(() => lax.convGeneralDilated(x, w, [1, 1], [[1, 1]])).toThrow(/lax\.convGeneralDilated.*padding needs 2/);
    expect(() => lax.convGeneralDilated(x, w, [0, 1], "VALID")).toThrow(/lax\.convGeneralDilated.*windowStrides/);
    expect(() => lax.convGeneralDilated(x, w, [1, 1], "VALID", { rhsDilation: [1] })).toThrow(/lax\.convGeneralDilated.*rhsDilation/);
    expect(() => lax.convGeneralDilated(x, np.ones([4, 1, 3, 3]), [1, 1], "VALID", { featureGroupCount: 3, batchGroupCount: 2 })).toThrow(
      /lax\.convGeneralDilated.*featureGroupCount/,
    );
    expect(() => lax.convGeneralDilated(x, np.ones([5, 3, 3, 3]), [1, 1], "VALID", { batchGroupCount: 2 })).toThrow(
      /lax\.convGeneralDilated.*batchGroupCount/,
    );
    expect(() => lax.convGeneralDilated(x, np.ones([4, 1, 3, 3]), [1, 1], "VALID", { featureGroupCount: 0 })).toThrow(ShapeError);
    expect(() => lax.convGeneralDilated(x, w.astype("int32"), [1, 1], "VALID")).toThrow(DTypeError);
    expect(() => lax.convGeneralDilated(x, w, [1, 1], "VALID", { dimensionNumbers: ["NHW", "OIHW", "NCHW"] })).toThrow(
      /lax\.convGeneralDilated.*"NHW"/,
    );
    expect(() => lax.convGeneralDilated(x, w, [1, 1], "VALID", { dimensionNumbers: ["NCHW", "OIHX", "NCHW"] })).toThrow(
      /lax\.convGeneralDilated: dimension specs .* must use the same spatial letters/,
    );
    expect(() => lax.convGeneralDilated(x, w, [1, 1], "VALID", { dimensionNumbers: ["NCHH", "OIHW", "NCHW"] })).toThrow(
      /lax\.convGeneralDilated: dimension spec "NCHH" must name "N" and "C" once each/,
    );
    expect(() => lax.convGeneralDilated(x, w, [1, 1], "VALID", { dimensionNumbers: ["NCHW", "OOHW", "NCHW"] })).toThrow(
      /lax\.convGeneralDilated: dimension spec "OOHW"/,
    );
    expect(() => lax.convGeneralDilated(x, w, [1, 1], "VALID", { dimensionNumbers: { lhs: [0, 1, 2, 2], rhs: [0, 1, 2, 3], out: [0, 1, 2, 3] } })).toThrow(
      /lax\.convGeneralDilated.*permutations/,
    );
    expect(() => lax.convGeneralDilated(np.ones([3]), np.ones([3]), [], "VALID")).toThrow(/lax\.convGeneralDilated: .*same rank, at least 2/);
    expect(() => lax.convGeneralDilated(x, np.ones([4, 3, 3]), [1, 1], "VALID")).toThrow(/lax\.convGeneralDilated: lhs \[2,3,5,5\] and rhs \[4,3,3\]/);
  });
});
