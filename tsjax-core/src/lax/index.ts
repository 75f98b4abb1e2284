/**
 * `lax`: the primitives' own API (`import { lax } from "tsjax-core"`), as `jax.lax`: the basic
 * wrappers of `lax.ts` and the other files of this folder.
 */
export * from "./lax.js";

export { complex, conj, imag, real } from "./complex.js";
export { fft } from "./fft.js";
export type { FftType } from "../primitives/fft.js";

export { RoundingMethod, type RoundingMethodLike, round } from "./round.js";

export { cond, foriLoop, map, scan, switch_, switch, whileLoop } from "./control-flow.js";
export { stopGradient } from "../primitives/ad-util.js";
export * as linalg from "./linalg.js";
export {
  sliceInDim,
  indexInDim,
  dynamicSliceInDim,
  dynamicIndexInDim,
  dynamicUpdateSliceInDim,
  dynamicUpdateIndexInDim,
  expandDims,
  squeeze,
  broadcast,
  broadcastToRank,
  collapse,
} from "./in-dim.js";
export {
  square,
  reciprocal,
  bitwiseNot,
  selectN,
  reducePrecision,
  erf,
  erfc,
  erfInv,
  lgamma,
  digamma,
  igamma,
  igammac,
  betainc,
  besselI0e,
  besselI1e,
  zeta,
  polygamma,
} from "./elementwise-extras.js";
export { type SortOptions, type TopKOptions, sort, sortMulti, sortKeyVal, topK } from "./sorting.js";
export { type AssociativeScanOptions, type CumulativeOptions, associativeScan, cumlogsumexp } from "./associative-scan.js";
export { reduce, reduceAnd, reduceOr, reduceXor } from "./reduce.js";
export {
  type ScatterDimensionNumbers,
  type ScatterOptions,
  scatterAdd,
  scatterSub,
  scatterMul,
  scatterMin,
  scatterMax,
  scatterWithDims,
} from "./scatter.js";
export { type DotDimensionNumbers, type DotOptions, type Precision, type PrecisionLike, dot, dotGeneral, batchMatmul } from "./dot.js";
export { type ConvTransposeOptions, convTranspose } from "./conv-transpose.js";
export { customRoot, customLinearSolve } from "./custom-solve.js";
export {
  type ApproxTopKOptions,
  full,
  fullLike,
  empty,
  broadcastedIota,
  broadcastShapes,
  padtypeToPads,
  convWithGeneralPadding,
  split,
  tile,
  stack,
  unstack,
  optimizationBarrier,
  approxMaxK,
  approxMinK,
  nextafter,
  mulhi,
  indexTake,
  igammaGradA,
  randomGammaGrad,
  dtype,
} from "./misc.js";
export {
  broadcastLike,
  convDimensionNumbers,
  convGeneralPermutations,
  convShapeTuple,
  convGeneralShapeTuple,
  convTransposeShapeTuple,
  reduceWindowShapeTuple,
} from "./shape-helpers.js";
export { type ScatterApplyOptions, scatterApply } from "./scatter-apply.js";
export { type RaggedDotOptions, type RaggedDotDimensionNumbers, raggedDot, raggedDotGeneral } from "./ragged-dot.js";
export { type ConvPatchesOptions, type ConvLocalOptions, convGeneralDilatedPatches, convGeneralDilatedLocal } from "./conv-patches.js";
