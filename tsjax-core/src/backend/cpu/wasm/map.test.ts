/**
 * Elementwise float32 kernels in WebAssembly SIMD on the CPU backend (`map.ts`), against float64
 * references: contiguous, offset and scalar-broadcast loads, sizes with a JavaScript tail and an
 * odd last vector, enough work for the worker threads, and `tanh` over its whole range.
 */
import { describe, expect, it } from "vitest";
import { type Array, defaultDevice, jit, lax, np } from "../../../index.js";
import { randomValues } from "../../../../test/helpers.js";

defaultDevice("cpu");

const isWasm = (f: { lower(...args: Array[]): { kernels: { source: string }[] } }, ...args: Array[]) =>
  f.lower(...args).kernels.some((k) => k.source.includes('G.parallel("map|'));

/** Largest error relative to 1 + |want| (float32 rounding of each step, as in the JavaScript kernels). */
function maxError(got: Float32Array, want: (i: number) => number): number {
  let err = 0;
  for (let i = 0; i < got.length; i++) {
    const w = want(i);
    if (Number.isNaN(w)) expect(got[i], `element ${i}`).toBeNaN();
    else err = Math.max(err, Math.abs(got[i]! - w) / (1 + Math.abs(w)));
  }
  return err;
}

describe("CPU elementwise kernels in WebAssembly SIMD", () => {
  const chain = (x: Array) => np.sqrt(np.maximum(np.exp(np.tanh(x.mul(1.5).add(0.5)).mul(x).sub(0.25)), 0.1));
  const chainRef = (v: number) => Math.sqrt(Math.max(Math.exp(Math.tanh(v * 1.5 + 0.5) * v - 0.25), 0.1));

  it.each([
    [4096 * 64, "enough for the worker threads"],
    [4096 + 7, "a JavaScript tail of 3 and an odd last vector"],
    [4096 + 4, "an odd number of vectors, no tail"],
  ])("the benchmark chain on %i elements (%s) is one SIMD kernel within float32 rounding", async (n) => {
    const xd = Float32Array.from(randomValues(n, 3, -4, 4));
    const x = np.array(xd);
    const f = jit(chain);
    expect(isWasm(f, x)).toBe(true);
    expect(maxError((await f(x).data()) as Float32Array, (i) => chainRef(xd[i]!))).toBeLessThan(4e-6);
  });

  it("offset loads (slices), a scalar broadcast and a select", async () => {
    const n = 20000;
    const ad = Float32Array.from(randomValues(n + 5, 4));
    const a = np.array(ad);
    const s = np.array([0.75]);
    const f = jit((a: Array, s: Array) => {
      const u = lax.slice(a, [5], [n + 5]);
      const v = lax.slice(a, [0], [n]);
      return np.where(np.greater(u, v), u.mul(s.reshape()), v.sub(s.reshape()));
    });
    expect(isWasm(f, a, s)).toBe(true);
    const got = (await f(a, s).data()) as Float32Array;
    expect(maxError(got, (i) => (ad[i + 5]! > ad[i]! ? ad[i + 5]! * 0.75 : ad[i]! - 0.75))).toBeLessThan(1e-7);
  });

  it("several outputs (an optimizer's moments) and values shared by every element (a bias correction with pow)", async () => {
    const n = 30001;
    const [md, vd, gd] = [5, 6, 7].map((seed) => Float32Array.from(randomValues(n, seed)));
    const [m, v, g] = [md, vd, gd].map((d) => np.array(d!));
    const count = np.array([3]);
    const f = jit((m: Array, v: Array, g: Array, count: Array) => {
      const m1 = m.mul(0.9).add(g.mul(0.1));
      const v1 = v.mul(0.999).add(g.mul(g).mul(0.001));
      const correction = np.subtract(1, np.power(0.999, count.reshape()));
      return [m1, v1, m1.div(np.sqrt(v1.div(correction)).add(1e-8))];
    });
    const source = f.lower(m, v, g, count).kernels.map((k) => k.source).join("\n");
    expect(source).toContain('G.parallel("map|');
    expect(source).toContain("R.f32bits(");
    const [gm, gv, gu] = (await Promise.all(f(m, v, g, count).map((x) => x.data()))) as Float32Array[];
    const c = 1 - 0.999 ** 3;
    const m1 = (i: number) => 0.9 * md[i]! + 0.1 * gd[i]!;
    const v1 = (i: number) => 0.999 * vd[i]! + 0.001 * gd[i]! * gd[i]!;
    expect(maxError(gm!, m1)).toBeLessThan(1e-6);
    expect(maxError(gv!, v1)).toBeLessThan(1e-6);
    expect(maxError(gu!, (i) => m1(i) / (Math.sqrt(v1(i) / c) + 1e-8))).toBeLessThan(1e-4);
  });

  it("tanh over its whole float32 range within 2 ulp, with ±0, ±inf and NaN", async () => {
    const n = 64 * 1024;
    // magnitudes from 2^-140 (subnormal) to 2^7, both signs, then special values
    const xd = Float32Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * 2 ** (-140 + (147 * i) / n));
    xd.set([NaN, Infinity, -Infinity, 0, -0, 0.625, -0.625, 0.6249999, 44.5, 9.01], 0);
    const x = np.array(xd);
    const f = jit((a: Array) => np.tanh(a));
    expect(isWasm(f, x)).toBe(true);
    const got = (await f(x).data()) as Float32Array;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const w = Math.tanh(xd[i]!);
      if (!Number.isFinite(w)) {
        expect(got[i], `tanh(${xd[i]})`).toBeNaN();
        continue;
      }
      // ulp of the float32 result
      const ulp = w === 0 ? 2 ** -149 : 2 ** Math.max(Math.floor(Math.log2(Math.abs(w))) - 23, -149);
      worst = Math.max(worst, Math.abs(got[i]! - w) / ulp);
    }
    expect(worst).toBeLessThanOrEqual(2);
    expect([got[1], got[2]]).toEqual([1, -1]);
    expect([Object.is(got[3], 0), Object.is(got[4], -0), got[3], got[4]]).toEqual([true, true, 0, -0]);
  });

  it("logistic over its whole float32 range within 4 ulp, with ±inf and NaN", async () => {
    const n = 64 * 1024;
    // from -110 (results near the smallest subnormals) to +30, then special values
    const xd = Float32Array.from({ length: n }, (_, i) => -110 + (140 * i) / n);
    xd.set([NaN, Infinity, -Infinity, 0, -0, 88.7, -88.7, -103.9], 0);
    const x = np.array(xd);
    const f = jit((a: Array) => lax.logistic(a));
    expect(isWasm(f, x)).toBe(true);
    const got = (await f(x).data()) as Float32Array;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const xi = xd[i]!;
      const w = xi >= 0 ? 1 / (1 + Math.exp(-xi)) : Math.exp(xi) / (1 + Math.exp(xi));
      if (Number.isNaN(w)) {
        expect(got[i], `logistic(${xi})`).toBeNaN();
        continue;
      }
      const ulp = w === 0 ? 2 ** -149 : 2 ** Math.max(Math.floor(Math.log2(Math.abs(w))) - 23, -149);
      worst = Math.max(worst, Math.abs(got[i]! - w) / ulp);
    }
    expect(worst).toBeLessThanOrEqual(4);
    expect([got[1], got[2], got[3], got[4]]).toEqual([1, 0, 0.5, 0.5]);
  });

  it("small kernels, other dtypes and strided loads keep their JavaScript loops", () => {
    const f = jit((a: Array) => np.exp(a));
    expect(isWasm(f, np.ones([100]))).toBe(false);
    expect(isWasm(jit((a: Array) => a.add(1)), np.ones([8192], { dtype: "int32" }))).toBe(false);
    expect(isWasm(jit((a: Array) => lax.slice(a, [0], [16384], [2]).mul(2)), np.ones([16384]))).toBe(false);
  });
});
