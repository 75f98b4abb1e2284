/**
 * `conv_general_dilated`, as `jax.lax.conv_general_dilated`: any number of spatial axes,
 * strides, explicit padding, lhs (input) and rhs (window) dilation, feature and batch groups,
 * and dimension numbers that say where batch, feature and spatial axes are.
 */
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { type Exp, add, and, binary, cast, constant, div, freshVar, i32, mul, reduce, select, unravelIndex, variable } from "../compile/exp.js";
import { operand } from "../compile/operand.js";
import { type BatchDim, type Primitive, UndefinedPrimal, aval, definePrimitive } from "../core/primitive.js";
import type { Array } from "../array/array.js";
import { rev } from "./structural.js";
import * as O from "./ops.js";
import { range } from "../util.js";
import { type WindowDim, windowOutputSize, windowTap } from "./window-math.js";
import { formatValue } from "../util/format.js";

export interface ConvDimensionNumbers {
  /** Input axes: [batch, feature, ...spatial]. */
  lhs: readonly number[];
  /** Kernel axes: [output feature, input feature, ...spatial]. */
  rhs: readonly number[];
  /** Output axes: [batch, feature, ...spatial]. */
  out: readonly number[];
}

export interface ConvParams {
  windowStrides: readonly number[];
  padding: readonly (readonly [number, number])[];
  lhsDilation: readonly number[];
  rhsDilation: readonly number[];
  dimensionNumbers: ConvDimensionNumbers;
  featureGroupCount: number;
  batchGroupCount: number;
}

function dims(p: ConvParams, lhsShape: readonly number[], rhsShape: readonly number[]): WindowDim[] {
  const ns = p.dimensionNumbers.lhs.length - 2;
  return globalThis.Array.from({ length: ns }, (_, s) => ({
    size: lhsShape[p.dimensionNumbers.lhs[2 + s]!]!,
    window: rhsShape[p.dimensionNumbers.rhs[2 + s]!]!,
    stride: p.windowStrides[s]!,
    padLo: p.padding[s]![0],
    padHi: p.padding[s]![1],
    baseDilation: p.lhsDilation[s]!,
    windowDilation: p.rhsDilation[s]!,
  }));
}

