/**
 * Unrolling of short scans in jitted programs (`unroll.ts`) and the folding of their stacks
 * (`simplifyStacks`): values and gradients equal the same computation written as a JS loop
 * (eager), short scans leave no host step, long ones keep theirs, and the backward pass of an
 * unrolled scan shares the forward pass's products instead of recomputing them.
 */
import { expect, test } from "vitest";
import { type Array, grad, jit, lax, np } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectTreeClose, rand } from "../../test/grad-helpers.js";
import { MAX_UNROLL_LENGTH } from "./unroll.js";
import { simplifyStacks } from "./optimize.js";
import { concatenate, reshape, slice } from "../primitives/structural.js";
import { Jaxpr, Var } from "../core/jaxpr.js";
import { aval } from "../core/primitive.js";

/** Two "layers" of a residual tanh block over stacked weights, as a scan and as a JS loop. */
const block = (h: Array, w: Array) => h.add(np.tanh(np.dot(h, w)));
const scanned = (ws: Array, h: Array, reverse = false) => lax.scan((c: Array, w: Array) => [block(c, w), c.sum()] as const, h, ws, { reverse });
const looped = (ws: Array, h: Array, reverse = false): [Array, Array] => {
  const n = ws.shape[0]!;
  const ys: Array[] = [];
  for (let t = 0; t < n; t++) {
    const i = reverse ? n - 1 - t : t;
    ys[i] = h.sum();
    h = block(h, ws.get(i));
  }
  return [h, np.stack(ys)];
};
const lossOf = (run: typeof scanned) => (ws: Array, h: Array, reverse = false) => {
  const [c, ys] = run(ws, h, reverse);
  return c.square().sum().add(ys.mul(np.arange(ys.shape[0]!).add(1)).sum());
};

describeDevices("unrolled scans", () => {
  test("values and gradients of short forward and reverse scans equal the JS loop; no host step", async () => {
    const [ws, h] = [rand([3, 4, 4], 1, -0.5, 0.5), rand([5, 4], 2)];
    for (const reverse of [false, true]) {
      const f = jit((a: Array, b: Array) => scanned(a, b, reverse));
      expect(f.lower(ws, h).hostSteps, `reverse=${reverse}`).toBe(0);
      await expectTreeClose(f(ws, h), looped(ws, h, reverse), `values reverse=${reverse}`, { rtol: 1e-5 });
      const g = jit(grad((a: Array, b: Array) => lossOf(scanned)(a, b, reverse), { argnums: [0, 1] }));
      expect(g.lower(ws, h).hostSteps).toBe(0);
      await expectTreeClose(g(ws, h), grad(lossOf(looped), { argnums: [0, 1] })(ws, h, reverse), `grads reverse=${reverse}`, { rtol: 1e-4, atol: 1e-5 });
    }
  });

  test("a scan longer than MAX_UNROLL_LENGTH stays a host step, with the same values", async () => {
    const n = MAX_UNROLL_LENGTH + 1;
    const [ws, h] = [rand([n, 4, 4], 3, -0.3, 0.3), rand([2, 4], 4)];
    const f = jit((a: Array, b: Array) => scanned(a, b));
    expect(f.lower(ws, h).hostSteps).toBe(1);
    await expectTreeClose(f(ws, h), looped(ws, h), "values", { rtol: 1e-5 });
  });

  test("the gradient of an unrolled scan computes each forward product once", () => {
    // forward: 2 products; backward: 2 per step (the scan's JVP recomputes the forward products,
    // which CSE merges with the forward pass's once the scans are unrolled)
    const [ws, h] = [rand([2, 4, 4], 5), rand([5, 4], 6)];
    const optimized = jit(grad(lossOf(scanned), { argnums: [0, 1] })).lower(ws, h).optimized;
    expect(optimized.match(/dot_general/g)?.length).toBe(2 + 2 * 2);
  });

  test("scans with no xs (a length only) and with several carries and outputs", async () => {
    const h = rand([3], 7);
    const f = jit((a: Array) => lax.scan((c: [Array, Array], _x: null) => [[c[0].mul(2), c[1].add(c[0])] as [Array, Array], [c[0].sum(), c[1]]] as const, [a, a.neg()], null, { length: 3 }));
    expect(f.lower(h).hostSteps).toBe(0);
    let [c0, c1] = [h, h.neg()];
    const [s, t]: Array[][] = [[], []];
    for (let i = 0; i < 3; i++) {
      s.push(c0.sum());
      t.push(c1);
      [c0, c1] = [c0.mul(2), c1.add(c0)];
    }
    await expectTreeClose(f(h), [[c0, c1], [np.stack(s), np.stack(t)]], "values", { rtol: 1e-6 });
  });
});

test("simplifyStacks: a slice of one concatenated piece is the piece; reshape of reshape folds", () => {
  const f32 = (...shape: number[]) => new Var(aval(shape, "float32"));
  const [a, b] = [f32(2, 3), f32(2, 3)];
  const [ra, rb, cat, s0, s1, r0, part] = [f32(1, 2, 3), f32(1, 2, 3), f32(2, 2, 3), f32(1, 2, 3), f32(1, 2, 3), f32(2, 3), f32(1, 1, 3)];
  const eq = (primitive: typeof slice | typeof reshape | typeof concatenate, inputs: Var[], params: unknown, out: Var) => ({ primitive, inputs, params, outBinders: [out] });
  const sl = (start: number[], limit: number[], out: Var) => eq(slice, [cat], { startIndices: start, limitIndices: limit, strides: [1, 1, 1] }, out);
  const j = new Jaxpr([a, b], [
    eq(reshape, [a], { newSizes: [1, 2, 3] }, ra),
    eq(reshape, [b], { newSizes: [1, 2, 3] }, rb),
    eq(concatenate, [ra, rb], { dimension: 0 }, cat),
    sl([1, 0, 0], [2, 2, 3], s1), // exactly piece 1
    sl([0, 0, 0], [1, 1, 3], part), // a part of piece 0: kept
    eq(reshape, [s1], { newSizes: [2, 3] }, r0), // reshape(reshape(b)) = b
    sl([0, 0, 0], [1, 2, 3], s0),
  ], [r0, part, s0]);
  const out = simplifyStacks(j);
  expect(out.outs[0]).toBe(b);
  expect(out.outs[2]).toBe(ra);
  expect(out.outs[1]).toBe(part);
  expect(out.eqns.filter((e) => e.primitive === slice)).toHaveLength(1);
});
