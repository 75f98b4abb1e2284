/**
 * Transformations composed: higher-order derivatives, vmap of grad and grad of vmap, jacfwd
 * against jacrev, Hessians, Hessian-vector products, linearize against jvp, closures, aux
 * outputs, argnums lists and registered pytree classes.
 */
import { expect, test } from "vitest";
import {
  Array, grad, hessian, jacfwd, jacrev, jvp, linearize, np, registerPytreeNode, tree, valueAndGrad, vjp, vjpWithAux, vmap,
} from "../index.js";
import { describeDevices, expectClose } from "../../test/helpers.js";
import { expectTreeClose, f32, rand } from "../../test/grad-helpers.js";

const range = (n: number) => globalThis.Array.from({ length: n }, (_, i) => i);

/** A registered pytree class (flattens to its two arrays). */
class Point {
  constructor(
    readonly x: Array,
    readonly y: Array,
  ) {}
  norm2(): Array {
    return this.x.square().sum().add(this.y.square().sum());
  }
}
registerPytreeNode(Point, {
  flatten: (p) => [[p.x, p.y], null, ["x", "y"]],
  unflatten: (_aux, [x, y]) => new Point(x as Array, y as Array),
});

/** Rosenbrock function and its exact gradient and Hessian. */
const rosen = (x: Array) => {
  const a = x.get("1:").sub(x.get(":-1").square());
  return a.square().mul(100).sum().add(np.square(np.subtract(1, x.get(":-1"))).sum());
};
function rosenHessian(x: number[]): number[][] {
  const n = x.length;
  const h = range(n).map(() => range(n).map(() => 0));
  for (let i = 0; i < n - 1; i++) {
    h[i]![i]! += 1200 * x[i]! ** 2 - 400 * x[i + 1]! + 2;
    h[i + 1]![i + 1]! += 200;
    h[i]![i + 1] = -400 * x[i]!;
    h[i + 1]![i] = -400 * x[i]!;
  }
  return h;
}
function rosenGrad(x: number[]): number[] {
  const n = x.length;
  return range(n).map((i) => {
    let g = 0;
    if (i < n - 1) g += -400 * x[i]! * (x[i + 1]! - x[i]! ** 2) - 2 * (1 - x[i]!);
    if (i > 0) g += 200 * (x[i]! - x[i - 1]! ** 2);
    return g;
  });
}

