/**
 * vmap: for every lax primitive and np function, `vmap(f)` over a batch equals stacking `f`
 * applied in a JS loop, with the batch axis in different places per argument (and some
 * arguments unbatched). Then the API: inAxes/outAxes trees, axisSize, nested vmap, closures.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { type Array, defaultDevice, grad, jvp, lax, np, tree, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { type Cases, type Fn, expectTreeClose, f32, i32, rand } from "../../test/grad-helpers.js";
import * as C from "../../test/op-cases.js";

const B = 3;
type Axes = (number | null)[];

/** Batch element `b` of a test argument: an increasing affine map (keeps order, ties and domains). */
function perturb(a: Array, b: number): Array {
  if (b === 0 || a.dtype === "bool") return a;
  if (a.dtype === "int32" || a.dtype === "uint32") return a.add(b);
  return a.mul(1 + 0.1 * b).add(0.05 * b);
}

/** Stacks the per-example results of `f` (a pytree) along a new axis 0. */
function stackResults(outs: unknown[]): unknown {
  return tree.map((...leaves: Array[]) => np.stack(leaves, 0), outs[0], ...outs.slice(1));
}

/** `vmap(f)` over `args` batched at `axes` (null: unbatched) vs a loop over the batch. */
async function checkVmap(what: string, f: Fn, args: readonly Array[], axes: Axes): Promise<void> {
  const per = Array_from(B, (b) => args.map((a, i) => (axes[i] === null ? a : perturb(a, b))));
  const batched = args.map((a, i) => (axes[i] === null ? a : np.stack(per.map((p) => p[i]!), axes[i]!)));
  const got = vmap(f, { inAxes: axes })(...batched);
  const want = stackResults(per.map((p) => f(...p)));
  await expectTreeClose(got, want, what, { rtol: 1e-4, atol: 1e-5 });
}

function Array_from<T>(n: number, f: (i: number) => T): T[] {
  return globalThis.Array.from({ length: n }, (_, i) => f(i));
}

/** Batch axis placements: all leading, all trailing, per-argument mixes, some unbatched. */
function axisVariants(args: readonly Array[]): [string, Axes][] {
  const n = args.length;
  const v: [string, Axes][] = [
    ["all at 0", args.map(() => 0)],
    ["all at -1", args.map(() => -1)],
  ];
  if (args[0]!.ndim >= 1) v.push(["first at 1, others unbatched", args.map((_, i) => (i === 0 ? 1 : null))]);
  if (n > 1) {
    v.push(["last at 0, others unbatched", args.map((_, i) => (i === n - 1 ? 0 : null))]);
    v.push(["alternating 0 / -1", args.map((_, i) => (i % 2 ? -1 : 0))]);
  }
  return v;
}

/**
 * Runs every case in every axis placement (`thorough`), or only in the most mixed one (WebGPU:
 * the batching rules are the same on every device, and each new shape compiles new kernels).
 * Fails once, listing all mismatches.
 */
async function vmapAll(cases: Cases, thorough: boolean): Promise<void> {
  const failures: string[] = [];
  for (const [name, [f, makeArgs]] of Object.entries(cases)) {
    const args = makeArgs();
    const variants = axisVariants(args);
    for (const [vname, axes] of thorough ? variants : variants.slice(-1)) {
      try {
        await checkVmap(`${name} (${vname})`, f, args, axes);
      } catch (e) {
        failures.push(`${name} (${vname}): ${(e as Error).message.split("\n").slice(0, 4).join("\n")}`);
      }
    }
  }
  expect(failures, failures.join("\n\n")).toEqual([]);
}

