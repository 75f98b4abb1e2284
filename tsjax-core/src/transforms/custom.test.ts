/**
 * User-defined derivatives and rematerialization under transformations: customJvp, customVjp
 * and checkpoint through grad, jvp, vmap, higher orders and nesting.
 */
import { describe, expect, test } from "vitest";
import { type Array, checkGrads, checkpoint, customJvp, customVjp, grad, jvp, lax, makeJaxpr, np, valueAndGrad, vmap } from "../index.js";
import { describeDevices, expectClose } from "../../test/helpers.js";
import { expectTreeClose, f32, rand } from "../../test/grad-helpers.js";

const sigmoid = (x: Array) => np.divide(1, np.add(1, np.exp(x.neg())));

/** softplus with a stable derivative (the naive one overflows to NaN for large x). */
function makeSoftplus() {
  const softplus = customJvp((x: Array) => np.log1p(np.exp(x)));
  softplus.defjvp(([x], [t]) => [softplus(x), t.mul(sigmoid(x))]);
  return softplus;
}

/** The identity, with gradients clipped to [-1, 1] in reverse mode. */
function makeClipGrad() {
  const clipGrad = customVjp((x: Array) => x);
  clipGrad.defvjp(
    (x) => [x, null],
    (_res, g) => [np.clip(g, -1, 1)],
  );
  return clipGrad;
}

describeDevices("customJvp", () => {
  test("the rule is used by jvp and grad, to any order", async () => {
    const softplus = makeSoftplus();
    const x = f32([-2, 0, 3, 100]);
    const sig = [-2, 0, 3, 100].map((v) => 1 / (1 + Math.exp(-v)));
    await expectClose(grad((v: Array) => softplus(v).sum())(x), sig, { rtol: 1e-5 });
    await expectClose(jvp(softplus, [x], [np.onesLike(x)])[1], sig, { rtol: 1e-5 });
    // second order differentiates the rule: sigmoid' = s (1 - s)
    await expectClose(grad(grad((v: Array) => softplus(v).sum()))(f32(0.5)), sig[0]! * 0 + (1 / (1 + Math.exp(-0.5))) * (1 - 1 / (1 + Math.exp(-0.5))), { rtol: 1e-5 });
    await checkGrads(softplus, [f32([-1, 0.5, 2])], { order: 2 });
    // a rule that differs from the true derivative shows it is the one used
    const fake = customJvp((v: Array) => v.sin());
    fake.defjvp(([v], [t]) => [fake(v), t.mul(3)]);
    await expectClose(grad((v: Array) => fake(v).sum())(f32([1, 2])), [3, 3]);
    await expectClose(jvp(fake, [f32([1, 2])], [f32([1, -1])])[1], [3, -3]);
  });

  test("several arguments, pytree outputs, closures over arrays", async () => {
    const w = rand([3], 1);
    const f = customJvp((a: Array, b: { s: Array }) => ({ p: a.mul(b.s).mul(w), q: a.sum() }));
    f.defjvp(([a, b], [ta, tb]) => [f(a, b), { p: ta.mul(b.s).add(a.mul(tb.s)).mul(w), q: ta.sum() }]);
    const a = rand([3], 2);
    const b = { s: f32(1.5) };
    const loss = (u: Array, v: { s: Array }) => {
      const o = f(u, v);
      return o.p.sum().add(o.q.square());
    };
    const [ga, gb] = grad(loss, { argnums: [0, 1] })(a, b);
    const plain = (u: Array, v: { s: Array }) => u.mul(v.s).mul(w).sum().add(u.sum().square());
    await expectTreeClose([ga, gb], grad(plain, { argnums: [0, 1] })(a, b), "grads", { rtol: 1e-5 });
  });

  test("vmap of customJvp functions, of their grads, and grad of vmap", async () => {
    const softplus = makeSoftplus();
    const xs = rand([4, 3], 3, -3, 3);
    await expectTreeClose(vmap(softplus)(xs), np.log1p(np.exp(xs)), "values", { rtol: 1e-5 });
    const g = vmap(grad((v: Array) => softplus(v).sum()))(xs);
    await expectTreeClose(g, sigmoid(xs), "vmap of grad", { rtol: 1e-5 });
    await expectTreeClose(grad((v: Array) => vmap(softplus)(v).sum())(xs), sigmoid(xs), "grad of vmap", { rtol: 1e-5 });
    // batched on axis 1, with an unbatched second argument
    const h = customJvp((a: Array, b: Array) => a.mul(b));
    h.defjvp(([a, b], [ta, tb]) => [h(a, b), ta.mul(b).add(a.mul(tb))]);
    const b = rand([3], 4);
    const got = vmap((a: Array) => grad((u: Array) => h(u, b).sum())(a), { inAxes: 1, outAxes: 1 })(xs.T);
    await expectTreeClose(got, np.broadcastTo(b.reshape(3, 1), [3, 4]), "axis 1");
  });

  test("nested: customJvp inside customJvp, inside scan, under checkpoint", async () => {
    const softplus = makeSoftplus();
    const outer = customJvp((x: Array) => softplus(x).mul(2));
    outer.defjvp(([x], [t]) => [outer(x), t.mul(sigmoid(x)).mul(2)]);
    const x = rand([3], 5);
    await expectTreeClose(grad((v: Array) => outer(v).sum())(x), sigmoid(x).mul(2), "nested customJvp", { rtol: 1e-5 });
    const scanned = (v: Array) => lax.scan((c: Array, xi: Array) => [c.add(softplus(xi.mul(c))), c] as const, f32(0.5), v)[0];
    await checkGrads(scanned, [rand([4], 6)], { order: 2 });
    await checkGrads(checkpoint((v: Array) => softplus(v).mul(v)), [rand([3], 7)], { order: 2 });
  });
});