describeDevices("higher-order derivatives", () => {
  test("third derivatives of scalar functions (grad of grad of grad)", async () => {
    const xs = [-1.2, 0.3, 0.9, 2.1];
    const d3 = (f: (x: Array) => Array) => grad(grad(grad(f)));
    const cases: [(x: Array) => Array, (x: number) => number][] = [
      [(x) => x.sin(), (x) => -Math.cos(x)],
      [(x) => x.pow(4), (x) => 24 * x],
      [(x) => x.mul(2).exp().add(x.mul(x.sin())), (x) => 8 * Math.exp(2 * x) - 3 * Math.sin(x) - x * Math.cos(x)],
      [(x) => np.log1p(x.square()), (x) => (4 * x * (x * x - 3)) / (1 + x * x) ** 3],
    ];
    for (const [f, want] of cases) {
      for (const x of xs) {
        await expectClose(d3(f)(f32(x)), xs.includes(x) ? want(x) : 0, { rtol: 2e-3, atol: 2e-3 });
      }
    }
    // forward over reverse over reverse, and all-forward, agree
    const f = cases[2]![0];
    const fwdRevRev = (x: Array) => jvp(grad(grad(f)), [x], [f32(1)])[1];
    const fwd3 = (x: Array) => jvp((y: Array) => jvp((z: Array) => jvp(f, [z], [f32(1)])[1], [y], [f32(1)])[1], [x], [f32(1)])[1];
    await expectClose(fwdRevRev(f32(0.3)), cases[2]![1](0.3), { rtol: 2e-3 });
    await expectClose(fwd3(f32(0.3)), cases[2]![1](0.3), { rtol: 2e-3 });
  });

  test("hessian of quadratic forms and of the Rosenbrock function", async () => {
    const A = rand([3, 3], 1);
    const b = rand([3], 2);
    const x = rand([3], 3);
    const q = (v: Array) => np.dot(v, np.matmul(A, v)).mul(0.5).add(np.dot(b, v));
    const sym = A.add(A.T).mul(0.5);
    await expectTreeClose(grad(q)(x), np.matmul(sym, x).add(b), "quadratic gradient", { rtol: 1e-4 });
    await expectTreeClose(hessian(q)(x), sym, "quadratic hessian", { rtol: 1e-4 });
    const xr = [0.5, -0.3, 1.2, 0.8];
    await expectClose(grad(rosen)(f32(xr)), rosenGrad(xr), { rtol: 1e-4, atol: 1e-3 });
    await expectClose(hessian(rosen)(f32(xr)) as Array, rosenHessian(xr), { rtol: 1e-4, atol: 1e-3 });
    await expectClose(jacfwd(jacfwd(rosen))(f32(xr)) as Array, rosenHessian(xr), { rtol: 1e-4, atol: 1e-3 });
    await expectClose(jacrev(jacrev(rosen))(f32(xr)) as Array, rosenHessian(xr), { rtol: 1e-4, atol: 1e-3 });
  });

  test("Hessian-vector products: jvp of grad, jvp of vjp, grad of a dot product", async () => {
    const xr = [0.5, -0.3, 1.2, 0.8];
    const x = f32(xr);
    const v = f32([0.3, -1, 0.5, 2]);
    const H = rosenHessian(xr);
    const want = H.map((row) => row.reduce((s, h, j) => s + h * [0.3, -1, 0.5, 2][j]!, 0));
    // forward over reverse
    await expectClose(jvp(grad(rosen), [x], [v])[1], want, { rtol: 1e-4, atol: 1e-3 });
    // jvp of the vjp function
    const vjpOf = (p: Array) => vjp(rosen, p)[1](f32(1))[0];
    await expectClose(jvp(vjpOf, [x], [v])[1], want, { rtol: 1e-4, atol: 1e-3 });
    // reverse over reverse
    await expectClose(grad((p: Array) => np.dot(grad(rosen)(p), v))(x), want, { rtol: 1e-4, atol: 1e-3 });
    // reverse over forward
    await expectClose(grad((p: Array) => jvp(rosen, [p], [v])[1])(x), want, { rtol: 1e-4, atol: 1e-3 });
    // the full Hessian by vmapping the HVP over the standard basis
    const hvp = (t: Array) => jvp(grad(rosen), [x], [t])[1];
    await expectClose(vmap(hvp)(np.eye(4)), H, { rtol: 1e-4, atol: 1e-3 });
  });

  test("nested derivatives keep their perturbations apart", async () => {
    // d/dx [x * d/dy (x + y)] = d/dx [x] = 1 (a confused implementation gives 2)
    const f = (x: Array) => x.mul(grad((y: Array) => x.add(y))(f32(1)));
    await expectClose(grad(f)(f32(3)), 1);
    // d/dx [d/dy (x * y)] at any point = 1
    await expectClose(grad((x: Array) => grad((y: Array) => x.mul(y))(f32(2)))(f32(5)), 1);
    // mixed partial of x^2 y^3: 6 x y^2
    const mixed = grad((x: Array) => grad((y: Array) => x.square().mul(y.pow(3)))(f32(2)));
    await expectClose(mixed(f32(1.5)), 6 * 1.5 * 4, { rtol: 1e-5 });
  });
});

