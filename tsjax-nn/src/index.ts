/**
 * tsjax-nn: haiku for TypeScript. Write models as classes (`Module`s) inside a function, and
 * `transform` turns that function into a pair of pure functions, `init` and `apply`, that work
 * with every tsjax-core transformation (`grad`, `jit`, `vmap`) and every tsjax-optim optimizer.
 * Modules are applied with `module.call(...)` (haiku's `__call__`).
 *
 * @example
 * import { grad, np, random } from "tsjax-core";
 * import { MLP, transform } from "tsjax-nn";
 * const f = transform((x: Array) => new MLP([32, 10]).call(x));
 * const x = np.ones([8, 784]);
 * const params = f.init(random.key(0), x);       // { "mlp/~/linear_0": { w, b }, "mlp/~/linear_1": { w, b } }
 * const logits = f.apply(params, null, x);       // [8, 10]
 * const grads = grad((p: typeof params) => f.apply(p, null, x).sum())(params);
 */
export * from "./base/errors.js";
export { type Params, type State, insideTransform } from "./base/frame.js";
export {
  type MethodContext, type MethodInterceptor, Module, currentModule, currentName, forceName, interceptMethods, nameScope, transparent,
} from "./base/module.js";
export {
  type Creator, type GetOptions, type Getter, type GetterContext, customCreator, customGetter, getCurrentState, getInitialState, getParameter,
  getParams, getState, maybeNextRngKey, nextRngKey, nextRngKeys, runningInit, setState, withRng,
} from "./base/params.js";
export { type KeyLike, PRNGSequence } from "./base/rng.js";
export type { Initializer } from "./base/initializer.js";

export {
  type RngArg, type Transformed, type TransformedWithState, type TransformedWithoutRng, type TransformedWithStateWithoutRng, transform,
  transformWithState, withoutApplyRng,
} from "./transform/transform.js";
export { type ApplyTree, type ApplyTreeWithState, type FnTree, multiTransform, multiTransformWithState } from "./transform/multi-transform.js";

export * as initializers from "./initializers/index.js";
export {
  Constant, Identity, Orthogonal, RandomNormal, RandomUniform, TruncatedNormal, UniformScaling, VarianceScaling, glorotNormal, glorotUniform,
  heNormal, heUniform, lecunNormal, lecunUniform, ones, zeros,
} from "./initializers/index.js";

export { Linear, type LinearOptions } from "./modules/linear.js";
export { Bias, type BiasOptions } from "./modules/bias.js";
export { type Layer, Sequential, applyLayer, toModule } from "./modules/sequential.js";
export { Flatten, Reshape } from "./modules/reshape.js";
export { dropout } from "./modules/dropout.js";
export type { ConvPadding } from "./modules/conv-common.js";
export { Conv1D, Conv2D, Conv3D, ConvND, type ConvOptions } from "./modules/conv.js";
export { Conv1DTranspose, Conv2DTranspose, Conv3DTranspose, ConvNDTranspose, type ConvTransposeOptions } from "./modules/conv-transpose.js";
export { DepthwiseConv1D, DepthwiseConv2D, DepthwiseConv3D, DepthwiseConvND, type DepthwiseConvOptions } from "./modules/depthwise-conv.js";
export { AvgPool, MaxPool, type PoolOptions, type PoolSize, avgPool, maxPool } from "./modules/pool.js";
export { Embed, type EmbedLookupStyle, type EmbedOptions } from "./modules/embed.js";
export { InstanceNorm, LayerNorm, type LayerNormOptions } from "./modules/layer-norm.js";
export { RMSNorm, type RMSNormOptions } from "./modules/rms-norm.js";
export { GroupNorm, type GroupNormOptions } from "./modules/group-norm.js";
export { BatchNorm, type BatchNormOptions } from "./modules/batch-norm.js";
export { type EMAOptions, ExponentialMovingAverage } from "./modules/moving-averages.js";
export { MultiHeadAttention, type MultiHeadAttentionOptions } from "./modules/attention.js";
export { MLP, type MLPOptions } from "./nets/mlp.js";
export * as nets from "./nets/index.js";

export { type DynamicUnrollOptions, RNNCore, type StaticUnrollOptions, dynamicUnroll, staticUnroll } from "./recurrent/rnn-core.js";
export { DeepRNN, type DeepRNNLayer, GRU, type GRUOptions, IdentityCore, LSTM, type LSTMState, VanillaRNN, deepRnnWithSkipConnections } from "./recurrent/cores.js";

export {
  type ModuleVmapOptions, cond, foriLoop, jit, map, remat, scan, switch_, switch_ as switch, vmap, whileLoop,
} from "./module-transforms/lift-state.js";
export { LiftWithStateUpdater, lift, liftWithState } from "./module-transforms/lift.js";
export { type LayerStackOptions, layerStack } from "./module-transforms/layer-stack.js";
export { type MethodInvocation, type TabulateColumn, type TabulateFilter, evalSummary, tabulate } from "./module-transforms/tabulate.js";
export {
  type Policy, castFloats, clearPolicy, currentPolicy, effectiveDtype, getPolicy, mixedPrecision, parsePolicy, setPolicy,
} from "./module-transforms/mixed-precision.js";