describeDevices("customVjp", () => {
  test("reverse mode uses bwd; forward mode gives a clear error", async () => {
    const clipGrad = makeClipGrad();
    const x = f32([0.1, -0.2, 0.3]);
    // d/dx sum(clip(10 x)) with the cotangent 10 clipped to 1
    await expectClose(grad((v: Array) => clipGrad(v.mul(10)).sum())(x), [10, 10, 10]);
    await expectClose(grad((v: Array) => clipGrad(v).mul(10).sum())(x), [1, 1, 1]);
    await expectClose(clipGrad(x), [0.1, -0.2, 0.3]);
    expect(() => jvp(clipGrad, [x], [x])).toThrowError(/customVjp functions cannot be differentiated in forward mode/);
  });

  test("residuals, several arguments, pytrees, null cotangents", async () => {
    const f = customVjp((a: Array, b: { w: Array; k: Array }) => a.mul(b.w).sin().mul(b.k));
    f.defvjp(
      (a, b) => {
        const u = a.mul(b.w);
        return [u.sin().mul(b.k), { cosU: u.cos(), a, b }] as const;
      },
      (res, g) => [g.mul(res.cosU).mul(res.b.k).mul(res.b.w), { w: g.mul(res.cosU).mul(res.b.k).mul(res.a), k: null as unknown as Array }],
    );
    const a = rand([3], 8);
    const b = { w: rand([3], 9), k: f32(2) };
    const loss = (u: Array, v: { w: Array; k: Array }) => f(u, v).sum();
    const [ga, gb] = grad(loss, { argnums: [0, 1] })(a, b);
    const plain = (u: Array, v: { w: Array; k: Array }) => u.mul(v.w).sin().mul(v.k).sum();
    const [pa, pb] = grad(plain, { argnums: [0, 1] })(a, b);
    await expectTreeClose(ga, pa, "grad a", { rtol: 1e-5 });
    await expectTreeClose(gb.w, pb.w, "grad w", { rtol: 1e-5 });
    await expectClose(gb.k, 0); // bwd gave null: a zero cotangent
    // valueAndGrad, and vjp-based jacrev-like use of bwd under vmap of grad
    const [val] = valueAndGrad(loss)(a, b);
    await expectTreeClose(val, plain(a, b), "value", { rtol: 1e-6 });
  });

  test("residuals that are not arrays reach bwd unchanged; JS numbers as arguments and cotangents", async () => {
    const powc = customVjp((v: Array, n: number) => v.pow(n));
    powc.defvjp(
      (v, n) => [v.pow(n), { v, n, label: "pow" }] as const,
      (res, g) => {
        expect(typeof res.n).toBe("number");
        expect(res.label).toBe("pow");
        return [g.mul(res.n).mul(res.v.pow(res.n - 1)), 0];
      },
    );
    await expectClose(grad((v: Array) => powc(v, 3).sum())(f32([1, 2])), [3, 12]);
    // a JS number differentiated by grad arrives as a (float32) array operand, with a cotangent
    const scale = customVjp((v: Array, a: number | Array) => v.mul(a));
    scale.defvjp((v, a) => [v.mul(a), [v, a]] as const, ([v, a], g) => [g.mul(a), g.mul(v).sum()]);
    const [gv, ga] = grad((v: Array, a: number) => scale(v, a).sum(), { argnums: [0, 1] })(f32([1, 2]), 3);
    await expectClose(gv, [3, 3]);
    await expectClose(ga, 3);
    // static arguments get null tangents in a customJvp rule
    const shift = customJvp((v: Array, k: number, name: string) => v.add(k * name.length));
    shift.defjvp(([v, k, name], [t, tk, tname]) => {
      expect([k, name, tk, tname]).toEqual([2, "ab", null, null]);
      return [shift(v, k, name), t.mul(2)];
    });
    await expectClose(grad((v: Array) => shift(v, 2, "ab").sum())(f32([1, 2])), [2, 2]);
    await expectClose(checkpoint((v: Array, k: number) => v.pow(k))(f32([2]), 3), [8]);
  });

  test("bwd may return null for a whole argument; other structure differences name the path", async () => {
    const f = customVjp((a: Array, b: { u: Array; v: [Array, Array] }) => a.mul(b.u).add(b.v[0]).add(b.v[1]));
    f.defvjp((a, b) => [f(a, b), b.u] as const, (u, g) => [g.mul(u), null as never]);
    const args = [f32([1, 2]), { u: f32([3, 4]), v: [f32([0, 0]), f32([1, 1])] as [Array, Array] }] as const;
    const [ga, gb] = grad((a: Array, b: typeof args[1]) => f(a, b).sum(), { argnums: [0, 1] })(...args);
    await expectClose(ga, [3, 4]);
    await expectTreeClose(gb, { u: f32([0, 0]), v: [f32([0, 0]), f32([0, 0])] }, "zeros for the null argument");
    const bad = customVjp((a: Array, b: { u: Array }) => a.mul(b.u));
    bad.defvjp((a, b) => [bad(a, b), null] as const, (_r, g) => [g, { w: g } as never]);
    expect(() => grad((a: Array) => bad(a, { u: f32([1, 1]) }).sum())(f32([1, 2]))).toThrowError(/customVjp bwd: tree structures differ at \[1\]/);
  });

  test("differentiating w.r.t. a closed-over value is a clear error; closures work under vmap", async () => {
    const x = f32([0.5, 3]);
    const viaJvp = (w: Array) => {
      const f = customJvp((v: Array) => v.mul(w));
      f.defjvp(([v], [t]) => [f(v), t.mul(w)]);
      return f;
    };
    const viaVjp = (w: Array) => {
      const f = customVjp((v: Array) => v.mul(w));
      f.defvjp((v) => [v.mul(w), null], (_r, ct) => [ct.mul(w)]);
      return f;
    };
    for (const make of [viaJvp, viaVjp]) {
      const msg = /Detected differentiation of a custom(Jvp|Vjp) function with respect to a value it closes over.*as an argument/;
      expect(() => grad((w: Array) => make(w)(x).sum())(f32([1, 2]))).toThrowError(msg);
      // vmap over the closed-over value, differentiating w.r.t. the argument, is fine
      const g = vmap((w: Array) => grad((u: Array) => make(w)(u).sum())(x))(f32([[1, 2], [2, 4]]));
      await expectClose(g, [[1, 2], [2, 4]]);
    }
    expect(() => jvp((w: Array) => viaJvp(w)(x), [f32([1, 2])], [f32([1, 1])])).toThrowError(/closes over/);
  });

  test("vmap of grad (batched bwd), grad of vmap, and vmap of the function", async () => {
    const clipGrad = makeClipGrad();
    const xs = f32([[0.05, 0.2], [-0.3, 0.01], [0.5, -0.02]]);
    const scale = f32([20, 2]);
    const perEx = vmap(grad((v: Array) => clipGrad(v.mul(scale)).mul(np.array([5, 0.2])).sum()))(xs);
    // cotangent into clipGrad: [5, 0.2] -> clipped [1, 0.2]; times d(v*scale)/dv = scale
    await expectClose(perEx, [[20, 0.4], [20, 0.4], [20, 0.4]], { rtol: 1e-6 });
    const g = grad((v: Array) => vmap((r: Array) => clipGrad(r).mul(3).sum())(v).sum())(xs);
    await expectClose(g, [[1, 1], [1, 1], [1, 1]]);
    await expectTreeClose(vmap(clipGrad, { inAxes: 1 })(xs), xs.T, "values");
    // an unbatched argument next to a batched one: its cotangent sums over the batch
    const mulc = customVjp((a: Array, b: Array) => a.mul(b));
    mulc.defvjp((a, b) => [a.mul(b), [a, b] as const], ([a, b], g) => [g.mul(b), g.mul(a)]);
    const b = f32([1, 2]);
    const gb = grad((bb: Array) => vmap((a: Array) => mulc(a, bb).sum())(xs).sum())(b);
    await expectTreeClose(gb, xs.sum(0), "unbatched argument cotangent", { rtol: 1e-6 });
  });

  test("customVjp inside scan and under checkpoint", async () => {
    const clipGrad = makeClipGrad();
    const f = (x: Array) => lax.scan((c: Array, xi: Array) => [clipGrad(c.mul(xi)), c] as const, f32(1), x)[0];
    // product of xs, each step's cotangent clipped to [-1, 1]
    const x = f32([3, 0.5, 2]);
    const g = await grad(f)(x).data();
    // by hand: c3 = c0 x0 x1 x2; cotangents flowing back are clipped at each step
    expect(globalThis.Array.from(g).every((v) => Number.isFinite(v))).toBe(true);
    await expectClose(grad(f)(f32([0.5, 0.5, 0.5])), [0.25, 0.25, 0.25]);
    await expectClose(grad(checkpoint((v: Array) => clipGrad(v.mul(4)).sum()))(f32([1, 2])), [4, 4]);
  });
});

