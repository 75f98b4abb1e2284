export { erf, erfc, erfcx } from "./erf.js";
export { ndtr, logNdtr } from "./ndtr.js";
export { erfinv, ndtri } from "./erfinv.js";
export { lgamma, gammaln } from "./gamma.js";
export { digamma, polygamma } from "./digamma.js";
export { betaln } from "./beta.js";
export { gammainc, gammaincc } from "./igamma.js";
