import { describe, expect, it } from "vitest";
import { np } from "tsjax-core";
import { globalNorm, treeAdd, treeAddScale, treeFullLike, treeMax, treeNorm, treeOnesLike, treeScale, treeSub, treeSum, treeVdot, treeWhere, treeZerosLike } from "./tree-math.js";
import { chain, identity, namedChain, setToZero } from "./base.js";
import { scale } from "./transforms/scale.js";
import { close, f32 } from "../test/helpers.js";

const a = { x: f32([1, 2]), y: [f32([3])] };
const b = { x: f32([4, 5]), y: [f32([6])] };

describe("tree math", () => {
  it("elementwise helpers", () => {
    close(treeAdd(a, b).x, [5, 7]);
    close(treeSub(b, a).y[0]!, [3]);
    close(treeScale(2, a).x, [2, 4]);
    close(treeAddScale(a, -1, b).x, [-3, -3]);
    close(treeZerosLike(a).y[0]!, [0]);
    close(treeOnesLike(a).x, [1, 1]);
    close(treeFullLike(a, 7).x, [7, 7]);
    close(treeWhere(np.array(false), a, b).x, [4, 5]);
  });
  it("reductions", () => {
    close(treeVdot(a, b), [4 + 10 + 18]);
    close(treeSum(a), [6]);
    close(treeMax(b), [6]);
    close(treeNorm(a), [Math.sqrt(14)]);
    close(globalNorm(a), [Math.sqrt(14)]);
    close(treeNorm(a, { squared: true }), [14]);
    close(treeNorm(a, { ord: 1 }), [6]);
    close(treeNorm(a, { ord: Infinity }), [3]);
    expect(() => treeAdd(a, { x: f32([1, 2]) } as never)).toThrow(/tree/);
  });
  it("chain, namedChain, identity, setToZero", () => {
    const c = chain(scale(2), scale(3), identity());
    const [u] = c.update(a, c.init(a));
    close(u.x, [6, 12]);
    expect(() => c.update(a, [{}] as never)).toThrow(/chain: expected a state list of length 3/);
    const n = namedChain(["double", scale(2)], ["zero", setToZero()]);
    const s = n.init(a);
    expect(Object.keys(s).sort()).toEqual(["double", "zero"]);
    close(n.update(a, s)[0].x, [0, 0]);
  });
});
