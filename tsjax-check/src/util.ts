/** Small helpers shared by the assertions: leaves with paths, shape formatting. */
import { Array as JArray, type DType, introspect, tree } from "tsjax-core";
import { fail } from "./errors.js";

/** One input of a shape assertion, with where it came from. */
export interface Leaf {
  /** "input [1]", ".params.w", or "input" for a single array. */
  where: string;
  shape: readonly number[];
  dtype: DType | "number" | "boolean";
  value: unknown;
}

/** Formats a shape as `[2, 3]`. */
export function shapeStr(shape: readonly unknown[]): string {
  return `[${shape.map((d) => (d === null ? "*" : d instanceof Set ? `{${[...d].join("|")}}` : Array.isArray(d) ? `{${d.join("|")}}` : String(d))).join(", ")}]`;
}

/** Formats a path as `.a.b[0]` (or `(root)`), chex's attribute style (core's `tree.keystr` prints JAX's `['a']['b'][0]`). */
export function pathStr(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(root)";
  return path.map((k) => (typeof k === "number" ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join("");
}

/** Shape and dtype of an array or JS scalar, or undefined for anything else. */
export function describeValue(x: unknown): { shape: readonly number[]; dtype: Leaf["dtype"] } | undefined {
  if (x instanceof JArray) return { shape: x.shape, dtype: x.dtype };
  if (typeof x === "number") return { shape: [], dtype: "number" };
  if (typeof x === "boolean") return { shape: [], dtype: "boolean" };
  return undefined;
}

/** A short description of any value for messages. */
export function show(x: unknown): string {
  if (x instanceof JArray) return introspect.describeTracer(x) ?? `Array<${x.dtype}${shapeStr(x.shape)}>`;
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "function") return `function ${x.name || "(anonymous)"}`;
  if (typeof x === "object") {
    try {
      const s = JSON.stringify(x);
      return s.length > 80 ? `${s.slice(0, 77)}...` : s;
    } catch {
      return Object.prototype.toString.call(x);
    }
  }
  return String(x);
}

function isTsjaxArray(x: unknown): x is JArray {
  return x instanceof JArray;
}

/**
 * The arrays of `inputs` (a single array, or a list/tree of them), each with a location.
 * Non-array leaves other than numbers/booleans fail `assertion`.
 */
export function arrayLeaves(assertion: string, inputs: unknown): Leaf[] {
  if (isTsjaxArray(inputs) || typeof inputs === "number" || typeof inputs === "boolean") {
    const d = describeValue(inputs)!;
    return [{ where: "input", shape: d.shape, dtype: d.dtype, value: inputs }];
  }
  const topList = Array.isArray(inputs);
  const [pairs] = tree.flattenWithPath(inputs);
  return pairs.map(([path, leaf]) => {
    const where = topList && path.length === 1 ? `input [${path[0]}]` : topList ? `input [${path[0]}]${pathStr(path.slice(1))}` : pathStr(path);
    const d = describeValue(leaf);
    if (!d) fail(assertion, `${where} is ${show(leaf)}, not an array or number.`);
    return { where, shape: d.shape, dtype: d.dtype, value: leaf };
  });
}

/** Element count of a shape. */
export function prod(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Row-major multi-index of flat index `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    idx[k] = i % shape[k]!;
    i = Math.floor(i / shape[k]!);
  }
  return idx;
}
