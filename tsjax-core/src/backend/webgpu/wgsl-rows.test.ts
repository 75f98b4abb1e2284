/**
 * WebGPU reductions and row kernels (`wgsl-rows.ts`, `wgsl-reduce.ts`) against plain loops in
 * float64, with the device's subgroup operations and without them (the two-level workgroup
 * tree): sums over each axis in every form (4 columns per invocation, `vec4` rows, rows of 1,
 * the scalar fallback for lengths that are not a multiple of 4), exact integer sums, max/min
 * with NaN, argmax ties, softmax / logsumexp / standardize over rows shorter and longer than a
 * workgroup (unrolled and loop forms), and empty rows.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Array, defaultDevice, jit, nn, np } from "../../index.js";
import { getBackend } from "../devices.js";
import { HAS_WEBGPU } from "../../../test/helpers.js";
import type { WebGPUBackend } from "./webgpu-backend.js";
import { WgslHelpers } from "./wgsl-helpers.js";
import { assemble, inputBindings } from "./wgsl.js";
import { withSubgroups } from "./wgsl-lanes.js";

/** Values in [lo, hi) spread without pattern over n elements. */
function values(n: number, lo: number, hi: number, seed = 0): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * (((i + seed) * 0.6180339887) % 1);
  return out;
}

async function expectAllClose(got: Array, want: ArrayLike<number>, rtol = 1e-5, atol = 1e-6): Promise<void> {
  const data = await got.data();
  expect(data.length).toBe(want.length);
  let bad = -1;
  for (let i = 0; i < data.length && bad < 0; i++) {
    const w = want[i]!;
    const g = Number(data[i]);
    if (Number.isNaN(w) ? !Number.isNaN(g) : !(Math.abs(g - w) <= atol + rtol * Math.abs(w))) bad = i;
  }
  expect(bad < 0 ? "all close" : `element ${bad}: got ${data[bad]}, want ${want[bad]}`).toBe("all close");
}

/** Reduces the rows of an [R, C] array over `axis` with `f` (a plain loop). */
function reduceRef(x: ArrayLike<number>, R: number, C: number, axis: 0 | 1, f: (acc: number, v: number) => number, init: number): number[] {
  const out = new globalThis.Array<number>(axis === 0 ? C : R).fill(init);
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) {
    const o = axis === 0 ? c : r;
    out[o] = f(out[o]!, x[r * C + c]!);
  }
  return out;
}

const nanMax = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));
const nanMin = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));

