/**
 * float16 storage with float32 computation, on both devices, against JAX 0.10.2 (CPU) values
 * (`scripts/refs/f16/float16_refs.py`): sums, means and products accumulate in float32 and round
 * once, bit for bit as JAX (the inputs make every float32 partial sum exact, so the result does
 * not depend on the order of the sum, and a float16 accumulator would differ); elementwise ops
 * round after each op as JAX does; softmax (computed in float32 by tsjax, with its exponentials
 * rounded to float16 by JAX) within 2 float16 ulps. On WebGPU, elementwise kernels read and
 * write `vec4<f16>` and products run as the GEMM.
 */
import { expect, test } from "vitest";
import { type Array, DTypeError, jit, nn, np } from "../../index.js";
import { getBackend } from "../devices.js";
import { f16BitsToF32, f32ToF16Bits } from "../../float16.js";
import { HAS_WEBGPU, describeDevices } from "../../../test/helpers.js";
import refs from "../../../test/refs/f16/float16.json";

/** The inputs of the reference script: (((i * 7919 + seed * 104729) mod (2 span + 1)) - span) / denom. */
function gen(shape: number[], seed: number, span: number, denom: number): Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((((i * 7919 + seed * 104729) % (2 * span + 1)) + 2 * span + 1) % (2 * span + 1) - span) / denom;
  return np.array(out, { dtype: "float16" }).reshape(shape);
}

/** The float16 bit patterns of a reference (4 hex digits each). */
const bitsOf = (hex: string): number[] => globalThis.Array.from({ length: hex.length / 4 }, (_, i) => parseInt(hex.slice(4 * i, 4 * i + 4), 16));

/** `x` (float16) equals the reference bit for bit (any NaN equals any NaN). */
async function expectBits(x: Array, hex: string, what: string): Promise<void> {
  expect(x.dtype, what).toBe("float16");
  const got = globalThis.Array.from((await x.rawData()) as Uint16Array);
  const want = bitsOf(hex);
  expect(got.length, what).toBe(want.length);
  const isNan = (b: number) => (b & 0x7c00) === 0x7c00 && (b & 0x3ff) !== 0;
  const bad = got.findIndex((g, i) => g !== want[i] && !(isNan(g) && isNan(want[i]!)));
  const show = (b: number) => `${f16BitsToF32(b)} (0x${b.toString(16)})`;
  expect(bad < 0 ? "equal" : `${what}[${bad}]: got ${show(got[bad]!)}, want ${show(want[bad]!)}`).toBe("equal");
}

/** The spacing of float16 values at `v` (subnormals: 2^-24). */
const ulp16 = (v: number) => (v === 0 ? 2 ** -24 : Math.max(2 ** (Math.floor(Math.log2(Math.abs(v))) - 10), 2 ** -24));

/** `x` within `ulps` float16 ulps of the reference. */
async function expectUlps(x: Array, hex: string, ulps: number, what: string): Promise<void> {
  expect(x.dtype, what).toBe("float16");
  const got = await x.data();
  const want = bitsOf(hex).map(f16BitsToF32);
  const bad = want.findIndex((w, i) => !(Math.abs(got[i]! - w) <= ulps * ulp16(w)));
  expect(bad < 0 ? "close" : `${what}[${bad}]: got ${got[bad]}, want ${want[bad]}`).toBe("close");
}

const sources = (f: ReturnType<typeof jit>, ...args: Array[]) => f.lower(...args).kernels.map((k) => k.source).join("\n");

