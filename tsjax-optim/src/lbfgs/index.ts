/** L-BFGS. */
export * from "./scale-by-lbfgs.js";
export * from "./linesearch.js";
export * from "./zoom-linesearch.js";
export * from "./lbfgs.js";
