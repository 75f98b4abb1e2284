/**
 * Shape, rank, size and dtype assertions. They read only shapes and dtypes, so they work on
 * concrete arrays and on traced values inside `jit`, `grad` and `vmap` alike.
 */
import { Array as JArray, type DType } from "tsjax-core";
import { assertsEnabled } from "./config.js";
import { fail } from "./errors.js";
import { type Leaf, arrayLeaves, prod, shapeStr, show } from "./util.js";

/** One axis of an expected shape: a size, `null` (any size), or alternatives. */
export type DimSpec = number | null | readonly number[] | ReadonlySet<number>;
/** An expected shape; one `"..."` stands for any number of axes. */
export type ShapeSpec = readonly (DimSpec | "...")[];

function dimOk(d: number, spec: DimSpec): boolean {
  if (spec === null) return true;
  if (typeof spec === "number") return d === spec;
  if (spec instanceof Set) return spec.has(d);
  return (spec as readonly number[]).includes(d);
}

/** Why `shape` does not match `spec`, or undefined when it does. */
export function shapeMismatch(shape: readonly number[], spec: ShapeSpec): string | undefined {
  const e = spec.indexOf("...");
  if (e >= 0 && spec.indexOf("...", e + 1) >= 0) throw new TypeError(`assertShape: at most one "..." per shape, got ${shapeStr(spec)}.`);
  const pre = (e < 0 ? spec : spec.slice(0, e)) as DimSpec[];
  const post = (e < 0 ? [] : spec.slice(e + 1)) as DimSpec[];
  if (e < 0 ? shape.length !== pre.length : shape.length < pre.length + post.length) {
    return `rank ${shape.length} but expected ${e < 0 ? "rank " : "rank >= "}${pre.length + post.length}`;
  }
  for (let i = 0; i < pre.length; i++) if (!dimOk(shape[i]!, pre[i]!)) return `axis ${i} is ${shape[i]} but expected ${shapeStr([pre[i]]).slice(1, -1)}`;
  for (let i = 0; i < post.length; i++) {
    const ax = shape.length - post.length + i;
    if (!dimOk(shape[ax]!, post[i]!)) return `axis ${ax} is ${shape[ax]} but expected ${shapeStr([post[i]]).slice(1, -1)}`;
  }
  return undefined;
}

const isSpecList = (x: unknown): boolean => Array.isArray(x) || x instanceof Set;

/** Per-leaf expected values: a list with one entry per input of a list input, else `expected` for all. */
function perInput<T>(inputs: unknown, leaves: Leaf[], expected: T, isPer: (e: T) => boolean): T[] {
  if (Array.isArray(inputs) && Array.isArray(expected) && isPer(expected)) {
    if ((expected as unknown[]).length !== leaves.length) {
      throw new TypeError(`got ${leaves.length} input(s) but ${(expected as unknown[]).length} expected value(s).`);
    }
    return expected as unknown as T[];
  }
  return leaves.map(() => expected);
}

/**
 * Checks that each input has the expected shape. `null` matches any size, a list or `Set`
 * lists alternatives for one axis, and one `"..."` matches any number of leading, middle or
 * trailing axes. With a list of inputs, a list of shapes gives one shape per input.
 *
 * @example
 * assertShape(x, [2, 3]);
 * assertShape(x, [null, 3]);             // any batch size
 * assertShape(x, ["...", 3]);            // any leading axes
 * assertShape(x, [[2, 4], 3]);           // 2 or 4 rows
 * assertShape([x, y], [[2, 3], [3]]);    // one shape per input
 */
export function assertShape(inputs: unknown, expected: ShapeSpec | readonly ShapeSpec[]): void {
  if (!assertsEnabled()) return;
  const leaves = arrayLeaves("assertShape", inputs);
  const specs = perInput(inputs, leaves, expected as unknown, (e) => (e as unknown[]).length > 0 && (e as unknown[]).every(isSpecList)) as ShapeSpec[];
  leaves.forEach((l, i) => {
    const why = shapeMismatch(l.shape, specs[i]!);
    if (why) fail("assertShape", `${l.where} has shape ${shapeStr(l.shape)} but expected ${shapeStr(specs[i]!)} (${why}).`);
  });
}

type RankSpec = number | readonly number[] | ReadonlySet<number>;

/**
 * Checks each input's rank: a number, or alternatives (a `Set`, or a list for a single
 * input). With a list of inputs, a list gives one rank (or `Set`) per input.
 *
 * @example
 * assertRank(x, 2);
 * assertRank(x, new Set([1, 2]));
 * assertRank([x, b], [2, 1]);
 */
