/**
 * Emits an expression DAG as straight-line statements, shared by the JS and WGSL generators.
 *
 * Each non-trivial node becomes one temporary, emitted once (structurally equal nodes too), in
 * the outermost scope where all of its variables are defined: loop-invariant work is hoisted
 * out of reduction loops automatically.
 */
import type { DType } from "../../dtype.js";
import type { Exp, ReduceAttr, ReduceOp } from "../exp.js";
import { isBinaryOp, structuralKey } from "../exp.js";
import type { BinaryOp, UnaryOp } from "../scalar-ops.js";

/** The target language's spelling of each construct. */
export interface Syntax {
  literal(value: number | boolean, dtype: DType): string;
  param(slot: number): string;
  load(arg: number, index: string, dtype: DType): string;
  unary(op: UnaryOp, dtype: DType, a: string): string;
  binary(op: BinaryOp, dtype: DType, a: string, b: string, bConst?: number | boolean): string;
  select(dtype: DType, cond: string, a: string, b: string): string;
  /** `a * b + c` rounded once. */
  fma(dtype: DType, a: string, b: string, c: string): string;
  cast(from: DType, to: DType, a: string): string;
  bitcast(from: DType, to: DType, a: string): string;
  let(name: string, dtype: DType, expr: string): string;
  var(name: string, dtype: DType, init: string): string;
  assign(name: string, expr: string): string;
  loop(name: string, size: string, body: string[]): string[];
  /** `for (name = start; name < end; name += step)` over int32 values. */
  loopRange(name: string, start: string, end: string, step: number, body: string[]): string[];
  ifThen(cond: string, body: string[]): string[];
  /** The identity of a reduction (`-inf` for max of floats, ...). */
  reduceInit(rop: ReduceOp, dtype: DType): string;
  /**
   * Where a language has workgroups: statements that reduce `acc` (each invocation's partial
   * result) across the workgroup, leaving the total in `acc` in every invocation; and the
   * loop that spreads a reduction's steps over the invocations. Undefined when `dtype` has no
   * cooperative form (the reduction then runs whole in every invocation).
   */
  cooperative?: {
    /** Invocations sharing the work. */
    width: number;
    loop(name: string, size: string, body: string[]): string[];
    combine(acc: string, dtype: DType, op: BinaryOp): string[] | undefined;
  };
}

interface Scope {
  /** Reductions homed here run cooperatively across the workgroup (a row kernel's row scope). */
  cooperative?: boolean;
  vars: Set<string>;
  lines: string[];
  byKey: Map<string, string>;
  byNode: Map<Exp, string>;
}

export class Emitter {
  private readonly scopes: Scope[] = [];
  private readonly names = new Map<string, string>();
  private readonly varsMemo = new Map<Exp, Set<string>>();
  private counter = 0;

  constructor(private readonly syn: Syntax) {
    this.pushScope([]);
  }

  /** Defines variable `name` (spelled `code`) in the current scope. */
  bind(name: string, code: string): void {
    this.names.set(name, code);
    this.scopes[this.scopes.length - 1]!.vars.add(name);
  }

  /** A fresh identifier. */
  fresh(prefix = "t"): string {
    return `${prefix}${this.counter++}`;
  }

  /** Opens a scope in which `vars` are defined (a loop body). */
  pushScope(vars: string[]): void {
    this.scopes.push({ vars: new Set(vars), lines: [], byKey: new Map(), byNode: new Map() });
  }

  /** Makes reductions homed in the current scope cooperative (see `Syntax.cooperative`). */
  markCooperative(): void {
    this.scopes[this.scopes.length - 1]!.cooperative = true;
  }

  /** Closes the innermost scope and returns its statements. */
  popScope(): string[] {
    const s = this.scopes.pop()!;
    for (const v of s.vars) this.names.delete(v);
    return s.lines;
  }

  /** Appends a statement to the current scope. */
  line(...lines: string[]): void {
    this.scopes[this.scopes.length - 1]!.lines.push(...lines);
  }

  /** Statements of the current (root, when only one is open) scope. */
  get lines(): string[] {
    return this.scopes[this.scopes.length - 1]!.lines;
  }

