/**
 * The float32 elementwise subset that the CPU backend's WebAssembly kernels compile (GEMM
 * prologues and epilogues, reductions): arithmetic, `sqrt`, `rsqrt`, comparisons, bool logic and
 * selects, as scalar (f32/i32) or SIMD (f32x4 and lane masks) code. Exact float32 arithmetic,
 * as in the JavaScript backend: WebAssembly neither contracts nor reassociates, and its min/max
 * propagate NaN as `Math.min`/`Math.max` do. (`rsqrt` is `1 / sqrt` in float32, two roundings:
 * within an ulp of the JavaScript backend's.)
 */
import type { Exp } from "../../../compile/exp.js";
import { I32, V128, type WasmFunction, op, uleb } from "./encode.js";

export const F32 = 0x7d;
const simd = (code: number) => [0xfd, ...uleb(code)];
export const VEC_BINARY: Record<string, number[]> = { add: simd(0xe4), sub: simd(0xe5), mul: simd(0xe6), div: simd(0xe7), min: simd(0xe8), max: simd(0xe9) };
const SCALAR_BINARY: Record<string, number[]> = { add: [0x92], sub: [0x93], mul: [0x94], div: [0x95], min: [0x96], max: [0x97] };
const VEC_UNARY: Record<string, number[]> = { neg: simd(0xe1), abs: simd(0xe0), sqrt: simd(0xe3) };
const SCALAR_UNARY: Record<string, number[]> = { neg: [0x8c], abs: [0x8b], sqrt: [0x91] };
export const VEC_COMPARE: Record<string, number[]> = { eq: simd(0x41), ne: simd(0x42), lt: simd(0x43), gt: simd(0x44), le: simd(0x45), ge: simd(0x46) };
const SCALAR_COMPARE: Record<string, number[]> = { eq: [0x5b], ne: [0x5c], lt: [0x5d], gt: [0x5e], le: [0x5f], ge: [0x60] };
const V128_NOT = simd(0x4d);
/** Unary functions with only SIMD forms (see `NodeEmitter`). */
const VECTOR_ONLY = new Set(["exp", "tanh", "logistic"]);
// bool eq is not-xor on lane masks, i32.eq on scalars
const VEC_BOOL: Record<string, number[]> = { and: simd(0x4e), or: simd(0x50), xor: simd(0x51), ne: simd(0x51), eq: [...simd(0x51), ...V128_NOT] };
const SCALAR_BOOL: Record<string, number[]> = { and: [0x71], or: [0x72], xor: [0x73], ne: [0x73], eq: [0x46] };
export const F32X4_SPLAT = simd(0x13);
const extractLane = (lane: number) => [...simd(0x1f), lane];

export const f32Const = (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)];

/**
 * The nodes of `e` in dependency order, or undefined when one is outside the subset. `leaf`
 * accepts nodes that the caller computes itself (loads, the GEMM result, a reduction).
 * `vectorOnly` code may also use `exp`, `tanh` and `logistic` (which have only SIMD forms,
 * `NodeEmitter.exp`, `NodeEmitter.tanh` and `NodeEmitter.logistic`). With `smallInts`, int32
 * values may be compared (a label against a position, as one-hot does): the caller's int32
 * leaves are float32 then, exact for |v| <= 2^24, and a larger int compares with such
 * values as it would as an int (float32 rounding is monotone); int32 constants must be in that
 * range, and int32 sums and differences may be taken (the caller checks their ranges).
 */
const SMALL_INT = 2 ** 24;
export function supportedOrder(e: Exp, leaf: (x: Exp) => boolean, vectorOnly = false, smallInts = false): Exp[] | undefined {
  const order: Exp[] = [];
  const seen = new Set<Exp>();
  const visit = (x: Exp): boolean => {
    if (seen.has(x)) return true;
    seen.add(x);
    let ok: boolean;
    if (leaf(x)) ok = true;
    else if (x.op === "const") ok = x.dtype === "float32" || x.dtype === "bool" || (smallInts && x.dtype === "int32" && Math.abs(x.value as number) <= SMALL_INT);
    else if (x.op === "cast") ok = x.dtype === "float32" && x.args[0]!.dtype === "bool" && x.args.every(visit);
    else if (x.op === "select") ok = x.dtype === "float32" && x.args.every(visit);
    // small int32 sums and differences, computed on their float32 values: the caller checks
    // that every such value stays within 2^24 (`indexRange`), where float32 is exact
    else if (smallInts && x.dtype === "int32" && (x.op === "add" || x.op === "sub")) ok = x.args.every(visit);
    else if (x.op in VEC_BINARY || x.op in VEC_UNARY || x.op === "rsqrt" || (vectorOnly && VECTOR_ONLY.has(x.op))) ok = x.dtype === "float32" && x.args.every(visit);
    else if (x.op in VEC_COMPARE && (x.args[0]!.dtype === "float32" || (smallInts && x.args[0]!.dtype === "int32"))) ok = x.args.every(visit);
    else if ((x.op in VEC_BOOL || x.op === "not") && x.args[0]!.dtype === "bool") ok = x.args.every(visit);
    else ok = false;
    if (ok) order.push(x);
    return ok;
  };
  return visit(e) ? order : undefined;
}

