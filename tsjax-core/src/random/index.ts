/**
 * `random`: counter-based pseudo-random numbers, as `jax.random` (`import { random } from
 * "tsjax-core"`).
 *
 * Keys are plain uint32 arrays of shape `[2]` (JAX's raw "legacy" keys, as `jax.random.PRNGKey`
 * returns and `jax.random.key_data` exposes); a batch of keys has shape `[..., 2]`. Functions
 * never mutate keys: split a key to get fresh ones, and never reuse a key for two draws you
 * want independent.
 *
 * Key derivation, `split`, `foldIn` and the random bits are those of JAX's default
 * implementation (`threefry2x32` with `jax_threefry_partitionable=True`, the default since
 * JAX 0.5.0), so a key gives the same bits as in JAX; samplers use JAX's algorithms, so they
 * give JAX's values: `normal`, `uniform`, `truncatedNormal` and `gamma` (a >= 1) bit for bit
 * (XLA's float32 `erf_inv`, `log` and `log1p` with its fused multiply-adds), the others up to
 * the rounding of transcendental functions. Every sampler takes JAX's positional `shape` after
 * its parameters (`random.gamma(key, a, [100])`), or a `shape` option.
 *
 * @example
 * import { random } from "tsjax-core";
 * const key = random.key(0);
 * await random.normal(key, [3]).data();   // [1.6226422, 2.0252647, -0.43359444], as jax.random.normal
 * const keys = random.split(key);         // fresh keys for independent draws
 * const u = random.uniform(keys.get(0), [2, 2], { minval: -1, maxval: 1 });
 * const i = random.randint(keys.get(1), [5], 0, 10);
 */
export {
  type BitsOptions, type ShapeLike, PRNGKey, bits, clone, foldIn, key, keyData, keyDtype, keyImpl, split, threefry2x32, wrapKeyData,
} from "./keys.js";
export { type FloatDType, type RandintOptions, type UniformOptions, bernoulli, randint, uniform } from "./uniform.js";
export {
  type DTypeOptions, type MultivariateNormalOptions, type TruncatedNormalOptions, multivariateNormal, normal, truncatedNormal,
} from "./normal.js";
export { cauchy, exponential, gumbel, laplace, logistic } from "./continuous.js";
export { type CategoricalOptions, type ChoiceOptions, type PermutationOptions, categorical, choice, permutation, shuffle } from "./discrete.js";
export { type DirichletOptions, type GammaOptions, beta, chisquare, dirichlet, gamma, loggamma, t } from "./gamma.js";
export { type PoissonOptions, poisson } from "./poisson.js";
export {
  type BallOptions, type OrthogonalOptions,
  ball, doubleSidedMaxwell, f, generalizedNormal, geometric, lognormal, maxwell, orthogonal, pareto, rademacher, rayleigh, triangular,
  wald, weibullMin,
} from "./derived.js";
export { type MultinomialOptions, binomial, multinomial } from "./binomial.js";
