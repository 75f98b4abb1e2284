/**
 * Range-aware simplification of int32 index arithmetic. A reshape unravels a linear index with
 * divisions and remainders; when the linear index was itself built from the digits of another
 * shape (a transpose into attention heads, then a reshape back), `(b*768 + t*48 + h*12 + d) / 48`
 * is `b*16 + t` because `h*12 + d` lies in [0, 48). The builders of `exp.ts` cannot see that:
 * they do not know how far the variables range. This pass does, given the extents of the index
 * variables (loop variables run over [0, extent); reduction variables over their constant size),
 * and rewrites such quotients and remainders, so that loads that do not depend on an axis are
 * seen not to (register blocking and the CPU GEMM then apply).
 */
import { Exp, type ReduceAttr, binary, constant, isBinaryOp, select } from "./exp.js";

export interface Interval {
  lo: number;
  hi: number;
}

const ANY: Interval = { lo: -Infinity, hi: Infinity };

/** A term of a sum: `coef * x` (x undefined: the constant `coef`). */
interface Term {
  x?: Exp;
  coef: number;
}

function terms(e: Exp, out: Term[] = []): Term[] {
  if (e.op === "add") {
    terms(e.args[0]!, out);
    terms(e.args[1]!, out);
  } else if (e.op === "const") out.push({ coef: e.value as number });
  else if (e.op === "mul" && e.args[1]!.op === "const") out.push({ x: e.args[0]!, coef: e.args[1]!.value as number });
  else out.push({ x: e, coef: 1 });
  return out;
}

/**
 * The interval of values of int32 index arithmetic `e` (add, sub, mul, div, rem, min, max of
 * constants and variables), given the extents of its variables (variable name -> number of
 * values, from 0; one without an extent has no upper bound); unbounded where unknown.
 */
export function indexRange(e: Exp, extents: ReadonlyMap<string, number>): Interval {
  return intervals(extents)(e);
}

/** A memoized `indexRange` over the given extents. */
function intervals(ext: ReadonlyMap<string, number>): (x: Exp) => Interval {
  const ranges = new Map<Exp, Interval>();
  const range = (x: Exp): Interval => {
    let r = ranges.get(x);
    if (r) return r;
    r = ANY;
    if (x.dtype === "int32") {
      const [a, b] = x.args;
      switch (x.op) {
        case "const":
          r = { lo: x.value as number, hi: x.value as number };
          break;
        case "var": {
          const n = ext.get(x.attr as string);
          r = { lo: 0, hi: n === undefined ? Infinity : n - 1 };
          break;
        }
        case "add": {
          const p = range(a!), q = range(b!);
          r = { lo: p.lo + q.lo, hi: p.hi + q.hi };
          break;
        }
        case "sub": {
          const p = range(a!), q = range(b!);
          r = { lo: p.lo - q.hi, hi: p.hi - q.lo };
          break;
        }
        case "mul": {
          const p = range(a!), q = range(b!);
          if (p.lo >= 0 && q.lo >= 0) r = { lo: p.lo * q.lo, hi: p.hi * q.hi };
          break;
        }
        case "div": {
          const p = range(a!), q = range(b!);
          if (p.lo >= 0 && q.lo > 0) r = { lo: Math.floor(p.lo / q.hi), hi: Math.floor(p.hi / q.lo) };
          break;
        }
        case "rem": {
          const p = range(a!), q = range(b!);
          if (p.lo >= 0 && q.lo > 0) r = p.hi < q.lo ? p : { lo: 0, hi: q.hi - 1 };
          break;
        }
        case "min": case "max": {
          const p = range(a!), q = range(b!);
          const f = x.op === "min" ? Math.min : Math.max;
          r = { lo: f(p.lo, q.lo), hi: f(p.hi, q.hi) };
          break;
        }
      }
    }
    // beyond int32 the kernel's arithmetic wraps: nothing is known
    if (r.lo < -(2 ** 31) || r.hi >= 2 ** 31) r = ANY;
    ranges.set(x, r);
    return r;
  };
  return range;
}