describeDevices("vmap and grad together", () => {
  const loss = (p: { w: Array; b: Array }, x: Array, y: Array) => np.tanh(np.dot(x, p.w).add(p.b)).sub(y).square().sum();
  const params = () => ({ w: rand([3, 2], 4), b: rand([2], 5) });

  test("per-example gradients: vmap of grad equals a loop", async () => {
    const p = params();
    const X = rand([5, 3], 6);
    const Y = rand([5, 2], 7);
    const per = vmap(grad(loss), { inAxes: [null, 0, 0] })(p, X, Y);
    const loop = range(5).map((i) => grad(loss)(p, X.get(i), Y.get(i)));
    await expectTreeClose(per, { w: np.stack(loop.map((g) => g.w)), b: np.stack(loop.map((g) => g.b)) }, "per-example grads", { rtol: 1e-4 });
    // argnums over the batched input too, batched on axis 1
    const perX = vmap(grad(loss, { argnums: [0, 1] }), { inAxes: [null, 1, 0] })(p, X.T, Y);
    const loopX = range(5).map((i) => grad(loss, { argnums: [0, 1] })(p, X.get(i), Y.get(i)));
    await expectTreeClose(perX[1], np.stack(loopX.map((g) => g[1])), "per-example input grads", { rtol: 1e-4 });
  });

  test("grad of vmap equals the mean of per-example gradients", async () => {
    const p = params();
    const X = rand([4, 3], 8);
    const Y = rand([4, 2], 9);
    const batchLoss = (q: typeof p) => vmap((x: Array, y: Array) => loss(q, x, y))(X, Y).mean();
    const g = grad(batchLoss)(p);
    const per = range(4).map((i) => grad(loss)(p, X.get(i), Y.get(i)));
    const mean = tree.map((...gs: Array[]) => np.stack(gs).mean(0), per[0], ...per.slice(1));
    await expectTreeClose(g, mean, "grad of vmap", { rtol: 1e-4 });
    // vmap of the whole value-and-grad, with the value batched too
    const [vals, grads] = vmap(valueAndGrad((x: Array) => x.sin().sum()))(rand([3, 2], 10));
    await expectTreeClose(vals, rand([3, 2], 10).sin().sum(1), "vmap valueAndGrad value");
    await expectTreeClose(grads, rand([3, 2], 10).cos(), "vmap valueAndGrad grad");
  });

  test("jacfwd equals jacrev on multi-input, multi-output pytree functions", async () => {
    const f1 = (x: Array, y: Array) => ({ a: np.outer(x.sin(), y), b: x.sum().mul(y).exp() });
    const f2 = (p: { w: Array; b: Array }) => [np.tanh(np.matmul(p.w, p.b)), p.b.square().sum()];
    const f3 = (m: Array) => np.matmul(m, m).add(m.T.mul(m.get(0, 1)));
    const x = rand([3], 11);
    const y = rand([2], 12);
    await expectTreeClose(jacfwd(f1, { argnums: [0, 1] })(x, y), jacrev(f1, { argnums: [0, 1] })(x, y), "f1", { rtol: 1e-4 });
    await expectTreeClose(jacfwd(f1, { argnums: 1 })(x, y), jacrev(f1, { argnums: 1 })(x, y), "f1 argnums 1", { rtol: 1e-4 });
    const p = { w: rand([2, 2], 13), b: rand([2], 14) };
    await expectTreeClose(jacfwd(f2)(p), jacrev(f2)(p), "f2", { rtol: 1e-4 });
    const m = rand([2, 2], 15);
    const j = jacfwd(f3)(m) as Array;
    expect(j.shape).toEqual([2, 2, 2, 2]);
    await expectTreeClose(j, jacrev(f3)(m), "f3", { rtol: 1e-4 });
    // against a known Jacobian
    await expectClose(jacrev((v: Array) => v.sin())(f32([0, 1])) as Array, [[1, 0], [0, Math.cos(1)]], { rtol: 1e-5 });
    // the structure: outputs outside, inputs inside
    const j1 = jacrev(f1, { argnums: [0, 1] })(x, y) as { a: [Array, Array]; b: [Array, Array] };
    expect(j1.a[0].shape).toEqual([3, 2, 3]);
    expect(j1.a[1].shape).toEqual([3, 2, 2]);
    expect(j1.b[0].shape).toEqual([2, 3]);
  });
});

