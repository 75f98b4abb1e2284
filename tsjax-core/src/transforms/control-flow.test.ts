/**
 * Transformations of control flow: grad, jvp and vmap through cond, switch, scan, foriLoop,
 * whileLoop and map, each compared with the same computation unrolled in a JS loop.
 */
import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jvp, lax, linearize, np, scope, valueAndGrad, vmap } from "../index.js";
import { describeDevices, expectClose } from "../../test/helpers.js";
import { expectTreeClose, f32, i32, rand } from "../../test/grad-helpers.js";

const range = (n: number) => globalThis.Array.from({ length: n }, (_, i) => i);

describeDevices("cond and switch", () => {
  const branches = [(x: Array) => x.sin().mul(2), (x: Array) => x.square(), (x: Array) => x.exp().neg()];
  /** The same as lax.switch, with JS control flow (the index is known). */
  const unrolled = (i: number, x: Array) => branches[Math.min(Math.max(i, 0), 2)]!(x);

  test("grad and jvp through cond and switch equal the taken branch", async () => {
    const x = rand([3], 1);
    for (const i of [-1, 0, 1, 2, 5]) {
      const f = (v: Array) => lax.switch(i32(i), branches, v).sum();
      await expectTreeClose(grad(f)(x), grad((v: Array) => unrolled(i, v).sum())(x), `switch ${i} grad`, { rtol: 1e-5 });
      const t = rand([3], 2);
      await expectTreeClose(jvp(f, [x], [t]), jvp((v: Array) => unrolled(i, v).sum(), [x], [t]), `switch ${i} jvp`, { rtol: 1e-5 });
    }
    // a predicate computed from the differentiated value
    const f = (v: Array) => lax.cond(v.sum().gt(0), (u: Array) => u.mul(u.sum()), (u: Array) => u.neg(), v);
    await expectTreeClose(grad((v: Array) => f(v).sum())(f32([1, 2])), f32([6, 6]), "cond true branch grad");
    await expectTreeClose(grad((v: Array) => f(v).sum())(f32([-1, -2])), f32([-1, -1]), "cond false branch grad");
    await checkGrads((v: Array) => lax.switch(i32(1), branches, v), [x], { order: 2 });
  });

  test("grad w.r.t. values closed over by the branches, and branches that ignore operands", async () => {
    const w = rand([3], 3);
    const x = rand([3], 4);
    // branch 0 uses w (a closure), branch 1 uses only x, with an int output alongside
    const f = (i: number) => (wv: Array, xv: Array) => {
      const [a, n] = lax.switch(
        i32(i),
        [(u: Array) => [u.mul(wv), i32(1)] as const, (u: Array) => [u.square(), i32(2)] as const],
        xv,
      );
      return a.sum().mul(n.astype("float32"));
    };
    const [gw0, gx0] = grad(f(0), { argnums: [0, 1] })(w, x);
    await expectTreeClose([gw0, gx0], [x, w], "branch 0");
    const [gw1, gx1] = grad(f(1), { argnums: [0, 1] })(w, x);
    await expectTreeClose([gw1, gx1], [np.zerosLike(w), x.mul(4)], "branch 1");
  });

  test("vmap of switch with a batched index: each element takes its own branch", async () => {
    const idx = i32([0, 2, 1, 2, -3]);
    const xs = rand([5, 2], 5);
    const got = vmap((i: Array, x: Array) => lax.switch(i, branches, x))(idx, xs);
    const want = np.stack(range(5).map((k) => unrolled([0, 2, 1, 2, -3][k]!, xs.get(k))));
    await expectTreeClose(got, want, "batched index", { rtol: 1e-5 });
    // unbatched index, batched operand (on axis 1)
    const got2 = vmap((x: Array) => lax.switch(i32(2), branches, x), { inAxes: 1 })(xs.T);
    await expectTreeClose(got2, unrolled(2, xs), "unbatched index", { rtol: 1e-5 });
    // batched predicate computed from the operand
    const got3 = vmap((x: Array) => lax.cond(x.sum().gt(0), (u: Array) => u.mul(3), (u: Array) => u.sub(1), x))(xs);
    const sums = await xs.sum(1).data();
    const want3 = np.stack(range(5).map((k) => (sums[k]! > 0 ? xs.get(k).mul(3) : xs.get(k).sub(1))));
    await expectTreeClose(got3, want3, "batched predicate");
    // grad of vmap and vmap of grad with a batched index
    const loss = (i: Array, x: Array) => lax.switch(i, branches, x).sum();
    const g = vmap(grad(loss, { argnums: 1 }))(idx, xs);
    const gWant = np.stack(range(5).map((k) => grad((v: Array) => unrolled([0, 2, 1, 2, -3][k]!, v).sum())(xs.get(k))));
    await expectTreeClose(g, gWant, "vmap of grad", { rtol: 1e-5 });
    const g2 = grad((x: Array) => vmap(loss)(idx, x).sum())(xs);
    await expectTreeClose(g2, gWant, "grad of vmap", { rtol: 1e-5 });
  });
});

