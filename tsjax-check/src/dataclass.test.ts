import { describe, expect, it } from "vitest";
import { type Array, grad, jit, np, tree, vmap } from "tsjax-core";
import { dataclass } from "./dataclass.js";
import { assertTreesAllClose } from "./tree-values.js";

class Linear extends dataclass<{ w: Array; b: Array }>("Linear") {
  apply(x: Array): Array {
    return x.matmul(this.w).add(this.b);
  }
}

describe("dataclass", () => {
  const p = new Linear({ w: np.ones([2, 2]), b: np.zeros([2]) });
  it("is frozen, typed and has replace", async () => {
    expect(Object.isFrozen(p)).toBe(true);
    expect(() => {
      (p as { b: unknown }).b = 1;
    }).toThrow(TypeError);
    const q = p.replace({ b: np.ones([2]) });
    expect(q).toBeInstanceOf(Linear);
    expect(Object.isFrozen(q)).toBe(true);
    expect(await q.b.toArray()).toEqual([1, 1]);
    expect(await p.b.toArray()).toEqual([0, 0]);
    expect(() => p.replace({ c: 1 } as never)).toThrow(/unknown field\(s\) c/);
    expect(String(p)).toBe("Linear(w, b)");
  });
  it("is a pytree through tree.map, grad, jit and vmap", async () => {
    const doubled = tree.map((x: Array) => x.mul(2), p);
    expect(doubled).toBeInstanceOf(Linear);
    expect(tree.leaves(p)).toHaveLength(2);
    const x = np.array([[1, 2]]);
    const g = grad((q: Linear) => q.apply(x).sum())(p);
    expect(g).toBeInstanceOf(Linear);
    await assertTreesAllClose(g.toObject(), { w: np.array([[1, 1], [2, 2]]), b: np.array([1, 1]) });
    const out = jit((q: Linear) => q.replace({ b: q.b.add(1) }))(p);
    expect(out).toBeInstanceOf(Linear);
    expect(await out.b.toArray()).toEqual([1, 1]);
    const batched = vmap((q: Linear) => q.w.sum())(new Linear({ w: np.ones([3, 2, 2]), b: np.zeros([3, 2]) }));
    expect(await batched.toArray()).toEqual([4, 4, 4]);
  });
});