/**
 * Emits nodes (in `supportedOrder`) into a function body, each into a fresh local; `value(x)`
 * is then the local holding x. Leaves are emitted by the caller's `leaf` code.
 */
export class NodeEmitter {
  /** The local of each node, per copy (see `emit`). */
  private readonly slot = new Map<Exp, number[]>();
  private readonly splats = new Map<string, number>();

  /**
   * `hoisted`: code that the caller places before its loop; vector constants are then splatted
   * there once, into locals, instead of in every iteration (V8 does not hoist them).
   */
  constructor(
    private readonly body: number[],
    private readonly newLocal: (type: number) => number,
    private readonly hoisted?: number[],
  ) {}

  /** An f32x4 (or `int`: i32x4) with `value` in every lane. */
  private splat(value: number, int = false): number[] {
    const code = int ? [...op.i32Const(value), ...simd(0x11)] : [...f32Const(value), ...F32X4_SPLAT];
    if (!this.hoisted) return code;
    const key = `${int ? "i" : "f"}${int ? value : new Uint32Array(new Float32Array([value]).buffer)[0]}`;
    let local = this.splats.get(key);
    if (local === undefined) {
      local = this.newLocal(V128);
      this.splats.set(key, local);
      this.hoisted.push(...code, ...op.localSet(local));
    }
    return op.localGet(local);
  }

  value(x: Exp, copy = 0): number {
    return this.slot.get(x)![copy]!;
  }

  /**
   * exp of the f32x4 that `arg` pushes: exp(x) = 2^k exp(r), |r| <= ln2/2 (Cody-Waite), exp(r)
   * by the Cephes polynomial (about 1 ulp), 2^k as two exact power-of-two factors (subnormal
   * results round once). x is first clamped to [-104, 89] with `pmin`/`pmax` (one instruction
   * each, and NaN passes through); past those bounds the two factors underflow to 0 or
   * overflow to inf, and NaN stays NaN, with no special cases. k is rounded to nearest by
   * adding 1.5 * 2^23, whose bits then hold k too (no float-integer conversions).
   */
  private exp(arg: number[]): number[] {
    const v = () => this.newLocal(V128);
    const [x, k, r, ki, k1] = [v(), v(), v(), v(), v()];
    const c = (value: number) => this.splat(value);
    const i4 = (value: number) => this.splat(value, true);
    const g = op.localGet;
    const [add, sub, mul] = [VEC_BINARY.add!, VEC_BINARY.sub!, VEC_BINARY.mul!];
    const [pmin, pmax, i32x4Add, i32x4Sub] = [simd(0xea), simd(0xeb), simd(0xae), simd(0xb1)];
    const MAGIC = 12582912; // 1.5 * 2^23, bits 0x4b400000
    const code: number[][] = [arg, c(-104), pmax, c(89), pmin, op.localSet(x)];
    // t = x log2 e + 1.5 * 2^23 rounds to an integer k; ki = bits(t) - bits(1.5 * 2^23) = k
    code.push(g(x), c(1.4426950408889634), mul, c(MAGIC), add, op.localTee(k), i4(0x4b400000), i32x4Sub, op.localSet(ki));
    code.push(g(k), c(MAGIC), sub, op.localSet(k));
    // r = x - k ln2 (in two parts)
    code.push(g(x), g(k), c(0.693359375), mul, sub, g(k), c(2.12194440e-4), mul, add, op.localSet(r));
    // 2^k = 2^k1 2^(k - k1), k1 = k >> 1
    code.push(g(ki), op.i32Const(1), simd(0xac), op.localSet(k1));
    // p(r) * 2^k1 * 2^(k - k1)
    let poly: number[][] = [c(1.9875691500e-4)];
    for (const coef of [1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]) poly = [...poly, g(r), mul, c(coef), add];
    code.push(...poly, g(r), g(r), mul, mul, g(r), add, c(1), add);
    code.push(g(k1), i4(127), i32x4Add, op.i32Const(23), simd(0xab), mul);
    code.push(g(ki), g(k1), i32x4Sub, i4(127), i32x4Add, op.i32Const(23), simd(0xab), mul);
    return code.flat();
  }

