/**
 * Scalar expressions: the body language of kernels.
 *
 * A kernel computes each output element as an `Exp` over the output index: loads from input
 * buffers at computed indices, scalar ops, selects, casts and reduction loops. Primitives lower
 * to functions from index expressions to value expressions, so elementwise and movement ops
 * compose into one expression (this is what fusion fuses).
 *
 * The builders fold constants (with the exact kernel semantics of `scalar-ops.ts`) and simplify
 * integer index arithmetic, so that generated code stays small.
 */
import { type DType, isIntDType, isSmallIntDType } from "../dtype.js";
import { type BinaryOp, type ScalarOp, type UnaryOp, BINARY_OPS, scalarResultDType } from "./scalar-ops.js";
import { foldBitcast, foldCast, foldFma, foldScalar } from "./fold.js";

/** Reductions a loop can compute. `argmax`/`argmin` return the int32 position of the first extreme. */
export type ReduceOp = "sum" | "prod" | "max" | "min" | "argmax" | "argmin";

export type ExpOp = "const" | "var" | "param" | "load" | "select" | "fma" | "cast" | "bitcast" | "reduce" | ScalarOp;

export interface ReduceAttr {
  rop: ReduceOp;
  /** Name of the loop variable the body uses. */
  var: string;
}

/** A node of a scalar expression DAG. Immutable; shared subtrees are emitted once. */
export class Exp {
  constructor(
    readonly op: ExpOp,
    readonly dtype: DType,
    readonly args: readonly Exp[],
    /** const: value; var: name; param: slot; load: input index; reduce: ReduceAttr. */
    readonly attr?: number | boolean | string | ReduceAttr,
  ) {}

  /** The constant's value (only for `const`). */
  get value(): number | boolean {
    return this.attr as number | boolean;
  }

  isConst(v?: number | boolean): boolean {
    return this.op === "const" && (v === undefined || this.attr === v);
  }
}

const isInt = isIntDType;

/** A constant of `dtype`; the value is converted to the dtype's kernel representation. */
export function constant(value: number | boolean, dtype: DType): Exp {
  const from: DType = typeof value === "boolean" ? "bool" : "float32";
  let v: number | boolean;
  if (typeof value === "boolean") v = dtype === "bool" ? value : value ? 1 : 0;
  else if (dtype === "bool") v = value !== 0;
  else if (dtype === "float32") v = Math.fround(value);
  else if (dtype === "int32") v = Number.isInteger(value) ? value | 0 : (foldCast(from, dtype, value) as number);
  else if (dtype === "uint32") v = Number.isInteger(value) ? value >>> 0 : (foldCast(from, dtype, value) as number);
  else if (isSmallIntDType(dtype)) v = foldCast(Number.isInteger(value) ? "int32" : from, dtype, Number.isInteger(value) ? value | 0 : value) as number;
  else v = foldCast("float32", "float16", value) as number;
  return new Exp("const", dtype, [], v);
}

/** An int32 constant. */
export const i32 = (v: number) => constant(v, "int32");

/** An int32 index variable (the output index `gidx`, or a loop variable). */
export function variable(name: string): Exp {
  return new Exp("var", "int32", [], name);
}

/** Runtime int32 parameter `slot` (for example the element offset of a strided input view). */
export function param(slot: number): Exp {
  return new Exp("param", "int32", [], slot);
}

/** Reads element `index` of kernel input `arg`. */
export function load(arg: number, index: Exp, dtype: DType): Exp {
  return new Exp("load", dtype, [index], arg);
}

/** A unary scalar op. */
export function unary(op: UnaryOp, x: Exp): Exp {
  if (x.op === "const") return new Exp("const", scalarResultDType(op, x.dtype), [], foldScalar(op, x.dtype, x.value));
  if (op === "neg" && x.op === "neg") return x.args[0]!;
  if (op === "not" && x.op === "not") return x.args[0]!;
  return new Exp(op, scalarResultDType(op, x.dtype), [x]);
}

