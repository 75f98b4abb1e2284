/**
 * Shapes of the JAX reference values of the linear-algebra tests (written by
 * `scripts/refs/linalg/*.py`), and readers that turn them into arrays.
 */
import { type Array, np } from "../../../index.js";

/** An array: its shape and flat values (NaN and infinities as strings). */
interface Ref {
  shape: number[];
  data: (number | string | boolean)[];
}

/** One case: arrays by name, and options (booleans, numbers, strings). */
export type RefCase = Record<string, Ref | boolean | number | string>;

const num = (v: number | string | boolean): number => (typeof v === "string" ? Number(v) : Number(v));

/** The flat numbers of an entry. */
export function values(c: RefCase, key: string): number[] {
  const r = c[key];
  if (!r || typeof r !== "object") throw new Error(`reference case has no array "${key}"`);
  return r.data.map(num);
}

/** The shape of an entry. */
export function shapeOf(c: RefCase, key: string): number[] {
  return (c[key] as Ref).shape;
}

/** An entry as a float32 array (int32 with `dtype`) on the default device. */
export function refArray(c: RefCase, key: string, dtype: "float32" | "int32" = "float32"): Array {
  const r = c[key] as Ref;
  return np.array(values(c, key), { dtype }).reshape(r.shape);
}
