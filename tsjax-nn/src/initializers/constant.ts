/** Constant initializers: `Constant`, `zeros`, `ones`. */
import { type Array, type DType, np } from "tsjax-core";

/**
 * Fills with a constant (a number, or an array broadcast to the shape).
 *
 * @example
 * const b = getParameter("b", [3], "float32", new Constant(0.1));
 */
export class Constant {
  constructor(readonly constant: number | Array) {}

  call(shape: readonly number[], dtype: DType): Array {
    const c = typeof this.constant === "number" ? np.array(this.constant, { dtype }) : this.constant;
    return np.broadcastTo(c, shape).astype(dtype);
  }
}

/**
 * The all-zeros initializer (haiku modules' default for biases and offsets).
 *
 * @example
 * getParameter("b", [4], "float32", zeros);
 */
export function zeros(shape: readonly number[], dtype: DType): Array {
  return np.zeros(shape, { dtype });
}

/**
 * The all-ones initializer (the default for scales).
 *
 * @example
 * getParameter("scale", [4], "float32", ones);
 */
export function ones(shape: readonly number[], dtype: DType): Array {
  return np.ones(shape, { dtype });
}
