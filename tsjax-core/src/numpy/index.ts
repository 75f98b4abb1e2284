/**
 * `np`: the numpy API (`import { np } from "tsjax-core"`), with JAX semantics: immutable arrays,
 * JAX type promotion, float32 by default.
 */
import { _connectNumpy } from "../array/array.js";
import * as self from "./index.js";

export * from "./creation.js";
export * from "./elementwise.js";
export * from "./reductions.js";
export * from "./shape-ops.js";
export * from "./indexing.js";
export * from "./linalg.js";
export * from "./sorting.js";
export * from "./complex.js";
export * as linalg from "./linalg/index.js";
export * as fft from "./fft/index.js";
export { type NonzeroOptions, argwhere, flatnonzero, nonzero } from "./nonzero.js";

_connectNumpy(self);
