/**
 * tsjax-check: chex for TypeScript. Shape, dtype and tree assertions that work on concrete
 * and traced arrays, runtime value checks inside `jit` (`checkify`), and purity assertions
 * (retracing, impure functions, tracer leaks).
 *
 * @example
 * import { assertShape, assertTreesAllClose, assertMaxTraces } from "tsjax-check";
 * import { jit, np } from "tsjax-core";
 * const f = jit(assertMaxTraces((x) => { assertShape(x, [null, 3]); return x.mul(2); }, 1));
 * await assertTreesAllClose(f(np.ones([2, 3])), np.full([2, 3], 2));
 */
export { CheckError } from "./errors.js";
export { assertsEnabled, disableAsserts, enableAsserts } from "./config.js";
export {
  type DimSpec, type ShapeSpec, type TypeSpec,
  assertAxisDimension, assertAxisDimensionGt, assertAxisDimensionGteq, assertAxisDimensionLt, assertAxisDimensionLteq,
  assertEqualRank, assertEqualShape, assertEqualShapePrefix, assertEqualShapeSuffix, assertEqualSize, assertIsBroadcastable,
  assertRank, assertShape, assertSize, assertType,
} from "./shape.js";
export {
  assertEqual, assertExactlyOneIsNull, assertIsDivisible, assertNotBothNull, assertScalar, assertScalarIn,
  assertScalarNegative, assertScalarNonNegative, assertScalarPositive,
} from "./scalar.js";
export { Dimensions } from "./dimensions.js";
export {
  assertTreeNoNulls, assertTreeShape, assertTreeShapePrefix, assertTreeShapeSuffix, assertTreesAllEqualDtypes,
  assertTreesAllEqualShapes, assertTreesAllEqualShapesAndDtypes, assertTreesAllEqualStructs,
} from "./tree-structure.js";
export { type AllCloseOptions, assertTreeAllFinite, assertTreesAllClose, assertTreesAllCloseUlp, assertTreesAllEqual } from "./tree-values.js";
export { assertNumericalGrads } from "./numerical-grads.js";
export { type CheckifyOptions, type ErrorKind, CheckifyError, allChecks, check, checkify, floatChecks, userChecks } from "./checkify.js";
export { assertMaxTraces, clearTraceCounter, traceCountOf } from "./max-traces.js";
export { type Signature, diffSignatures, signatureOf } from "./signature.js";
export { assertPure } from "./pure.js";
export { type LeakChecked, assertNoTracerLeaks, checkTracerLeaks } from "./leaks.js";
export { type Variant, type VariantName, type VariantsOptions, fakeJit, isFakeJit, variantList, variants, withJit } from "./variants.js";
export { type DataclassCtor, type DataclassInstance, dataclass } from "./dataclass.js";
