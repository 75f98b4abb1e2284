export { erf, erfc, erfcx } from "./erf.js";
export { ndtr, logNdtr } from "./ndtr.js";
export { erfinv, ndtri } from "./erfinv.js";
export { lgamma, gammaln } from "./gamma.js";
export { digamma } from "./digamma.js";
export { polygamma } from "./polygamma.js";
export { betaln } from "./beta.js";
export { gammainc, gammaincc } from "./igamma.js";
export { betainc } from "./betainc.js";
export { xlogy, xlog1py, logit, expit } from "./xlogy.js";
export { i0e, i1e, i0, i1, besselJn, type BesselJnOptions } from "./bessel.js";
export { gamma, gammasgn, loggamma, factorial, comb, beta, poch, multigammaln, type CombOptions } from "./gamma-family.js";
export { zeta, bernoulli } from "./zeta.js";
export { entr, relEntr, klDiv, boxcox, boxcox1p } from "./entropy.js";
// `jax.scipy.special` re-exports these three from `jax.nn`; so does tsjax.
export { softmax, logSoftmax } from "../nn/softmax.js";
export { logsumexp } from "../nn/logsumexp.js";