  private varsOf(e: Exp): Set<string> {
    let s = this.varsMemo.get(e);
    if (s) return s;
    if (e.op === "var") s = new Set([e.attr as string]);
    else if (e.op === "reduce") {
      s = new Set([...this.varsOf(e.args[0]!), ...this.varsOf(e.args[1]!)]);
      s.delete((e.attr as ReduceAttr).var);
    } else if (e.args.length === 1) s = this.varsOf(e.args[0]!);
    else {
      s = new Set<string>();
      for (const a of e.args) for (const v of this.varsOf(a)) s.add(v);
    }
    this.varsMemo.set(e, s);
    return s;
  }

  private home(e: Exp): Scope {
    const vars = this.varsOf(e);
    for (let i = this.scopes.length - 1; i > 0; i--) {
      for (const v of this.scopes[i]!.vars) if (vars.has(v)) return this.scopes[i]!;
    }
    return this.scopes[0]!;
  }

  /** Emits `e` and returns an expression (a temporary's name or a literal) for its value. */
  emit(e: Exp): string {
    switch (e.op) {
      case "const":
        return this.syn.literal(e.value, e.dtype);
      case "var": {
        const name = this.names.get(e.attr as string);
        if (name === undefined) throw new Error(`internal: variable ${String(e.attr)} is not in scope`);
        return name;
      }
      case "param":
        return this.syn.param(e.attr as number);
    }
    const scope = this.home(e);
    const known = scope.byNode.get(e);
    if (known) return known;
    if (e.op === "reduce") {
      // equal reductions (up to the name of their loop variable) are computed once
      const key = `reduce|${structuralKey(e, this.keys)}`;
      const name = scope.byKey.get(key) ?? this.emitReduce(e, scope);
      scope.byKey.set(key, name);
      scope.byNode.set(e, name);
      return name;
    }
    const args = e.args.map((a) => this.emit(a));
    const key = `${e.op}|${e.dtype}|${String(e.attr)}|${args.join(",")}`;
    let name = scope.byKey.get(key);
    if (!name) {
      name = this.fresh();
      scope.lines.push(this.syn.let(name, e.dtype, this.expression(e, args)));
      scope.byKey.set(key, name);
    }
    scope.byNode.set(e, name);
    return name;
  }

  private expression(e: Exp, args: string[]): string {
    const s = this.syn;
    const a0 = e.args[0]!;
    switch (e.op) {
      case "load":
        return s.load(e.attr as number, args[0]!, e.dtype);
      case "select":
        return s.select(e.dtype, args[0]!, args[1]!, args[2]!);
      case "fma":
        return s.fma(e.dtype, args[0]!, args[1]!, args[2]!);
      case "cast":
        return s.cast(a0.dtype, e.dtype, args[0]!);
      case "bitcast":
        return s.bitcast(a0.dtype, e.dtype, args[0]!);
    }
    if (isBinaryOp(e.op)) {
      const b = e.args[1]!;
      return s.binary(e.op, a0.dtype, args[0]!, args[1]!, b.op === "const" ? b.value : undefined);
    }
    return s.unary(e.op as UnaryOp, a0.dtype, args[0]!);
  }

  private readonly keys = new Map<Exp, string>();

  private emitReduce(e: Exp, home: Scope): string {
    const { rop, var: loopVar } = e.attr as ReduceAttr;
    const body = e.args[1]!;
    const size = this.emit(e.args[0]!);
    const s = this.syn;
    const acc = this.fresh("acc");
    const arg = rop === "argmax" || rop === "argmin";
    const cooperative = !arg && home.cooperative && s.cooperative ? s.cooperative : undefined;
    const isFloat = body.dtype === "float32" || body.dtype === "float16";
    if (rop === "sum" && isFloat) {
      const n = e.args[0]!.op === "const" ? (e.args[0]!.value as number) : undefined;
      const levels = sumLevels(n === undefined ? undefined : Math.ceil(n / (cooperative?.width ?? 1)));
      if (levels > 0) return this.emitBlockedSum(acc, body, loopVar, size, levels, home, cooperative);
    }
    const best = arg ? this.fresh("best") : "";
    if (arg) {
      home.lines.push(s.var(best, body.dtype, s.reduceInit(rop === "argmax" ? "max" : "min", body.dtype)));
      home.lines.push(s.var(acc, "int32", s.literal(0, "int32")));
    } else {
      home.lines.push(s.var(acc, body.dtype, s.reduceInit(rop, body.dtype)));
    }
    const loopName = this.fresh("r");
    this.pushScope([]);
    this.bind(loopVar, loopName);
    const v = this.emit(body);
    if (arg) {
      const better = s.binary(rop === "argmax" ? "gt" : "lt", body.dtype, v, best);
      const cond = isFloat
        ? `(${better} || (${s.unary("isnan", body.dtype, v)} && !${s.unary("isnan", body.dtype, best)}))`
        : better;
      this.line(...s.ifThen(cond, [s.assign(best, v), s.assign(acc, loopName)]));
    } else {
      const combine: BinaryOp = rop === "sum" ? "add" : rop === "prod" ? "mul" : rop;
      this.line(s.assign(acc, s.binary(combine, body.dtype, acc, v)));
    }
    const bodyLines = this.popScope();
    const tree = cooperative?.combine(acc, body.dtype, rop === "sum" ? "add" : rop === "prod" ? "mul" : (rop as BinaryOp));
    if (tree) {
      home.lines.push(...cooperative!.loop(loopName, size, bodyLines), ...tree);
    } else {
      home.lines.push(...s.loop(loopName, size, bodyLines));
    }
    return acc;
  }

