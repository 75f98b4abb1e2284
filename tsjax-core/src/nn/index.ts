/**
 * `nn`: neural-network functions (`import { nn } from "tsjax-core"`), as `jax.nn`:
 * activations, softmax/logSoftmax/logsumexp/logmeanexp, oneHot, standardize, dotProductAttention
 * and `initializers`.
 * Names are JAX's in camelCase; defaults and edge-case behaviour follow JAX.
 */
export { relu, relu6, leakyRelu, hardTanh, hardSigmoid, hardSilu, hardSwish } from "./piecewise.js";
export { elu, celu, selu } from "./exponential.js";
export { sigmoid, logSigmoid, softplus, silu, swish, softSign } from "./sigmoid.js";
export { gelu } from "./gelu.js";
export { glu } from "./glu.js";
export { type SoftmaxOptions, softmax, logSoftmax } from "./softmax.js";
export { type LogsumexpOptions, logsumexp } from "./logsumexp.js";
export { type OneHotOptions, oneHot } from "./one-hot.js";
export { type StandardizeOptions, standardize } from "./standardize.js";
export { type DotProductAttentionOptions, dotProductAttention } from "./attention.js";
export { identity, log1mexp, mish, sparsePlus, sparseSigmoid, squareplus, tanh } from "./smooth.js";
export { type LogmeanexpOptions, logmeanexp } from "./logmeanexp.js";
export * as initializers from "./initializers.js";
