import { expect, test } from "vitest";
import {
  type Array, customJvp, customVjp, grad, hessian, jacrev, jit, jvp, lax, linearize, memoryStats, np, scope, synchronize, tree, valueAndGrad, vjp, vmap,
} from "../index.js";
import { describeDevices, expectClose } from "../../test/helpers.js";

// Transformations free the arrays they make for themselves when they return: a call leaves
// exactly its results alive, with no garbage collection involved.
describeDevices("transformations free their own arrays", (device) => {
  const f = (w: Array, x: Array) => np.tanh(x.matmul(w)).square().mean();
  const setup = () => ({ w: np.array([[0.5, -0.2], [0.1, 0.3], [-0.4, 0.2]]), x: np.array([[1, 2, 3], [0.5, -1, 2]]) });
  const live = () => memoryStats(device).liveBuffers;
  // runs `call` once to fill the caches of constants, then counts what a second call keeps
  const kept = async (call: () => unknown) => {
    call();
    await synchronize(device);
    const before = live();
    const result = call();
    return { result, kept: live() - before };
  };

  test("valueAndGrad keeps its value and the gradient", async () => {
    const { w, x } = setup();
    const { result, kept: n } = await kept(() => valueAndGrad(f)(w, x));
    expect(n).toBe(2);
    const [v, g] = result as [Array, Array];
    // d/dw mean(tanh(xw)^2) = x^T (2 tanh(xw) (1 - tanh(xw)^2)) / 4
    const t = np.tanh(x.matmul(w));
    await expectClose(g, await x.T.matmul(t.mul(2).mul(np.ones([2, 2]).sub(t.square()))).div(4).toArray(), { rtol: 1e-5 });
    await expectClose(v, (await t.square().mean().item()) as number);
  });

  test("grad of grad, jvp and vmap keep only their results", async () => {
    const { w, x } = setup();
    const g2 = (s: Array) => grad((a: Array) => grad((b: Array) => np.sin(b).mul(b).sum())(a).sum())(s);
    const s0 = np.array([0.3, 1.2]);
    const { result: h, kept: n1 } = await kept(() => g2(s0));
    expect(n1).toBe(1);
    // d2/db2 (b sin b) = 2 cos b - b sin b
    await expectClose(h as Array, [0.3, 1.2].map((b) => 2 * Math.cos(b) - b * Math.sin(b)), { rtol: 1e-4 });
    const t0 = np.onesLike(w);
    const { kept: n2 } = await kept(() => jvp((a: Array) => f(a, x), [w], [t0]));
    expect(n2).toBe(2); // the output and its tangent
    const { result: rows, kept: n3 } = await kept(() => vmap((r: Array) => np.exp(r).sum())(x));
    expect(n3).toBe(1);
    await expectClose(rows as Array, [Math.exp(1) + Math.exp(2) + Math.exp(3), Math.exp(0.5) + Math.exp(-1) + Math.exp(2)], { rtol: 1e-5 });
  });

  test("vjp keeps its residuals until the vjp function is gone; each call keeps its cotangents", async () => {
    const { w, x } = setup();
    const [y, back] = vjp((a: Array) => np.sin(a.matmul(x)), w);
    await synchronize(device);
    const before = live();
    const [ct] = back(np.onesLike(y)); // (ones are a view of a cached constant: no buffer)
    expect(live() - before).toBe(1);
    await expectClose(ct as Array, await np.cos(w.matmul(x)).matmul(x.T).toArray(), { rtol: 1e-5 });
    const [ct2] = back(np.onesLike(y).mul(2)); // the residuals are still there
    await expectClose(ct2 as Array, await (ct as Array).mul(2).toArray(), { rtol: 1e-5 });
    const [, lin] = linearize((a: Array) => np.exp(a), np.array([0, 1]));
    await expectClose(lin(np.array([1, 1])), [1, Math.E], { rtol: 1e-6 });
  });

  test("arrays of the user's own code inside the transformed function are never freed", async () => {
    const kept: Array[] = [];
    const base = np.array([1, 2, 3]);
    const g = grad((a: Array) => {
      const c = np.array([2, 2, 2]); // made by the user inside f: the user's
      kept.push(c, base.mul(1));
      return a.mul(c).mul(base).sum();
    })(np.ones([3]));
    await expectClose(g, [2, 4, 6]);
    for (const a of kept) await a.data(); // throws if it was freed
    await expectClose(kept[0]!, [2, 2, 2]);
    await expectClose(kept[1]!, [1, 2, 3]);
  });

  test("arrays that a returned pytree node holds in private fields are kept", async () => {
    class Box {
      readonly #v: Array;
      constructor(v: Array) {
        this.#v = v;
      }
      get v(): Array {
        return this.#v;
      }
      [tree.treeNode]() {
        return { children: [this.#v], rebuild: ([v]: unknown[]) => new Box(v as Array) };
      }
    }
    const xs = np.array([[1, 2], [3, 4]]);
    const boxes = vmap((r: Array) => new Box(np.exp(r).sum()))(xs) as Box;
    await expectClose(boxes.v, [Math.exp(1) + Math.exp(2), Math.exp(3) + Math.exp(4)], { rtol: 1e-6 });
    const [g, aux] = grad((a: Array) => [a.square().sum(), new Box(np.sin(a))] as const, { hasAux: true })(np.array([0.5, 1]));
    await expectClose(g, [1, 2]);
    await expectClose(aux.v, [Math.sin(0.5), Math.sin(1)], { rtol: 1e-6 });
  });

  test("custom rules may keep the arrays they are given or make", async () => {
    const stash: Array[] = [];
    const cube = customJvp((a: Array) => a.mul(a).mul(a));
    cube.defjvp(([a], [t]) => {
      stash.push(a!, a!.square());
      return [cube(a!), t!.mul(a!.square()).mul(3)];
    });
    const clip = customVjp((a: Array) => a.mul(2));
    clip.defvjp((a) => [a.mul(2), a], (res, ct) => {
      stash.push(res, ct);
      return [np.clip(ct, -1, 1).mul(2)];
    });
    const gv = grad((a: Array) => cube(a).add(clip(a)).sum())(np.array([1, 2]));
    await expectClose(gv, [3 + 2, 12 + 2]);
    for (const a of stash) await a.data(); // throws if it was freed
    await expectClose(stash[0]!, [1, 2]);
  });

  test("grad under vmap and vmap under grad, with indexing and control flow", async () => {
    const xs = np.array([[0.1, 0.2, 0.3], [1, -1, 0.5]]);
    const idx = np.array([2, 0], { dtype: "int32" });
    const per = vmap(grad((r: Array) => np.take(r, idx).square().sum().add(lax.cond(r.sum().gt(0), (v: Array) => v.sum(), (v: Array) => v.mul(2).sum(), r))))(xs);
    await expectClose(per, [[1 + 0.2, 1, 1 + 0.6], [1 + 2, 1, 1 + 1]], { rtol: 1e-5 });
    const tot = grad((w: Array) => vmap((r: Array) => np.take(r.mul(w), idx).sum())(xs).sum())(np.array([1, 1, 1]));
    await expectClose(tot, [1.1, 0, 0.8], { rtol: 1e-5 });
    const h = hessian((a: Array) => a.square().mul(a).sum())(np.array([1, 2])) as Array;
    await expectClose(h, [[6, 0], [0, 12]], { rtol: 1e-5 });
    const j = jacrev((a: Array) => np.exp(a))(np.array([0, 1])) as Array;
    await expectClose(j, [[1, 0], [0, Math.E]], { rtol: 1e-5 });
  });

  test("grad inside jit and jit inside grad keep working across calls", async () => {
    const { w, x } = setup();
    const inner = jit((a: Array) => np.sin(a).mul(np.array([1, 2])).sum());
    const step = jit((a: Array) => grad((b: Array) => inner(b).add(b.matmul(np.array([[1], [1]])).sum()))(a));
    const outer = (a: Array) => grad((b: Array) => inner(b))(a);
    for (let i = 0; i < 3; i++) {
      await expectClose(step(w), await np.cos(w).mul(np.array([1, 2])).add(1).toArray(), { rtol: 1e-5 });
      await expectClose(outer(w), await np.cos(w).mul(np.array([1, 2])).toArray(), { rtol: 1e-5 });
      void x;
    }
  });
});

test("a jitted function first called inside scope() keeps the constants it traced", async () => {
  const f = jit((x: Array) => x.add(np.array([1, 2, 3])));
  const x = np.array([1, 1, 1]);
  await expectClose(scope(() => f(x)), [2, 3, 4]);
  await expectClose(scope(() => f(x)), [2, 3, 4]);
});