export function assertRank(inputs: unknown, expected: RankSpec | readonly RankSpec[]): void {
  if (!assertsEnabled()) return;
  const leaves = arrayLeaves("assertRank", inputs);
  const per = Array.isArray(inputs) && Array.isArray(expected) && expected.length === leaves.length;
  leaves.forEach((l, i) => {
    const e = (per ? (expected as RankSpec[])[i]! : expected) as RankSpec;
    const ok = typeof e === "number" ? l.shape.length === e : e instanceof Set ? e.has(l.shape.length) : (e as number[]).includes(l.shape.length);
    const want = typeof e === "number" ? String(e) : `one of {${[...(e as Iterable<number>)].join(", ")}}`;
    if (!ok) fail("assertRank", `${l.where} has rank ${l.shape.length} (shape ${shapeStr(l.shape)}) but expected rank ${want}.`);
  });
}

/** A dtype, or a family: "float" (float32/float16), "int" (int32/uint32), "bool". */
export type TypeSpec = DType | "float" | "int" | "bool";

function typeOk(dtype: Leaf["dtype"], value: unknown, e: TypeSpec): boolean {
  if (dtype === "number") return e === "float" || e === "float32" || (Number.isInteger(value) && (e === "int" || e === "int32"));
  if (dtype === "boolean") return e === "bool";
  if (e === "float") return dtype === "float32" || dtype === "float16";
  if (e === "int") return dtype === "int32" || dtype === "uint32";
  return dtype === e;
}

/**
 * Checks each input's dtype (or dtype family). With a list of inputs, a list gives one per input.
 *
 * @example
 * assertType(x, "float32");
 * assertType([x, idx], ["float", "int32"]);
 */
export function assertType(inputs: unknown, expected: TypeSpec | readonly TypeSpec[]): void {
  if (!assertsEnabled()) return;
  const leaves = arrayLeaves("assertType", inputs);
  const specs = perInput(inputs, leaves, expected as unknown, () => true) as TypeSpec[];
  leaves.forEach((l, i) => {
    if (!typeOk(l.dtype, l.value, specs[i]!)) fail("assertType", `${l.where} has dtype ${l.dtype} but expected ${specs[i]}.`);
  });
}

function compareAll(assertion: string, inputs: unknown, key: (l: Leaf) => string, what: (l: Leaf) => string): void {
  if (!assertsEnabled()) return;
  const leaves = arrayLeaves(assertion, inputs);
  const first = leaves[0];
  if (!first) return;
  for (const l of leaves.slice(1)) {
    if (key(l) !== key(first)) fail(assertion, `${l.where} has ${what(l)} but ${first.where} has ${what(first)}.`);
  }
}

/**
 * Checks that all inputs have the same shape (or the same sizes along `dims`).
 *
 * @example
 * assertEqualShape([x, y]);
 * assertEqualShape([x, y], { dims: 0 }); // same batch size
 */
export function assertEqualShape(inputs: unknown, opts: { dims?: number | readonly number[] } = {}): void {
  const dims = opts.dims === undefined ? undefined : typeof opts.dims === "number" ? [opts.dims] : opts.dims;
  const sel = (l: Leaf) => (dims ? dims.map((d) => l.shape[d < 0 ? d + l.shape.length : d]) : [...l.shape]);
  compareAll("assertEqualShape", inputs, (l) => JSON.stringify(sel(l)), (l) => (dims ? `sizes ${shapeStr(sel(l))} along axes ${shapeStr(dims)} (shape ${shapeStr(l.shape)})` : `shape ${shapeStr(l.shape)}`));
}

/**
 * Checks that all inputs agree on their first `prefixLen` axes.
 *
 * @example
 * assertEqualShapePrefix([x, y], 1); // same leading axis
 */
export function assertEqualShapePrefix(inputs: unknown, prefixLen: number): void {
  const pre = (l: Leaf) => l.shape.slice(0, prefixLen);
  compareAll("assertEqualShapePrefix", inputs, (l) => `${l.shape.length >= prefixLen}:${pre(l)}`, (l) => `shape ${shapeStr(l.shape)} (prefix ${shapeStr(pre(l))}${l.shape.length < prefixLen ? `, shorter than ${prefixLen}` : ""})`);
}

/**
 * Checks that all inputs agree on their last `suffixLen` axes.
 *
 * @example
 * assertEqualShapeSuffix([x, y], 1); // same feature axis
 */
export function assertEqualShapeSuffix(inputs: unknown, suffixLen: number): void {
  const suf = (l: Leaf) => (suffixLen === 0 ? [] : l.shape.slice(-suffixLen));
  compareAll("assertEqualShapeSuffix", inputs, (l) => `${l.shape.length >= suffixLen}:${suf(l)}`, (l) => `shape ${shapeStr(l.shape)} (suffix ${shapeStr(suf(l))}${l.shape.length < suffixLen ? `, shorter than ${suffixLen}` : ""})`);
}

/**
 * Checks that all inputs have the same rank.
 *
 * @example
 * assertEqualRank([x, y]);
 */
export function assertEqualRank(inputs: unknown): void {
  compareAll("assertEqualRank", inputs, (l) => String(l.shape.length), (l) => `rank ${l.shape.length} (shape ${shapeStr(l.shape)})`);
}

