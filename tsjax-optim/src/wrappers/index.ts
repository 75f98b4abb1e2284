/** Wrappers (optax `wrappers`, `combine`, `transforms`). */
export type { MaskOrFn } from "./mask-utils.js";
export * from "./masked.js";
export * from "./partition.js";
export * from "./inject-hyperparams.js";
export * from "./accumulate.js";
export * from "./conditional.js";
export * from "./lookahead.js";
export * from "./flatten.js";
