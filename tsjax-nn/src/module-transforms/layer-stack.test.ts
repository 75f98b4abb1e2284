import { describe, expect, it } from "vitest";
import { type Array, jit, makeJaxpr, np, random } from "tsjax-core";
import { type Params, transform, transformWithState } from "../transform/transform.js";
import { getState, nextRngKey, setState } from "../base/params.js";
import { zeros } from "../initializers/constant.js";
import { Linear } from "../modules/linear.js";
import { dropout } from "../modules/dropout.js";
import { MLP } from "../nets/mlp.js";
import { layerStack } from "./layer-stack.js";
import { lift, liftWithState } from "./lift.js";
import { forceName, nameScope } from "../base/module.js";
import { close, rand, shapesOf, v } from "../testing/helpers.js";

const block = (x: Array) => x.add(np.tanh(new MLP([6, 4], { name: "mlp" }).call(x)));

describe("layerStack", () => {
  const x = rand([3, 4], 1);
  const stacked = transform((h: Array) => layerStack(5)(block)(h));

  it("stacks each layer's params on a leading axis", () => {
    expect(shapesOf(stacked.init(random.key(0), x))).toEqual({
      "__layer_stack_no_per_layer/mlp/~/linear_0": { w: "5x4x6", b: "5x6" },
      "__layer_stack_no_per_layer/mlp/~/linear_1": { w: "5x6x4", b: "5x4" },
    });
  });

  it("equals the unrolled loop with each layer's slice of the params", () => {
    const params = stacked.init(random.key(0), x);
    const one = transform(block);
    let h = x;
    for (let i = 0; i < 5; i++) {
      const layer: Params = Object.fromEntries(
        Object.entries(params).map(([m, b]) => [m.replace("__layer_stack_no_per_layer/", ""), Object.fromEntries(Object.entries(b).map(([k, a]) => [k, a.get(i)]))]),
      );
      h = one.apply(layer, null, h);
    }
    close(stacked.apply(params, null, x), v(h), { atol: 1e-5 });
    close(jit((p: Params, xx: Array) => stacked.apply(p, null, xx))(params, x), v(h), { atol: 1e-5 });
  });

  it("traces the block once whatever the depth", () => {
    let traces = 0;
    const counting = (h: Array) => (traces++, block(h));
    const deep = transform((h: Array) => layerStack(12)(counting)(h));
    const params = deep.init(random.key(0), x);
    traces = 0;
    makeJaxpr((p: Params, xx: Array) => deep.apply(p, null, xx))(params, x);
    expect(traces).toBe(1);
  });

  it("per-layer inputs and outputs; several carried values", () => {
    const f = transform((h: Array, scales: Array) =>
      layerStack(3, { withPerLayerInputs: true })((c: Array, s: Array) => {
        const out = new Linear(4).call(c).mul(s);
        return [out, out.sum()];
      })(h, scales),
    );
    const scales = np.array([1, 2, 3]);
    const params = f.init(random.key(0), x, scales);
    const [out, sums] = f.apply(params, null, x, scales) as unknown as [Array, Array];
    expect(out.shape).toEqual([3, 4]);
    expect(sums.shape).toEqual([3]);
    const two = transform((a: Array, b: Array) => layerStack(2)((p: Array, q: Array) => [p.add(q), q.mul(2)])(a, b));
    const [p2, q2] = two.apply(two.init(null, np.ones([2]), np.ones([2])), null, np.ones([2]), np.ones([2])) as unknown as [Array, Array];
    expect([v(p2), v(q2)]).toEqual([[4, 4], [4, 4]]);
  });

  it("each layer gets its own key; state is stacked and updated", () => {
    const f = transformWithState((h: Array) =>
      layerStack(3)((c: Array) => {
        const n = getState("calls", [], "float32", zeros);
        setState("calls", n.add(1));
        return dropout(nextRngKey(), 0.5, c);
      })(h),
    );
    const ones = np.ones([64]);
    const [params, state] = f.init(random.key(0), ones);
    expect(shapesOf(state)).toEqual({ "__layer_stack_no_per_layer/~": { calls: "3" } });
    const [y, s2] = f.apply(params, state, random.key(1), ones);
    expect(v(s2["__layer_stack_no_per_layer/~"]!.calls!)).toEqual([1, 1, 1]);
    // three independent masks of rate 0.5: about 1/8 of the elements survive, each 8
    const kept = v(y).filter((e) => e !== 0);
    kept.forEach((e) => expect(e).toBe(8));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(24);
  });

  it("a block that changes the shape it carries is an error (its layers' params would differ)", () => {
    const f = transform((h: Array) => layerStack(2)((c: Array) => new Linear(6).call(c))(h));
    expect(() => f.init(random.key(0), x)).toThrow(/the block changes the shape of what it carries \(float32\[3, 4\] -> float32\[3, 6\]\)/);
    expect(() => layerStack(0)).toThrow(/positive integer/);
  });
});

describe("lift", () => {
  it("an inner transform's params live in the outer params under a name", () => {
    const inner = transform((x: Array) => new Linear(3).call(x));
    const outer = transform((x: Array) => {
      const params = lift(inner.init, { name: "inner" })(nextRngKey(), x);
      return inner.apply(params, null, x);
    });
    const x = rand([2, 2], 2);
    const params = outer.init(random.key(0), x);
    expect(shapesOf(params)).toEqual({ "inner/linear": { w: "2x3", b: "3" } });
    const unwrapped = { linear: params["inner/linear"]! };
    close(outer.apply(params, random.key(0), x), v(inner.apply(unwrapped, null, x)), { atol: 1e-6 });
  });

  it("liftWithState stores the inner state and its updates", () => {
    const inner = transformWithState((x: Array) => {
      const c = getState("c", [], "float32", zeros);
      setState("c", c.add(x.sum()));
      return c;
    });
    const outer = transformWithState((x: Array) => {
      const [psFn, updater] = liftWithState(inner.init, { name: "in" });
      const [p, s] = psFn(null, x);
      const [out, s2] = inner.apply(p, s, null, x);
      updater.update(s2);
      return out;
    });
    const x = np.array([1, 2]);
    const [params, state] = outer.init(null, x);
    expect(v(state["in/~"]!.c!)).toEqual([0]);
    const [, s1] = outer.apply(params, state, null, x);
    const [out, s2] = outer.apply(params, s1, null, x);
    expect(v(out)).toEqual([3]);
    expect(v(s2["in/~"]!.c!)).toEqual([6]);
  });

  it("reusing an outer parameter name is an error unless allowed", () => {
    const inner = transform((x: Array) => new Linear(1).call(x));
    const outer = (allowReuse: boolean) =>
      transform((x: Array) => {
        nameScope("l", () => new Linear(1).call(x)); // "l/linear"
        return inner.apply(lift(inner.init, { name: forceName("l"), allowReuse })(nextRngKey(), x), null, x);
      });
    expect(() => outer(false).init(random.key(0), np.ones([1, 1]))).toThrow(/'l\/linear' already exists in the outer params/);
    expect(Object.keys(outer(true).init(random.key(0), np.ones([1, 1])))).toEqual(["l/linear"]);
  });
});