describeDevices("scan", () => {
  const W = () => rand([3, 3], 6, -0.6, 0.6);
  const U = () => rand([2, 3], 7, -0.6, 0.6);
  const step = (w: Array, u: Array) => (h: Array, x: Array): [Array, Array] => {
    const hn = np.tanh(np.dot(h, w).add(np.dot(x, u)));
    return [hn, hn.sum()];
  };
  /** A small RNN: final state and per-step outputs, as lax.scan or as a JS loop. */
  const rnnScan = (w: Array, u: Array, h0: Array, xs: Array, reverse = false) => lax.scan(step(w, u), h0, xs, { reverse });
  const rnnLoop = (w: Array, u: Array, h0: Array, xs: Array, reverse = false): [Array, Array] => {
    let h = h0;
    const ys: Array[] = [];
    const n = xs.shape[0]!;
    for (const t of range(n)) {
      const k = reverse ? n - 1 - t : t;
      const [hn, y] = step(w, u)(h, xs.get(k));
      h = hn;
      ys[k] = y;
    }
    return [h, np.stack(ys)];
  };
  const lossOf = (run: typeof rnnScan) => (w: Array, u: Array, h0: Array, xs: Array, reverse = false) => {
    const [h, ys] = run(w, u, h0, xs, reverse);
    return h.square().sum().add(ys.mul(np.arange(ys.shape[0]!).add(1)).sum());
  };

  test("forward and reverse scans: values and gradients (consts by closure, init, xs) equal the unrolled loop", async () => {
    const [w, u, h0, xs] = [W(), U(), rand([3], 8), rand([4, 2], 9)];
    for (const reverse of [false, true]) {
      await expectTreeClose(rnnScan(w, u, h0, xs, reverse), rnnLoop(w, u, h0, xs, reverse), `values reverse=${reverse}`, { rtol: 1e-5 });
      const gs = grad(lossOf(rnnScan), { argnums: [0, 1, 2, 3] })(w, u, h0, xs, reverse);
      const gl = grad(lossOf(rnnLoop), { argnums: [0, 1, 2, 3] })(w, u, h0, xs, reverse);
      await expectTreeClose(gs, gl, `grads reverse=${reverse}`, { rtol: 1e-4, atol: 1e-5 });
      const ts = [W(), U(), rand([3], 10), rand([4, 2], 11)].map((t) => t.mul(0.5));
      const js = jvp((...a: Array[]) => rnnScan(a[0]!, a[1]!, a[2]!, a[3]!, reverse), [w, u, h0, xs], ts);
      const jl = jvp((...a: Array[]) => rnnLoop(a[0]!, a[1]!, a[2]!, a[3]!, reverse), [w, u, h0, xs], ts);
      await expectTreeClose(js, jl, `jvp reverse=${reverse}`, { rtol: 1e-4, atol: 1e-5 });
    }
  });

  test("second-order derivatives through scan (checkGrads)", async () => {
    const [w, u] = [W(), U()];
    await checkGrads((h0: Array, xs: Array) => rnnScan(w, u, h0, xs), [rand([3], 12), rand([3, 2], 13)], { order: 2 });
    await checkGrads((h0: Array, xs: Array) => rnnScan(w, u, h0, xs, true)[1], [rand([3], 14), rand([3, 2], 15)], { order: 2, modes: ["rev"] });
  });

  test("pytree carries and stacked pytree outputs, with an int counter in the carry", async () => {
    type Carry = { h: Array; acc: [Array, Array]; n: Array };
    const body = (c: Carry, x: { a: Array; b: Array }): [Carry, [Array, { z: Array }]] => {
      const h = c.h.mul(x.a).add(x.b.sin());
      const s = c.acc[0].add(h.sum());
      return [{ h, acc: [s, c.acc[1].mul(x.a.sum())], n: c.n.add(1) }, [h.mul(c.n.astype("float32")), { z: s.mul(x.b) }]];
    };
    const run = (h0: Array, xa: Array, xb: Array, useScan: boolean) => {
      const init: Carry = { h: h0, acc: [f32(0), f32(1)], n: i32(0) };
      if (useScan) return lax.scan(body, init, { a: xa, b: xb });
      let c = init;
      const ys: [Array, { z: Array }][] = [];
      for (const t of range(xa.shape[0]!)) {
        const [cn, y] = body(c, { a: xa.get(t), b: xb.get(t) });
        c = cn;
        ys.push(y);
      }
      return [c, [np.stack(ys.map((y) => y[0])), { z: np.stack(ys.map((y) => y[1].z)) }]] as const;
    };
    const args = [rand([2], 16), rand([3, 2], 17), rand([3, 2], 18)] as const;
    await expectTreeClose(run(...args, true), run(...args, false), "values");
    const loss = (useScan: boolean) => (h0: Array, xa: Array, xb: Array) => {
      const [c, [y, { z }]] = run(h0, xa, xb, useScan);
      return c.h.sum().add(c.acc[0]).add(c.acc[1]).add(y.sum()).add(z.square().sum());
    };
    const gs = grad(loss(true), { argnums: [0, 1, 2] })(...args);
    const gl = grad(loss(false), { argnums: [0, 1, 2] })(...args);
    await expectTreeClose(gs, gl, "grads", { rtol: 1e-4, atol: 1e-5 });
  });

  test("vmap of scan: batched xs, batched init, batched closed-over consts", async () => {
    const [w, u] = [W(), U()];
    const H0 = rand([4, 3], 19);
    const XS = rand([4, 3, 2], 20);
    const per = range(4).map((b) => rnnLoop(w, u, H0.get(b), XS.get(b)));
    const want = [np.stack(per.map((p) => p[0])), np.stack(per.map((p) => p[1]))];
    await expectTreeClose(vmap((h: Array, x: Array) => rnnScan(w, u, h, x))(H0, XS), want, "batched init and xs");
    // xs batched on axis 2 (the scanned axis stays 0), init unbatched
    const per2 = range(4).map((b) => rnnLoop(w, u, H0.get(0), XS.get(b)));
    const got2 = vmap((x: Array) => rnnScan(w, u, H0.get(0), x), { inAxes: 2 })(np.moveaxis(XS, 0, 2));
    await expectTreeClose(got2, [np.stack(per2.map((p) => p[0])), np.stack(per2.map((p) => p[1]))], "batched xs only");
    // only the closed-over weights are batched
    const Ws = np.stack([w, w.mul(0.5), w.neg()]);
    const got3 = vmap((wb: Array) => rnnScan(wb, u, H0.get(0), XS.get(0)))(Ws);
    const per3 = [w, w.mul(0.5), w.neg()].map((wb) => rnnLoop(wb, u, H0.get(0), XS.get(0)));
    await expectTreeClose(got3, [np.stack(per3.map((p) => p[0])), np.stack(per3.map((p) => p[1]))], "batched consts");
    // per-example gradients through scan
    const g = vmap(grad(lossOf(rnnScan), { argnums: 2 }), { inAxes: [null, null, 0, 0] })(w, u, H0, XS);
    const gl = np.stack(range(4).map((b) => grad(lossOf(rnnLoop), { argnums: 2 })(w, u, H0.get(b), XS.get(b))));
    await expectTreeClose(g, gl, "per-example grads", { rtol: 1e-4, atol: 1e-5 });
  });

  test("lax.map: values, grad and vmap", async () => {
    const xs = rand([4, 3], 21);
    const f = (x: Array) => x.sin().mul(x.sum());
    await expectTreeClose(lax.map(f, xs), np.stack(range(4).map((i) => f(xs.get(i)))), "map");
    const g = grad((v: Array) => lax.map(f, v).sum())(xs);
    const gl = np.stack(range(4).map((i) => grad((v: Array) => f(v).sum())(xs.get(i))));
    await expectTreeClose(g, gl, "grad of map", { rtol: 1e-5 });
    const batch = rand([2, 4, 3], 22);
    await expectTreeClose(vmap((v: Array) => lax.map(f, v))(batch), np.stack([lax.map(f, batch.get(0)), lax.map(f, batch.get(1))]), "vmap of map");
    // map over a pytree of inputs
    const got = lax.map(({ a, b }: { a: Array; b: Array }) => a.mul(b.sum()), { a: xs, b: rand([4, 2], 23) });
    await expectTreeClose(got, xs.mul(rand([4, 2], 23).sum(1, { keepdims: true })), "pytree map");
  });
});

