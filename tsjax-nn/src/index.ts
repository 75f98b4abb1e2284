export * from "./base/errors.js";
export { type Params, type State, insideTransform } from "./base/frame.js";
export { type MethodContext, type MethodInterceptor, Module, currentModule, currentName, forceName, interceptMethods, nameScope, transparent } from "./base/module.js";
export {
  type Creator, type GetOptions, type Getter, type GetterContext, customCreator, customGetter, getCurrentState, getInitialState, getParameter,
  getParams, getState, maybeNextRngKey, nextRngKey, nextRngKeys, runningInit, setState, withRng,
} from "./base/params.js";
export { type KeyLike, PRNGSequence } from "./base/rng.js";
export type { Initializer } from "./base/initializer.js";
export * from "./transform/transform.js";
export * as initializers from "./initializers/index.js";
export { Linear, type LinearOptions } from "./modules/linear.js";
