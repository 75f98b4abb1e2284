/**
 * `bind`: applies a primitive to arrays. Every library function reaches the primitives through
 * here, so transformations (which interpret primitives) see every operation.
 */
export { bind, bind1, isConcrete } from "./trace.js";