/**
 * `e` with quotients and remainders by positive constants rewritten where the ranges of the
 * index variables (`extents`: variable name -> number of values, from 0) decide them. Every
 * variable is a loop counter, so at least 0; one without an extent has no upper bound.
 */
export function simplifyIndices(e: Exp, extents: ReadonlyMap<string, number>): Exp {
  const ext = new Map(extents);
  const memo = new Map<Exp, Exp>();
  const range = intervals(ext);

  const sum = (ts: Term[]): Exp =>
    ts.reduce<Exp>((acc, t) => {
      const c = constant(t.coef, "int32");
      return binary("add", acc, t.x ? binary("mul", t.x, c) : c);
    }, constant(0, "int32"));

  /** `x / c` or `x % c` (c > 0) when the terms of x split into multiples of c and a rest in [0, c). */
  const divide = (op: "div" | "rem", x: Exp, c: number): Exp | undefined => {
    const high: Term[] = [];
    const low: Term[] = [];
    for (const t of terms(x)) (t.coef % c === 0 ? high : low).push(t);
    const termRange = (t: Term): Interval => {
      if (!t.x) return { lo: t.coef, hi: t.coef };
      const r = range(t.x);
      return t.coef >= 0 ? { lo: r.lo * t.coef, hi: r.hi * t.coef } : { lo: r.hi * t.coef, hi: r.lo * t.coef };
    };
    if (high.some((t) => termRange(t).lo < 0)) return undefined;
    const lowRange = low.map(termRange).reduce((p, q) => ({ lo: p.lo + q.lo, hi: p.hi + q.hi }), { lo: 0, hi: 0 });
    if (lowRange.lo < 0) return undefined;
    if (high.length === 0) return lowRange.hi >= c ? undefined : op === "rem" ? x : constant(0, "int32");
    // (H*c + L) / c = H + L / c and (H*c + L) % c = L % c, for H, L >= 0
    const rest = sum(low);
    const small = lowRange.hi < c;
    if (op === "rem") return small ? rest : binary("rem", rest, constant(c, "int32"));
    const quotient = sum(high.map((t) => ({ x: t.x, coef: t.coef / c })));
    return small ? quotient : binary("add", quotient, binary("div", rest, constant(c, "int32")));
  };

  /**
   * A sum whose terms include digits of one index at a common scale, `s * ((x / lo) % (hi / lo)) * lo`
   * with adjacent place values, as one digit (an unravel, then a ravel with strides that are a
   * multiple of the place values: `(x/64)*1024 + ((x/16)%4)*256 + (x%16)*16` is `x * 16`).
   */
  const mergeScaledDigits = (x: Exp): Exp => {
    const ts = terms(x);
    const digits = ts.map((t) => (t.x ? digitOf(t) : undefined));
    const groups = new Map<Exp, Map<number, number[]>>();
    digits.forEach((d, i) => {
      if (!d) return;
      const byScale = groups.get(d.base) ?? groups.set(d.base, new Map()).get(d.base)!;
      (byScale.get(d.scale) ?? byScale.set(d.scale, []).get(d.scale)!).push(i);
    });
    const replaced = new Map<number, Term | null>();
    for (const byScale of groups.values()) {
      for (const [scale, members] of byScale) {
        if (members.length < 2) continue;
        members.sort((i, j) => digits[i]!.lo - digits[j]!.lo);
        for (let a = 0; a < members.length; ) {
          let b = a;
          while (b + 1 < members.length && digits[members[b]!]!.hi === digits[members[b + 1]!]!.lo) b++;
          if (b > a) {
            const first = digits[members[a]!]!;
            const merged = digitExp(first.base, first.lo, digits[members[b]!]!.hi);
            replaced.set(members[a]!, { x: merged, coef: scale * first.lo });
            for (let c = a + 1; c <= b; c++) replaced.set(members[c]!, null);
          }
          a = b + 1;
        }
      }
    }
    if (replaced.size === 0) return x;
    return sum(ts.flatMap((t, i) => {
      const r = replaced.get(i);
      return r === undefined ? [t] : r === null ? [] : [r];
    }));
  };

  const compare = (x: Exp): Exp | undefined => {
    const p = range(x.args[0]!);
    const q = range(x.args[1]!);
    const decided = (v: boolean) => constant(v, "bool");
    switch (x.op) {
      case "lt": return p.hi < q.lo ? decided(true) : p.lo >= q.hi ? decided(false) : undefined;
      case "le": return p.hi <= q.lo ? decided(true) : p.lo > q.hi ? decided(false) : undefined;
      case "gt": return p.lo > q.hi ? decided(true) : p.hi <= q.lo ? decided(false) : undefined;
      case "ge": return p.lo >= q.hi ? decided(true) : p.hi < q.lo ? decided(false) : undefined;
      case "eq": return p.hi < q.lo || p.lo > q.hi ? decided(false) : p.lo === p.hi && q.lo === q.hi && p.lo === q.lo ? decided(true) : undefined;
      case "ne": return p.hi < q.lo || p.lo > q.hi ? decided(true) : p.lo === p.hi && q.lo === q.hi && p.lo === q.lo ? decided(false) : undefined;
    }
    return undefined;
  };

  const visit = (x: Exp): Exp => {
    const done = memo.get(x);
    if (done) return done;
    let out: Exp;
    if (x.op === "reduce") {
      const size = visit(x.args[0]!);
      if (size.op === "const") ext.set((x.attr as ReduceAttr).var, size.value as number);
      const body = visit(x.args[1]!);
      out = size === x.args[0] && body === x.args[1] ? x : new Exp(x.op, x.dtype, [size, body], x.attr);
    } else {
      const args = x.args.map(visit);
      const same = args.every((a, i) => a === x.args[i]);
      out = same
        ? x
        : args.length === 2 && isBinaryOp(x.op)
          ? binary(x.op, args[0]!, args[1]!)
          : x.op === "select"
            ? select(args[0]!, args[1]!, args[2]!)
            : new Exp(x.op, x.dtype, args, x.attr);
      // an index comparison that the ranges decide (a window's bounds check inside the input)
      if (COMPARE.has(out.op) && out.args[0]!.dtype === "int32") out = compare(out) ?? out;
      if (out.op === "add" && out.dtype === "int32") out = mergeScaledDigits(out);
      if ((out.op === "div" || out.op === "rem") && out.dtype === "int32") {
        const d = out.args[1]!;
        if (d.op === "const" && (d.value as number) > 0) out = divide(out.op, out.args[0]!, d.value as number) ?? out;
      }
    }
    memo.set(x, out);
    return out;
  };
  return visit(e);
}