export const convGeneralDilated: Primitive<ConvParams> = definePrimitive<ConvParams>({
  name: "conv_general_dilated",
  fusion: { contraction: true, rereadsInputs: true, reduction: true },
  abstractEval([l, r], p) {
    const where = `lax.convGeneralDilated(${fmtShape(l!.shape)}, ${fmtShape(r!.shape)})`;
    if (l!.dtype !== r!.dtype || l!.dtype === "bool") {
      throw new DTypeError(`${where}: operands must share a numeric dtype, got ${l!.dtype} and ${r!.dtype}.`);
    }
    const dn = p.dimensionNumbers;
    const nd = l!.shape.length;
    const ns = nd - 2;
    const perm = (a: readonly number[]) => a.length === nd && [...a].sort((x, y) => x - y).every((v, i) => v === i);
    if (nd < 2 || r!.shape.length !== nd || !perm(dn.lhs) || !perm(dn.rhs) || !perm(dn.out)) {
      throw new ShapeError(`${where}: dimension numbers ${formatValue(dn)} must be permutations of the ${nd} axes of both operands.`);
    }
    for (const [name, v, min] of [["windowStrides", p.windowStrides, 1], ["lhsDilation", p.lhsDilation, 1], ["rhsDilation", p.rhsDilation, 1]] as const) {
      if (v.length !== ns || v.some((x) => !Number.isInteger(x) || x < min)) {
        throw new ShapeError(`${where}: ${name} needs ${ns} integers >= ${min}, got ${formatValue(v)}.`);
      }
    }
    if (p.padding.length !== ns) throw new ShapeError(`${where}: padding needs ${ns} [low, high] pairs, got ${formatValue(p.padding)}.`);
    const N = l!.shape[dn.lhs[0]!]!;
    const C = l!.shape[dn.lhs[1]!]!;
    const O = r!.shape[dn.rhs[0]!]!;
    const I = r!.shape[dn.rhs[1]!]!;
    const G = p.featureGroupCount;
    const B = p.batchGroupCount;
    if (G < 1 || B < 1 || (G > 1 && B > 1)) throw new ShapeError(`${where}: featureGroupCount (${G}) and batchGroupCount (${B}) must be >= 1 and not both > 1.`);
    if (C !== I * G) {
      throw new ShapeError(`${where}: input features (${C}) must equal the kernel's input features (${I}) times featureGroupCount (${G}).`);
    }
    if (O % G !== 0 || O % B !== 0 || N % B !== 0) {
      throw new ShapeError(`${where}: output features (${O}) must divide by the group counts (${G}, ${B}) and the batch (${N}) by batchGroupCount.`);
    }
    const out = new globalThis.Array<number>(nd);
    out[dn.out[0]!] = N / B;
    out[dn.out[1]!] = O;
    dims(p, l!.shape, r!.shape).forEach((d, s) => (out[dn.out[2 + s]!] = windowOutputSize(d)));
    return [aval(out, l!.dtype, l!.weakType && r!.weakType)];
  },
  lower([l, r], p, [out]) {
    const dn = p.dimensionNumbers;
    const wd = dims(p, l!.shape, r!.shape);
    const N = l!.shape[dn.lhs[0]!]!;
    const O = r!.shape[dn.rhs[0]!]!;
    const I = r!.shape[dn.rhs[1]!]!;
    const G = p.featureGroupCount;
    const B = p.batchGroupCount;
    const acc = out!.dtype === "float16" ? "float32" : out!.dtype;
    const loopShape = [I, ...wd.map((d) => d.window)];
    const loopSize = loopShape.reduce((a, b) => a * b, 1);
    return [
      operand(out!.shape, out!.dtype, (idx) => {
        const n = idx[dn.out[0]!]!;
        const o = idx[dn.out[1]!]!;
        const rv = freshVar();
        const [c, ...k] = unravelIndex(variable(rv), loopShape);
        const li = new globalThis.Array<Exp>(l!.shape.length);
        const ri = new globalThis.Array<Exp>(r!.shape.length);
        li[dn.lhs[0]!] = B > 1 ? add(mul(div(o, i32(O / B)), i32(N / B)), n) : n;
        li[dn.lhs[1]!] = G > 1 ? add(mul(div(o, i32(O / G)), i32(I)), c!) : c!;
        ri[dn.rhs[0]!] = o;
        ri[dn.rhs[1]!] = c!;
        let valid: Exp | undefined;
        wd.forEach((d, s) => {
          const tap = windowTap(d, idx[dn.out[2 + s]!]!, k[s]!);
          li[dn.lhs[2 + s]!] = tap.index;
          ri[dn.rhs[2 + s]!] = k[s]!;
          valid = valid ? and(valid, tap.valid) : tap.valid;
        });
        // padding reads zeros from the input (as XLA pads it), so the term stays a product of
        // an input factor and a weight factor (which the CPU backend runs as a GEMM)
        let x = cast(l!.at(li), acc);
        if (valid) x = select(valid, x, constant(0, acc));
        const term = binary("mul", x, cast(r!.at(ri), acc));
        return cast(reduce("sum", rv, loopSize, term), out!.dtype);
      }),
    ];
  },
  jvp([l, r], [tl, tr], params) {
    const y = O.bind1(convGeneralDilated, [l!, r!], params);
    let t: Array | null = tl ? O.bind1(convGeneralDilated, [tl, r!], params) : null;
    if (tr) {
      const u = O.bind1(convGeneralDilated, [l!, tr], params);
      t = t ? O.add(t, u) : u;
    }
    return [[y], [t]];
  },
  transpose([ct], [l, r], params) {
    if (!ct) return [null, null];
    return [
      l instanceof UndefinedPrimal ? transposeLhs(ct, l.aval.shape, r as Array, params) : null,
      r instanceof UndefinedPrimal ? transposeRhs(ct, l as Array, r.aval.shape, params) : null,
    ];
  },
  batch([l, r], [dl, dr], params) {
    return convBatch(l!, r!, dl!, dr!, params);
  },
});

// ---------------------------------------------------------------------------------------------
// transposition and batching (as jax.lax's convolution rules)

const dilateShape = (shape: readonly number[], d: readonly number[]) => shape.map((n, i) => (n === 0 ? 0 : 1 + d[i]! * (n - 1)));
const specT = (spec: readonly number[]) => [spec[1]!, spec[0]!, ...spec.slice(2)];
const take = (shape: readonly number[], idx: readonly number[]) => idx.map((i) => shape[i]!);

/** Splits axis `src` into (size1, rest), size1 major. */
function reshapeAxisOutOf(src: number, size1: number, x: Array): Array {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, shape[src]! / size1);
  return O.reshapeTo(x, shape);
}

/** Merges axis `src` into axis `dst` (numbered without `src`), `src` major. */
function reshapeAxisInto(src: number, dst: number, x: Array): Array {
  const perm = range(x.ndim).filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const shape = x.shape.filter((_, i) => i !== src);
  shape[dst] = shape[dst]! * x.shape[src]!;
  return O.reshapeTo(O.transposeTo(x, perm), shape);
}

function conv(l: Array, r: Array, p: ConvParams): Array {
  return O.bind1(convGeneralDilated, [l, r], p);
}