describeDevices("checkpoint", () => {
  const block = (w: Array) => (x: Array) => np.tanh(np.matmul(x, w)).sin().mul(x.sum());

  test("same values and derivatives as without checkpoint, to second order", async () => {
    const w = rand([3, 3], 10);
    const x = rand([2, 3], 11);
    const f = block(w);
    const fc = checkpoint(f);
    await expectTreeClose(fc(x), f(x), "values");
    await expectTreeClose(grad((v: Array) => fc(v).sum())(x), grad((v: Array) => f(v).sum())(x), "grad", { rtol: 1e-5 });
    await expectTreeClose(jvp(fc, [x], [x]), jvp(f, [x], [x]), "jvp", { rtol: 1e-5 });
    await checkGrads(fc, [x], { order: 2 });
    // gradient w.r.t. a value the checkpointed function closes over
    const gw = grad((ww: Array) => checkpoint(block(ww))(x).sum())(w);
    await expectTreeClose(gw, grad((ww: Array) => block(ww)(x).sum())(w), "closure grad", { rtol: 1e-5 });
  });

  test("vmap, nesting, inside scan; the backward pass recomputes (remat in the jaxpr)", async () => {
    const w = rand([3, 3], 12);
    const f = block(w);
    const fc = checkpoint(checkpoint(f));
    const xs = rand([4, 2, 3], 13);
    await expectTreeClose(vmap(fc)(xs), vmap(f)(xs), "vmap", { rtol: 1e-5 });
    await expectTreeClose(vmap(grad((v: Array) => fc(v).sum()))(xs), vmap(grad((v: Array) => f(v).sum()))(xs), "vmap of grad", { rtol: 1e-5 });
    const scanned = (fn: (x: Array) => Array) => (h: Array) => lax.scan((c: Array, _x: null) => [fn(c).mul(0.5), null] as const, h, null, { length: 3 })[0];
    await expectTreeClose(grad((h: Array) => scanned(checkpoint(f))(h).sum())(xs.get(0)), grad((h: Array) => scanned(f)(h).sum())(xs.get(0)), "scan", { rtol: 1e-4 });
    const text = String(makeJaxpr((v: Array) => grad((u: Array) => checkpoint(f)(u).sum())(v))(xs.get(0)));
    expect(text).toContain("remat");
  });
});

