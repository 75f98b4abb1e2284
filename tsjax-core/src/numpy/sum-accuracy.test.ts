/**
 * Float sums are blocked (partial sums of partial sums, like pairwise summation), in every
 * kernel form: the JS and WGSL loops, WebAssembly reductions along rows and columns, row
 * kernels (logsumexp/softmax, workgroup trees on WebGPU), eager and under jit. Oracle: float64
 * sums of the same float32 data; a sequential float32 sum of these data is off by up to ~26
 * ulps (the column mean of a 10,000 x 3 array: 1.3e-6 before), the blocked sums by at most 2.
 */
import { expect, test } from "vitest";
import { type Array, jit, nn, np, random } from "../index.js";
import { describeDevices } from "../../test/helpers.js";

/** Units in the last place of float32 at `v`. */
const ulp = (v: number) => 2 ** (Math.floor(Math.log2(Math.abs(v))) - 23);

/** float64 sums of `x` [rows, cols] along `axis`. */
function exactSums(data: ArrayLike<number>, shape: readonly number[], axis: number): number[] {
  const [rows, cols] = shape.length === 1 ? [shape[0]!, 1] : [shape[0]!, shape[1]!];
  const out = new globalThis.Array<number>(axis === 0 ? cols : rows).fill(0);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[axis === 0 ? c : r]! += data[r * cols + c]!;
  return out;
}

/** The largest error of `got` against `want`, in ulps of `want`. */
function ulpError(got: ArrayLike<number>, want: readonly number[]): number {
  return Math.max(...want.map((w, i) => Math.abs(got[i]! - w) / ulp(w)));
}

describeDevices("float sums are blocked (accurate for long axes)", (device) => {
  // [shape, axis]: JS/WGSL loops (3 outputs), WebAssembly along rows (R % 4 == 0) and along
  // columns (8 outputs), and one long vector
  const cases: [number[], number][] = [[[10000, 3], 0], [[3, 10000], 1], [[10000, 8], 0], [[device === "cpu" ? 1 << 20 : 1 << 18], 0]];
  for (const [shape, axis] of cases) {
    test(`sum and mean over axis ${axis} of [${shape}] within 2 ulps of float64, eager and jit`, async () => {
      const x = random.uniform(random.key(0), shape);
      const want = exactSums(await x.data(), shape, axis);
      const n = shape[axis]!;
      for (const [how, f] of [["eager", (a: Array) => np.sum(a, axis)], ["jit", jit((a: Array) => np.sum(a, axis))]] as const) {
        expect(ulpError(await f(x).data(), want), `${how} sum`).toBeLessThanOrEqual(2);
      }
      const mean = await jit((a: Array) => np.mean(a, axis))(x).data();
      expect(ulpError(mean, want.map((w) => w / n)), "mean").toBeLessThanOrEqual(2.5);
    });
  }

  test("row kernels (logsumexp, softmax; workgroup trees on WebGPU) sum accurately", async () => {
    const shape = [4, 16384];
    const x = random.uniform(random.key(1), shape);
    const data = await x.data();
    // float64 logsumexp per row (the values are in [0, 1): no scaling needed)
    const want = [0, 1, 2, 3].map((r) => {
      let s = 0;
      for (let c = 0; c < shape[1]!; c++) s += Math.exp(data[r * shape[1]! + c]!);
      return Math.log(s);
    });
    for (const [how, f] of [["eager", (a: Array) => nn.logsumexp(a, -1)], ["jit", jit((a: Array) => nn.logsumexp(a, -1))]] as const) {
      // the exp of each term rounds too: allow 4 ulps
      expect(ulpError(await f(x).data(), want), how).toBeLessThanOrEqual(4);
    }
    const total = await np.sum(jit((a: Array) => nn.softmax(a, -1))(x), -1).data();
    for (const t of total) expect(Math.abs(t - 1)).toBeLessThanOrEqual(4 * 2 ** -23);
  });
});