  /**
   * tanh of the f32x4 that `arg` pushes, branch-free: for |x| < 0.625 the Cephes odd polynomial
   * x + x^3 P(x^2) (no cancellation near 0), else 1 - 2 / (exp(2|x|) + 1), both on |x| and then
   * given the sign of x (exp's clamp makes it exactly 1 past |x| = 44.5, and keeps NaN). Within
   * 2 ulp of the exact value (the test sweeps the float32 range).
   */
  private tanh(arg: number[]): number[] {
    const v = () => this.newLocal(V128);
    const [x, ax, z] = [v(), v(), v()];
    const c = (value: number) => this.splat(value);
    const g = op.localGet;
    const [add, sub, mul, div] = [VEC_BINARY.add!, VEC_BINARY.sub!, VEC_BINARY.mul!, VEC_BINARY.div!];
    const code: number[][] = [arg, op.localTee(x), VEC_UNARY.abs!, op.localSet(ax)];
    code.push(g(x), g(x), mul, op.localSet(z));
    let poly: number[][] = [c(-5.70498872745e-3)];
    for (const coef of [2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1]) poly = [...poly, g(z), mul, c(coef), add];
    // both parts on |x|, then the sign bit of x (so tanh(-0) is -0)
    // small: P(z) * z * |x| + |x|
    code.push(...poly, g(z), mul, g(ax), mul, g(ax), add);
    // large: 1 - 2 / (exp(2|x|) + 1)
    code.push(c(1), c(2), this.exp([...g(ax), ...g(ax), ...add]), c(1), add, div, sub);
    // v128.bitselect(small, large, |x| < 0.625), or the sign of x
    code.push(g(ax), c(0.625), VEC_COMPARE.lt!, simd(0x52));
    code.push(g(x), c(-0), simd(0x4e), simd(0x50));
    return code.flat();
  }

  /**
   * logistic(x) = 1 / (1 + e^-x) of the f32x4 that `arg` pushes, branch-free and accurate on
   * both sides (as the JavaScript backend's): with e = exp(-|x|), 1 / (1 + e) for x >= 0 and
   * e / (1 + e) for x < 0, so tiny results for very negative x do not round to 0 early.
   */
  private logistic(arg: number[]): number[] {
    const v = () => this.newLocal(V128);
    const [x, e, d] = [v(), v(), v()];
    const c = (value: number) => this.splat(value);
    const g = op.localGet;
    const [add, div] = [VEC_BINARY.add!, VEC_BINARY.div!];
    const code: number[][] = [arg, op.localTee(x), VEC_UNARY.abs!, VEC_UNARY.neg!];
    code.push(this.exp([]), op.localTee(e), c(1), add, op.localSet(d));
    // v128.bitselect(1 / d, e / d, x >= 0); NaN (every lane comparison false) gives e / d = NaN
    code.push(c(1), g(d), div, g(e), g(d), div, g(x), c(0), VEC_COMPARE.ge!, simd(0x52));
    return code.flat();
  }

  /**
   * Emits the nodes of `order`. With `copies` > 1 the same nodes are computed for several
   * independent elements (`leaf(x, copy)` loads each copy's), interleaved node by node: a long
   * dependent chain (exp, tanh) then overlaps with its twin's instead of stalling on latency.
   */
  emit(order: Exp[], vector: boolean, leaf: (x: Exp, copy: number) => number[] | undefined, copies = 1): void {
    const ref = (x: Exp, copy: number): number[] => {
      if (x.op === "const") {
        if (x.dtype === "bool") return vector ? [...simd(0x0c), ...new Array<number>(16).fill(x.value ? 0xff : 0)] : op.i32Const(x.value ? 1 : 0);
        return vector ? this.splat(x.value as number) : f32Const(x.value as number);
      }
      return op.localGet(this.slot.get(x)![copy]!);
    };
    for (const x of order) {
      if (x.op === "const") continue;
      const locals: number[] = [];
      for (let copy = 0; copy < copies; copy++) {
        const arg = (i: number) => ref(x.args[i]!, copy);
        const code: number[][] = [];
        const leafCode = leaf(x, copy);
        if (leafCode) code.push(leafCode);
        // select(cond, a, b): WebAssembly takes (a, b, cond)
        else if (x.op === "select") code.push(arg(1), arg(2), arg(0), vector ? simd(0x52) : [0x1b]);
        else if (x.op === "not") code.push(arg(0), vector ? V128_NOT : op.i32Eqz);
        // a bool as float32: the lane mask and 1.0, or the i32 0/1 converted
        else if (x.op === "cast") code.push(arg(0), vector ? [...this.splat(1), ...simd(0x4e)] : [0xb2]);
        // rsqrt as 1 / sqrt (layer normalization's scale)
        else if (x.op === "rsqrt") code.push(vector ? this.splat(1) : f32Const(1), arg(0), vector ? VEC_UNARY.sqrt! : SCALAR_UNARY.sqrt!, vector ? VEC_BINARY.div! : SCALAR_BINARY.div!);
        else if (VECTOR_ONLY.has(x.op)) {
          // scalar code runs the SIMD form on a splat and takes lane 0
          const v = vector ? arg(0) : [...arg(0), ...F32X4_SPLAT];
          code.push(x.op === "exp" ? this.exp(v) : x.op === "tanh" ? this.tanh(v) : this.logistic(v));
          if (!vector) code.push(extractLane(0));
        }
        else {
          const a = x.args[0]!;
          const table = a.dtype === "bool"
            ? (vector ? VEC_BOOL : SCALAR_BOOL)
            : x.op in VEC_COMPARE ? (vector ? VEC_COMPARE : SCALAR_COMPARE)
            : x.op in VEC_UNARY ? (vector ? VEC_UNARY : SCALAR_UNARY)
            : (vector ? VEC_BINARY : SCALAR_BINARY);
          code.push(...x.args.map((_, i) => arg(i)), table[x.op]!);
        }
        const local = this.newLocal(vector ? V128 : x.dtype === "float32" ? F32 : I32);
        locals.push(local);
        for (const c of code) this.body.push(...c);
        this.body.push(...op.localSet(local));
      }
      this.slot.set(x, locals);
    }
  }
}

