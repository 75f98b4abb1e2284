/**
 * Helpers of the complex64 and np.fft tests: reading the JAX reference arrays written by
 * `scripts/refs/fft/refs.py` (`test/refs/fft.ts`) and comparing with them.
 */
import { type Array, type Complex, type DType, type NestedArray, np } from "../src/index.js";
import { JAX } from "./refs/fft.js";
import { expectClose, nested } from "./helpers.js";

/** A reference array: shape, dtype, flat data (complex interleaved; NaN/inf as strings). */
interface RefArray {
  shape: number[];
  dtype: "float32" | "complex64" | "int32" | "bool";
  data: (number | string | boolean)[];
}

/** Reference entry `key` of group `group` (a dotted key reads nested entries: `"fft7.x"`). */
function ref(group: string, key: string): RefArray {
  const r = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], JAX[group]);
  if (!r || typeof r !== "object") throw new Error(`no reference ${group}.${key}`);
  return r as RefArray;
}

const num = (v: number | string | boolean): number => (typeof v === "string" ? Number(v) : Number(v));

/** The values of a reference as nested JS arrays (`{ re, im }` leaves for complex64). */
function refNested(r: RefArray): NestedArray {
  if (r.dtype === "complex64") {
    const vals: Complex[] = [];
    for (let i = 0; i < r.data.length; i += 2) vals.push({ re: num(r.data[i]!), im: num(r.data[i + 1]!) });
    return nestedOf(vals, r.shape);
  }
  if (r.dtype === "bool") return nestedOf(r.data as boolean[], r.shape);
  return nested(r.data.map(num), r.shape);
}

function nestedOf<T extends NestedArray>(values: readonly T[], shape: readonly number[]): NestedArray {
  if (shape.length === 0) return values[0]!;
  const [n, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  return globalThis.Array.from({ length: n! }, (_, i) => nestedOf(values.slice(i * step, (i + 1) * step), rest));
}

/** A reference as an array on the default device. */
export function refArray(group: string, key: string): Array {
  const r = ref(group, key);
  const a = np.array(refNested(r) as never, { dtype: r.dtype as DType });
  return r.shape.length === 0 ? a.reshape([]) : a;
}

/** Asserts that `actual` matches reference `group.key` (dtype included). */
export async function expectRef(actual: Array, group: string, key: string, tol: { rtol?: number; atol?: number } = {}): Promise<void> {
  const r = ref(group, key);
  await expectClose(actual, refNested(r), { rtol: tol.rtol ?? 1e-5, atol: tol.atol ?? 1e-5, dtype: r.dtype as DType });
}
