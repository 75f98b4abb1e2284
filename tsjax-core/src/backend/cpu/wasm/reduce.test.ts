/**
 * CPU reductions in WebAssembly SIMD (`reduce.ts`) against float64 loops: rows and columns,
 * sum/max/min/mean, fused elementwise bodies with broadcasts and selects, NaN and -0, strided
 * views, and shapes that keep the JavaScript loop.
 */
import { describe, expect, it } from "vitest";
import { type Array, defaultDevice, jit, lax, np } from "../../../index.js";
import { randomValues } from "../../../../test/helpers.js";

const isWasm = (f: ReturnType<typeof jit>, ...args: Array[]) => f.lower(...args).kernels.some((k) => k.source.includes('G.parallel("reduce|'));

async function expectNear(got: Array, want: Float64Array, tol = 2e-5): Promise<void> {
  const g = (await got.data()) as Float32Array;
  expect(g.length).toBe(want.length);
  for (let i = 0; i < g.length; i++) {
    const w = want[i]!;
    if (Number.isNaN(w)) expect(g[i], `element ${i}`).toBeNaN();
    else expect(Math.abs(g[i]! - w), `element ${i}: ${g[i]} vs ${w}`).toBeLessThanOrEqual(tol * (1 + Math.abs(w)));
  }
}

/** reduce(f(i, j)) over one axis of a [rows, cols] index space, in float64. */
function ref(rows: number, cols: number, axis: 0 | 1, f: (i: number, j: number) => number, op: "sum" | "max" | "min" | "mean"): Float64Array {
  const n = axis === 0 ? cols : rows;
  const len = axis === 0 ? rows : cols;
  const out = new Float64Array(n);
  for (let o = 0; o < n; o++) {
    let acc = op === "max" ? -Infinity : op === "min" ? Infinity : 0;
    for (let t = 0; t < len; t++) {
      const v = axis === 0 ? f(t, o) : f(o, t);
      acc = op === "max" ? (Number.isNaN(v) || Number.isNaN(acc) ? NaN : Math.max(acc, v)) : op === "min" ? (Number.isNaN(v) || Number.isNaN(acc) ? NaN : Math.min(acc, v)) : acc + v;
    }
    out[o] = op === "mean" ? acc / len : acc;
  }
  return out;
}

describe("CPU reductions in WebAssembly", () => {
  defaultDevice("cpu");
  const [rows, cols] = [96, 260];
  const xd = randomValues(rows * cols, 1);
  xd[7 * cols + 5] = NaN;
  const x = np.array(xd).reshape(rows, cols);
  const at = (i: number, j: number) => xd[i * cols + j]!;

  for (const axis of [0, 1] as const) {
    for (const op of ["sum", "max", "min", "mean"] as const) {
      it(`${op} over axis ${axis}`, async () => {
        const f = jit((a: Array) => (op === "sum" ? np.sum(a, axis) : op === "max" ? np.max(a, axis) : op === "min" ? np.min(a, axis) : np.mean(a, axis)));
        expect(isWasm(f, x)).toBe(true);
        await expectNear(f(x), ref(rows, cols, axis, at, op));
      });
    }
  }

  it("a fused body: squared differences from a broadcast row, masked by a select", async () => {
    const yd = randomValues(cols, 2);
    const y = np.array(yd);
    const f = jit((a: Array, b: Array) => np.sum(np.where(np.greater(a, b), np.square(a.sub(b)), a.mul(-0.5)), 1));
    expect(isWasm(f, x, y)).toBe(true);
    await expectNear(f(x, y), ref(rows, cols, 1, (i, j) => {
      const a = at(i, j);
      const b = yd[j]!;
      return Number.isNaN(a) ? -0.5 * a : a > b ? (a - b) ** 2 : -0.5 * a;
    }, "sum"));
  });

  it("max of -0 and +0, and of a row of -inf", async () => {
    const n = 4096 * 4;
    const zd = new Float32Array(n).map((_, i) => (i % 2 ? -0 : 0));
    zd.fill(-Infinity, 0, 4096);
    const z = np.array(zd).reshape(4, 4096);
    const f = jit((a: Array) => np.max(a, 1));
    expect(isWasm(f, z)).toBe(true);
    const got = (await f(z).data()) as Float32Array;
    expect(got[0]).toBe(-Infinity);
    expect(Object.is(got[1], 0), `max of +0 and -0 is +0, got ${Object.is(got[1], -0) ? "-0" : got[1]}`).toBe(true);
  });

  it("reads only the window it needs: a slice (offset) and a flip (negative stride)", async () => {
    const f = jit((a: Array) => np.sum(lax.slice(a, [10, 4], [74, 260]), 1));
    expect(isWasm(f, x)).toBe(true);
    // 64 rows of 256 at a row stride of 260: 63 * 260 + 256 elements, not the whole 96 x 260
    expect(f.lower(x).kernels[0]!.source).toMatch(/G\.input\(in0, [^;]*, 16636, free\)/);
    await expectNear(f(x), ref(64, 256, 1, (i, j) => at(i + 10, j + 4), "sum"));
    const g = jit((a: Array) => np.max(np.flip(a, 0), 1));
    expect(isWasm(g, x)).toBe(true);
    await expectNear(g(x), ref(rows, cols, 1, (i, j) => at(rows - 1 - i, j), "max"));
  });

  it("a transposed view reduces along its strided axis", async () => {
    const f = jit((a: Array) => np.sum(a.T, 1));
    await expectNear(f(x), ref(rows, cols, 0, at, "sum"));
  });

  it("shapes that cannot be vectorized keep the JavaScript loop and are still right", async () => {
    const wd = randomValues(129 * 131, 3);
    const w = np.array(wd).reshape(129, 131);
    const f = jit((a: Array) => np.sum(a, 1));
    expect(isWasm(f, w)).toBe(false);
    await expectNear(f(w), ref(129, 131, 1, (i, j) => wd[i * 131 + j]!, "sum"));
  });

  it("a reduction over the middle axis of a 3-D array", async () => {
    const vd = randomValues(8 * 64 * 40, 4);
    const v = np.array(vd).reshape(8, 64, 40);
    const got = (await jit((a: Array) => np.sum(a, 1))(v).data()) as Float32Array;
    for (const [b, c] of [[0, 0], [3, 17], [7, 39]] as const) {
      let s = 0;
      for (let j = 0; j < 64; j++) s += vd[(b * 64 + j) * 40 + c]!;
      expect(Math.abs(got[b * 40 + c]! - s)).toBeLessThan(1e-4);
    }
  });
});
