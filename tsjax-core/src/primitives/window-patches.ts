/**
 * Window patches: every element of every sliding window, `[...windowPositions, K]` (K: the
 * window's size), as index maps that fuse (no coordinate arrays, no gather). The tangent of a
 * max/min `reduce_window` reads the chosen elements through them; their transpose sums each
 * input element's taps back (a fused reduction over the K taps, no scatter).
 */
import { fmtShape } from "../shape.js";
import { type Exp, add, and, cast, constant, div, eq, freshVar, ge, i32, lt, mul, reduce, rem, select, sub, unravelIndex, variable } from "../compile/exp.js";
import { operand } from "../compile/operand.js";
import { type Primitive, UndefinedPrimal, aval, definePrimitive } from "../core/primitive.js";
import { ShapeError } from "../errors.js";
import * as O from "./ops.js";
import { moveAxis } from "../core/batching.js";
import { type WindowParams, windowDims, windowOutputSize, windowSource, withLeadingWindowAxis } from "./window-math.js";

export interface WindowPatchesParams extends WindowParams {
  /** The value read in padding and between base-dilated elements. */
  fill: number | boolean;
}

/** `window_patches_sum` (the transpose) also names the input shape it produces. */
interface WindowPatchesSumParams extends WindowPatchesParams {
  inputShape: readonly number[];
}

const windowSize = (p: WindowPatchesParams) => p.windowDimensions.reduce((a, b) => a * b, 1);

export const windowPatches: Primitive<WindowPatchesParams> = definePrimitive<WindowPatchesParams>({
  name: "window_patches",
  abstractEval([x], p) {
    if ([p.windowDimensions, p.windowStrides, p.padding, p.baseDilation, p.windowDilation].some((v) => v.length !== x!.shape.length)) {
      throw new ShapeError(`window_patches(${fmtShape(x!.shape)}): window parameters need ${x!.shape.length} entries each.`);
    }
    return [aval([...windowDims(p, x!.shape).map(windowOutputSize), windowSize(p)], x!.dtype, x!.weakType)];
  },
  lower([x], p, [out]) {
    const wd = windowDims(p, x!.shape);
    const fill = constant(p.fill, x!.dtype);
    return [
      operand(out!.shape, out!.dtype, (idx) => {
        const k = unravelIndex(idx[wd.length]!, p.windowDimensions);
        const { index: src, valid } = windowSource(wd, idx, k);
        const v = x!.at(src);
        return valid ? select(valid, v, fill) : v;
      }),
    ];
  },
  jvp([x], [t], p) {
    return [[O.bind1(windowPatches, [x!], p)], [t ? O.bind1(windowPatches, [t], { ...p, fill: 0 }) : null]];
  },
  transpose([ct], [x], p) {
    if (!ct) return [null];
    if (p.fill !== 0) throw new Error("internal: window_patches with a nonzero fill is not linear");
    return [O.bind1(windowPatchesSum, [ct], { ...p, inputShape: (x as UndefinedPrimal).aval.shape })];
  },
  batch([x], [d], p) {
    return [[O.bind1(windowPatches, [moveAxis(x!, d!, 0)], withLeadingWindowAxis(p))], [0]];
  },
});

/**
 * The transpose of `window_patches`: each input element gets the sum of the patch entries that
 * read it. Input position q is read by tap k of window y along an axis where
 * y * stride - padLo + k * windowDilation = q * baseDilation, so y is found by one division.
 */
const windowPatchesSum: Primitive<WindowPatchesSumParams> = definePrimitive<WindowPatchesSumParams>({
  name: "window_patches_sum",
  abstractEval([ct], p) {
    return [aval([...p.inputShape], ct!.dtype, ct!.weakType)];
  },
  lower([ct], p, [out]) {
    const wd = windowDims(p, p.inputShape);
    const outSizes = wd.map(windowOutputSize);
    const acc = out!.dtype === "float16" ? "float32" : out!.dtype;
    const zero = constant(0, acc);
    return [
      operand(out!.shape, out!.dtype, (idx) => {
        const rv = freshVar();
        const k = unravelIndex(variable(rv), p.windowDimensions);
        let valid: Exp | undefined;
        const ys = wd.map((d, i) => {
          const num = sub(add(mul(idx[i]!, i32(d.baseDilation)), i32(d.padLo)), mul(k[i]!, i32(d.windowDilation)));
          const y = d.stride === 1 ? num : div(num, i32(d.stride));
          let ok = and(ge(num, i32(0)), lt(y, i32(outSizes[i]!)));
          if (d.stride !== 1) ok = and(ok, eq(rem(num, i32(d.stride)), i32(0)));
          valid = valid ? and(valid, ok) : ok;
          return y;
        });
        const v = cast(ct!.at([...ys, variable(rv)]), acc);
        return cast(reduce("sum", rv, windowSize(p), valid ? select(valid, v, zero) : v), out!.dtype);
      }),
    ];
  },
  jvp([ct], [t], p) {
    return [[O.bind1(windowPatchesSum, [ct!], p)], [t ? O.bind1(windowPatchesSum, [t], p) : null]];
  },
  transpose([g], _inputs, p) {
    return [g ? O.bind1(windowPatches, [g], { ...p, fill: 0 }) : null];
  },
  batch([ct], [d], p) {
    const lead = withLeadingWindowAxis(p);
    return [[O.bind1(windowPatchesSum, [moveAxis(ct!, d!, 0)], { ...lead, inputShape: [ct!.shape[d!]!, ...p.inputShape] })], [0]];
  },
});
