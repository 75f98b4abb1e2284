/**
 * Register blocking of reduction kernels (matmul, convolution): deciding when and along which
 * axes to compute a tile of outputs per invocation. See `BlockedKernel`.
 */
import type { DType } from "../dtype.js";
import { Exp, type ReduceAttr, add, i32, mul, variable } from "./exp.js";
import { type BlockedKernel, axisVar } from "./kernel.js";
import type { Operand } from "./operand.js";
import { simplifyIndices } from "./index-ranges.js";

/** Minimum reduction length and output size for blocking to pay off. */
const MIN_REDUCE = 8;
const MIN_OUTPUT = 256;
/** Block sizes along the two blocked axes (i, j): 32 accumulators per invocation. */
const TILE_I = 8;
const TILE_J = 4;

/** Rewrites an expression: variables by name and nodes by identity. */
export function substitute(e: Exp, vars: ReadonlyMap<string, Exp>, nodes: ReadonlyMap<Exp, Exp> = new Map(), memo = new Map<Exp, Exp>()): Exp {
  const done = memo.get(e);
  if (done) return done;
  let out: Exp;
  const replaced = nodes.get(e);
  if (replaced) out = replaced;
  else if (e.op === "var") out = vars.get(e.attr as string) ?? e;
  else {
    const args = e.args.map((a) => substitute(a, vars, nodes, memo));
    out = args.every((a, i) => a === e.args[i]) ? e : new Exp(e.op, e.dtype, args, e.attr);
  }
  memo.set(e, out);
  return out;
}

/** The reductions reachable from `e` without entering another reduction's body. */
export function topReductions(e: Exp): Exp[] {
  const found: Exp[] = [];
  const seen = new Set<Exp>();
  const walk = (x: Exp) => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.op === "reduce") {
      found.push(x);
      walk(x.args[0]!);
      return;
    }
    x.args.forEach(walk);
  };
  walk(e);
  return found;
}

/** The variables `e` depends on (reduction variables bound inside it excluded). */
export function varsOf(e: Exp, memo: Map<Exp, Set<string>>): Set<string> {
  let s = memo.get(e);
  if (s) return s;
  if (e.op === "var") s = new Set([e.attr as string]);
  else {
    s = new Set();
    for (const a of e.args) for (const v of varsOf(a, memo)) s.add(v);
    if (e.op === "reduce") s.delete((e.attr as ReduceAttr).var);
  }
  memo.set(e, s);
  return s;
}

/**
 * A blocked kernel for `op` if its value is a large sum-reduction (matmul, convolution) into at
 * least `minOutput` outputs and two output axes each leave some of the reduction's loads
 * unchanged; otherwise undefined.
 */
export function planBlocked(op: Operand, dtype: DType, minOutput = MIN_OUTPUT): Omit<BlockedKernel, "inputs" | "numParams"> | undefined {
  const shape = [...op.shape];
  const total = shape.reduce((a, b) => a * b, 1);
  if (total < minOutput) return undefined;
  const at = (sh: readonly number[], idx: (vars: Exp[]) => Exp[]) =>
    simplifyIndices(op.at(idx(sh.map((_, d) => variable(axisVar(d))))), new Map(sh.map((n, d) => [axisVar(d), n])));
  const value = at(shape, (v) => v);
  const plan = shape.length >= 2 ? planBlockedValue(shape, value, dtype) : undefined;
  if (plan) return plan;
  // An output axis that the value reads only through its digits (attention heads: `x / 12`
  // and `x % 12` of an axis of 48) may block as separate axes (the row-major layout is the same).
  const split = splitAxes(shape, value);
  if (!split) return undefined;
  return planBlockedValue(split.shape, at(split.shape, split.index), dtype);
}

/**
 * Output axes split into digits at the constant divisors that the value's quotients and
 * remainders apply to them (nested: each dividing the next and the axis), with the index of
 * the original axes in terms of the new ones; undefined when no axis splits.
 */