describeDevices("foriLoop and whileLoop", () => {
  const body = (i: Array, x: Array) => x.mul(1.1).add(x.sin().mul(i.astype("float32")));

  test("foriLoop with static bounds: values, grad, jvp and vmap equal the unrolled loop", async () => {
    const x = rand([3], 24);
    const loop = (v: Array) => range(5).reduce((acc, i) => body(i32(i + 2), acc), v);
    const fori = (v: Array) => lax.foriLoop(2, 7, body, v);
    await expectTreeClose(fori(x), loop(x), "values", { rtol: 1e-5 });
    await expectTreeClose(grad((v: Array) => fori(v).sum())(x), grad((v: Array) => loop(v).sum())(x), "grad", { rtol: 1e-4 });
    await expectTreeClose(jvp(fori, [x], [f32([1, 0, -1])]), jvp(loop, [x], [f32([1, 0, -1])]), "jvp", { rtol: 1e-4 });
    const xs = rand([2, 3], 25);
    await expectTreeClose(vmap(fori)(xs), np.stack([loop(xs.get(0)), loop(xs.get(1))]), "vmap", { rtol: 1e-5 });
    // zero iterations
    await expectTreeClose(grad((v: Array) => lax.foriLoop(3, 3, body, v).sum())(x), np.onesLike(x), "empty loop");
  });

  test("whileLoop: jvp and linearize work; grad gives a clear error", async () => {
    // doubles until >= 10: the derivative is 2^(number of iterations)
    const f = (x: Array) => lax.whileLoop(([, v]: [Array, Array]) => v.lt(10), ([n, v]: [Array, Array]) => [n.add(1), v.mul(2)] as [Array, Array], [i32(0), x] as [Array, Array]);
    const [[n, y], [, t]] = jvp(f, [f32(1.5)], [f32(1)]);
    await expectClose(n, 3);
    await expectClose(y, 12);
    await expectClose(t, 8);
    // traced bounds make foriLoop a whileLoop: jvp through it works
    const fori = (x: Array) => lax.foriLoop(i32(0), i32(3), body, x);
    const x = rand([3], 26);
    const unrolled = (v: Array) => range(3).reduce((acc, i) => body(i32(i), acc), v);
    await expectTreeClose(jvp(fori, [x], [f32([1, 2, 3])]), jvp(unrolled, [x], [f32([1, 2, 3])]), "fori with traced bounds", { rtol: 1e-5 });
    // linearize is forward mode too: it works, and its linear function is reusable
    const [yl, fJvp] = linearize(fori, x);
    await expectTreeClose(yl, unrolled(x), "linearize primal", { rtol: 1e-5 });
    await expectTreeClose(fJvp(f32([1, 2, 3])), jvp(unrolled, [x], [f32([1, 2, 3])])[1], "linearize tangent", { rtol: 1e-5 });
    await expectTreeClose(fJvp(f32([0, -1, 0])), jvp(unrolled, [x], [f32([0, -1, 0])])[1], "linearize tangent 2", { rtol: 1e-5 });
    const expectRevError = (fn: () => unknown) => {
      expect(fn).toThrowError(/Reverse-mode differentiation does not work for lax\.whileLoop.*lax\.scan/);
    };
    expectRevError(() => grad((v: Array) => f(v)[1])(f32(1.5)));
    expectRevError(() => grad((v: Array) => fori(v).sum())(x));
    expectRevError(() => valueAndGrad((v: Array) => fori(v).sum())(x));
  });

  test("vmap of whileLoop with a batched predicate: elements finish at different iterations", async () => {
    const f = (x: Array) => lax.whileLoop(([, v]: [Array, Array]) => v.lt(10), ([n, v]: [Array, Array]) => [n.add(1), v.mul(2)] as [Array, Array], [i32(0), x] as [Array, Array]);
    const xs = f32([1.5, 3, 0.5, 20, 9.9]);
    const [ns, ys] = vmap(f)(xs);
    await expectClose(ns, [3, 2, 5, 0, 1]);
    await expectClose(ys, [12, 12, 16, 20, 19.8], { rtol: 1e-6 });
    // jvp of vmap and vmap of jvp: tangents follow each element's own trip count
    const [, [, ts]] = jvp(vmap(f), [xs], [np.onesLike(xs)]);
    await expectClose(ts, [8, 4, 32, 1, 2]);
    const ts2 = vmap((x: Array) => jvp(f, [x], [f32(1)])[1][1])(xs);
    await expectClose(ts2, [8, 4, 32, 1, 2]);
    // a batched bound closed over by the predicate, and an unbatched carry that becomes batched
    const g = (limit: Array) => lax.whileLoop(([i]: [Array, Array]) => i.lt(limit), ([i, acc]: [Array, Array]) => [i.add(1), acc.add(i.astype("float32"))] as [Array, Array], [i32(0), f32(0)] as [Array, Array]);
    const [is, accs] = vmap(g)(i32([0, 3, 5, 1]));
    await expectClose(is, [0, 3, 5, 1]);
    await expectClose(accs, [0, 3, 10, 0]);
    // nested: vmap of vmap
    const [nn] = vmap(vmap(f))(f32([[1, 20], [4, 0.3]]));
    await expectClose(nn, [[4, 0], [2, 6]]);
  });

  test("eager cond and whileLoop keep their inputs alive until they run", async () => {
    // On WebGPU a loop reads its predicate in the background and later programs queue behind
    // it, so they run after the scope below has freed their operands.
    const x = rand([3], 29);
    const [a, b, c] = scope(() => {
      const w = lax.whileLoop((v: Array) => v.sum().lt(100), (v: Array) => v.mul(2).add(1), x.abs().add(1));
      const y = lax.cond(w.sum().gt(0), (v: Array) => v.neg(), (v: Array) => v, x.mul(2));
      const z = lax.whileLoop((v: Array) => v.sum().lt(50), (v: Array) => v.add(1), y.abs());
      return [w, y, z];
    });
    const want = await x.abs().add(1).data();
    let w = [...want];
    while (w.reduce((s, v) => s + v, 0) < 100) w = w.map((v) => 2 * v + 1);
    await expectClose(a, w, { rtol: 1e-5 });
    await expectTreeClose(b, x.mul(-2), "cond");
    expect((await c.sum().item()) as number).toBeGreaterThanOrEqual(50);
  });

  test("control flow nested inside control flow, under grad and vmap", async () => {
    // a scan whose body branches with cond on the step's input
    const f = (h0: Array, xs: Array) =>
      lax.scan((h: Array, x: Array) => {
        const hn = lax.cond(x.gt(0), (v: Array) => v.mul(x).sin(), (v: Array) => v.add(x).square(), h);
        return [hn, hn.sum()] as const;
      }, h0, xs);
    const signs = [1, -1, 1, -1];
    const loop = (h0: Array, xs: Array, flip = 1) => {
      let h = h0;
      const ys: Array[] = [];
      for (const t of range(xs.shape[0]!)) {
        h = signs[t]! * flip > 0 ? h.mul(xs.get(t)).sin() : h.add(xs.get(t)).square();
        ys.push(h.sum());
      }
      return [h, np.stack(ys)] as const;
    };
    const h0 = rand([2], 27);
    const xs = f32([0.5, -0.3, 0.8, -0.6]);
    await expectTreeClose(f(h0, xs), loop(h0, xs), "values", { rtol: 1e-5 });
    const lossOf = (fn: (a: Array, b: Array) => readonly [Array, Array]) => (a: Array, b: Array) => {
      const [h, ys] = fn(a, b);
      return h.sum().add(ys.square().sum());
    };
    await expectTreeClose(grad(lossOf(f), { argnums: [0, 1] })(h0, xs), grad(lossOf(loop), { argnums: [0, 1] })(h0, xs), "grads", { rtol: 1e-4 });
    // under vmap the cond inside the scan has a batched predicate
    const XS = np.stack([xs, xs.neg()]);
    const got = vmap((b: Array) => f(h0, b))(XS);
    const want = [loop(h0, xs), loop(h0, xs.neg(), -1)];
    await expectTreeClose(got, [np.stack([want[0]![0], want[1]![0]]), np.stack([want[0]![1], want[1]![1]])], "vmap", { rtol: 1e-5 });
  });
});
