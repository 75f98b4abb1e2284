/** Deep snapshots of JS values, to see what a call mutated, and tracer searches. */
import { Array as JArray, introspect } from "tsjax-core";
import { shapeStr } from "./util.js";

const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

const MAX_NODES = 20_000;

/** Visits every value reachable from `root` (own enumerable properties, list items, Map/Set entries), not descending into tsjax arrays. */
function walk(root: unknown, rootPath: string, visit: (path: string, value: unknown) => void): void {
  const seen = new Set<object>();
  let n = 0;
  const go = (x: unknown, path: string) => {
    visit(path, x);
    if (x === null || typeof x !== "object" || x instanceof JArray || ArrayBuffer.isView(x)) return;
    if (seen.has(x) || ++n > MAX_NODES) return;
    seen.add(x);
    if (Array.isArray(x)) x.forEach((v, i) => go(v, `${path}[${i}]`));
    else if (x instanceof Map) for (const [k, v] of x) go(v, `${path}.get(${typeof k === "string" ? JSON.stringify(k) : String(k)})`);
    else if (x instanceof Set) [...x].forEach((v, i) => go(v, `${path}<set item ${i}>`));
    else for (const k of Object.keys(x)) go((x as Record<string, unknown>)[k], /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`);
  };
  go(root, rootPath);
}

/** One line per reachable value: `path = description` (identity for objects, value for primitives). */
export function snapshot(root: unknown, rootPath: string): Map<string, string> {
  const out = new Map<string, string>();
  walk(root, rootPath, (path, x) => {
    let d: string;
    if (x instanceof JArray) d = introspect.describeTracer(x) ?? `Array#${idOf(x)}<${x.dtype}${shapeStr(x.shape)}>`;
    else if (x === null || x === undefined) d = String(x);
    else if (typeof x === "object") {
      const size = Array.isArray(x) ? `length ${x.length}` : x instanceof Map || x instanceof Set ? `size ${x.size}` : ArrayBuffer.isView(x) ? `[${String(Array.from(x as unknown as ArrayLike<number>).slice(0, 64))}]` : `keys [${Object.keys(x).join(", ")}]`;
      d = `${x.constructor?.name ?? "Object"}#${idOf(x)} (${size})`;
    } else if (typeof x === "function") d = `function ${x.name || "(anonymous)"}#${idOf(x)}`;
    else if (typeof x === "string") d = JSON.stringify(x);
    else d = `${typeof x === "bigint" ? `${x}n` : String(x)}`;
    out.set(path, d);
  });
  return out;
}

/** The first difference between two snapshots, as "path: before -> after", or undefined. */
export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): string | undefined {
  for (const [path, d] of after) {
    const b = before.get(path);
    if (b === undefined) return `${path} was added (${d})`;
    if (b !== d) return `${path} changed from ${b} to ${d}`;
  }
  for (const [path, d] of before) if (!after.has(path)) return `${path} was removed (was ${d})`;
  return undefined;
}

/** Every tracer reachable from `root`, with its path. */
export function findTracers(root: unknown, rootPath: string): { path: string; tracer: JArray }[] {
  const out: { path: string; tracer: JArray }[] = [];
  walk(root, rootPath, (path, x) => {
    if (introspect.isTracer(x)) out.push({ path, tracer: x as JArray });
  });
  return out;
}