function splitAxes(shape: readonly number[], value: Exp): { shape: number[]; index: (vars: Exp[]) => Exp[] } | undefined {
  const divisors = shape.map(() => new Set<number>());
  const seen = new Set<Exp>();
  const scan = (x: Exp) => {
    if (seen.has(x)) return;
    seen.add(x);
    // x / c, x % c and x / c % c2 of an axis variable x
    if ((x.op === "div" || x.op === "rem") && x.dtype === "int32" && x.args[1]!.op === "const") {
      let c = x.args[1]!.value as number;
      let v = x.args[0]!;
      if (x.op === "rem" && v.op === "div" && v.args[1]!.op === "const") {
        c *= v.args[1]!.value as number;
        v = v.args[0]!;
      }
      const d = v.op === "var" ? shape.findIndex((_, e) => axisVar(e) === v.attr) : -1;
      const n = shape[d]!;
      if (d >= 0 && c > 1 && c < n && n % c === 0) divisors[d]!.add(c);
    }
    x.args.forEach(scan);
  };
  scan(value);
  const digits = shape.map((n, d) => {
    const cs = [...divisors[d]!].sort((a, b) => a - b);
    if (cs.length === 0 || cs.some((c, i) => (i + 1 < cs.length ? cs[i + 1]! : n) % c !== 0)) return [n];
    // sizes, most significant first
    return [...cs, n].map((c, i) => c / (i > 0 ? cs[i - 1]! : 1)).reverse();
  });
  if (digits.every((ds) => ds.length === 1)) return undefined;
  return {
    shape: digits.flat(),
    index: (vars) => {
      let next = 0;
      return digits.map((ds) => {
        let e: Exp | undefined;
        for (const n of ds) {
          const v = vars[next++]!;
          e = e ? add(mul(e, i32(n)), v) : v;
        }
        return e!;
      });
    },
  };
}

/**
 * A blocked kernel for `value`, given over the axis variables `axisVar(d)` of `shape`, if it is
 * one long sum-reduction and two axes each leave some of its loads unchanged (no minimum output
 * size, no axis splitting: `planBlocked` does those). Backends use it on a kernel's
 * `contraction` (see `MapKernel`).
 */
export function planBlockedValue(shape: number[], value: Exp, dtype: DType): Omit<BlockedKernel, "inputs" | "numParams"> | undefined {
  const reds = topReductions(value);
  if (reds.length !== 1) return undefined;
  const r = reds[0]!;
  const { rop } = r.attr as ReduceAttr;
  const size = r.args[0]!;
  if (rop !== "sum" || size.op !== "const" || (size.value as number) < MIN_REDUCE) return undefined;
  // For each axis: how many loads of the summand do not depend on it (they are shared).
  const memo = new Map<Exp, Set<string>>();
  const loads: Exp[] = [];
  const seen = new Set<Exp>();
  const collect = (x: Exp) => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.op === "load") loads.push(x);
    x.args.forEach(collect);
  };
  collect(r.args[1]!);
  const sharedLoads = shape.map((n, d) => (n < 2 ? [] : loads.filter((l) => !varsOf(l, memo).has(axisVar(d)))));
  const shared = sharedLoads.map((l, d) => (shape[d]! < 2 ? -1 : l.length));
  const byScore = shape
    .map((_, d) => d)
    .filter((d) => shared[d]! > 0)
    .sort((a, b) => shared[b]! - shared[a]! || b - a);
  if (byScore.length < 2) return undefined;
  // j: the best axis, preferring the last (contiguous) one on ties; i: the axis that shares
  // the most loads j does not (a convolution's output channel, whose input window the tile
  // then reads once, next to its spatial axis, whose weights it reads once), then the next best.
  const j = byScore[0]!;
  const extra = (d: number) => sharedLoads[d]!.filter((l) => !sharedLoads[j]!.includes(l)).length;
  const i = byScore.slice(1).sort((a, b) => extra(b) - extra(a) || shared[b]! - shared[a]! || b - a)[0]!;
  return {
    kind: "blocked",
    shape,
    dtype,
    value,
    blockAxes: [i, j],
    tm: Math.min(TILE_I, shape[i]!),
    tn: Math.min(TILE_J, shape[j]!),
  };
}