/** A binary scalar op on two operands of the same dtype. */
export function binary(op: BinaryOp, a: Exp, b: Exp): Exp {
  if (a.dtype !== b.dtype) throw new Error(`internal: ${op} on ${a.dtype} and ${b.dtype}`);
  const dtype = a.dtype;
  if (a.op === "const" && b.op === "const") {
    return new Exp("const", scalarResultDType(op, dtype), [], foldScalar(op, dtype, a.value, b.value));
  }
  if (isInt(dtype)) {
    const s = simplifyInt(op, a, b);
    if (s) return s;
  } else if (dtype === "bool") {
    if (op === "and") {
      if (a.isConst(true)) return b;
      if (b.isConst(true)) return a;
      if (a.isConst(false) || b.isConst(false)) return constant(false, "bool");
    } else if (op === "or") {
      if (a.isConst(false)) return b;
      if (b.isConst(false)) return a;
      if (a.isConst(true) || b.isConst(true)) return constant(true, "bool");
    }
  }
  return new Exp(op, scalarResultDType(op, dtype), [a, b]);
}

/**
 * A "digit" of an int32 index in a mixed radix: `((x / lo) % (hi / lo)) * lo`, the part of x
 * between place values lo and hi (hi = Infinity: no `%`). Unravelling a linear index and
 * ravelling it again with the same shape sums adjacent digits, which `mergeDigits` folds back:
 * `(x / c) * c + x % c` is x (for truncating division and any sign of x).
 */
interface Digit {
  x: Exp;
  lo: number;
  hi: number;
}

const positiveConst = (e: Exp) => e.op === "const" && (e.value as number) > 0;

function asDigit(e: Exp): Digit | undefined {
  let lo = 1;
  let inner = e;
  if (e.op === "mul" && positiveConst(e.args[1]!)) {
    lo = e.args[1]!.value as number;
    inner = e.args[0]!;
  }
  let hi = Infinity;
  if (inner.op === "rem" && positiveConst(inner.args[1]!)) {
    hi = lo * (inner.args[1]!.value as number);
    inner = inner.args[0]!;
  }
  if (lo === 1) return hi === Infinity ? undefined : { x: inner, lo, hi };
  if (inner.op === "div" && inner.args[1]!.isConst(lo)) return { x: inner.args[0]!, lo, hi };
  return undefined;
}

function digitExp({ x, lo, hi }: Digit): Exp {
  const c = (v: number) => constant(v, x.dtype);
  if (lo === 1) return hi === Infinity ? x : binary("rem", x, c(hi));
  const q = binary("div", x, c(lo));
  return binary("mul", hi === Infinity ? q : binary("rem", q, c(hi / lo)), c(lo));
}

/** `a + b` as one digit when both are adjacent digits of the same index (see `Digit`). */
function mergeDigits(a: Exp, b: Exp): Exp | undefined {
  const p = asDigit(a);
  const q = p && asDigit(b);
  if (!p || !q || p.x !== q.x) return undefined;
  if (p.hi === q.lo) return digitExp({ x: p.x, lo: p.lo, hi: q.hi });
  if (q.hi === p.lo) return digitExp({ x: p.x, lo: q.lo, hi: p.hi });
  return undefined;
}

function simplifyInt(op: BinaryOp, a: Exp, b: Exp): Exp | undefined {
  switch (op) {
    case "add": {
      if (a.isConst(0)) return b;
      if (b.isConst(0)) return a;
      if (a.dtype === "int32") {
        const m = mergeDigits(a, b);
        if (m) return m;
        // a sum built left to right: (offset + digit) + digit
        if (a.op === "add") {
          const right = mergeDigits(a.args[1]!, b);
          if (right) return binary("add", a.args[0]!, right);
          const left = mergeDigits(a.args[0]!, b);
          if (left) return binary("add", left, a.args[1]!);
        }
      }
      if (a.op === "const") return binary("add", b, a);
      if (b.op === "const" && a.op === "add" && a.args[1]!.op === "const") {
        return binary("add", a.args[0]!, binary("add", a.args[1]!, b));
      }
      break;
    }
    case "sub":
      if (b.isConst(0)) return a;
      if (a === b) return constant(0, a.dtype);
      break;
    case "mul":
      if (a.isConst(1)) return b;
      if (b.isConst(1)) return a;
      if (a.isConst(0) || b.isConst(0)) return constant(0, a.dtype);
      if (a.op === "const") return binary("mul", b, a);
      if (b.op === "const" && a.op === "mul" && a.args[1]!.op === "const") {
        return binary("mul", a.args[0]!, binary("mul", a.args[1]!, b));
      }
      break;
    case "div":
      if (b.isConst(1)) return a;
      if (a.isConst(0)) return a;
      break;
    case "rem":
      if (b.isConst(1) || a.isConst(0)) return constant(0, a.dtype);
      break;
    case "max":
    case "min":
      if (a === b) return a;
      break;
  }
  return undefined;
}