describeDevices("float16 with float32 accumulation, against JAX", (device) => {
  test("sums and means of float16 round a float32 sum once", async () => {
    const x = gen([48, 320], 1, 2048, 2048);
    await expectBits(jit((a: Array) => np.sum(a, 0))(x), refs.sum0, "sum axis 0");
    await expectBits(jit((a: Array) => np.sum(a, 1))(x), refs.sum1, "sum axis 1");
    await expectBits(jit((a: Array) => np.sum(a))(x), refs.sumAll, "sum");
    await expectBits(jit((a: Array) => np.mean(a, 0))(x), refs.mean0, "mean axis 0");
    await expectBits(jit((a: Array) => np.mean(a, 1))(x), refs.mean1, "mean axis 1");
    await expectBits(np.sum(x, 1), refs.sum1, "eager sum axis 1");
  });

  test("partial sums past float16's range: float32 keeps them, the result rounds once", async () => {
    const big = np.tile(np.array([60000, 60000, -60000, -60000], { dtype: "float16" }), [1024]);
    await expectBits(jit((a: Array) => np.sum(a))(big), refs.sumCancel, "cancelling sum");
    await expectBits(jit((a: Array) => np.mean(a.reshape([4, 1024]), 1))(big), refs.meanCancel, "cancelling means");
    await expectBits(jit((a: Array) => np.sum(a))(np.full([4096], 30, { dtype: "float16" })), refs.sumOverflow, "sum past the range");
  });

  test("matmuls of float16 accumulate in float32 (float16 and float32 results)", async () => {
    const a = gen([20, 300], 3, 64, 64);
    const b = gen([300, 36], 4, 64, 64);
    const mm = jit((x: Array, y: Array) => np.matmul(x, y));
    if (device === "webgpu") expect(sources(mm, a, b)).toContain("array<vec4<f16>>");
    await expectBits(mm(a, b), refs.matmul, "matmul");
    const mm32 = jit((x: Array, y: Array) => np.matmul(x, y, { preferredElementType: "float32" }))(a, b);
    expect(mm32.dtype).toBe("float32");
    expect(globalThis.Array.from(await mm32.data())).toEqual(refs.matmulF32);
    const ba = gen([3, 24, 40], 5, 64, 64);
    const bb = gen([3, 72, 40], 6, 64, 64);
    await expectBits(jit((x: Array, y: Array) => np.einsum("bik,bjk->bij", x, y))(ba, bb), refs.batchedT, "batched, B transposed");
  });

  test("elementwise float16 ops round after each op, as JAX", async () => {
    const c = gen([4096], 7, 2048, 512);
    const affine = jit((x: Array) => x.mul(1.5).add(0.5));
    if (device === "webgpu") expect(sources(affine, c)).toContain("array<vec4<f16>>");
    await expectBits(affine(c), refs.affine, "1.5 x + 0.5");
    const chain = (x: Array) => np.sqrt(np.maximum(np.exp(np.tanh(x.mul(1.5).add(0.5)).mul(x).sub(0.25)), 0.1));
    // tanh and exp are within a few float32 ulps, not correctly rounded: rarely 1 float16 ulp off
    await expectUlps(jit(chain)(c), refs.chain, 1, "8-op chain");
  });

  test("vectorized float16 kernels round edge values once, to nearest even", async () => {
    // zeros, subnormals (ties at half the smallest), the largest finite, infinities, NaN
    const edge = [0, -0, 2 ** -24, 3 * 2 ** -24, -(2 ** -24), 2 ** -14, 65504, -65504, 32768, Infinity, -Infinity, NaN, 1.5, -3.25, 2049 / 2048, 1 / 3];
    const xs = globalThis.Array.from({ length: 4096 }, (_, i) => edge[i % edge.length]!);
    const x = np.array(xs, { dtype: "float16" });
    const hex = (f: (v: number) => number) => xs.map((v) => f32ToF16Bits(f(f16BitsToF32(f32ToF16Bits(v)))).toString(16).padStart(4, "0")).join("");
    const twice = jit((a: Array) => a.mul(2));
    if (device === "webgpu") expect(sources(twice, x)).toContain("array<vec4<f16>>");
    await expectBits(twice(x), hex((v) => v * 2), "2x");
    await expectBits(jit((a: Array) => a.mul(0.5))(x), hex((v) => v * 0.5), "x / 2");
    await expectBits(jit((a: Array) => a.add(a.mul(0.25)))(x), hex((v) => v + f16BitsToF32(f32ToF16Bits(v * 0.25))), "x + x / 4");
  });

  test("softmax of float16 rows", async () => {
    const s = gen([16, 320], 2, 2048, 256);
    await expectUlps(jit((x: Array) => nn.softmax(x, -1))(s), refs.softmax, 2, "softmax");
  });
});

test.runIf(HAS_WEBGPU)("without shader-f16, float16 on webgpu is a clear error before any kernel compiles", () => {
  const backend = getBackend("webgpu") as unknown as { hasF16: boolean; alloc(dtype: string, size: number): unknown };
  const had = backend.hasF16;
  Object.defineProperty(backend, "hasF16", { value: false, configurable: true });
  try {
    expect(() => backend.alloc("float16", 8)).toThrow(DTypeError);
    expect(() => backend.alloc("float16", 8)).toThrow(/float16 arrays need the "shader-f16" feature, which this adapter \(.*\) lacks\. Use float32/);
  } finally {
    Object.defineProperty(backend, "hasF16", { value: had, configurable: true });
  }
});
