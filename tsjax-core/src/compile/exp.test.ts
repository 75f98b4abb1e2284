import { describe, expect, test } from "vitest";
import { type Exp, add, binary, canonical, constant, i32, linearIndex, load, mul, newCanonicalMemo, param, reduce, select, structuralKey, unravelIndex, variable } from "./exp.js";
import { evaluate } from "../../test/evaluate.js";

const ops = (e: Exp): number => (e.op === "var" || e.op === "const" || e.op === "param" ? 0 : 1 + e.args.reduce((n, a) => n + ops(a), 0));

describe("index simplification: unravelling then ravelling with the same shape", () => {
  const g = variable("g");

  test("gives the linear index back", () => {
    for (const shape of [[64, 256], [3, 4, 5], [2, 1, 7, 3]]) {
      const strides = shape.map((_, d) => shape.slice(d + 1).reduce((p, n) => p * n, 1));
      expect(linearIndex(unravelIndex(g, shape), strides)).toBe(g);
    }
  });

  test("keeps an offset, constant or runtime", () => {
    const idx = unravelIndex(g, [3, 4, 5]);
    const withConst = linearIndex(idx, [20, 5, 1], i32(7));
    expect(ops(withConst)).toBe(1);
    expect(evaluate(withConst, { g: 33 })).toBe(40);
    const withParam = linearIndex(idx, [20, 5, 1], param(0));
    expect(ops(withParam)).toBe(1);
    expect(evaluate(withParam, { g: 33, p0: 100 })).toBe(133);
  });

  test("merges only adjacent digits: broadcasts and transposes stay exact", () => {
    const shape = [3, 4, 5];
    const idx = unravelIndex(g, shape);
    const cases: [number[], (v: number) => number][] = [
      [[0, 5, 1], (v) => v % 20], // broadcast over axis 0
      [[20, 0, 1], (v) => Math.floor(v / 20) * 20 + (v % 5)], // over axis 1
      [[1, 3, 12], (v) => Math.floor(v / 20) + (Math.floor(v / 5) % 4) * 3 + (v % 5) * 12], // transposed
      [[20, 5, 2], (v) => Math.floor(v / 5) * 5 + (v % 5) * 2], // strided last axis
    ];
    for (const [strides, want] of cases) {
      const e = linearIndex(idx, strides);
      for (let v = 0; v < 60; v++) expect(evaluate(e, { g: v }), `strides ${strides}, g = ${v}`).toBe(want(v));
    }
    expect(ops(linearIndex(idx, [0, 5, 1]))).toBe(1);
  });

  test("holds for negative indices (truncating division)", () => {
    const e = add(linearIndex(unravelIndex(g, [4, 5]), [5, 1]), i32(0));
    for (const v of [-1, -7, -20, -23]) expect(evaluate(e, { g: v })).toBe(v);
  });
});

describe("structuralKey", () => {
  /** A chain where every level uses the previous one twice: 2^depth paths, depth + 1 nodes. */
  const sharedChain = (leaf: Exp, depth: number): Exp => {
    let x = leaf;
    for (let i = 0; i < depth; i++) x = add(mul(x, x), i32(i));
    return x;
  };

  test("a deep shared DAG inside a reduction is keyed once per node (threefry fused into an argmax)", () => {
    const memo = new Map<Exp, string>();
    const e = reduce("sum", "r", 28, sharedChain(variable("r"), 60));
    const key = structuralKey(e, memo);
    expect(key.length).toBeLessThan(1000);
    // the same reduction over a differently named variable has the same key
    expect(structuralKey(reduce("sum", "s", 28, sharedChain(variable("s"), 60)), memo)).toBe(key);
    // and a different body a different one
    expect(structuralKey(reduce("sum", "s", 28, sharedChain(variable("s"), 59)), memo)).not.toBe(key);
    expect(structuralKey(reduce("sum", "s", 28, add(sharedChain(variable("s"), 60), i32(1))), memo)).not.toBe(key);
  });
});

describe("canonical", () => {
  const g = variable("g");
  /** Distinct nodes of a DAG. */
  const nodes = (e: Exp, seen = new Set<Exp>()): Set<Exp> => {
    if (!seen.has(e)) seen.add(e), e.args.forEach((a) => nodes(a, seen));
    return seen;
  };

  test("merges structurally equal subexpressions built apart (an input loaded several times)", () => {
    const x = () => load(0, add(g, i32(3)), "float32");
    const sq = () => binary("mul", x(), x());
    const e = binary("mul", sq(), binary("add", sq(), x()));
    const c = canonical(e);
    expect(nodes(e).size).toBeGreaterThan(nodes(c).size);
    const [square, sum] = c.args as [Exp, Exp];
    expect(sum.args[0]).toBe(square);
    expect(sum.args[1]).toBe(square.args[0]);
    expect(square.args[1]).toBe(square.args[0]);
    for (const v of [0, 5, 17]) {
      const data = Float32Array.from({ length: 32 }, (_, i) => Math.sin(i));
      expect(evaluate(c, { g: v }, [data])).toBe(evaluate(e, { g: v }, [data]));
    }
  });

  test("keeps loop variables: equal reductions merge whole, different loads stay apart", () => {
    const red = (v: string, arg: number) => reduce("sum", v, 4, load(arg, add(mul(g, i32(4)), variable(v)), "float32"));
    const memo = newCanonicalMemo();
    const a = canonical(red("r1", 0), memo);
    expect(canonical(red("r2", 0), memo)).toBe(a);
    expect(canonical(red("r3", 1), memo)).not.toBe(a);
  });

  test("a bool select of true and false is its condition (a causal mask's where)", () => {
    const c = binary("le", g, i32(2));
    expect(select(c, constant(true, "bool"), constant(false, "bool"))).toBe(c);
    expect(select(c, constant(false, "bool"), constant(true, "bool")).op).toBe("select");
  });
});