/** Operations whose integer operands (indices, starts) are batched too. */
const BATCHED_INDICES: Cases = {
  "gather clip": [(x, idx) => lax.gather(x, idx, [0]), () => [rand([4, 2], 1), i32([[1], [3], [0]])]],
  "gather fill": [(x, idx) => lax.gather(x, idx, [1], { mode: "fill", fillValue: -1 }), () => [rand([2, 3], 2), i32([[2], [0]])]],
  "gather 2 axes": [(x, idx) => lax.gather(x, idx, [0, 1]), () => [rand([3, 3, 2], 3), i32([[0, 2], [1, 1]])]],
  "scatter add": [(x, idx, u) => lax.scatter(x, idx, u, [0], "add"), () => [rand([5, 2], 4), i32([[1], [1], [0]]), rand([3, 2], 5)]],
  "scatter set": [(x, idx, u) => lax.scatter(x, idx, u, [1], "set"), () => [rand([2, 5], 6), i32([[0], [2]]), rand([2, 2], 7)]],
  "scatter max": [(x, idx, u) => lax.scatter(x, idx, u, [0], "max"), () => [rand([4], 8), i32([[0], [2]]), rand([2], 9)]],
  "dynamic_slice": [(x, i, j) => lax.dynamicSlice(x, [i, j], [2, 2]), () => [rand([4, 5], 10), i32(1), i32(2)]],
  "dynamic_slice negative start": [(x, i) => lax.dynamicSlice(x, [i], [2]), () => [rand([5], 11), i32(-4)]],
  "dynamic_update_slice": [(x, u, i, j) => lax.dynamicUpdateSlice(x, u, [i, j]), () => [rand([4, 5], 12), rand([2, 3], 13), i32(1), i32(1)]],
  "np take": [(x, idx) => np.take(x, idx, 1), () => [rand([2, 4], 14), i32([3, 0, 1])]],
  "np takeAlongAxis": [(x, idx) => np.takeAlongAxis(x, idx, 0), () => [rand([3, 2], 15), i32([[2, 0], [0, 1]])]],
  "x.get(index array)": [(x, idx) => x.get(idx, ":"), () => [rand([4, 2], 16), i32([0, 2])]],
  "x.at(index array).add": [(x, idx, v) => x.at(idx).add(v), () => [rand([5], 17), i32([0, 2, 2]), rand([3], 18)]],
  "np.where with batched condition": [(c, a) => np.where(c.gt(0.5), a, a.neg()), () => [f32([0.2, 0.9, 0.6]), rand([3], 19)]],
  "argmax / argsort": [(x) => np.stack([np.argmax(x, 0), np.argsort(x, 0).get(0)]), () => [C.NP_INDEXING["sort flattened"]![1]()[0]!.reshape(3, 2)]],
  iota: [(x) => lax.iota("float32", 3).mul(x), () => [f32(2)]],
};

describeDevices("vmap equals a loop", (device) => {
  const thorough = device === "cpu";
  test("unary and binary elementwise", async () => {
    await vmapAll(C.UNARY, thorough);
    await vmapAll(C.BINARY, thorough);
    await vmapAll(C.OTHER_ELEMENTWISE, thorough);
  });
  test("structural", () => vmapAll(C.STRUCTURAL, thorough));
  test("gather and scatter", () => vmapAll(C.GATHER_SCATTER, thorough));
  test("batched indices and start positions", () => vmapAll(BATCHED_INDICES, thorough));
  test("reductions, cumulative ops, sort", () => vmapAll(C.REDUCTIONS, thorough));
  test("dot_general, conv, reduce_window", async () => {
    await vmapAll(C.DOT, thorough);
    await vmapAll(C.CONV, thorough);
    await vmapAll(C.WINDOW, thorough);
  });
  // The np functions are compositions of the primitives above: checked on the CPU only (not
  // declared at all on WebGPU, rather than reported as skipped).
  if (thorough) {
    test("np elementwise and reductions", async () => {
      await vmapAll(C.NP_ELEMENTWISE, true);
      await vmapAll(C.NP_REDUCTIONS, true);
    });
    test("np linalg, shape ops, indexing", async () => {
      await vmapAll(C.NP_LINALG, true);
      await vmapAll(C.NP_SHAPES, true);
      await vmapAll(C.NP_INDEXING, true);
    });
  }
});

/** A scalar that depends on every float output element (with distinct weights). */
function weightedSum(out: unknown): Array {
  const leaves = (tree.leaves(out) as Array[]).filter((y) => y.dtype === "float32" || y.dtype === "float16");
  return leaves.reduce((acc: Array, y) => acc.add(y.astype("float32").mul(np.cos(np.arange(y.size).reshape(y.shape))).sum()), np.zeros([]));
}

/**
 * vmap of grad and of jvp equal loops: the batching rules of the primitives that JVP and
 * transpose rules emit (pad for slice, scatter-add for gather, transposed convolutions...).
 */