/** `cond ? a : b`. */
export function select(cond: Exp, a: Exp, b: Exp): Exp {
  if (cond.dtype !== "bool") throw new Error(`internal: select condition of dtype ${cond.dtype}`);
  if (a.dtype !== b.dtype) throw new Error(`internal: select of ${a.dtype} and ${b.dtype}`);
  if (cond.op === "const") return cond.value ? a : b;
  if (a === b) return a;
  // a bool chosen by a bool: the condition itself (a causal mask's `where(i <= j, true, false)`)
  if (a.dtype === "bool" && a.isConst(true) && b.isConst(false)) return cond;
  return new Exp("select", a.dtype, [cond, a, b]);
}

/** `a * b + c` rounded once (a fused multiply-add), for float operands of one dtype. */
export function fma(a: Exp, b: Exp, c: Exp): Exp {
  if (a.dtype !== b.dtype || a.dtype !== c.dtype) throw new Error(`internal: fma of ${a.dtype}, ${b.dtype} and ${c.dtype}`);
  if (a.op === "const" && b.op === "const" && c.op === "const") {
    return new Exp("const", a.dtype, [], foldFma(a.dtype, a.value as number, b.value as number, c.value as number));
  }
  return new Exp("fma", a.dtype, [a, b, c]);
}

/** Converts a value to `dtype` (numpy casting: saturating float->int, NaN->0, nonzero->true). */
export function cast(x: Exp, dtype: DType): Exp {
  if (x.dtype === dtype) return x;
  if (x.op === "const") return new Exp("const", dtype, [], foldCast(x.dtype, dtype, x.value));
  return new Exp("cast", dtype, [x]);
}

/** Reinterprets the bits of a 32-bit value as another 32-bit dtype. */
export function bitcast(x: Exp, dtype: DType): Exp {
  if (x.dtype === dtype) return x;
  if (x.op === "const") return new Exp("const", dtype, [], foldBitcast(x.dtype, dtype, x.value));
  return new Exp("bitcast", dtype, [x]);
}

/**
 * A reduction loop: `rop` over `body` for loop variable `varName` in `[0, size)`.
 * `size` may depend on outer variables (cumulative ops use that).
 */
export function reduce(rop: ReduceOp, varName: string, size: Exp | number, body: Exp): Exp {
  const n = typeof size === "number" ? i32(size) : size;
  const dtype: DType = rop === "argmax" || rop === "argmin" ? "int32" : body.dtype;
  return new Exp("reduce", dtype, [n, body], { rop, var: varName });
}

let varCounter = 0;
/** Per memo map: structural descriptions interned to short ids (`@0`, `@1`, ...). */
const internTables = new WeakMap<Map<Exp, string>, Map<string, string>>();

/**
 * A structural key of an expression in which each reduction's loop variable is named by its
 * nesting depth, so that reductions built separately from the same operand compare equal.
 * `memo` caches the keys of closed subexpressions (pass the same map across calls). Keys are
 * interned per `memo`: a node's key is a short id standing for its op and its children's ids,
 * so keys stay small and computing them is linear in the size of the DAG (random-bit
 * expressions share subtrees so heavily that spelled-out keys grow exponentially). Compare
 * only keys computed with the same `memo`.
 */
export function structuralKey(e: Exp, memo: Map<Exp, string> = new Map(), bound: ReadonlyMap<string, string> = new Map()): string {
  let table = internTables.get(memo);
  if (!table) internTables.set(memo, (table = new Map()));
  const intern = (description: string): string => {
    let id = table!.get(description);
    if (id === undefined) table!.set(description, (id = `@${table!.size}`));
    return id;
  };
  // keys of nodes under bound loop variables depend on the binding: one cache per binding
  const scoped = new Map<ReadonlyMap<string, string>, Map<Exp, string>>();
  const keyOf = (x: Exp, b: ReadonlyMap<string, string>): string => {
    const cache = b.size === 0 ? memo : (scoped.get(b) ?? scoped.set(b, new Map()).get(b)!);
    const cached = cache.get(x);
    if (cached !== undefined) return cached;
    let description: string;
    if (x.op === "var") description = `v:${b.get(x.attr as string) ?? (x.attr as string)}`;
    else if (x.op === "reduce") {
      const { rop, var: v } = x.attr as ReduceAttr;
      const inner = new Map(b).set(v, `#${b.size}`);
      description = `r:${rop}(${keyOf(x.args[0]!, b)},${keyOf(x.args[1]!, inner)})`;
    } else {
      description = `${x.op}:${x.dtype}:${x.op === "const" ? String(x.value) : String(x.attr)}(${x.args.map((a) => keyOf(a, b)).join(",")})`;
    }
    const key = intern(description);
    cache.set(x, key);
    return key;
  };
  return keyOf(e, bound);
}