/** Row-wise f64 references. */
function rowsRef(x: ArrayLike<number>, R: number, C: number, f: (row: number[]) => number[]): number[] {
  const out: number[] = [];
  for (let r = 0; r < R; r++) out.push(...f(globalThis.Array.from({ length: C }, (_, c) => x[r * C + c]!)));
  return out;
}
const softmaxRef = (row: number[]) => {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const standardizeRef = (row: number[]) => {
  const mu = row.reduce((a, b) => a + b, 0) / row.length;
  const v = row.reduce((a, b) => a + (b - mu) ** 2, 0) / row.length;
  return row.map((x) => (x - mu) / Math.sqrt(v + 1e-5));
};
const logsumexpRef = (row: number[]) => {
  const m = Math.max(...row);
  return [m + Math.log(row.reduce((a, b) => a + Math.exp(b - m), 0))];
};

const variants = HAS_WEBGPU ? [true, false] : [];

for (const subgroups of variants) {
  describe(`webgpu reductions and row kernels (${subgroups ? "subgroups" : "no subgroups"})`, () => {
    let backend: WebGPUBackend;
    let had = false;
    beforeAll(() => {
      defaultDevice("webgpu");
      backend = getBackend("webgpu") as WebGPUBackend;
      had = backend.subgroups;
      backend.subgroups = subgroups && backend.device.features.has("subgroups");
    });
    afterAll(() => {
      backend.subgroups = had;
      defaultDevice("cpu");
    });

    test("the row kernels use subgroup operations exactly when asked to", () => {
      const x = np.zeros([8, 1024]);
      const src = jit((a: Array) => nn.softmax(a, -1)).lower(x).kernels.map((k) => k.source).join("\n");
      expect(src.includes("subgroupAdd")).toBe(backend.subgroups);
      if (!subgroups) expect(src).not.toContain("subgroup");
    });

    // [rows, cols]: columns 4 per invocation (1028 outputs), vec4 rows (2000 x 40), rows of
    // one output (3 x 24000: a workgroup tree over vec4s; 3 x 24001: over elements), scalar
    // fallback (1100 x 7), small kernels (plain shaders) and single-element arrays
    const shapes: [number, number][] = [[1, 1], [3, 5], [600, 1028], [2000, 40], [3, 24000], [3, 24001], [1100, 7]];
    for (const [R, C] of shapes) {
      test(`float32 sum over each axis of ${R}x${C}`, async () => {
        const data = values(R * C, -2, 2, R + C);
        const x = np.array(data).reshape([R, C]);
        for (const axis of [0, 1] as const) {
          const got = jit((a: Array) => np.sum(a, axis))(x);
          await expectAllClose(got, reduceRef(data, R, C, axis, (a, b) => a + b, 0), 1e-5, 1e-4);
        }
      });
    }

    test("int32 sums are exact in every form", async () => {
      for (const [R, C] of [[300, 1100], [2000, 40], [7, 9]] as const) {
        const data = Int32Array.from({ length: R * C }, (_, i) => ((i * 7919) % 200001) - 100000);
        const x = np.array(data, { dtype: "int32" }).reshape([R, C]);
        for (const axis of [0, 1] as const) {
          const got = await jit((a: Array) => np.sum(a, axis))(x).data();
          expect(globalThis.Array.from(got)).toEqual(reduceRef(data, R, C, axis, (a, b) => (a + b) | 0, 0));
        }
      }
    });

    test("max and min propagate NaN over each axis; integer max and min are exact", async () => {
      for (const [R, C] of [[3, 600], [300, 1100]] as const) {
        const data = values(R * C, -3, 3, 7);
        data[C + 5] = NaN;
        const x = np.array(data).reshape([R, C]);
        for (const axis of [0, 1] as const) {
          await expectAllClose(jit((a: Array) => np.max(a, axis))(x), reduceRef(data, R, C, axis, nanMax, -Infinity), 0, 0);
          await expectAllClose(jit((a: Array) => np.min(a, axis))(x), reduceRef(data, R, C, axis, nanMin, Infinity), 0, 0);
        }
        const ints = Int32Array.from(data, (v, i) => (Number.isNaN(v) ? -7 : Math.round(v * 1e6) + (i % 3)));
        const xi = np.array(ints, { dtype: "int32" }).reshape([R, C]);
        for (const axis of [0, 1] as const) {
          expect(globalThis.Array.from(await jit((a: Array) => np.max(a, axis))(xi).data())).toEqual(reduceRef(ints, R, C, axis, Math.max, -(2 ** 31)));
          expect(globalThis.Array.from(await jit((a: Array) => np.min(a, axis))(xi).data())).toEqual(reduceRef(ints, R, C, axis, Math.min, 2 ** 31 - 1));
        }
      }
    });

    test("argmax over long rows: the first of tied maxima, the first NaN", async () => {
      const C = 600;
      const data = new Float32Array(3 * C).fill(1);
      data[17] = 5;
      data[400] = 5;
      data[C + 30] = NaN;
      data[C + 20] = 9;
      data[C + 31] = NaN;
      const got = await jit((a: Array) => np.argmax(a, -1))(np.array(data).reshape([3, C])).data();
      expect(globalThis.Array.from(got)).toEqual([17, 30, 0]);
    });

    // row lengths shorter and longer than a workgroup, multiples of 4 and not, up to the loop form
    for (const C of [1, 3, 100, 1024, 1030, 4100, 9000]) {
      test(`softmax, logsumexp and standardize over rows of ${C}`, async () => {
        const R = 3;
        const data = values(R * C, -6, 6, C);
        const x = np.array(data).reshape([R, C]);
        await expectAllClose(jit((a: Array) => nn.softmax(a, -1))(x), rowsRef(data, R, C, softmaxRef), 2e-5, 1e-9);
        await expectAllClose(jit((a: Array) => nn.logsumexp(a, -1))(x), rowsRef(data, R, C, logsumexpRef), 1e-5, 1e-5);
        await expectAllClose(jit((a: Array) => nn.standardize(a, -1))(x), rowsRef(data, R, C, standardizeRef), 1e-4, 1e-4);
      });
    }

    test("softmax with a NaN and with -inf rows, as JAX", async () => {
      const C = 1024;
      const data = values(3 * C, -1, 1);
      data[10] = NaN;
      for (let c = 0; c < C; c++) data[C + c] = -Infinity;
      const got = await jit((a: Array) => nn.softmax(a, -1))(np.array(data).reshape([3, C])).data();
      expect(globalThis.Array.from(got.slice(0, C)).every(Number.isNaN)).toBe(true);
      expect(globalThis.Array.from(got.slice(C, 2 * C)).every(Number.isNaN)).toBe(true);
      await expectAllClose(np.array(got.slice(2 * C)), softmaxRef(globalThis.Array.from(data.slice(2 * C))), 2e-5, 1e-9);
    });

    test("empty rows", async () => {
      const x = np.zeros([3, 0]);
      expect(globalThis.Array.from(await jit((a: Array) => np.sum(a, -1))(x).data())).toEqual([0, 0, 0]);
      expect(jit((a: Array) => nn.softmax(a, -1))(x).shape).toEqual([3, 0]);
    });
  });
}

test("withSubgroups adds the subgroup builtins to an assembled kernel's entry point", () => {
  const src = assemble(new WgslHelpers(), inputBindings(["float32"]), 0, ["let x = in0[gidx];"], "", 64);
  const sub = withSubgroups(src);
  expect(sub.startsWith("enable subgroups;\n")).toBe(true);
  const entry = sub.split("\n").find((l) => l.startsWith("fn main("));
  expect(entry).toContain("@builtin(local_invocation_index) lid: u32, @builtin(subgroup_invocation_id) sgid: u32, @builtin(subgroup_size) sgsize: u32");
  expect(sub.replace("enable subgroups;\n", "").replace(", @builtin(subgroup_invocation_id) sgid: u32, @builtin(subgroup_size) sgsize: u32", "")).toBe(src);
});
