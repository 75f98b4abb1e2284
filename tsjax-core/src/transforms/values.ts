/**
 * How transformations read the JS values in pytrees: arrays are traced, JS numbers and
 * booleans become arrays where a value is needed, and other leaves (in aux outputs and
 * residuals) pass through untouched.
 */
import { Array } from "../array/array.js";
import { defaultDevice } from "../backend/devices.js";
import { scalarLike } from "../numpy/convert.js";
import * as tree from "../tree/index.js";
import type { TreeDef } from "../tree/treedef.js";

/**
 * A JS number or boolean as a scalar array. Numbers become weak float32 (as `np.array` makes
 * them float32: JS has no integer literals, so `grad(f)(3)` differentiates like `grad(f)(3.5)`).
 */
export function valueArray(op: string, v: Array | number | boolean, device = defaultDevice()): Array {
  if (v instanceof Array) return v;
  if (typeof v === "boolean") return scalarLike(op, v, { dtype: "bool", weakType: false }, device);
  return scalarLike(op, v, { dtype: "float32", weakType: true }, device);
}

/** A pytree split into its arrays and its other leaves (see `splitArrays`). */
export interface ArraySplit {
  /** The arrays, in flatten order. */
  arrays: Array[];
  /** The structure of the whole tree. */
  def: TreeDef;
  /** For each leaf of the tree, whether it is an array. */
  isArray: boolean[];
  /**
   * The tree with `arrays` in the places of its arrays, and `other(leaf)` in the places of its
   * other leaves (by default the leaves themselves: numbers, strings, ... unchanged).
   */
  rebuild<T = unknown>(arrays: readonly unknown[], other?: (leaf: unknown) => unknown): T;
}

/** Splits a pytree into its arrays and everything else. */
export function splitArrays(t: unknown): ArraySplit {
  const [leaves, def] = tree.flatten(t);
  const isArray = leaves.map((l) => l instanceof Array);
  return {
    arrays: leaves.filter((l): l is Array => l instanceof Array),
    def,
    isArray,
    rebuild: <T>(arrays: readonly unknown[], other: (leaf: unknown) => unknown = (l) => l) => {
      let k = 0;
      return tree.unflatten<T>(def, leaves.map((l, i) => (isArray[i] ? arrays[k++] : other(l))));
    },
  };
}