/**
 * Merges structurally equal subexpressions (by `structuralKey`) into one node each, so that code
 * generators that share work by node identity (the WebAssembly kernels) compute each value once:
 * lowerings build the same load or subexpression afresh where a value is used several times (a
 * GELU's input in its derivative). Nodes keep their ops, dtypes, attributes and loop variables; a
 * node is rebuilt only when one of its arguments was replaced. Pass the same `memo` for every
 * expression of one kernel so that they share nodes too.
 */
export function canonical(e: Exp, memo: CanonicalMemo = newCanonicalMemo()): Exp {
  const visit = (x: Exp): Exp => {
    const done = memo.nodes.get(x);
    if (done) return done;
    const key = structuralKey(x, memo.keys);
    let rep = memo.byKey.get(key);
    if (!rep) {
      const args = x.args.map(visit);
      rep = args.every((a, i) => a === x.args[i]) ? x : new Exp(x.op, x.dtype, args, x.attr);
      memo.byKey.set(key, rep);
    }
    memo.nodes.set(x, rep);
    return rep;
  };
  return visit(e);
}

/** The state `canonical` keeps across the expressions of one kernel. */
export interface CanonicalMemo {
  keys: Map<Exp, string>;
  byKey: Map<string, Exp>;
  nodes: Map<Exp, Exp>;
}

export const newCanonicalMemo = (): CanonicalMemo => ({ keys: new Map(), byKey: new Map(), nodes: new Map() });

/** A fresh loop-variable name (code generators rename variables canonically). */
export function freshVar(prefix = "r"): string {
  return `${prefix}${varCounter++}`;
}

// Short names for index arithmetic.
export const add = (a: Exp, b: Exp) => binary("add", a, b);
export const sub = (a: Exp, b: Exp) => binary("sub", a, b);
export const mul = (a: Exp, b: Exp) => binary("mul", a, b);
export const div = (a: Exp, b: Exp) => binary("div", a, b);
export const rem = (a: Exp, b: Exp) => binary("rem", a, b);
export const lt = (a: Exp, b: Exp) => binary("lt", a, b);
export const ge = (a: Exp, b: Exp) => binary("ge", a, b);
export const eq = (a: Exp, b: Exp) => binary("eq", a, b);
export const and = (a: Exp, b: Exp) => binary("and", a, b);
export const max = (a: Exp, b: Exp) => binary("max", a, b);
export const min = (a: Exp, b: Exp) => binary("min", a, b);

/** `lo <= x < hi` for int32 index expressions. */
export function inRange(x: Exp, lo: Exp | number, hi: Exp | number): Exp {
  const l = typeof lo === "number" ? i32(lo) : lo;
  const h = typeof hi === "number" ? i32(hi) : hi;
  return and(ge(x, l), lt(x, h));
}

/** True for the names of binary ops. */
export function isBinaryOp(op: string): op is BinaryOp {
  return (BINARY_OPS as readonly string[]).includes(op);
}

/** Multi-index -> linear index with the given strides (plus an optional offset). */
export function linearIndex(idx: readonly Exp[], strides: readonly number[], offset: Exp = i32(0)): Exp {
  let out = offset;
  for (let d = 0; d < idx.length; d++) {
    if (strides[d] === 0) continue;
    out = add(out, mul(idx[d]!, i32(strides[d]!)));
  }
  return out;
}

/** Linear (row-major) index -> multi-index for `shape`. */
export function unravelIndex(linear: Exp, shape: readonly number[]): Exp[] {
  const idx = new globalThis.Array<Exp>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    if (n === 1) idx[d] = i32(0);
    else {
      const q = stride === 1 ? linear : div(linear, i32(stride));
      idx[d] = d === 0 ? q : rem(q, i32(n));
    }
    stride *= n;
  }
  return idx;
}
