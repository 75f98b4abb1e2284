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
  type EmptyState, type GradientTransformation, type Hyper, type ScalarOrSchedule, type Schedule, type StateOf, type UpdateExtra,
  applyUpdates, chain, gradientTransformation, identity, namedChain, setToZero,
} from "./base.js";
export {
  castTo, globalNorm, treeAdd, treeAddScale, treeBiasCorrection, treeCast, treeDiv, treeFull, treeL2Norm, treeMax, treeMul, treeNorm,
  treeOnesLike, treeScale, treeSub, treeSum, treeUpdateMoment, treeUpdateMomentPerElemNorm, treeVdot, treeWhere, treeZerosLike,
} from "./tree-math.js";
export { safeIncrement, safeNorm } from "./numerics.js";
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
