/**
 * tsjax-optim: optax for TypeScript. Composable gradient transformations, optimizers,
 * schedules and losses for tsjax.
 *
 * @example
 * import { grad, jit, np } from "tsjax-core";
 * import { adamw, applyUpdates } from "tsjax-optim";
 * const opt = adamw(1e-3);
 * let state = opt.init(params);
 * const step = jit((params, state, x, y) => {
 *   const g = grad(loss)(params, x, y);
 *   const [updates, next] = opt.update(g, state, params);
 *   return [applyUpdates(params, updates), next];
 * }, { donate: [0, 1] });
 */
// core abstraction
export {
  type EmptyState, type GradientTransformation, type GradientTransformationExtraArgs, type Hyper, type MaskedNode, type OptState, type Params,
  type ScalarOrSchedule, type Schedule, type StateOf, type TransformInitFn, type TransformUpdateExtraArgsFn, type TransformUpdateFn, type UpdateExtra,
  type Updates, applyUpdates, chain, gradientTransformation, identity, initEmptyState, namedChain, setToZero, stateless, statelessWithTreeMap,
  withExtraArgsSupport,
} from "./base.js";
// tree utilities (optax `tree`, `tree_utils`)
export * from "./tree-math.js";
export {
  treeBiasCorrection as biasCorrection, treeUpdateInfinityMoment as updateInfinityMoment, treeUpdateMoment as updateMoment,
  treeUpdateMomentPerElemNorm as updateMomentPerElemNorm,
} from "./tree-math.js";
export * from "./tree-utils.js";
export { type SafeNormOptions, safeIncrement, safeInt32Increment, safeNorm, safeRootMeanSquares } from "./numerics.js";
// transforms
export * from "./transforms/index.js";
// optimizers
export * from "./optimizers/index.js";
// wrappers
export * from "./wrappers/index.js";
// schedules
export * from "./schedules/index.js";
// losses
export * from "./losses/index.js";
export * from "./lbfgs/index.js";
// other utilities
export * from "./linear-algebra.js";
export * from "./projections.js";
export * from "./perturbations.js";
export * from "./microbatching.js";
export * from "./update.js";
