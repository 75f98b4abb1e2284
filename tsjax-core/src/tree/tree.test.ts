import { describe, expect, test } from "vitest";
import * as tree from "./index.js";

class Point {
  constructor(readonly x: unknown, readonly y: unknown) {}
}
tree.registerPytreeNode(Point, {
  flatten: (p) => [[p.x, p.y], null, ["x", "y"]],
  unflatten: (_aux, [x, y]) => new Point(x, y),
});

class Pair implements tree.TreeNodeProtocol {
  constructor(readonly a: unknown, readonly b: unknown, readonly tag: string) {}
  [tree.treeNode]() {
    return { children: [this.a, this.b], keys: ["a", "b"], aux: this.tag, rebuild: ([a, b]: unknown[]) => new Pair(a, b, this.tag) };
  }
}

describe("tree", () => {
  test("flatten orders object keys and treats null/undefined as empty nodes", () => {
    const [leaves, def] = tree.flatten({ b: [1, null, 2], a: 3, c: undefined });
    expect(leaves).toEqual([3, 1, 2]);
    expect(def.numLeaves).toBe(3);
    expect(def.toString()).toBe("{a: *, b: [*, null, *], c: undefined}");
    expect(tree.unflatten(def, [30, 10, 20])).toEqual({ a: 30, b: [10, null, 20], c: undefined });
  });

  test("registered classes and the symbol protocol are nodes", () => {
    const t = { p: new Point(1, [2, 3]), q: new Pair(4, 5, "t") };
    expect(tree.leaves(t)).toEqual([1, 2, 3, 4, 5]);
    const doubled = tree.map((x: number) => x * 2, t);
    expect(doubled.p).toBeInstanceOf(Point);
    expect(doubled.p.y).toEqual([4, 6]);
    expect(doubled.q).toBeInstanceOf(Pair);
    expect(doubled.q.tag).toBe("t");
    expect(doubled.q.b).toBe(10);
  });

  test("map over several trees, with a clear error naming where structures differ", () => {
    expect(tree.map((a: number, b: number) => a + b, { x: [1, 2] }, { x: [10, 20] })).toEqual({ x: [11, 22] });
    expect(() => tree.map((a: number) => a, { x: [1, 2], y: 1 }, { x: [1], y: 2 })).toThrow(
      /tree\.map: tree structures differ at \['x'\]: the first tree has a list of length 2, the tree 2 has a list of length 1/,
    );
    expect(() => tree.map((a: number) => a, { w: 1, b: 2 }, { w: 1 })).toThrow(
      /differ at the root: the first tree has an object with keys \[b, w\], the tree 2 has an object with keys \[w\]/,
    );
    expect(() => tree.map((a: number) => a, new Pair(1, 2, "a"), new Pair(1, 2, "b"))).toThrow(/differ at the root/);
  });

  test("paths", () => {
    const t = { layers: [{ w: 1, b: 2 }], "odd key": 3 };
    const [pairs] = tree.flattenWithPath(t);
    // jax.tree_util.keystr's form (scripts/refs/core/semantics.py): [1]['k1']
    expect(pairs.map(([p]) => tree.keystr(p))).toEqual(["['layers'][0]['b']", "['layers'][0]['w']", "['odd key']"]);
    expect(tree.keystr([1, "k1"])).toBe("[1]['k1']");
    expect(tree.keystr([])).toBe("");
    expect(tree.keystr(["it's"])).toBe(`["it's"]`);
    expect(tree.keystr([1, "k1"], { simple: true, separator: "/" })).toBe("1/k1");
    const scaled = tree.mapWithPath((p: tree.KeyPath, x: number) => (tree.keystr(p).endsWith("['b']") ? x : x * 10), t);
    expect(scaled).toEqual({ layers: [{ w: 10, b: 2 }], "odd key": 30 });
  });

  test("reduce, all, structure equality", () => {
    expect(tree.reduce((a: number, x: number) => a + x, [1, [2, { z: 3 }]], 0)).toBe(6);
    expect(tree.all([true, { a: true }])).toBe(true);
    expect(tree.all([true, { a: false }])).toBe(false);
    expect(tree.structure({ a: 1, b: [2] }).equals(tree.structure({ b: [5], a: 7 }))).toBe(true);
    expect(tree.structure({ a: 1 }).equals(tree.structure({ a: [1] }))).toBe(false);
  });

  test("transpose swaps outer and inner structures", () => {
    const outer = tree.structure([0, 0, 0]);
    const inner = tree.structure({ a: 0, b: 0 });
    const t = [{ a: 1, b: 2 }, { a: 3, b: 4 }, { a: 5, b: 6 }];
    expect(tree.transpose(outer, inner, t)).toEqual({ a: [1, 3, 5], b: [2, 4, 6] });
    expect(() => tree.transpose(outer, inner, [{ a: 1, b: 2 }])).toThrow(/expected 3 x 2 = 6 leaves/);
  });

  test("class instances that are not registered are leaves", () => {
    const d = new Date(0);
    expect(tree.leaves({ d })).toEqual([d]);
  });

  test("unflatten checks the number of leaves", () => {
    expect(() => tree.unflatten(tree.structure([1, 2]), [1])).toThrow(/has 2 leaves but 1 were given/);
  });
});

describe("registered base classes and protocol nodes", () => {
  test("a subclass of a registered class flattens and rebuilds through the base's registration", () => {
    class Base {
      constructor(readonly a: number, readonly b: number) {}
    }
    class Sub extends Base {}
    tree.registerPytreeNode(Base, { flatten: (x: Base) => [[x.a, x.b], null], unflatten: (_aux, [a, b]) => new Sub(a as number, b as number) });
    const [leaves, def] = tree.flatten(new Sub(1, 2));
    expect(leaves).toEqual([1, 2]);
    const back = tree.unflatten(def, [3, 4]) as Sub;
    expect(back).toBeInstanceOf(Sub);
    expect([back.a, back.b]).toEqual([3, 4]);
    expect(String(def)).toBe("Sub(*, *)");
  });

  test("protocol nodes show their class name in structures and messages", () => {
    class Pair {
      constructor(readonly x: unknown, readonly y: unknown) {}
      [tree.treeNode]() {
        return { children: [this.x, this.y], rebuild: ([x, y]: unknown[]) => new Pair(x, y) };
      }
    }
    expect(String(tree.structure(new Pair(1, [2])))).toBe("Pair(*, [*])");
    expect(() => tree.map((a: number, b: number) => a + b, new Pair(1, 2), new Pair(1, [2]))).toThrow(/Pair|list/);
  });
});
