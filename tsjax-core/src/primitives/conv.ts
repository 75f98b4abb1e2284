/**
 * `conv_general_dilated`, as `jax.lax.conv_general_dilated`: any number of spatial axes,
 * strides, explicit padding, lhs (input) and rhs (window) dilation, feature and batch groups,
 * and dimension numbers that say where batch, feature and spatial axes are.
 */
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import { type Exp, add, and, binary, cast, constant, div, freshVar, i32, mul, reduce, select, unravelIndex, variable } from "../compile/exp.js";
import { operand } from "../compile/operand.js";
import { aval, definePrimitive } from "../core/primitive.js";
import { type WindowDim, windowOutputSize, windowTap } from "./window-math.js";

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
  return Array.from({ length: ns }, (_, s) => ({
    size: lhsShape[p.dimensionNumbers.lhs[2 + s]!]!,
    window: rhsShape[p.dimensionNumbers.rhs[2 + s]!]!,
    stride: p.windowStrides[s]!,
    padLo: p.padding[s]![0],
    padHi: p.padding[s]![1],
    baseDilation: p.lhsDilation[s]!,
    windowDilation: p.rhsDilation[s]!,
  }));
}

export const convGeneralDilated = definePrimitive<ConvParams>({
  name: "conv_general_dilated",
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
      throw new ShapeError(`${where}: dimension numbers ${JSON.stringify(dn)} must be permutations of the ${nd} axes of both operands.`);
    }
    for (const [name, v, min] of [["windowStrides", p.windowStrides, 1], ["lhsDilation", p.lhsDilation, 1], ["rhsDilation", p.rhsDilation, 1]] as const) {
      if (v.length !== ns || v.some((x) => !Number.isInteger(x) || x < min)) {
        throw new ShapeError(`${where}: ${name} needs ${ns} integers >= ${min}, got ${JSON.stringify(v)}.`);
      }
    }
    if (p.padding.length !== ns) throw new ShapeError(`${where}: padding needs ${ns} [low, high] pairs, got ${JSON.stringify(p.padding)}.`);
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
    const out = new Array<number>(nd);
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
        const li = new Array<Exp>(l!.shape.length);
        const ri = new Array<Exp>(r!.shape.length);
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
        let term = binary("mul", cast(l!.at(li), acc), cast(r!.at(ri), acc));
        if (valid) term = select(valid, term, constant(0, acc));
        return cast(reduce("sum", rv, loopSize, term), out!.dtype);
      }),
    ];
  },
});
