/**
 * User values in error messages: short and readable, never internals. Arrays show as
 * `Array [2,3] float32` (or `Traced<f32[3]> in jit(f)` for traced values), lists and plain
 * objects element by element, anything else by its type.
 */
import { Array } from "../array/array.js";
import { isList } from "../util.js";

/**
 * A short description of `x` for an error message.
 *
 * @example
 * formatValue([2, tracer]); // "[2, Traced<i32[]> in jit(f)]"
 */
export function formatValue(x: unknown, depth = 0): string {
  if (x instanceof Array) return String(x);
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "bigint") return `${x}n`;
  if (typeof x === "function") return `a function${x.name ? ` (${x.name})` : ""}`;
  if (x === null || typeof x !== "object") return String(x);
  if (depth > 2) return isList(x) ? "[...]" : "{...}";
  if (isList(x)) {
    const items = x.slice(0, 8).map((v) => formatValue(v, depth + 1));
    return `[${items.join(", ")}${x.length > 8 ? `, ... (${x.length} items)` : ""}]`;
  }
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return `an object (${(x as object).constructor?.name ?? "Object"})`;
  const entries = Object.entries(x).slice(0, 8).map(([k, v]) => `${k}: ${formatValue(v, depth + 1)}`);
  return `{ ${entries.join(", ")} }`;
}

/** True for a traced value (an abstract array inside a transformation). */
export function isTracedValue(x: unknown): boolean {
  return x instanceof Array && "_trace" in x;
}
