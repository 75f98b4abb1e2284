/**
 * Initializers (haiku's `hk.initializers`): each is a class whose `call(shape, dtype)` draws
 * from `nextRngKey()`, or a plain function `(shape, dtype) => Array`.
 *
 * @example
 * import { initializers, Linear } from "tsjax-nn";
 * new Linear(10, { wInit: new initializers.VarianceScaling(2.0), bInit: new initializers.Constant(0.1) });
 */
export { Constant, ones, zeros } from "./constant.js";
export { RandomNormal, RandomUniform, TruncatedNormal } from "./random.js";
export {
  type FanMode, type VarianceDistribution, UniformScaling, VarianceScaling, computeFans, glorotNormal, glorotUniform, heNormal,
  heUniform, lecunNormal, lecunUniform,
} from "./variance-scaling.js";
export { Identity, Orthogonal } from "./orthogonal.js";
export type { Initializer } from "../base/initializer.js";
