/**
 * One planner for eager and jitted kernels: an eager op is `jit` of one primitive
 * (`buildOpProgram`), so both get the same kernels (long reductions as rows of 1, contractions
 * blocked or marked, values that ignore axes computed once); fusion decides from the traits that
 * primitives declare, never from their names.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { type Array, type DeviceName, lax, makeJaxpr, np } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectTreeClose, rand } from "../../test/grad-helpers.js";
import { optimize } from "./optimize.js";
import { type Program, buildOpProgram, buildProgram } from "./program.js";
import { broadcastInDim } from "../primitives/structural.js";
import { reduceMax, reduceSum } from "../primitives/reduce.js";
import { contiguousStrides } from "../shape.js";

/** What kind of kernel each step is: its form, size or shape, rows, and whether it is a marked contraction. */
function forms(p: Program): string[] {
  return p.steps.map((s) => {
    if (s.kind !== "kernel") return s.kind;
    const k = s.kernel;
    if (k.kind === "blocked") return `blocked [${k.shape}] ${k.blockAxes} ${k.tm}x${k.tn}`;
    if (k.kind === "map") return `map ${k.size} outputs=${k.outputs.length}${k.row ? ` row=${k.row}` : ""}${k.contraction ? ` contraction [${k.contraction.shape}]` : ""}`;
    return k.kind;
  });
}

/** The jit program of `f` (one primitive) and the eager program of that primitive on contiguous inputs. */
function bothPrograms(f: (...xs: Array[]) => Array, args: Array[]): { jit: Program; eager: Program } {
  const { jaxpr } = optimize(makeJaxpr(f)(...args).jaxpr);
  expect(jaxpr.eqns.length, String(jaxpr)).toBe(1);
  const e = jaxpr.eqns[0]!;
  const avals = e.inputs.map((a) => a.aval);
  const layouts = avals.map((a) => ({ strides: contiguousStrides(a.shape), contiguous: true, offset: false }));
  return { jit: buildProgram(jaxpr), eager: buildOpProgram(e.primitive, e.params, avals, layouts, e.outBinders.map((v) => v.aval)) };
}