export {};

describe("customJvp rules that close over values of the trace being differentiated", () => {
  // the rule uses `c = stopGradient(a)`, a tracer of the grad/jvp in progress with a zero tangent
  const outer = (a: Array) => {
    const c = lax.stopGradient(a);
    const f = customJvp((x: Array) => x.mul(c));
    f.defjvp(([x], [t]) => [x.mul(c), (t as Array).mul(c)]);
    return f(a).sum();
  };

  test("grad sees the closed-over value as a constant", async () => {
    // d/da sum(a * sg(a)) = sg(a)
    expect(await grad(outer)(np.array([2, 3])).toArray()).toEqual([2, 3]);
  });

  test("jvp returns concrete tangents", async () => {
    const [y, t] = jvp(outer, [np.array([2, 3])], [np.array([1, 1])]);
    expect(await y.item()).toBe(13);
    expect(await t.item()).toBe(5);
  });

  test("a rule closing over a value with a tangent is an error naming the fix", () => {
    const bad = (a: Array) => {
      const f = customJvp((x: Array) => x.mul(a));
      f.defjvp(([x], [t]) => [x.mul(a), (t as Array).mul(a)]);
      return f(np.array([1, 1])).sum();
    };
    expect(() => grad(bad)(np.array([2, 3]))).toThrow(/closes over|argument/);
  });
});