/** A WebAssembly function under construction: i32 parameters, typed locals, a body. */
export class FunctionBuilder {
  readonly body: number[] = [];
  private readonly locals: number[] = [];

  constructor(private readonly params: number) {}

  emit(...xs: number[][]): void {
    for (const x of xs) this.body.push(...x);
  }

  /** A fresh local of `type`; its index. */
  local(type: number): number {
    this.locals.push(type);
    return this.params + this.locals.length - 1;
  }

  /** `do { ... } while ((local += step) < end)`: closes a loop opened with `op.loop`. */
  loopWhile(local: number, step: number, end: number[]): void {
    this.emit(op.localGet(local), op.i32Const(step), op.i32Add, op.localTee(local), end, op.i32LtS, op.brIf(0), op.end);
  }

  /**
   * `acc += value(r)` (f32x4 lanes) for `r` from its current value while `r < end`, by `step`
   * (at least one step), as blocked summation over `levels` levels: each lane adds 16 terms
   * into a partial sum, 16 partial sums into a larger one, and so on, and the largest into
   * `acc`, so rounding errors grow with the levels rather than the terms (as the JS and WGSL
   * kernels' float sums). `term(into)` emits `into += value(r)` for the current `r`.
   */
  blockedSum(r: number, end: number[], step: number, acc: number, term: (into: number) => void, levels = 2): void {
    const get = op.localGet;
    const set = op.localSet;
    const parts = Array.from({ length: levels }, () => this.local(V128));
    const ends = Array.from({ length: levels }, () => this.local(I32));
    // min(r + span, limit)
    const until = (span: number, limit: number[]) => [
      ...get(r), ...op.i32Const(span), ...op.i32Add, ...limit, ...get(r), ...op.i32Const(span), ...op.i32Add, ...limit, ...op.i32LtS, 0x1b,
    ];
    const zero = [...f32Const(0), ...F32X4_SPLAT];
    // open the loops from the largest block down; level k adds 16^(k+1) steps into parts[k]
    for (let k = levels - 1; k >= 0; k--) {
      const limit = k === levels - 1 ? end : get(ends[k + 1]!);
      this.emit(op.loop, zero, set(parts[k]!), until(step * 16 ** (k + 1), limit), set(ends[k]!));
    }
    this.emit(op.loop);
    term(parts[0]!);
    this.loopWhile(r, step, get(ends[0]!));
    for (let k = 0; k < levels; k++) {
      const into = k === levels - 1 ? acc : parts[k + 1]!;
      this.emit(get(into), get(parts[k]!), VEC_BINARY.add!, set(into));
      this.loopWhile(r, 0, k === levels - 1 ? end : get(ends[k + 1]!));
    }
  }

  /** Block levels of a `blockedSum` of `n` steps that leave at most 16 blocks to the top. */
  static sumLevels(n: number): number {
    let levels = 1;
    while (16 ** (levels + 1) < n) levels++;
    return levels;
  }

  /** `total = ((acc[0] op acc[1]) op acc[2]) op acc[3]` for a combining op (`add`, `max`, `min`). */
  combineLanes(acc: number, total: number, combine: string): void {
    this.emit(op.localGet(acc), extractLane(0), op.localSet(total));
    for (let lane = 1; lane < 4; lane++) this.emit(op.localGet(total), op.localGet(acc), extractLane(lane), SCALAR_BINARY[combine]!, op.localSet(total));
  }

  fn(name: string): WasmFunction {
    return { name, params: this.params, locals: this.locals, body: this.body };
  }
}
