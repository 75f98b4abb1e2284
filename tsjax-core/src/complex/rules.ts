/**
 * Complex lowering rules of the lax primitives (see `complex/lower.ts`): how each computes
 * with `complex64` operands on their real and imaginary parts. Primitives made for complex
 * values (complex, real, imag, conj, fft) carry their rule themselves (`Primitive.complex`).
 *
 * - Movement, selection, sums and other ops that act on each part alike (`pairwise`) apply
 *   the primitive to both parts with the same parameters.
 * - Bilinear ops (mul, dot_general, conv) are four real ops: `(a + bi)(c + di)`.
 * - The elementwise functions follow `complex/math.ts`.
 */
import type { Array } from "../array/array.js";
import type { ComplexContext, ComplexValue, Primitive } from "../core/primitive.js";
import { bind } from "../core/trace.js";
import { copyPrimitive } from "../core/copy.js";
import { stopGradientP } from "../primitives/ad-util.js";
import { convGeneralDilated } from "../primitives/conv.js";
import { dotGeneral } from "../primitives/dot.js";
import { binaryPrims as B, convertElementType, integerPow, selectN, unaryPrims as U } from "../primitives/elementwise.js";
import { gather, scatter } from "../primitives/indexing.js";
import { cumsum, reduceProd, reduceSum } from "../primitives/reduce.js";
import {
  broadcastInDim, concatenate, dynamicSlice, dynamicUpdateSlice, pad, reshape, rev, slice, transpose,
} from "../primitives/structural.js";
import * as O from "../primitives/ops.js";
import { range } from "../util.js";
import * as C from "./math.js";
import { type Pair, isPair, partsOf } from "./math.js";

export type ComplexRule = (ins: readonly ComplexValue[], params: any, ctx: ComplexContext) => ComplexValue[];


/** The primitive applied to the real parts and to the imaginary parts alike. */
function pairwise(prim: Primitive<any>, imParams?: (params: any) => any): ComplexRule {
  return (ins, params, ctx) => {
    const re = bind(prim, ins.map((v) => (isPair(v) ? v[0] : v)), params);
    const im = bind(prim, ins.map((v) => (isPair(v) ? v[1] : v)), imParams ? imParams(params) : params);
    return re.map((r, i) => (ctx.outAvals[i]!.dtype === "complex64" ? [r, im[i]!] : r));
  };
}

/** A primitive bilinear in its two operands: `(a + bi)(c + di)` as four real applications. */
function bilinear(prim: Primitive<any>): ComplexRule {
  return ([x, y], params) => {
    const [a, b] = partsOf(x!);
    const [c, d] = partsOf(y!);
    const f = (u: Array, v: Array) => O.bind1(prim, [u, v], params);
    return [[O.sub(f(a, c), f(b, d)), O.add(f(a, d), f(b, c))]];
  };
}

/** A unary function of one complex operand. */
const unary = (f: (z: Pair) => Pair | Array): ComplexRule => ([z]) => [f(partsOf(z!))];
/** A binary function of two complex operands. */
const binary = (f: (x: Pair, y: Pair) => Pair | Array): ComplexRule => ([x, y]) => [f(partsOf(x!), partsOf(y!))];

/** `convert_element_type` to or from complex64 (to a real dtype: the real part, as JAX; to bool: `x != 0`). */
const convertRule: ComplexRule = ([x], { newDtype, weakType }) => {
  if (newDtype === "complex64") return [isPair(x!) ? x : partsOf(O.convert(x!, "float32"))];
  const [re, im] = x as Pair;
  if (newDtype === "bool") return [O.bind1(B.or, [O.ne(re, O.zerosLike(re)), O.ne(im, O.zerosLike(im))], {})];
  return [O.bind1(convertElementType, [re], { newDtype, weakType })];
};