/**
 * Checks each input's element count: a number (or `Set` of alternatives), or one per input.
 *
 * @example
 * assertSize(x, 6);
 * assertSize([x, y], [6, 3]);
 */
export function assertSize(inputs: unknown, expected: number | ReadonlySet<number> | readonly (number | ReadonlySet<number>)[]): void {
  if (!assertsEnabled()) return;
  const leaves = arrayLeaves("assertSize", inputs);
  const specs = perInput(inputs, leaves, expected as unknown, () => true) as (number | Set<number>)[];
  leaves.forEach((l, i) => {
    const e = specs[i]!;
    const n = prod(l.shape);
    const ok = typeof e === "number" ? n === e : e.has(n);
    if (!ok) fail("assertSize", `${l.where} has size ${n} (shape ${shapeStr(l.shape)}) but expected ${typeof e === "number" ? e : `one of {${[...e].join(", ")}}`}.`);
  });
}

/**
 * Checks that all inputs have the same number of elements.
 *
 * @example
 * assertEqualSize([x.reshape(6), x]);
 */
export function assertEqualSize(inputs: unknown): void {
  compareAll("assertEqualSize", inputs, (l) => String(prod(l.shape)), (l) => `size ${prod(l.shape)} (shape ${shapeStr(l.shape)})`);
}

function axisDim(assertion: string, x: unknown, axis: number): [number, string] {
  const [l] = arrayLeaves(assertion, x);
  if (!l || !(x instanceof JArray || typeof x === "number")) throw new TypeError(`${assertion}: expected a single array, got ${show(x)}.`);
  const ax = axis < 0 ? axis + l.shape.length : axis;
  if (ax < 0 || ax >= l.shape.length) fail(assertion, `axis ${axis} is out of range for shape ${shapeStr(l.shape)} (rank ${l.shape.length}).`);
  return [l.shape[ax]!, `shape ${shapeStr(l.shape)}`];
}

function axisCompare(assertion: string, op: string, test: (d: number, v: number) => boolean) {
  return (x: JArray | number, axis: number, value: number): void => {
    if (!assertsEnabled()) return;
    const [d, s] = axisDim(assertion, x, axis);
    if (!test(d, value)) fail(assertion, `axis ${axis} of the input (${s}) has size ${d}, expected ${op} ${value}.`);
  };
}

/**
 * Checks the size of one axis (negative axes count from the end).
 *
 * @example
 * assertAxisDimension(x, -1, 3);
 */
export const assertAxisDimension: (x: JArray | number, axis: number, expected: number) => void = axisCompare("assertAxisDimension", "==", (d, v) => d === v);
/**
 * Checks that an axis is larger than `value`.
 *
 * @example
 * assertAxisDimensionGt(x, 0, 1);
 */
export const assertAxisDimensionGt: (x: JArray | number, axis: number, value: number) => void = axisCompare("assertAxisDimensionGt", ">", (d, v) => d > v);
/**
 * Checks that an axis is at least `value`.
 *
 * @example
 * assertAxisDimensionGteq(x, 0, 2);
 */
export const assertAxisDimensionGteq: (x: JArray | number, axis: number, value: number) => void = axisCompare("assertAxisDimensionGteq", ">=", (d, v) => d >= v);
/**
 * Checks that an axis is smaller than `value`.
 *
 * @example
 * assertAxisDimensionLt(x, 1, 1024);
 */
export const assertAxisDimensionLt: (x: JArray | number, axis: number, value: number) => void = axisCompare("assertAxisDimensionLt", "<", (d, v) => d < v);
/**
 * Checks that an axis is at most `value`.
 *
 * @example
 * assertAxisDimensionLteq(x, 1, 3);
 */
export const assertAxisDimensionLteq: (x: JArray | number, axis: number, value: number) => void = axisCompare("assertAxisDimensionLteq", "<=", (d, v) => d <= v);

/**
 * Checks that shape `a` broadcasts to shape `b` (numpy rules, aligned at the right). Accepts
 * shapes or arrays.
 *
 * @example
 * assertIsBroadcastable([3, 1], [2, 3, 4]);
 * assertIsBroadcastable(bias, x);
 */
export function assertIsBroadcastable(a: readonly number[] | JArray, b: readonly number[] | JArray): void {
  if (!assertsEnabled()) return;
  const sa = a instanceof JArray ? a.shape : a;
  const sb = b instanceof JArray ? b.shape : b;
  const msg = `shape ${shapeStr(sa)} is not broadcastable to ${shapeStr(sb)}`;
  if (sa.length > sb.length) fail("assertIsBroadcastable", `${msg}: rank ${sa.length} > rank ${sb.length}.`);
  for (let i = 1; i <= sa.length; i++) {
    const da = sa[sa.length - i]!;
    const db = sb[sb.length - i]!;
    if (da !== 1 && da !== db) fail("assertIsBroadcastable", `${msg}: axis ${sa.length - i} has size ${da}, which is neither 1 nor ${db}.`);
  }
}
