/**
 * Row kernels with short rows run one invocation per row on WebGPU (`wgsl-short-rows.ts`),
 * longer ones one workgroup per row; both against plain loops, on both devices: softmax over
 * rows of 5 and of 40, and the gradient of a 2x2 max pool (rows of 4, with ties split evenly).
 */
import { expect, test } from "vitest";
import { type Array, grad, jit, lax, nn, np } from "../../index.js";
import { describeDevices } from "../../../test/helpers.js";

/** Values in [lo, hi) spread without pattern over n elements. */
function values(n: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * ((i * 0.6180339887) % 1);
  return out;
}

async function expectAllClose(got: Array, want: Float64Array, rtol: number, atol: number): Promise<void> {
  const data = await got.data();
  expect(data.length).toBe(want.length);
  let bad = -1;
  for (let i = 0; i < data.length && bad < 0; i++) if (!(Math.abs(Number(data[i]) - want[i]!) <= atol + rtol * Math.abs(want[i]!))) bad = i;
  expect(bad < 0 ? "all close" : `element ${bad}: got ${data[bad]}, want ${want[bad]}`).toBe("all close");
}

function softmaxRef(xs: Float32Array, L: number): Float64Array {
  const out = new Float64Array(xs.length);
  for (let r = 0; r < xs.length / L; r++) {
    let m = -Infinity;
    for (let j = 0; j < L; j++) m = Math.max(m, xs[r * L + j]!);
    let s = 0;
    for (let j = 0; j < L; j++) s += Math.exp(xs[r * L + j]! - m);
    for (let j = 0; j < L; j++) out[r * L + j] = Math.exp(xs[r * L + j]! - m) / s;
  }
  return out;
}

describeDevices("row kernels of short rows", (device) => {
  for (const [rows, L, short] of [[300, 5, true], [70, 100, false]] as const) {
    test(`softmax over ${rows} rows of ${L}`, async () => {
      const xs = values(rows * L, -6, 6);
      const f = jit((x: Array) => nn.softmax(x, -1));
      const x = np.array(xs).reshape(rows, L);
      if (device === "webgpu") {
        const src = f.lower(x).kernels.map((k) => k.source).join("\n");
        expect(src.includes("workgroupBarrier")).toBe(!short);
      }
      await expectAllClose(f(x), softmaxRef(xs, L), 2e-6, 1e-7);
    });
  }

  test("the gradient of a 2x2 max pool splits ties evenly", async () => {
    // NHWC 6 x 8 x 10 x 3, windows of 2x2 with stride 2; values on a coarse grid make ties
    const [N, H, W, C] = [6, 8, 10, 3];
    const xs = new Float32Array(N * H * W * C).map((_, i) => Math.floor(((i * 0.6180339887) % 1) * 5));
    const ws = values((N * H * W * C) / 4, -2, 2);
    const at = (n: number, h: number, w: number, c: number) => ((n * H + h) * W + w) * C + c;
    const want = new Float64Array(xs.length);
    for (let n = 0; n < N; n++)
      for (let h = 0; h < H; h += 2)
        for (let w = 0; w < W; w += 2)
          for (let c = 0; c < C; c++) {
            const cells = [at(n, h, w, c), at(n, h, w + 1, c), at(n, h + 1, w, c), at(n, h + 1, w + 1, c)];
            const m = Math.max(...cells.map((i) => xs[i]!));
            const top = cells.filter((i) => xs[i] === m);
            const g = ws[((n * (H / 2) + h / 2) * (W / 2) + w / 2) * C + c]!;
            for (const i of top) want[i] = g / top.length;
          }
    const weights = np.array(ws).reshape(N, H / 2, W / 2, C);
    const pool = (v: Array) => lax.reduceWindow(v, "max", [1, 2, 2, 1], [1, 2, 2, 1], "VALID").mul(weights).sum();
    const g = jit(grad(pool))(np.array(xs).reshape(N, H, W, C));
    await expectAllClose(g, want, 1e-6, 0);
  });
});