function transposeLhs(g: Array, lhsShape: readonly number[], rhs: Array, p: ConvParams): Array {
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  let fgc = p.featureGroupCount;
  let r = rhs;
  if (fgc > 1) {
    r = reshapeAxisOutOf(rs[0]!, fgc, r);
    r = reshapeAxisInto(rs[0]!, rs[1]!, r);
  } else if (p.batchGroupCount > 1) {
    r = reshapeAxisOutOf(rs[0]!, p.batchGroupCount, r);
    r = reshapeAxisInto(rs[0]!, rs[1]!, r);
    fgc = p.batchGroupCount;
  }
  const lhsD = dilateShape(take(lhsShape, ls.slice(2)), p.lhsDilation);
  const rhsD = dilateShape(take(r.shape, rs.slice(2)), p.rhsDilation);
  const outD = dilateShape(take(g.shape, os.slice(2)), p.windowStrides);
  const padding = lhsD.map((_, i) => {
    const before = rhsD[i]! - p.padding[i]![0] - 1;
    return [before, lhsD[i]! + rhsD[i]! - 1 - outD[i]! - before] as const;
  });
  let out = conv(g, O.bind1(rev, [r], { dimensions: rs.slice(2) }), {
    windowStrides: p.lhsDilation,
    padding,
    lhsDilation: p.windowStrides,
    rhsDilation: p.rhsDilation,
    dimensionNumbers: { lhs: os, rhs: specT(rs), out: ls },
    featureGroupCount: fgc,
    batchGroupCount: 1,
  });
  if (p.batchGroupCount > 1) {
    out = reshapeAxisOutOf(ls[1]!, p.batchGroupCount, out);
    out = reshapeAxisInto(ls[1]!, ls[0]!, out);
  }
  return out;
}

function transposeRhs(g: Array, lhs: Array, rhsShape: readonly number[], p: ConvParams): Array {
  if (g.size === 0) return O.zerosLike({ shape: rhsShape, dtype: g.dtype, weakType: false, device: g.device });
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  let fgc = p.featureGroupCount;
  let bgc = p.batchGroupCount;
  if (bgc > 1) {
    fgc = bgc;
    bgc = 1;
  } else if (fgc > 1) {
    bgc = fgc;
    fgc = 1;
  }
  const lhsD = dilateShape(take(lhs.shape, ls.slice(2)), p.lhsDilation);
  const rhsD = dilateShape(take(rhsShape, rs.slice(2)), p.rhsDilation);
  const outD = dilateShape(take(g.shape, os.slice(2)), p.windowStrides);
  const padding = lhsD.map((_, i) => {
    const lo = p.padding[i]![0];
    return [lo, outD[i]! - lhsD[i]! + (rhsD[i]! - lo - 1)] as const;
  });
  return conv(lhs, g, {
    windowStrides: p.rhsDilation,
    padding,
    lhsDilation: p.lhsDilation,
    rhsDilation: p.windowStrides,
    dimensionNumbers: { lhs: specT(ls), rhs: specT(os), out: specT(rs) },
    featureGroupCount: fgc,
    batchGroupCount: bgc,
  });
}

function convBatch(lhs: Array, rhs: Array, lb: BatchDim, rb: BatchDim, p: ConvParams): [Array[], BatchDim[]] {
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  if (lb !== null && rb !== null) {
    const B = lhs.shape[lb]!;
    let newLhs: Array;
    const q = { ...p };
    if (p.batchGroupCount > 1) {
      newLhs = reshapeAxisInto(lb, ls[0]!, lhs);
      q.batchGroupCount = p.batchGroupCount * B;
    } else {
      newLhs = reshapeAxisInto(lb, ls[1]!, lhs);
      q.featureGroupCount = p.featureGroupCount * B;
    }
    const out = conv(newLhs, reshapeAxisInto(rb, rs[0]!, rhs), q);
    return [[reshapeAxisOutOf(os[1]!, B, out)], [os[1]!]];
  }
  if (lb !== null) {
    const B = lhs.shape[lb]!;
    if (p.batchGroupCount === 1) {
      const out = conv(reshapeAxisInto(lb, ls[0]!, lhs), rhs, p);
      return [[reshapeAxisOutOf(os[0]!, B, out)], [os[0]!]];
    }
    let nl = reshapeAxisOutOf(ls[0]! + (lb <= ls[0]! ? 1 : 0), p.batchGroupCount, lhs);
    nl = reshapeAxisInto(lb + (ls[0]! < lb ? 1 : 0), ls[0]! + 1, nl);
    nl = reshapeAxisInto(ls[0]!, ls[0]!, nl);
    const out = conv(nl, rhs, p);
    return [[reshapeAxisOutOf(os[0]!, B, out)], [os[0]!]];
  }
  const B = rhs.shape[rb!]!;
  if (p.featureGroupCount === 1 && p.batchGroupCount === 1) {
    const out = conv(lhs, reshapeAxisInto(rb!, rs[0]!, rhs), p);
    return [[reshapeAxisOutOf(os[1]!, B, out)], [os[1]!]];
  }
  const groups = p.featureGroupCount > 1 ? p.featureGroupCount : p.batchGroupCount;
  let nr = reshapeAxisOutOf(rs[0]! + (rb! <= rs[0]! ? 1 : 0), groups, rhs);
  nr = reshapeAxisInto(rb! + (rs[0]! < rb! ? 1 : 0), rs[0]! + 1, nr);
  nr = reshapeAxisInto(rs[0]!, rs[0]!, nr);
  let out = conv(lhs, nr, p);
  out = reshapeAxisOutOf(os[1]!, groups, out);
  out = reshapeAxisOutOf(os[1]! + 1, B, out);
  out = reshapeAxisInto(os[1]!, os[1]! + 1, out);
  return [[out], [os[1]!]];
}

