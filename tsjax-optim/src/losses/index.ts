/** Losses (optax `losses`), returning per-example values. */
export * from "./regression.js";
export * from "./classification.js";
export * from "./divergence.js";
export * from "./ctc.js";
