/** The initializer type shared by `getParameter` and the modules. */
import type { Array, DType } from "tsjax-core";

/** A function `(shape, dtype) => Array`, or an object with such a `call` method (the classes in `initializers`). */
export type Initializer = ((shape: readonly number[], dtype: DType) => Array) | { call(shape: readonly number[], dtype: DType): Array };

/** Runs an initializer of either form. @internal */
export function runInitializer(init: Initializer, shape: readonly number[], dtype: DType): Array {
  const v = typeof init === "function" ? init(shape, dtype) : init.call(shape, dtype);
  if (!v || typeof v !== "object" || !("shape" in v)) throw new TypeError(`An initializer returned ${v === null ? "null" : typeof v}, not an array.`);
  return v;
}