interface ScaledDigit {
  base: Exp;
  lo: number;
  hi: number;
  /** The term is `scale * lo * digit`. */
  scale: number;
}

const positive = (e: Exp) => e.op === "const" && (e.value as number) > 0;

/** A term `coef * x` as a scaled digit of an index: x is `(y / lo) % (hi / lo)` (or a part of that form). */
function digitOf(t: Term): ScaledDigit | undefined {
  let e = t.x!;
  let lo = 1;
  let hi = Infinity;
  if (e.op === "rem" && positive(e.args[1]!)) {
    hi = e.args[1]!.value as number;
    e = e.args[0]!;
  }
  if (e.op === "div" && positive(e.args[1]!)) {
    lo = e.args[1]!.value as number;
    hi *= lo;
    e = e.args[0]!;
  }
  if (t.coef % lo !== 0) return undefined;
  return { base: e, lo, hi, scale: t.coef / lo };
}

/** `(x / lo) % (hi / lo)` (no division for lo 1, no remainder for hi Infinity). */
function digitExp(x: Exp, lo: number, hi: number): Exp {
  const c = (v: number) => constant(v, "int32");
  const q = lo === 1 ? x : binary("div", x, c(lo));
  return hi === Infinity ? q : binary("rem", q, c(hi / lo));
}

const COMPARE = new Set(["lt", "le", "gt", "ge", "eq", "ne"]);
