import { describe, expect, it } from "vitest";
import { type Array, grad, jit, np, random, tree, vmap } from "tsjax-core";
import { type Params, type State, transform, transformWithState, withoutApplyRng } from "./transform.js";
import { multiTransform, multiTransformWithState } from "./multi-transform.js";
import { ParamsError, StateError } from "../base/errors.js";
import { nextRngKey } from "../base/params.js";
import { Linear } from "../modules/linear.js";
import { BatchNorm } from "../modules/batch-norm.js";
import { dropout } from "../modules/dropout.js";
import { MLP } from "../nets/mlp.js";
import { Conv2D } from "../modules/conv.js";
import { close, rand, treeClose, v } from "../testing/helpers.js";

const net = (x: Array) => {
  const h = new Conv2D(3, 3).call(x);
  return new MLP([8, 4]).call(h.reshape(h.shape[0]!, -1));
};

describe("transform", () => {
  const f = transform(net);
  const x = rand([2, 5, 5, 2], 1);
  const params = f.init(random.key(0), x);

  it("jit(apply), vmap(apply) and grad of a loss equal eager", () => {
    const eager = f.apply(params, null, x);
    close(jit((p: Params, xx: Array) => f.apply(p, null, xx))(params, x), v(eager), { atol: 1e-5 });
    const perExample = vmap((xx: Array) => f.apply(params, null, xx.expandDims(0)).get(0))(x);
    close(perExample, v(eager), { atol: 1e-5 });
    const loss = (p: Params, xx: Array) => f.apply(p, null, xx).square().sum();
    const g = grad(loss)(params, x);
    expect(Object.keys(g)).toEqual(Object.keys(params));
    treeClose(jit(grad(loss))(params, x), g, { atol: 1e-4 });
    // per-example gradients: vmap(grad) summed equals grad of the sum
    const pe = vmap(grad((p: Params, xx: Array) => f.apply(p, null, xx.expandDims(0)).square().sum()), { inAxes: [null, 0] })(params, x);
    treeClose(tree.map((a: Array) => a.sum(0), pe), g, { atol: 1e-4 });
  });

  it("init is pure: same key, same params; jit(init) equals init", () => {
    treeClose(f.init(random.key(0), x), params);
    treeClose(jit((k: Array, xx: Array) => f.init(k, xx))(random.key(0), x), params, { atol: 1e-6 });
  });

  it("apply after the input size changed is an error naming the parameter and both shapes", () => {
    const g = transform((xx: Array) => new Linear(3).call(xx));
    const p = g.init(random.key(0), np.ones([2, 4]));
    expect(() => g.apply(p, null, np.ones([2, 5]))).toThrow(ParamsError);
    expect(() => g.apply(p, null, np.ones([2, 5]))).toThrow(/'linear\/w' has shape \[4, 3\] in the params, but the module asks for \[5, 3\]/);
  });

  it("apply with params from another transform's init is an error", () => {
    const other = transform((xx: Array) => new MLP([3]).call(xx)).init(random.key(0), np.ones([1, 2]));
    expect(() => f.apply(other, null, x)).toThrow(/parameter 'conv2_d\/w' \[3, 3, 2, 3\] is missing: the params have no module 'conv2_d' \(they have 'mlp\/~\/linear_0'\)/);
    expect(() => f.apply([] as never, null, x)).toThrow(/params should be a record/);
  });

  it("state used under transform is an error; withoutApplyRng drops the key", () => {
    expect(() => transform((xx: Array) => new BatchNorm(true, true, 0.9).call(xx, true)).init(null, x)).toThrow(StateError);
    const g = withoutApplyRng(f);
    close(g.apply(params, x), v(f.apply(params, null, x)));
    const s = withoutApplyRng(transformWithState((xx: Array) => new BatchNorm(true, true, 0.9).call(xx, true)));
    const [p2, s2] = s.init(null, x);
    expect(s.apply(p2, s2, x)[0].shape).toEqual([2, 5, 5, 2]);
  });

  it("apply with a key makes randomness reproducible", () => {
    const g = transform((xx: Array) => dropout(nextRngKey(), 0.5, xx));
    const a = g.apply({}, random.key(3), np.ones([20]));
    expect(v(g.apply({}, random.key(3), np.ones([20])))).toEqual(v(a));
    expect(v(g.apply({}, random.key(4), np.ones([20])))).not.toEqual(v(a));
  });
});

describe("transformWithState under jit and grad", () => {
  it("a jitted, donated training step with BatchNorm equals the eager step", () => {
    const f = transformWithState((xx: Array) => {
      const h = new Linear(4).call(xx);
      return new BatchNorm(true, true, 0.9).call(h, true).square().mean();
    });
    const x = rand([6, 3], 2);
    const [params, state] = f.init(random.key(0), x);
    const step = (p: Params, s: State, xx: Array) => {
      const [[loss, ns], g] = [f.apply(p, s, null, xx), grad((pp: Params) => f.apply(pp, s, null, xx)[0])(p)];
      return [tree.map((a: Array, b: Array) => a.sub(b.mul(0.1)), p, g), ns, loss] as const;
    };
    const [ep, es, el] = step(params, state, x);
    const jitted = jit(step, { donate: [0, 1] });
    const copy = <T>(t: T) => tree.map((a: Array) => a.add(0), t);
    const [jp, js, jl] = jitted(copy(params), copy(state), x);
    treeClose(jp, ep, { atol: 1e-5 });
    treeClose(js, es, { atol: 1e-5 });
    close(jl, v(el), { atol: 1e-5 });
  });
});

describe("multiTransform", () => {
  it("several apply functions share one params tree", () => {
    const ae = multiTransform(() => {
      const encoder = new MLP([4, 2], { name: "encoder" });
      const decoder = new MLP([4, 3], { name: "decoder" });
      return [(x: Array) => decoder.call(encoder.call(x)), { encode: (x: Array) => encoder.call(x), decode: (z: Array) => decoder.call(z) }] as const;
    });
    const x = rand([5, 3], 3);
    const params = ae.init(random.key(0), x);
    expect(Object.keys(params)).toEqual(["encoder/~/linear_0", "encoder/~/linear_1", "decoder/~/linear_0", "decoder/~/linear_1"]);
    const z = ae.apply.encode(params, null, x);
    expect(z.shape).toEqual([5, 2]);
    const y = ae.apply.decode(params, null, z);
    const direct = transform((xx: Array) => new MLP([4, 3], { name: "decoder" }).call(new MLP([4, 2], { name: "encoder" }).call(xx)));
    close(y, v(direct.apply(params, null, x)), { atol: 1e-6 });
  });

  it("with state, and lists of apply functions", () => {
    const f = multiTransformWithState(() => {
      const bn = new BatchNorm(true, true, 0.5);
      return [(x: Array) => bn.call(x, true), [(x: Array) => bn.call(x, true), (x: Array) => bn.call(x, false)]] as const;
    });
    const x = rand([4, 2], 4);
    const [params, state] = f.init(null, x);
    const [, s1] = f.apply[0](params, state, null, x);
    const [y] = f.apply[1](params, s1, null, x);
    expect(y.shape).toEqual([4, 2]);
    expect(() => multiTransform(() => [(x: Array) => new BatchNorm(true, true, 0.9).call(x, true), {}] as const).init(null, x)).toThrow(StateError);
  });
});