  /**
   * A float sum as blocked summation: partial sums of `SUM_BLOCK` consecutive terms, of
   * `SUM_BLOCK` such partial sums, and so on (`levels` deep), so that rounding errors grow with
   * the number of levels instead of the number of terms (as pairwise summation). In a
   * cooperative (workgroup) reduction each invocation sums whole top-level blocks, then the
   * workgroup adds the invocations' sums as a tree.
   */
  private emitBlockedSum(
    acc: string, body: Exp, loopVar: string, size: string, levels: number, home: Scope,
    cooperative: Syntax["cooperative"] | undefined,
  ): string {
    const s = this.syn;
    const dtype = body.dtype;
    const B = SUM_BLOCK;
    const zero = s.reduceInit("sum", dtype);
    const end = (start: string, span: number) => s.binary("min", "int32", s.binary("add", "int32", start, s.literal(span, "int32")), size);
    home.lines.push(s.var(acc, dtype, zero));
    // innermost: the terms of one block of B
    const starts = Array.from({ length: levels }, () => this.fresh("b"));
    const loopName = this.fresh("r");
    this.pushScope([]);
    this.bind(loopVar, loopName);
    const v = this.emit(body);
    const p0 = this.fresh("p");
    this.line(s.assign(p0, s.binary("add", dtype, p0, v)));
    let part = p0;
    let lines = [s.var(p0, dtype, zero), ...s.loopRange(loopName, starts[0]!, end(starts[0]!, B), 1, this.popScope())];
    // level k sums the partial sums of level k - 1, over blocks of B^(k+1) terms
    for (let k = 1; k < levels; k++) {
      const pk = this.fresh("p");
      lines = [
        s.var(pk, dtype, zero),
        ...s.loopRange(starts[k - 1]!, starts[k]!, end(starts[k]!, B ** (k + 1)), B ** k, [...lines, s.assign(pk, s.binary("add", dtype, pk, part))]),
      ];
      part = pk;
    }
    const top = starts[levels - 1]!;
    const span = B ** levels;
    const inner = [...lines, s.assign(acc, s.binary("add", dtype, acc, part))];
    const tree = cooperative?.combine(acc, dtype, "add");
    if (cooperative && tree) {
      // the top-level blocks, dealt to the invocations in turn
      const q = this.fresh("q");
      const blocks = s.binary("div", "int32", s.binary("add", "int32", size, s.literal(span - 1, "int32")), s.literal(span, "int32"));
      home.lines.push(...cooperative.loop(q, blocks, [s.let(top, "int32", s.binary("mul", "int32", q, s.literal(span, "int32"))), ...inner]), ...tree);
    } else {
      home.lines.push(...s.loopRange(top, s.literal(0, "int32"), size, span, inner));
    }
    return acc;
  }
}

/** Terms per block of a blocked float sum. */
const SUM_BLOCK = 16;

/**
 * Block levels for a float sum of `n` terms (per invocation): none for short sums, else enough
 * that the top level adds at most `SUM_BLOCK` block sums... of a size unknown at compile time
 * (a cumulative sum's prefix), three.
 */
function sumLevels(n: number | undefined): number {
  if (n === undefined) return 3;
  let levels = 0;
  while (SUM_BLOCK ** (levels + 1) < n) levels++;
  return levels;
}

/** Indents statements by two spaces. */
export function indent(lines: string[], by = "  "): string[] {
  return lines.map((l) => by + l);
}
