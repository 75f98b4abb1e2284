/**
 * Vectorized map kernels (WGSL `vec4` loads and stores; see `vectorPlan`) against float64
 * references, on both devices: sizes with and without the strided multi-vector loop, inputs
 * read at the output index next to broadcast and reversed reads, bool and int outputs, and
 * the scalar fallback for sizes that are not a multiple of 4.
 */
import { expect, test } from "vitest";
import { type Array, jit, np } from "../../index.js";
import { describeDevices } from "../../../test/helpers.js";

const f32 = Math.fround;

/** Values in [lo, hi) spread without pattern over n elements. */
function values(n: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * ((i * 0.6180339887) % 1);
  return out;
}

async function expectAllClose(got: Array, want: (i: number) => number, rtol = 2e-6, atol = 0): Promise<void> {
  const data = await got.data();
  let bad = -1;
  for (let i = 0; i < data.length && bad < 0; i++) {
    const w = want(i);
    const g = Number(data[i]);
    if (Number.isNaN(w) ? !Number.isNaN(g) : Math.abs(g - w) > atol + rtol * Math.abs(w)) bad = i;
  }
  expect(bad < 0 ? "all close" : `element ${bad}: got ${data[bad]}, want ${want(bad)}`).toBe("all close");
}

/** The generated sources of `f`'s kernels for these arguments. */
const sources = (f: ReturnType<typeof jit>, ...args: Array[]) => f.lower(...args).kernels.map((k) => k.source);

const chain = (x: Array) => np.sqrt(np.maximum(np.exp(np.tanh(x.mul(1.5).add(0.5)).mul(x).sub(0.25)), 0.1));
const chainRef = (v: number) => Math.sqrt(Math.max(Math.exp(Math.tanh(f32(f32(v * 1.5) + 0.5)) * v - 0.25), f32(0.1)));

describeDevices("vectorized map kernels", (device) => {
  // 4100: one vec4 per invocation; 131076 (not a multiple of 16): four strided vec4s per
  // invocation, the last invocations partly out of range
  for (const n of [4100, 131076]) {
    test(`an elementwise chain of ${n} elements matches float64`, async () => {
      const xs = values(n, -4, 4);
      const f = jit(chain);
      const x = np.array(xs);
      if (device === "webgpu") expect(sources(f, x)[0]).toContain("array<vec4<f32>>");
      await expectAllClose(f(x), (i) => chainRef(xs[i]!), 4e-6);
    });
  }

  test("sizes that are not a multiple of 4 use scalar kernels", async () => {
    const n = 4098;
    const xs = values(n, -4, 4);
    const f = jit(chain);
    const x = np.array(xs);
    if (device === "webgpu") expect(sources(f, x)[0]).not.toContain("vec4");
    await expectAllClose(f(x), (i) => chainRef(xs[i]!), 4e-6);
  });

  test("an input read both at the output index and reversed stays scalar", async () => {
    const n = 8192;
    const xs = values(n, -1, 1);
    const f = jit((x: Array) => x.mul(2).add(np.flip(x)));
    const x = np.array(xs);
    if (device === "webgpu") {
      const src = sources(f, x)[0]!;
      expect(src).toContain("var<storage, read> in0: array<f32>");
      expect(src).toContain("var<storage, read_write> out0: array<vec4<f32>>");
    }
    await expectAllClose(f(x), (i) => f32(f32(xs[i]! * 2) + xs[n - 1 - i]!));
  });

  test("broadcast rows and scalars next to vector inputs", async () => {
    const [r, c] = [64, 256];
    const as = values(r * c, -2, 2);
    const bs = values(c, 0, 3);
    const f = jit((a: Array, b: Array, s: Array) => a.mul(b).add(s));
    const [a, b, s] = [np.array(as).reshape([r, c]), np.array(bs), np.array(0.5)];
    if (device === "webgpu") {
      const src = sources(f, a, b, s)[0]!;
      expect(src).toContain("in0: array<vec4<f32>>");
      expect(src).toContain("in1: array<f32>");
    }
    await expectAllClose(f(a, b, s), (i) => f32(f32(as[i]! * bs[i % c]!) + 0.5));
  });

  test("bool and int32 inputs and outputs, several outputs", async () => {
    const n = 16384;
    const xs = values(n, -3, 3);
    const f = jit((x: Array, m: Array, k: Array) => [np.greater(x, 0), np.where(m, x, x.neg()), k.mul(3).add(1)]);
    const mask = np.array(globalThis.Array.from({ length: n }, (_, i) => i % 3 === 0));
    const ks = Int32Array.from({ length: n }, (_, i) => i - 5000);
    const [x, k] = [np.array(xs), np.array(ks)];
    if (device === "webgpu") {
      const src = sources(f, x, mask, k)[0]!;
      expect(src).toContain("in1: array<vec4<u32>>");
      expect(src).toContain("out0: array<vec4<u32>>");
      expect(src).toContain("out2: array<vec4<i32>>");
    }
    const [pos, sel, lin] = f(x, mask, k) as Array[];
    expect(pos!.dtype).toBe("bool");
    expect(lin!.dtype).toBe("int32");
    await expectAllClose(pos!, (i) => (xs[i]! > 0 ? 1 : 0));
    await expectAllClose(sel!, (i) => (i % 3 === 0 ? xs[i]! : -xs[i]!));
    await expectAllClose(lin!, (i) => ks[i]! * 3 + 1);
  });

  test("max and min with a constant propagate NaN from the other operand", async () => {
    const n = 4096;
    const xs = values(n, -1, 1).map((v, i) => (i % 7 === 0 ? NaN : v));
    const x = np.array(xs);
    await expectAllClose(jit((v: Array) => np.maximum(v, 0.25))(x), (i) => (Number.isNaN(xs[i]!) ? NaN : Math.max(xs[i]!, 0.25)));
    await expectAllClose(jit((v: Array) => np.minimum(v, 0.25))(x), (i) => (Number.isNaN(xs[i]!) ? NaN : Math.min(xs[i]!, 0.25)));
  });

  // subnormal results are rounded once (to a multiple of 2^-149), in scalar and vector kernels
  for (const n of [64, 4096]) {
    test(`exp into the subnormal range (${n} elements)`, async () => {
      const xs = values(n, -103.9, -86);
      await expectAllClose(np.exp(np.array(xs)), (i) => f32(Math.exp(xs[i]!)), 2e-6, 2 ** -148);
      await expectAllClose(np.exp2(np.array(values(n, -149.5, -124))), (i) => f32(2 ** f32(-149.5 + 25.5 * ((i * 0.6180339887) % 1))), 2e-6, 2 ** -148);
    });
  }
});