describe("one planner", () => {
  const cases: [string, (...xs: Array[]) => Array, Array[], string][] = [
    ["a long reduction into few outputs (rows of 1)", (x) => x.sum(1), [rand([4, 4096], 1)], "map 4 outputs=1 row=1"],
    ["a matrix-vector product (rows of 1)", (a, v) => lax.dotGeneral(a, v, [[[1], [0]], [[], []]]), [rand([16, 700], 2), rand([700], 3)], "map 16 outputs=1 row=1"],
    ["a small product with a long reduction (rows of 1, a contraction)", (a, b) => np.matmul(a, b), [rand([8, 600], 9), rand([600, 16], 10)], "map 128 outputs=1 row=1 contraction [8,16]"],
    ["a matmul (blocked)", (a, b) => np.matmul(a, b), [rand([64, 48], 4), rand([48, 40], 5)], "blocked [64,40]"],
    ["a short reduction (a plain map)", (x) => x.max(-1), [rand([300, 20], 6)], "map 300 outputs=1"],
    ["an elementwise op", (x, y) => x.add(y), [rand([5, 7], 7), rand([5, 7], 8)], "map 35 outputs=1"],
  ];
  for (const [what, f, args, form] of cases) {
    test(`eager and jit plan the same kernel: ${what}`, () => {
      const { jit, eager } = bothPrograms(f, args);
      expect(forms(eager)).toEqual(forms(jit));
      expect(forms(eager)[0]).toContain(form);
    });
  }

  test("an eager value that ignores an axis (a product with a broadcast operand) is computed once, then broadcast", () => {
    const x = { shape: [32, 600], dtype: "float32", weakType: false } as const;
    const w = { shape: [600, 24], dtype: "float32", weakType: false } as const;
    const dotGeneral = makeJaxpr((a: Array, b: Array) => np.matmul(a, b))(np.zeros([32, 600]), np.zeros([600, 24])).jaxpr.eqns[0]!;
    // rows of x are one broadcast row (stride 0 along axis 0): every output row is the same
    const p = buildOpProgram(
      dotGeneral.primitive,
      dotGeneral.params,
      [x, w],
      [{ strides: [0, 1], contiguous: false, offset: false }, { strides: [24, 1], contiguous: true, offset: false }],
      [{ shape: [32, 24], dtype: "float32", weakType: false }],
    );
    expect(forms(p)).toEqual(["map 24 outputs=1 row=1", "map 768 outputs=1"]);
  });

  test("the compiler names no primitive: fusion reads traits", () => {
    for (const file of ["program.ts", "plan.ts", "fusion.ts"]) {
      const src = readFileSync(new URL(`./${file}`, import.meta.url), "utf8");
      for (const name of ["dot_general", "conv_general_dilated", "reduce_window", "broadcast_in_dim", "reduce_", "REREADING", "CONTRACTIONS"]) {
        expect(src.includes(name), `${file} names ${name}`).toBe(false);
      }
      // (the control-flow hook `hostCompiler` is installed once; no builder state is global)
      expect(src.match(/^let \w+/gm) ?? [], `${file} has module-global mutable state`).toEqual(file === "program.ts" ? ["let hostCompiler"] : []);
    }
  });

  test("broadcast_in_dim's rowBroadcast trait: rows repeated along the last axis only", () => {
    const rb = broadcastInDim.fusion!.rowBroadcast!;
    expect(rb({ shape: [8, 5], broadcastDimensions: [0] }, [8], [8, 5])).toBe(true);
    expect(rb({ shape: [8, 5], broadcastDimensions: [0, 1] }, [8, 1], [8, 5])).toBe(true);
    expect(rb({ shape: [2, 8, 5], broadcastDimensions: [0, 1] }, [2, 8], [2, 8, 5])).toBe(true);
    expect(rb({ shape: [8, 5], broadcastDimensions: [1] }, [5], [8, 5])).toBe(false);
    expect(rb({ shape: [8, 5], broadcastDimensions: [] }, [], [8, 5])).toBe(false);
    expect(rb({ shape: [8, 5], broadcastDimensions: [0, 1] }, [1, 5], [8, 5])).toBe(false);
  });

  test("reductions declare rowReduction for the last axis only", () => {
    for (const prim of [reduceSum, reduceMax]) {
      const rr = prim.fusion!.rowReduction!;
      expect(rr({ axes: [1] }, [4, 9])).toBe(true);
      expect(rr({ axes: [0] }, [4, 9])).toBe(false);
      expect(rr({ axes: [0, 1] }, [4, 9])).toBe(false);
    }
  });
});

describeDevices("eager ops through the planner", (device: DeviceName) => {
  test("a long eager reduction (rows of 1) equals a float64 loop", async () => {
    const x = rand([3, 5000], 11);
    const rows = (await x.toArray()) as number[][];
    await expectTreeClose(x.sum(1), np.array(rows.map((r) => r.reduce((s, v) => s + v, 0)), { dtype: "float32" }), `sum [${device}]`, { rtol: 1e-5, atol: 1e-4 });
  });

  test("an eager product with a broadcast operand (computed once, then broadcast) equals a float64 loop", async () => {
    const row = rand([600], 12);
    const w = rand([600, 24], 13);
    const a = np.broadcastTo(row, [32, 600]);
    const rv = (await row.toArray()) as number[];
    const wv = (await w.toArray()) as number[][];
    const want = globalThis.Array.from({ length: 24 }, (_, j) => rv.reduce((s, v, k) => s + v * wv[k]![j]!, 0));
    await expectTreeClose(np.matmul(a, w), np.array(globalThis.Array.from({ length: 32 }, () => want), { dtype: "float32" }), `broadcast product [${device}]`, { rtol: 1e-4, atol: 1e-4 });
  });

  test("eager views keep their offsets as runtime parameters: slices at two positions", async () => {
    const x = np.arange(40).astype("float32");
    for (const start of [3, 17]) {
      const s = x.get(`${start}:${start + 10}`);
      await expectTreeClose(s.mul(2).add(1), np.array(globalThis.Array.from({ length: 10 }, (_, i) => 2 * (start + i) + 1), { dtype: "float32" }), `slice at ${start}`);
    }
  });
});