/** The product over `axes`, as a tree of complex products over the moved-last, flattened axes. */
const prodRule: ComplexRule = ([x], { axes }: { axes: readonly number[] }) => {
  let [re, im] = x as Pair;
  const kept = range(re.ndim).filter((d) => !axes.includes(d));
  const keptShape = kept.map((d) => re.shape[d]!);
  const flat = (a: Array) => O.reshapeTo(O.transposeTo(a, [...kept, ...axes]), [...keptShape, axes.reduce((n, d) => n * a.shape[d]!, 1)]);
  re = flat(re);
  im = flat(im);
  const last = keptShape.length;
  let n = re.shape[last]!;
  if (n === 0) {
    const like = { shape: keptShape, dtype: re.dtype, weakType: false, device: re.device };
    return [[O.full(like, 1), O.full(like, 0)]];
  }
  while (n > 1) {
    const h = Math.floor(n / 2);
    const lo: Pair = [O.sliceAxis(re, last, 0, h), O.sliceAxis(im, last, 0, h)];
    const hi: Pair = [O.sliceAxis(re, last, h, 2 * h), O.sliceAxis(im, last, h, 2 * h)];
    let [pr, pi] = C.cmul(lo, hi);
    if (n % 2 === 1) {
      pr = O.concat([pr, O.sliceAxis(re, last, 2 * h, n)], last);
      pi = O.concat([pi, O.sliceAxis(im, last, 2 * h, n)], last);
    }
    [re, im] = [pr, pi];
    n = re.shape[last]!;
  }
  return [[O.reshapeTo(re, keptShape), O.reshapeTo(im, keptShape)]];
};

/** `gather` with a fill value: the fill is `(v, 0)`, or NaN in both parts for NaN. */
const gatherRule: ComplexRule = pairwise(gather, (p) =>
  p.mode === "fill" && !Number.isNaN(p.fillValue) ? { ...p, fillValue: 0 } : p,
);

const scatterRule: ComplexRule = (ins, params, ctx) => {
  if (params.mode !== "set" && params.mode !== "add") {
    throw new TypeError(`scatter (${params.mode}): not defined for complex64 operands; use set or add.`);
  }
  return pairwise(scatter)(ins, params, ctx);
};

let table: Map<Primitive<any>, ComplexRule> | undefined;

/** The rule of `prim` for complex operands, if it has one (the table is built on first use). */
export function complexRuleOf(prim: Primitive<any>): ComplexRule | undefined {
  table ??= new Map<Primitive<any>, ComplexRule>([
    ...[broadcastInDim, reshape, transpose, slice, rev, pad, concatenate, dynamicSlice, dynamicUpdateSlice,
      selectN, copyPrimitive, stopGradientP, reduceSum, cumsum, B.add, B.sub, U.neg].map((p) => [p, pairwise(p)] as const),
    [gather, gatherRule],
    [scatter, scatterRule],
    [B.mul, bilinear(B.mul)],
    [dotGeneral, bilinear(dotGeneral)],
    [convGeneralDilated, bilinear(convGeneralDilated)],
    [B.div, binary(C.cdiv)],
    [B.pow, binary(C.cpow)],
    [B.eq, binary(([a, b], [c, d]) => O.and(O.eq(a, c), O.eq(b, d)))],
    [B.ne, binary(([a, b], [c, d]) => O.bind1(B.or, [O.ne(a, c), O.ne(b, d)], {}))],
    [U.abs, unary(C.cabs)],
    [U.sign, unary(C.csign)],
    [U.exp, unary(C.cexp)],
    [U.expm1, unary(C.cexpm1)],
    [U.log, unary(C.clog)],
    [U.log1p, unary(C.clog1p)],
    [U.sqrt, unary(C.csqrt)],
    [U.rsqrt, unary(C.crsqrt)],
    [U.sin, unary(C.csin)],
    [U.cos, unary(C.ccos)],
    [U.tan, unary(C.ctan)],
    [U.sinh, unary(C.csinh)],
    [U.cosh, unary(C.ccosh)],
    [U.tanh, unary(C.ctanh)],
    [integerPow, ([z], { y }) => [C.cintPow(partsOf(z!), y)]],
    [convertElementType, convertRule],
    [reduceProd, prodRule],
  ]);
  return table.get(prim);
}
