/** Optimizers (optax `alias`). */
export * from "./sgd.js";
export * from "./adam.js";
export * from "./adaptive.js";
export * from "./sign-and-trust.js";
export * from "./optimistic.js";
