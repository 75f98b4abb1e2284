/**
 * `np`: the numpy API (`import { np } from "tsjax-core"`), with JAX semantics: immutable arrays,
 * JAX type promotion, float32 by default.
 */
import { _connectNumpy } from "../array/array.js";
import * as namespace from "./namespace.js";

export * from "./namespace.js";

// Array's methods (x.add(y), x.sum()) call these functions
_connectNumpy(namespace);
