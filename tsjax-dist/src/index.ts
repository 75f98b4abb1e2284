/**
 * tsjax-dist: distrax for TypeScript. Probability distributions, bijectors and a KL registry
 * written with tsjax-core's public array ops, so they work under `jit`, `vmap` and `grad`, and
 * pass through them as pytrees.
 *
 * @example
 * import { random, np } from "tsjax-core";
 * import { MultivariateNormalDiag, Normal } from "tsjax-dist";
 * const q = new MultivariateNormalDiag({ loc: np.zeros([2]), scaleDiag: np.array([1, 2]) });
 * const [z, logq] = q.sampleAndLogProb({ seed: random.key(0) });
 * const kl = new Normal(0, 1).klDivergence(new Normal(1, 2));
 */
// base classes and the KL registry
export { Distribution, type SampleOptions, type Seed } from "./distributions/distribution.js";
export { Bijector, type BijectorOptions } from "./bijectors/bijector.js";
export { type DistributionClass, type KLRule, klDivergence, registerKL } from "./kl.js";
export { type McEstimateKlOptions, mcEstimateKl } from "./monte-carlo.js";
export type { NestedNumbers, Numeric } from "./utils/args.js";
export type { IndexSpec } from "./utils/batch-index.js";
export type { ValidateOptions } from "./utils/validate.js";
// univariate continuous
export { Normal } from "./distributions/normal.js";
export { LogStddevNormal, type LogStddevNormalOptions } from "./distributions/log-stddev-normal.js";
export { Laplace } from "./distributions/laplace.js";
export { Logistic } from "./distributions/logistic.js";
export { Gumbel } from "./distributions/gumbel.js";
export { Uniform } from "./distributions/uniform.js";
export { Beta } from "./distributions/beta.js";
export { Gamma } from "./distributions/gamma.js";
export { VonMises } from "./distributions/von-mises.js";
export { Dirichlet } from "./distributions/dirichlet.js";
// discrete
export { Bernoulli, type BernoulliOptions } from "./distributions/bernoulli.js";
export { Categorical, type CategoricalOptions } from "./distributions/categorical.js";
export { OneHotCategorical } from "./distributions/one-hot-categorical.js";
export { CategoricalUniform, type CategoricalUniformOptions } from "./distributions/categorical-uniform.js";
export { Softmax, type SoftmaxOptions } from "./distributions/softmax.js";
export { EpsilonGreedy, Greedy } from "./distributions/greedy.js";
export { Deterministic, type DeterministicOptions } from "./distributions/deterministic.js";
// multivariate normals
export { MultivariateNormalFromBijector } from "./distributions/mvn-from-bijector.js";
export { MultivariateNormalDiag, type MultivariateNormalDiagOptions } from "./distributions/mvn-diag.js";
export { MultivariateNormalTri, type MultivariateNormalTriOptions } from "./distributions/mvn-tri.js";
export { MultivariateNormalFullCovariance, type MultivariateNormalFullCovarianceOptions } from "./distributions/mvn-full-covariance.js";
export { MultivariateNormalDiagPlusLowRank, type MultivariateNormalDiagPlusLowRankOptions } from "./distributions/mvn-diag-plus-low-rank.js";
// combinators
export { Independent } from "./distributions/independent.js";
export { Transformed } from "./distributions/transformed.js";
export { type MixingDistribution, MixtureSameFamily } from "./distributions/mixture-same-family.js";
export { MixtureOfTwo } from "./distributions/mixture-of-two.js";
export { Quantized, type QuantizedOptions } from "./distributions/quantized.js";
export { Clipped, ClippedLogistic, ClippedNormal } from "./distributions/clipped.js";
export { straightThroughWrapper } from "./distributions/straight-through.js";
// bijectors
export { type BijectorLike, Lambda, type LambdaOptions } from "./bijectors/lambda.js";
export { Chain } from "./bijectors/chain.js";
export { Inverse } from "./bijectors/inverse.js";
export { Block } from "./bijectors/block.js";
export { ScalarAffine, type ScalarAffineOptions, Shift } from "./bijectors/scalar-affine.js";
export { Tanh } from "./bijectors/tanh.js";
export { Sigmoid } from "./bijectors/sigmoid.js";
export { GumbelCDF } from "./bijectors/gumbel-cdf.js";
export { Permute } from "./bijectors/permute.js";
export { Linear } from "./bijectors/linear.js";
export { DiagLinear } from "./bijectors/diag-linear.js";
export { TriangularLinear } from "./bijectors/triangular-linear.js";
export { LowerUpperTriangularAffine } from "./bijectors/lower-upper-triangular-affine.js";
export { UnconstrainedAffine } from "./bijectors/unconstrained-affine.js";
export { DiagPlusLowRankLinear } from "./bijectors/diag-plus-low-rank-linear.js";
export { SplitCoupling, type SplitCouplingOptions } from "./bijectors/split-coupling.js";
export { MaskedCoupling, type MaskedCouplingOptions } from "./bijectors/masked-coupling.js";
export { type BoundarySlopes, RationalQuadraticSpline, type RationalQuadraticSplineOptions } from "./bijectors/rational-quadratic-spline.js";
