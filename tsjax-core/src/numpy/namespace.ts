/**
 * Everything `np` exports (see `index.ts`, which also connects it to `Array`'s methods).
 */
export * from "./creation.js";
export * from "./ranges.js";
export * from "./quantiles.js";
export * from "./elementwise.js";
export * from "./reductions.js";
export * from "./shape-ops.js";
export * from "./pad.js";
export * from "./indexing.js";
export * from "./linalg.js";
export * from "./sorting.js";
export * from "./aliases.js";
export * from "./math.js";
export * from "./nan-reductions.js";
export * from "./matrices.js";
export * from "./stacking.js";
export * from "./searching.js";
export * from "./differences.js";
export * from "./unique.js";
export * from "./windows.js";
export * from "./vectorize.js";
export * from "./dtype-queries.js";
export * from "./index-tricks.js";
export * from "./functional.js";
export * from "./sets.js";
export * from "./array-api.js";
export * from "./creation-extras.js";
export * from "./bits.js";
export * from "./partition.js";
export * from "./complex.js";
export * as linalg from "./linalg/index.js";
export * as fft from "./fft/index.js";
// `where` of nonzero.ts (both forms) shadows the three-argument one of elementwise.ts
export { type NonzeroOptions, argwhere, flatnonzero, nonzero, where } from "./nonzero.js";