async function vmapOfDerivatives(cases: Cases): Promise<void> {
  const failures: string[] = [];
  for (const [name, [f, makeArgs]] of Object.entries(cases)) {
    const args = makeArgs();
    const floats = args.map((a, i) => (a.dtype === "float32" ? i : -1)).filter((i) => i >= 0);
    if (floats.length === 0) continue;
    const loss = (...xs: Array[]) => weightedSum(f(...xs));
    const per = Array_from(B, (b) => args.map((a) => perturb(a, b)));
    const batched = args.map((_, i) => np.stack(per.map((p) => p[i]!)));
    try {
      const g = vmap(grad(loss, { argnums: floats }))(...batched);
      await expectTreeClose(g, stackResults(per.map((p) => grad(loss, { argnums: floats })(...p))), "vmap of grad", { rtol: 1e-4, atol: 1e-4 });
      const tangents = args.map((a) => (a.dtype === "float32" ? np.cos(np.arange(a.size).reshape(a.shape)).astype("float32") : np.zerosLike(a)));
      const t = vmap((...xs: Array[]) => jvp(f, xs, tangents)[1])(...batched);
      await expectTreeClose(t, stackResults(per.map((p) => jvp(f, p, tangents)[1])), "vmap of jvp", { rtol: 1e-4, atol: 1e-4 });
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message.split("\n").slice(0, 4).join("\n")}`);
    }
  }
  expect(failures, failures.join("\n\n")).toEqual([]);
}

describe("vmap of grad and of jvp equal loops [cpu]", () => {
  beforeAll(() => {
    defaultDevice("cpu");
  });
  test("elementwise, structural, gather/scatter", async () => {
    await vmapOfDerivatives(C.UNARY);
    await vmapOfDerivatives(C.BINARY);
    await vmapOfDerivatives(C.OTHER_ELEMENTWISE);
    await vmapOfDerivatives(C.STRUCTURAL);
    await vmapOfDerivatives(C.GATHER_SCATTER);
    await vmapOfDerivatives(BATCHED_INDICES);
  });
  test("reductions, dot, conv, windows", async () => {
    await vmapOfDerivatives(C.REDUCTIONS);
    await vmapOfDerivatives(C.DOT);
    await vmapOfDerivatives(C.CONV);
    await vmapOfDerivatives(C.WINDOW);
  });
});

describeDevices("vmap API", () => {
  test("inAxes as one number, per argument, and per-argument trees", async () => {
    const x = rand([2, 3], 1);
    const ys = rand([3, 2], 2);
    // one number for every argument
    await expectTreeClose(vmap((a: Array, b: Array) => a.mul(b), { inAxes: 1 })(x, ys.T), x.mul(ys.T).T, "inAxes 1");
    // per-argument trees: an object with an unbatched leaf, a list batched on different axes
    const p = { w: rand([3, 4, 2], 3), b: rand([2], 4) };
    const pair = [rand([4, 3], 5), rand([3, 4], 6)] as const;
    const f = (q: { w: Array; b: Array }, [u, v]: readonly [Array, Array]) => np.dot(u, q.w).add(q.b).mul(v.sum());
    const got = vmap(f, { inAxes: [{ w: 0, b: null }, [1, 0]] })(p, pair);
    const want = stackResults(Array_from(3, (i) => f({ w: p.w.get(i), b: p.b }, [pair[0].get(":", i), pair[1].get(i)])));
    await expectTreeClose(got, want, "per-argument trees");
    // a prefix spec: one axis for a whole subtree
    const got2 = vmap(f, { inAxes: [null, 1] })(p, [pair[0], pair[1].T]);
    const want2 = stackResults(Array_from(3, (i) => f(p, [pair[0].get(":", i), pair[1].T.get(":", i)])));
    await expectTreeClose(got2, want2, "prefix spec");
  });

  test("negative inAxes and outAxes, outAxes trees and null", async () => {
    const x = rand([2, 3, 4], 7);
    const f = (a: Array) => ({ s: a.sum(0), t: a.T, c: np.ones([2]) });
    const got = vmap(f, { inAxes: -1, outAxes: { s: -1, t: 1, c: null } })(x) as ReturnType<typeof f>;
    const per = Array_from(4, (i) => f(x.get("...", i)));
    await expectTreeClose(got.s, np.stack(per.map((p) => p.s), -1), "outAxes -1");
    await expectTreeClose(got.t, np.stack(per.map((p) => p.t), 1), "outAxes 1");
    await expectTreeClose(got.c, np.ones([2]), "outAxes null (unbatched output)");
    // an unbatched output with a numeric out axis is broadcast along the batch
    await expectTreeClose(vmap(() => np.arange(2), { axisSize: 3, outAxes: 1 })(), np.broadcastTo(np.arange(2).reshape(2, 1), [2, 3]), "broadcast output");
  });

  test("axisSize with no batched input; JS numbers and unbatched leaves pass through", async () => {
    const x = rand([2], 8);
    const got = vmap((a: Array, k: number) => a.mul(k), { inAxes: [null, null], axisSize: 4 })(x, 3);
    await expectTreeClose(got, np.broadcastTo(x.mul(3), [4, 2]), "axisSize");
    // null as the whole spec: nothing batched (not the default 0)
    await expectTreeClose(vmap((a: Array) => a.mul(2), { inAxes: null, axisSize: 2 })(x), np.broadcastTo(x.mul(2), [2, 2]), "inAxes null");
    // null as the whole output spec: an output that does not depend on the batch
    await expectTreeClose(vmap((a: Array) => [a.sum().mul(0).add(1), np.ones([2])][1]!, { outAxes: null })(rand([3, 2], 9)), np.ones([2]), "outAxes null");
    const got2 = vmap((a: Array, k: number) => a.mul(k), { inAxes: [0, null] })(rand([3, 2], 9), 2);
    await expectTreeClose(got2, rand([3, 2], 9).mul(2), "static number argument");
  });

  test("batch on different axes per argument, output axis follows the rules", async () => {
    const a = rand([3, 4], 10);
    const b = rand([4, 2, 3], 11);
    // a batched at 1 (size 4), b batched at 0 (size 4)
    const f = (u: Array, v: Array) => np.matmul(v, u); // [2,3] @ [3] -> [2]
    const got = vmap(f, { inAxes: [1, 0] })(a, b);
    const want = stackResults(Array_from(4, (i) => f(a.get(":", i), b.get(i))));
    await expectTreeClose(got, want, "different axes");
  });

  test("nested vmap (both orders of axes) equals a double loop", async () => {
    const x = rand([3, 2, 4], 12);
    const y = rand([4, 2], 13);
    const f = (u: Array, v: Array) => np.dot(u, v).add(u.sum()); // u [4], v [4, 2] -> [2]
    // inner: over axis 1 of x (v unbatched); outer: over axis 0 of x and axis 1 of y
    const yb = np.stack([y, y.mul(2), y.mul(-1)], 1); // [4, 3, 2]
    const got2 = vmap(vmap(f, { inAxes: [0, null] }), { inAxes: [0, 1] })(x, yb);
    const want2 = np.stack(Array_from(3, (i) => np.stack(Array_from(2, (j) => f(x.get(i, j), yb.get(":", i))))));
    await expectTreeClose(got2, want2, "nested vmap");
    // inner batch over an axis other than 0, outer over 0, output axes moved
    const got3 = vmap(vmap((u: Array) => u.cumsum(0), { inAxes: 1, outAxes: 1 }), { inAxes: 2, outAxes: 0 })(x);
    const want3 = np.stack(Array_from(4, (k) => np.stack(Array_from(2, (j) => x.get(":", j, k).cumsum(0)), 1)), 0);
    await expectTreeClose(got3, want3, "nested vmap with axes");
  });

  test("closures over arrays and over outer batched values", async () => {
    const w = rand([3, 2], 14);
    const xs = rand([4, 3], 15);
    const ys = rand([5, 2], 16);
    // inner function closes over an outer-vmapped value
    const got = vmap((x: Array) => vmap((y: Array) => np.dot(x, w).mul(y).sum())(ys))(xs);
    const want = np.stack(Array_from(4, (i) => np.stack(Array_from(5, (j) => np.dot(xs.get(i), w).mul(ys.get(j)).sum()))));
    await expectTreeClose(got, want, "closure over outer batched value", { rtol: 1e-4 });
  });
});
