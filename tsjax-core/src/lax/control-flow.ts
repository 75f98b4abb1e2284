/**
 * Structured control flow, as `jax.lax`: cond, switch, whileLoop, foriLoop, scan, map.
 * Functions are traced once into jaxprs (so they work under every transformation and inside
 * jit); values they close over become explicit operands.
 */
import { Array, type ArrayLike } from "../array/array.js";
import type { DeviceName } from "../backend/backend.js";
import { ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { ClosedJaxpr } from "../core/jaxpr.js";
import { avalStr } from "../core/jaxpr.js";
import type { ShapedArray } from "../core/primitive.js";
import { traceToJaxpr } from "../core/staging.js";
import { bind, bind1 } from "../core/trace.js";
import { asArray, convert } from "../numpy/convert.js";
import { cond as condP, padInputs, scan as scanP, whileLoop as whileP } from "../primitives/control.js";
import { binaryPrims } from "../primitives/elementwise.js";
import * as tree from "../tree/index.js";
import { type TreeDef, keyPathText } from "../tree/treedef.js";
import { isList } from "../util.js";

type Leaves = { arrays: Array[]; def: TreeDef };

/** The array leaves of `t`; JS numbers become arrays on `device` (default: the default device). */
function flattenLeaves(op: string, t: unknown, what: string, device?: DeviceName): Leaves {
  const [pairs, def] = tree.flattenWithPath(t);
  const arrays = pairs.map(([path, leaf]) => {
    if (leaf instanceof Array) return leaf;
    if (typeof leaf === "number" || typeof leaf === "boolean") return asArray(op, leaf, device);
    throw new TypeError(`${op}: ${what} at ${keyPathText(path)} is ${leaf === null ? "null" : typeof leaf}, not an array or number.`);
  });
  return { arrays, def };
}

function avalOf(x: Array): ShapedArray {
  return { shape: x.shape, dtype: x.dtype, weakType: x.weakType };
}

/** A traced function: its jaxpr takes `[consts..., inputs...]`; consts are operands to pass. */
interface Traced {
  jaxpr: ClosedJaxpr;
  consts: Array[];
  outDef: TreeDef;
  outAvals: ShapedArray[];
}

/** The device of the first array leaf of `t` (`undefined` when it has none). */
function leafDevice(t: unknown): DeviceName | undefined {
  return tree.leaves(t).find((l): l is Array => l instanceof Array)?.device;
}

function traceFn(op: string, fn: (...args: unknown[]) => unknown, inDef: TreeDef, inAvals: readonly ShapedArray[], what: string, device: DeviceName | undefined): Traced {
  let outDef: TreeDef | undefined;
  const closed = traceToJaxpr(
    (...xs) => {
      const args = tree.unflatten<unknown[]>(inDef, xs);
      const out = flattenLeaves(op, fn(...args), what, device);
      outDef = out.def;
      return out.arrays;
    },
    inAvals,
    { label: op, dynamic: true, device },
  );
  return { jaxpr: new ClosedJaxpr(closed.jaxpr, []), consts: [...closed.consts], outDef: outDef!, outAvals: closed.outAvals };
}

function sameType(a: ShapedArray, b: ShapedArray): boolean {
  return a.dtype === b.dtype && fmtShape(a.shape) === fmtShape(b.shape);
}

function checkSameOutputs(op: string, names: [string, string], defA: TreeDef, avA: readonly ShapedArray[], defB: TreeDef, avB: readonly ShapedArray[]): void {
  tree.assertSameStructure(op, defA, defB, names);
  const paths = tree.flattenWithPath(tree.unflatten(defA, avA.map((_, i) => i)))[0].map(([p]) => keyPathText(p));
  avA.forEach((a, i) => {
    if (!sameType(a, avB[i]!)) {
      throw new TypeError(
        `${op}: ${names[0]} and ${names[1]} must have identical types, but at ${paths[i]} they are ${avalStr(a)} and ${avalStr(avB[i]!)}.`,
      );
    }
  });
}

function scalarIndex(op: string, x: ArrayLike, what: string, device: DeviceName | undefined): Array {
  const a = asArray(op, x, device);
  if (a.shape.length !== 0) {
    throw new ShapeError(`${op}: the ${what} must be a scalar, got ${avalStr(avalOf(a))}. For elementwise selection use np.where.`);
  }
  return convert(a, "int32");
}

/**
 * Calls `branches[index]` on `operands` (the index is clamped to the valid range). Every
 * branch must return the same structure and types. Under vmap with a batched index all
 * branches run and their results are selected.
 *
 * @example
 * lax.switch(i, [(x) => x.add(1), (x) => x.mul(2), (x) => x.neg()], x);
 */
export function switch_<Ops extends unknown[], R>(index: ArrayLike, branches: readonly ((...ops: Ops) => R)[], ...operands: Ops): R {
  const op = "lax.switch";
  if (branches.length === 0) throw new TypeError(`${op}: needs at least one branch.`);
  // A JS-number index goes beside the operands.
  const i = scalarIndex(op, index, "index", leafDevice(operands));
  const { arrays, def } = flattenLeaves(op, operands, "an operand", i.device);
  const avals = arrays.map(avalOf);
  const traced = branches.map((b) => traceFn(op, b as (...a: unknown[]) => unknown, def, avals, "a branch output", i.device));
  traced.forEach((t, k) => {
    if (k > 0) checkSameOutputs(op, ["branch 0", `branch ${k}`], traced[0]!.outDef, traced[0]!.outAvals, t.outDef, t.outAvals);
  });
  // One operand list for all branches: every branch's constants, then the operands.
  const allConsts = traced.flatMap((t) => t.consts);
  let offset = 0;
  const jaxprs = traced.map((t) => {
    const before = allConsts.slice(0, offset).map(avalOf);
    const after = allConsts.slice(offset + t.consts.length).map(avalOf);
    offset += t.consts.length;
    return padInputs(padInputs(t.jaxpr, 0, before), before.length + t.consts.length, after);
  });
  const n = branches.length;
  const clamped = n === 1 ? i : bind1(binaryPrims.max, [bind1(binaryPrims.min, [i, asArray(op, n - 1, i.device)], {}), asArray(op, 0, i.device)], {});
  const outs = bind(condP, [clamped, ...allConsts, ...arrays], { branches: jaxprs });
  return tree.unflatten<R>(traced[0]!.outDef, outs);
}
export { switch_ as switch };

/**
 * `trueFn(...operands)` if `pred` is true, else `falseFn(...operands)`; both must return the
 * same structure and types. The predicate is a scalar (nonzero is true).
 *
 * @example
 * const y = lax.cond(x.sum().gt(0), (v) => v.mul(2), (v) => v.neg(), x);
 */
export function cond<Ops extends unknown[], R>(pred: ArrayLike, trueFn: (...ops: Ops) => R, falseFn: (...ops: Ops) => R, ...operands: Ops): R {
  const p = asArray("lax.cond", pred, leafDevice(operands));
  if (p.shape.length !== 0) {
    throw new ShapeError(`lax.cond: the predicate must be a scalar, got ${avalStr(avalOf(p))}. For elementwise selection use np.where.`);
  }
  const b = p.dtype === "bool" ? p : bind1(binaryPrims.ne, [p, convert(asArray("lax.cond", 0, p.device), p.dtype)], {});
  return switch_(convert(b, "int32"), [falseFn, trueFn], ...operands);
}

/**
 * Repeats `body` while `condFn(carry)` is true; the carry keeps its structure and types.
 * On WebGPU the predicate is read back each iteration (in the background: the call returns at
 * once and later work is queued behind it). Reverse-mode differentiation is not supported
 * (the trip count is unknown); use `scan` or `foriLoop` with JS-number bounds for that.
 *
 * @example
 * const [i, x] = lax.whileLoop(([i]) => i.lt(10), ([i, x]) => [i.add(1), x.mul(2)], [np.array(0, { dtype: "int32" }), x0]);
 */
export function whileLoop<C>(condFn: (carry: C) => ArrayLike, body: (carry: C) => C, init: C): C {
  const op = "lax.whileLoop";
  const device = leafDevice(init);
  const { arrays, def } = flattenLeaves(op, init, "an initial carry value", device);
  const avals = arrays.map(avalOf);
  const argDef = tree.structure([tree.unflatten(def, avals.map(() => 0))]);
  const c = traceFn(op, condFn as (...a: unknown[]) => unknown, argDef, avals, "the predicate", device);
  if (c.outAvals.length !== 1 || c.outAvals[0]!.shape.length !== 0 || c.outAvals[0]!.dtype !== "bool") {
    throw new TypeError(`${op}: condFn must return a scalar bool, got ${c.outAvals.map(avalStr).join(", ") || "nothing"}. Compare with .lt/.gt/... .`);
  }
  const b = traceFn(op, body as (...a: unknown[]) => unknown, argDef, avals, "a carry value", device);
  checkSameOutputs(op, ["the initial carry", "the body's result"], def, avals, b.outDef, b.outAvals);
  const outs = bind(whileP, [...c.consts, ...b.consts, ...arrays], {
    cond: c.jaxpr,
    body: b.jaxpr,
    condNconsts: c.consts.length,
    bodyNconsts: b.consts.length,
  });
  return tree.unflatten<C>(def, outs);
}

/**
 * Scans `f` over the leading axis of `xs`, threading a carry: returns the final carry and the
 * per-step outputs stacked along a new leading axis.
 *
 * @example
 * // cumulative sum of rows
 * const [total, partials] = lax.scan((acc, row) => { const s = acc.add(row); return [s, s]; }, np.zeros([4]), xs);
 */
export function scan<C, X, Y>(f: (carry: C, x: X) => readonly [C, Y], init: C, xs?: X | null, opts: { length?: number; reverse?: boolean } = {}): [C, Y] {
  const op = "lax.scan";
  const device = leafDevice([init, xs]);
  const carry = flattenLeaves(op, init, "an initial carry value", device);
  const x = flattenLeaves(op, xs ?? null, "a scanned input", device);
  let length = opts.length;
  for (const a of x.arrays) {
    if (a.shape.length === 0) throw new ShapeError(`${op}: scanned inputs need a leading axis; got a scalar.`);
    if (length === undefined) length = a.shape[0]!;
    else if (a.shape[0] !== length) {
      throw new ShapeError(`${op}: scanned inputs must all have the same leading size${opts.length !== undefined ? ` (length ${opts.length})` : ""}; got ${x.arrays.map((v) => fmtShape(v.shape)).join(", ")}.`);
    }
  }
  if (length === undefined) throw new TypeError(`${op}: with no scanned inputs, give the number of steps as opts.length.`);
  const carryAvals = carry.arrays.map(avalOf);
  const xAvals = x.arrays.map((a) => ({ shape: a.shape.slice(1), dtype: a.dtype, weakType: a.weakType }));
  const inDef = tree.structure([tree.unflatten(carry.def, carryAvals.map(() => 0)), tree.unflatten(x.def, xAvals.map(() => 0))]);
  let yDef: TreeDef | undefined;
  let cDef: TreeDef | undefined;
  const traced = traceFn(
    op,
    (c: unknown, xi: unknown) => {
      const out = f(c as C, xi as X);
      if (!isList(out) || out.length !== 2) throw new TypeError(`${op}: f must return a pair [newCarry, y].`);
      cDef = tree.structure(out[0]);
      yDef = tree.structure(out[1]);
      return out;
    },
    inDef,
    [...carryAvals, ...xAvals],
    "an output",
    device,
  );
  const nCarry = carry.arrays.length;
  checkSameOutputs(op, ["the initial carry", "the new carry from f"], carry.def, carryAvals, cDef!, traced.outAvals.slice(0, nCarry));
  const outs = bind(scanP, [...traced.consts, ...carry.arrays, ...x.arrays], {
    body: traced.jaxpr,
    length,
    reverse: opts.reverse ?? false,
    numConsts: traced.consts.length,
    numCarry: nCarry,
  });
  return [tree.unflatten<C>(carry.def, outs.slice(0, nCarry)), tree.unflatten<Y>(yDef!, outs.slice(nCarry))];
}

/**
 * `f` applied to each slice of `xs` along its leading axis, results stacked (a scan with no
 * carry: sequential, low memory).
 *
 * @example
 * lax.map((row) => row.sort(), matrix);
 */
export function map<X, Y>(f: (x: X) => Y, xs: X): Y {
  return scan((c: null, x: X) => [c, f(x)] as const, null, xs)[1];
}

/**
 * `body(i, carry)` for i from `lower` to `upper - 1`. With JS-number bounds this is a scan
 * (differentiable in reverse mode); with array bounds, a whileLoop.
 *
 * @example
 * const x = lax.foriLoop(0, 10, (i, acc) => acc.add(i), np.array(0));
 */
export function foriLoop<C>(lower: number | Array, upper: number | Array, body: (i: Array, carry: C) => C, init: C): C {
  // The counter lives beside the array bounds, else beside the carry.
  const device = lower instanceof Array ? lower.device : upper instanceof Array ? upper.device : leafDevice(init);
  if (typeof lower === "number" && typeof upper === "number") {
    const n = Math.max(0, upper - lower);
    const [[, out]] = scan(
      ([i, c]: readonly [Array, C], _x: null) => [[i.add(1), body(i, c)] as const, null] as const,
      [asArray("lax.foriLoop", lower, device) as Array, init] as const,
      null,
      { length: n },
    );
    return out;
  }
  const lo = convert(asArray("lax.foriLoop", lower, device), "int32");
  const hi = convert(asArray("lax.foriLoop", upper, device), "int32");
  const [, , out] = whileLoop(
    ([i, u]: readonly [Array, Array, C]) => i.lt(u),
    ([i, u, c]: readonly [Array, Array, C]) => [i.add(1), u, body(i, c)] as const,
    [lo, hi, init] as const,
  );
  return out;
}
