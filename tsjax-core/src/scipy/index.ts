/**
 * `scipy`: `jax.scipy` namespaces (`scipy.linalg`). Special functions live in the top-level
 * `special` namespace.
 */
export * as linalg from "./linalg.js";