describeDevices("linearize, closures, aux outputs, argnums, pytree classes", () => {
  test("linearize agrees with jvp and is reusable", async () => {
    const f = (p: { a: Array; b: Array }) => [p.a.sin().mul(p.b.sum()), np.outer(p.a, p.b).exp()];
    const p = { a: rand([3], 16), b: rand([2], 17) };
    const [y, fJvp] = linearize(f, p);
    await expectTreeClose(y, f(p), "linearize primal out");
    for (const seed of [18, 19, 20]) {
      const t = { a: rand([3], seed), b: rand([2], seed + 10) };
      await expectTreeClose(fJvp(t), jvp(f, [p], [t])[1], `linearized jvp ${seed}`, { rtol: 1e-4 });
    }
    // linear: f'(2t + s) = 2 f'(t) + f'(s)
    const t = { a: rand([3], 21), b: rand([2], 22) };
    const s = { a: rand([3], 23), b: rand([2], 24) };
    const lhs = fJvp(tree.map((u: Array, v: Array) => u.mul(2).add(v), t, s));
    const rhs = tree.map((u: Array, v: Array) => u.mul(2).add(v), fJvp(t), fJvp(s));
    await expectTreeClose(lhs, rhs, "linearity", { rtol: 1e-4 });
  });

  test("closures over arrays and over other transformed functions", async () => {
    const w = rand([3], 25);
    const f = (x: Array) => x.mul(w).sin().sum();
    const g = grad(f); // closes over w
    // a function closing over the transformed function g
    const h = (x: Array) => g(x).mul(w).sum();
    // h(x) = sum w^2 cos(w x); h' = -w^3 sin(w x)
    const x = rand([3], 26);
    await expectTreeClose(grad(h)(x), w.pow(3).neg().mul(x.mul(w).sin()), "grad of closure over grad", { rtol: 1e-4 });
    // a closure over a value traced by an outer transformation
    const outer = (a: Array) => {
      const inner = (b: Array) => a.mul(b).sin();
      return grad(inner)(a.mul(2)); // a cos(2a^2)
    };
    // d/da [a cos(2 a^2)] = cos(2a^2) - 4a^2 sin(2a^2)
    const a0 = 0.7;
    await expectClose(grad(outer)(f32(a0)), Math.cos(2 * a0 * a0) - 4 * a0 * a0 * Math.sin(2 * a0 * a0), { rtol: 1e-4 });
    // vmap of a function closing over a grad-transformed closure
    await expectTreeClose(vmap(g)(np.stack([x, x.mul(2)])), np.stack([g(x), g(x.mul(2))]), "vmap of closure", { rtol: 1e-5 });
  });

  test("valueAndGrad with hasAux and argnums lists", async () => {
    const f = (p: { w: Array }, x: Array, k: number) => {
      const out = np.dot(x, p.w).mul(k);
      return [out.square().sum(), { out, note: out.sum() }] as const;
    };
    const p = { w: rand([3, 2], 27) };
    const x = rand([4, 3], 28);
    const [[value, aux], [gp, gx]] = valueAndGrad(f, { argnums: [0, 1], hasAux: true })(p, x, 3);
    const out = np.dot(x, p.w).mul(3);
    await expectTreeClose(value, out.square().sum(), "value", { rtol: 1e-5 });
    await expectTreeClose(aux, { out, note: out.sum() }, "aux", { rtol: 1e-5 });
    await expectTreeClose(gp.w, np.matmul(x.T, out.mul(2 * 3)), "grad w", { rtol: 1e-4 });
    await expectTreeClose(gx, np.matmul(out.mul(2 * 3), p.w.T), "grad x", { rtol: 1e-4 });
    // grad with hasAux returns [grads, aux]; a single argnum gives the bare gradient
    const [g1, aux1] = grad(f, { argnums: 1, hasAux: true })(p, x, 3);
    await expectTreeClose(g1, gx, "grad argnums 1");
    await expectTreeClose(aux1.out, out, "grad aux");
    // aux leaves that are not arrays come back unchanged; arrays come back concrete
    const [, stats] = grad((v: Array) => [v.sum(), { mean: v.mean(), step: 7, tag: "train", none: null }] as const, { hasAux: true })(x);
    expect(stats.step).toBe(7);
    expect(stats.tag).toBe("train");
    expect(stats.none).toBeNull();
    await expectClose(stats.mean, await x.mean().item() as number, { rtol: 1e-6 });
    const [, vjpFn, aux2] = vjpWithAux((v: Array) => [v.sin(), { k: 2, c: v.cos() }] as const, f32([0, 1]));
    expect(aux2.k).toBe(2);
    await expectClose(aux2.c, [1, Math.cos(1)], { rtol: 1e-6 });
    await expectClose(vjpFn(f32([1, 1]))[0], [1, Math.cos(1)], { rtol: 1e-6 });
    // argnums order is kept
    const [gx2, gp2] = grad((a: { w: Array }, b: Array) => f(a, b, 3)[0], { argnums: [1, 0] })(p, x);
    await expectTreeClose([gx2, gp2], [gx, gp], "argnums [1, 0]");
  });

  test("JS numbers as arguments are float32 (integral or not), non-array aux and residuals pass through", async () => {
    const x = f32([1, 2]);
    const [ga, gx] = grad((a: number, v: Array) => v.mul(a).sum().mul(a), { argnums: [0, 1] })(2, x);
    expect(ga.dtype).toBe("float32");
    await expectClose(ga, 2 * 2 * 3); // d/da a^2 sum(v)
    await expectClose(gx, [4, 4]);
    await expectClose(grad((a: number) => np.sin(a))(3), Math.cos(3), { rtol: 1e-5 });
    const [y, t] = jvp((a: number) => np.multiply(a, a), [3], [1]);
    await expectClose(y, 9);
    await expectClose(t, 6);
    const [ja, jb] = jacfwd((a: number, b: number) => np.stack([np.multiply(a, b), np.add(a, b)]), { argnums: [0, 1] })(2, 5) as [Array, Array];
    await expectClose(ja, [5, 1]);
    await expectClose(jb, [2, 1]);
  });

  test("registered pytree classes pass through grad, vmap, jvp and vjp", async () => {
    const pt = new Point(f32([1, 2]), f32(3));
    const g = grad((p: Point) => p.norm2())(pt);
    expect(g).toBeInstanceOf(Point);
    await expectClose(g.x, [2, 4]);
    await expectClose(g.y, 6);
    // vmap over a batch of points (batched x, unbatched y), returning points
    const batch = new Point(f32([[1, 2], [3, 4], [5, 6]]), f32(1));
    const scaled = vmap((p: Point) => new Point(p.x.mul(p.norm2()), p.y), { inAxes: [new Point(0 as never, null as never) as never] })(batch);
    expect(scaled).toBeInstanceOf(Point);
    await expectClose(scaled.x, [[6, 12], [78, 104], [310, 372]]);
    await expectClose(scaled.y, [1, 1, 1]);
    // jvp with point tangents
    const [y, t] = jvp((p: Point) => p.norm2(), [pt], [new Point(f32([1, 0]), f32(1))]);
    await expectClose(y, 14);
    await expectClose(t, 2 * 1 + 2 * 3);
    // vjp gives a point cotangent
    const [, back] = vjp((p: Point) => new Point(p.x.mul(p.y), p.y.square()), pt);
    const [ct] = back(new Point(f32([1, 1]), f32(1)));
    expect(ct).toBeInstanceOf(Point);
    await expectClose(ct.x, [3, 3]);
    await expectClose(ct.y, 1 + 2 + 6);
    // a point inside other containers, through hessian
    const h = hessian((q: { p: Point }) => q.p.x.pow(3).sum())({ p: pt }) as { p: { x: { p: Point } } };
    await expectClose(h.p.x.p.x, [[6, 0], [0, 12]]);
  });
});
