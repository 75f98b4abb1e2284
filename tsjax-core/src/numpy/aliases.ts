/**
 * The array-API names that JAX's numpy has besides numpy's (`acos` for `arccos`, `concat` for
 * `concatenate`, `pow` for `power` ...), and numpy's own second names (`degrees`, `radians`).
 * Each is the same function as the one it names.
 */
import {
  arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, bitwiseNot, leftShift, power, rightShift,
} from "./elementwise.js";
import type { Array, ArrayLike } from "../array/array.js";
import { namedArgs } from "../util/options.js";
import { concatenate, transpose } from "./shape-ops.js";
import { matrixTranspose as linalgMatrixTranspose } from "./linalg/products.js";
import { deg2rad, rad2deg } from "./math.js";

/** Alias of `arccos`. @example np.acos(np.array([1])) // [0] */
export const acos = arccos;
/** Alias of `arccosh`. @example np.acosh(np.array([1])) // [0] */
export const acosh = arccosh;
/** Alias of `arcsin`. @example np.asin(np.array([0])) // [0] */
export const asin = arcsin;
/** Alias of `arcsinh`. @example np.asinh(np.array([0])) // [0] */
export const asinh = arcsinh;
/** Alias of `arctan`. @example np.atan(np.array([0])) // [0] */
export const atan = arctan;
/** Alias of `arctanh`. @example np.atanh(np.array([0])) // [0] */
export const atanh = arctanh;
/** Alias of `arctan2`. @example np.atan2(1, np.array([1])) // [0.7853982] */
export const atan2 = arctan2;
/** Alias of `power`. @example np.pow(np.array([2]), 3) // [8] */
export const pow = power;
/** Alias of `bitwiseNot`. @example np.bitwiseInvert(np.array([0])) // [-1] */
export const bitwiseInvert = bitwiseNot;
/** Alias of `leftShift`. @example np.bitwiseLeftShift(np.array([1]), 3) // [8] */
export const bitwiseLeftShift = leftShift;
/** Alias of `rightShift`. @example np.bitwiseRightShift(np.array([8]), 3) // [1] */
export const bitwiseRightShift = rightShift;
/**
 * `concatenate` under the array API's name, with `axis` also as an option (JAX's keyword).
 *
 * @example
 * np.concat([np.ones([2]), np.zeros([1])]); // [1, 1, 0]
 * np.concat([a, b], { axis: 1 });
 */
export function concat(arrays: readonly ArrayLike[], ...rest: unknown[]): Array {
  const { axis } = namedArgs<{ axis?: number | null }>("np.concat", rest, ["axis"], [], "np.concat(arrays, { axis })");
  return concatenate(arrays, axis === undefined ? 0 : axis);
}
/** Alias of `transpose` (the array API's name). @example np.permuteDims(np.ones([2, 3]), [1, 0]).shape // [3, 2] */
export const permuteDims = transpose;
/** Swaps the last two axes (`np.linalg.matrixTranspose`). @example np.matrixTranspose(np.ones([4, 2, 3])).shape // [4, 3, 2] */
export const matrixTranspose = linalgMatrixTranspose;
/** Alias of `rad2deg`. @example np.degrees(np.array([Math.PI])) // [180] */
export const degrees = rad2deg;
/** Alias of `deg2rad`. @example np.radians(np.array([180])) // [3.1415927] */
export const radians = deg2rad;
