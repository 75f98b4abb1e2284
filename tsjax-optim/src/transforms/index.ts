/** Building blocks (optax `transform`, `transforms`). */
export * from "./scale.js";
export * from "./scale-by-adam.js";
export * from "./scale-by-adan.js";
export * from "./scale-by-norms.js";
export * from "./trace.js";
export * from "./weight-decay.js";
export * from "./clipping.js";
export * from "./scale-by-rms.js";
export * from "./scale-by-other.js";
export * from "./factored.js";
export * from "./misc.js";
export * from "./monitoring.js";
