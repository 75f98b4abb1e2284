/** Losses (optax `losses`). */
export * from "./regression.js";
export * from "./classification.js";
export * from "./divergence.js";
export * from "./ctc.js";
export * from "./self-supervised.js";
export * from "./ranking.js";
export * from "./segmentation.js";
export * from "./fenchel-young.js";
export type { LossAxis } from "./util.js";
