/**
 * CPU row kernels in WebAssembly SIMD (`rows.ts`) against float64 loops: softmax with special
 * rows (NaN, -inf, huge and tiny values), exp across its whole range (subnormal results,
 * overflow), a normalization with sqrt, and row kernels that keep the JavaScript loop.
 */
import { describe, expect, it } from "vitest";
import { type Array, defaultDevice, grad as tjGrad, jit, lax, nn, np } from "../../../index.js";
import { randomValues } from "../../../../test/helpers.js";
import { decodeFunction } from "./encode.js";

const isWasm = (f: ReturnType<typeof jit>, ...args: Array[]) => f.lower(...args).kernels.some((k) => k.source.includes('G.parallel("rows|'));

function expectRowsNear(got: Float32Array, want: Float64Array, rtol: number, atol = 0): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const w = want[i]!;
    if (Number.isNaN(w)) expect(got[i], `element ${i}`).toBeNaN();
    else if (!Number.isFinite(w)) expect(got[i], `element ${i}`).toBe(w);
    else expect(Math.abs(got[i]! - w), `element ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(atol + rtol * Math.abs(w));
  }
}

describe("CPU row kernels in WebAssembly", () => {
  defaultDevice("cpu");
  const [rows, cols] = [40, 512];

  it("softmax over rows, with NaN, -inf, huge and tiny rows", async () => {
    const xd = Float32Array.from(randomValues(rows * cols, 1), (v) => v * 20);
    xd[3 * cols + 7] = NaN; // row 3: all NaN
    xd.fill(-Infinity, 5 * cols, 6 * cols); // row 5: all -inf (max is -inf: the row is NaN, as in JAX)
    xd[8 * cols + 1] = 1e30; // row 8: one value dominates
    for (let j = 0; j < cols; j++) xd[9 * cols + j] = -90 - j * 0.01; // row 9: exp of tiny differences
    const x = np.array(xd).reshape(rows, cols);
    const f = jit((a: Array) => nn.softmax(a, -1));
    expect(isWasm(f, x)).toBe(true);
    const got = (await f(x).data()) as Float32Array;
    const want = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const row = globalThis.Array.from(xd.subarray(r * cols, (r + 1) * cols));
      const m = row.some(Number.isNaN) ? NaN : Math.max(...row);
      const shift = m === -Infinity ? 0 : m;
      const e = row.map((v) => Math.exp(v - shift));
      const s = e.reduce((a, b) => a + b, 0);
      e.forEach((v, j) => (want[r * cols + j] = v / s));
    }
    expectRowsNear(got, want, 3e-6, 1e-12);
    // the JavaScript loop gives the same (the reference backend)
    const js = (await jit((a: Array) => nn.softmax(a, -1))(np.array(xd.slice(0, 4 * cols)).reshape(4, cols)).data()) as Float32Array;
    expectRowsNear(js, want.slice(0, 4 * cols), 3e-6, 1e-12);
  });

  it("softmax takes one pass for its maximum and computes exp once per element", () => {
    const f = jit((a: Array) => nn.softmax(a, -1));
    const source = f.lower(np.zeros([rows, cols])).kernels[0]!.source;
    const body = decodeFunction(source.match(/G\.parallel\("([^"]+)"/)![1]!).body;
    const count = (pattern: number[]) => body.filter((_, i) => pattern.every((b, j) => body[i + j] === b)).length;
    expect(count([0xfd, 0xe9, 0x01]), "f32x4.max: the row maximum, which softmax builds several times, runs once").toBe(1);
    const firstCoefficient = [0x43, ...new Uint8Array(new Float32Array([1.9875691500e-4]).buffer)];
    expect(count(firstCoefficient), "exp's polynomial: in the sum's pass only, its values stored for the output pass").toBe(1);
  });

  it("exp over its whole float32 range, subnormal results and overflow included", async () => {
    const n = 32 * 1024;
    const xd = new Float32Array(n).map((_, i) => -110 + (200 * i) / n);
    xd.set([NaN, Infinity, -Infinity, 88.72283172607422, 88.72283935546875, -103.97208404541016, -87.33654022216797, 0, -0], 0);
    const x = np.array(xd).reshape(32, 1024);
    const zeros = np.zeros([32, 1024]).add(0);
    // a row kernel whose output is exp(x) times (0 * a row sum + 1): exp in the output loop
    const f = jit((a: Array, z: Array) => np.exp(a).mul(np.sum(z, -1, { keepdims: true }).mul(0).add(1)));
    expect(isWasm(f, x, zeros)).toBe(true);
    const got = (await f(x, zeros).data()) as Float32Array;
    for (let i = 0; i < n; i++) {
      const v = xd[i]!;
      const w = Math.fround(Math.exp(v));
      if (!Number.isFinite(w)) expect(got[i], `exp(${v})`).toBe(w);
      else if (w < 2 ** -126) expect(Math.abs(got[i]! - w), `exp(${v})`).toBeLessThanOrEqual(2 ** -148);
      else expect(Math.abs(got[i]! - w) / w, `exp(${v})`).toBeLessThanOrEqual(2.5e-7);
    }
    expect(Object.is(got[7], 1) && Object.is(got[8], 1)).toBe(true);
  });

  it("a normalization: (x - mean) / sqrt(var + eps)", async () => {
    const xd = Float32Array.from(randomValues(rows * cols, 2));
    const x = np.array(xd).reshape(rows, cols);
    const f = jit((a: Array) => {
      const mu = np.mean(a, -1, { keepdims: true });
      const c = a.sub(mu);
      return c.div(np.sqrt(np.mean(c.mul(c), -1, { keepdims: true }).add(1e-5)));
    });
    expect(isWasm(f, x)).toBe(true);
    const want = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const row = globalThis.Array.from(xd.subarray(r * cols, (r + 1) * cols));
      const mu = row.reduce((p, q) => p + q, 0) / cols;
      const v = row.reduce((p, q) => p + (q - mu) ** 2, 0) / cols;
      row.forEach((q, j) => (want[r * cols + j] = (q - mu) / Math.sqrt(v + 1e-5)));
    }
    expectRowsNear((await f(x).data()) as Float32Array, want, 2e-5, 2e-5);
  });

  it("a layer normalization with rsqrt, a scale and an offset, and its gradient", async () => {
    // 400 rows of 48: enough work for the WebAssembly path (a transformer's width)
    const n = 400;
    const xd = Float32Array.from(randomValues(n * 48, 5));
    const x = np.array(xd).reshape(n, 48);
    const g = np.array(randomValues(48, 6)).add(1);
    const b = np.array(randomValues(48, 7));
    const norm = (a: Array, g: Array, b: Array) => {
      const mu = np.mean(a, -1, { keepdims: true });
      const c = a.sub(mu);
      return c.mul(lax.rsqrt(np.mean(c.mul(c), -1, { keepdims: true }).add(1e-5))).mul(g).add(b);
    };
    const f = jit(norm);
    expect(isWasm(f, x, g, b)).toBe(true);
    const [gd, bd] = [(await g.data()) as Float32Array, (await b.data()) as Float32Array];
    const want = new Float64Array(n * 48);
    for (let r = 0; r < n; r++) {
      const row = globalThis.Array.from(xd.subarray(r * 48, (r + 1) * 48));
      const mu = row.reduce((p, q) => p + q, 0) / 48;
      const v = row.reduce((p, q) => p + (q - mu) ** 2, 0) / 48;
      row.forEach((q, j) => (want[r * 48 + j] = ((q - mu) / Math.sqrt(v + 1e-5)) * gd[j]! + bd[j]!));
    }
    expectRowsNear((await f(x, g, b).data()) as Float32Array, want, 2e-5, 2e-5);
    // the gradient's row kernel too, equal to eager (JavaScript) grad
    const w = np.array(randomValues(n * 48, 8)).reshape(n, 48);
    const loss = (a: Array) => norm(a, g, b).mul(w).sum();
    const grad = jit(tjGrad(loss));
    expect(isWasm(grad, x)).toBe(true);
    const got = (await grad(x).data()) as Float32Array;
    const eager = (await tjGrad(loss)(x).data()) as Float32Array;
    expectRowsNear(got, Float64Array.from(eager), 1e-4, 1e-4);
  });

  it("a causal-masked softmax (a bool mask placed by row % 16) and its gradient", async () => {
    // batch 8 x heads 8 x 16 x 16 logits, the mask broadcast over batch and heads: its row is
    // (row % 16), not affine in the kernel's row
    const [B, H, T] = [8, 8, 16];
    const xd = Float32Array.from(randomValues(B * H * T * T, 9), (v) => v * 4);
    const x = np.array(xd).reshape(B, H, T, T);
    const mask = np.tril(np.ones([T, T], { dtype: "bool" })).reshape(1, 1, T, T);
    const masked = (a: Array) => nn.softmax(np.where(mask, a, -1e30), -1);
    const f = jit(masked);
    expect(isWasm(f, x)).toBe(true);
    const want = new Float64Array(B * H * T * T);
    for (let r = 0; r < B * H * T; r++) {
      const t = r % T;
      const row = globalThis.Array.from(xd.subarray(r * T, (r + 1) * T), (v, j) => (j <= t ? v : -1e30));
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((p, q) => p + q, 0);
      e.forEach((v, j) => (want[r * T + j] = v / s));
    }
    expectRowsNear((await f(x).data()) as Float32Array, want, 3e-6, 1e-12);
    // the gradient (the softmax's backward pass through the mask's select), equal to eager grad
    const w = np.array(randomValues(B * H * T * T, 10)).reshape(B, H, T, T);
    const loss = (a: Array) => masked(a.mul(0.5)).mul(w).sum();
    const grad = jit(tjGrad(loss));
    expect(grad.lower(x).kernels.some((k) => k.source.includes('G.parallel("rows|') && /in\d+ = ins/.test(k.source) && k.source.includes("rows"))).toBe(true);
    const got = (await grad(x).data()) as Float32Array;
    const eager = (await tjGrad(loss)(x).data()) as Float32Array;
    expectRowsNear(got, Float64Array.from(eager), 1e-4, 1e-6);
  });

  it("a row kernel with two outputs (a layer normalization's gradient, with a row's sum beside it)", async () => {
    const n = 512;
    const x = np.array(randomValues(n * 48, 11)).reshape(n, 48);
    const w = np.array(randomValues(n * 48, 12)).reshape(n, 48);
    const g = np.array(randomValues(48, 13)).add(1);
    // the gradient as the transformer's: the centered input and its variance's gradient
    const loss = (a: Array, g: Array) => {
      const mu = np.mean(a, -1, { keepdims: true });
      const c = a.sub(mu);
      return c.mul(lax.rsqrt(np.mean(c.mul(c), -1, { keepdims: true }).add(1e-5))).mul(g).mul(w).sum();
    };
    const f = jit(tjGrad(loss, { argnums: [0, 1] }));
    const kernels = f.lower(x, g).kernels;
    expect(kernels.some((k) => k.source.includes('G.parallel("rows|') && k.source.includes("G.finish(out1"))).toBe(true);
    const [gx, gg] = f(x, g) as Array[];
    const [ex, eg] = tjGrad(loss, { argnums: [0, 1] })(x, g) as Array[];
    expectRowsNear((await gx!.data()) as Float32Array, Float64Array.from((await ex!.data()) as Float32Array), 1e-4, 1e-4);
    expectRowsNear((await gg!.data()) as Float32Array, Float64Array.from((await eg!.data()) as Float32Array), 1e-4, 1e-4);
  });

  it("a cross-entropy gradient comparing int labels with the position (one-hot), and a bool cast", async () => {
    // 512 rows of 28 classes, as the transformer's output
    const [n, classes] = [512, 28];
    const xd = Float32Array.from(randomValues(n * classes, 14), (v) => v * 3);
    const x = np.array(xd).reshape(n, classes);
    const labels = np.array(Int32Array.from({ length: n }, (_, i) => (i * 5) % classes), { dtype: "int32" });
    const loss = (a: Array) => nn.logSoftmax(a).mul(nn.oneHot(labels, classes)).sum(-1).mean().neg();
    const grad = jit(tjGrad(loss));
    expect(isWasm(grad, x)).toBe(true);
    const got = (await grad(x).data()) as Float32Array;
    // softmax(x) - onehot, over n
    const want = new Float64Array(n * classes);
    for (let r = 0; r < n; r++) {
      const row = globalThis.Array.from(xd.subarray(r * classes, (r + 1) * classes));
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((p, q) => p + q, 0);
      e.forEach((v, j) => (want[r * classes + j] = (v / s - (j === (r * 5) % classes ? 1 : 0)) / n));
    }
    expectRowsNear(got, want, 1e-5, 1e-9);
  });

  it("rows that are not a multiple of 4, and log-softmax (log), keep the JavaScript loop", async () => {
    const xd = randomValues(rows * 515, 3);
    const x = np.array(xd).reshape(rows, 515);
    const f = jit((a: Array) => nn.softmax(a, -1));
    expect(isWasm(f, x)).toBe(false);
    const y = np.array(randomValues(rows * cols, 4)).reshape(rows, cols);
    expect(isWasm(jit((a: Array) => nn.logSoftmax(a, -1)), y)).toBe(false);
    const got = (await f(x).data()) as Float32Array;
    for (let r = 0; r < rows; r += 13) {
      let s = 0;
      for (let j = 0; j < 515; j++) s += got[r * 515 + j]!;
      expect(Math.abs(s - 1)).toBeLessThan(1e-5);
    }
  });
});
