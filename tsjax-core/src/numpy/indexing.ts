/**
 * numpy indexing for TypeScript: `x.get(...)` reads, `x.at(...).set/add/...` writes
 * functionally, and `take` / `takeAlongAxis` gather along an axis.
 *
 * An index is a list of: integers (negative count from the end), slices written as strings
 * (`":"`, `"1:3"`, `"::-1"`, also several at once: `"1:3, ::2"`) or with `np.s(start, stop,
 * step)`, `null` or `"None"` for a new axis, `"..."`, and integer arrays (numpy advanced
 * indexing, including its rule for where the broadcast index dimensions go).
 * Static integers are bounds-checked; integer arrays are clamped by `get` (as JAX does).
 */
import { Array, type ArrayLike } from "../array/array.js";
import { type DType, isFloatDType, isIntDType } from "../dtype.js";
import { DTypeError, IndexError, ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape, normalizeAxis } from "../shape.js";
import { bind1 } from "../core/bind.js";
import { type GatherMode, gather, scatter } from "../primitives/indexing.js";
import { iota, rev, slice as sliceP, transpose as transposeP } from "../primitives/structural.js";
import type { ScatterMode } from "../compile/kernel.js";
import { asArray, broadcastTo, convert, reshapeTo, scalarLike } from "./convert.js";
import { add, divide, less, minimum, negative, where } from "./elementwise.js";
import { concatenate } from "./shape-ops.js";
import { array } from "./creation.js";
import { isList, range } from "../util.js";
import { scope } from "../array/lifetime.js";

/** A slice `start:stop:step`; missing parts take numpy's defaults. */
export interface Slice {
  readonly start?: number | null;
  readonly stop?: number | null;
  readonly step?: number | null;
}

/** Nested JS lists of integers (an index array written as lists). */
export type IntList = readonly (number | IntList)[];

/** One entry of an index. */
export type IndexSpec = number | string | null | Slice | Array | IntList;

/**
 * A slice object, like Python's `slice(start, stop, step)`.
 *
 * @example
 * x.get(np.s(1, null, 2));   // x[1::2]
 */
export function s(start?: number | null, stop?: number | null, step?: number | null): Slice {
  return { start, stop, step };
}

type Item =
  | { kind: "slice"; start: number | null; stop: number | null; step: number }
  | { kind: "int"; value: number }
  | { kind: "array"; value: Array }
  | { kind: "newaxis" }
  | { kind: "ellipsis" };

function parseSliceText(text: string, op: string): Item {
  const t = text.trim();
  if (t === "...") return { kind: "ellipsis" };
  if (t === "None" || t === "newaxis") return { kind: "newaxis" };
  const num = (p: string | undefined): number | null => {
    if (p === undefined || p.trim() === "") return null;
    const v = Number(p);
    if (!Number.isInteger(v)) throw new IndexError(`${op}: cannot parse "${text}" as a slice (parts must be integers).`);
    return v;
  };
  if (!t.includes(":")) {
    const v = num(t);
    if (v === null) throw new IndexError(`${op}: empty index "${text}".`);
    return { kind: "int", value: v };
  }
  const parts = t.split(":");
  if (parts.length > 3) throw new IndexError(`${op}: "${text}" has too many colons for a slice.`);
  const step = num(parts[2]) ?? 1;
  if (step === 0) throw new IndexError(`${op}: slice step cannot be zero ("${text}").`);
  return { kind: "slice", start: num(parts[0]), stop: num(parts[1]), step };
}

function parseItems(op: string, index: readonly IndexSpec[], device: Array["device"]): Item[] {
  const items: Item[] = [];
  for (const spec of index) {
    if (spec === null) items.push({ kind: "newaxis" });
    else if (typeof spec === "number") {
      if (!Number.isInteger(spec)) throw new IndexError(`${op}: index ${spec} is not an integer.`);
      items.push({ kind: "int", value: spec });
    } else if (typeof spec === "string") for (const part of spec.split(",")) items.push(parseSliceText(part, op));
    else if (spec instanceof Array) {
      if (spec.dtype === "bool") {
        throw new IndexError(
          `${op}: boolean mask indexing gives a data-dependent shape, which tsjax (like JAX under jit) does not support. ` +
            "Use np.where(mask, x, fill) to keep the shape, or compute integer indices on the host.",
        );
      }
      if (!isIntDType(spec.dtype)) throw new IndexError(`${op}: index arrays must be integer, got ${spec.dtype}.`);
      items.push({ kind: "array", value: spec });
    } else if (isList(spec)) {
      const ints = (l: IntList): boolean => l.every((v) => (isList(v) ? ints(v) : Number.isInteger(v)));
      if (!ints(spec)) throw new IndexError(`${op}: index lists must hold integers (or lists of them), got ${JSON.stringify(spec)}.`);
      items.push({ kind: "array", value: array(spec, { dtype: "int32", device }) });
    } else if (typeof spec === "object") {
      const step = spec.step ?? 1;
      if ([spec.start, spec.stop, spec.step].some((v) => v !== null && v !== undefined && !Number.isInteger(v))) {
        throw new IndexError(`${op}: slice parts must be integers or null, got ${JSON.stringify(spec)}.`);
      }
      if (step === 0) throw new IndexError(`${op}: slice step cannot be zero.`);
      items.push({ kind: "slice", start: spec.start ?? null, stop: spec.stop ?? null, step });
    } else throw new IndexError(`${op}: unsupported index ${JSON.stringify(spec)}.`);
  }
  return items;
}

/** numpy's slice normalization: start, step and number of elements. */
function sliceBounds(item: { start: number | null; stop: number | null; step: number }, n: number): { start: number; step: number; len: number } {
  const { step } = item;
  let start: number;
  let stop: number;
  if (step > 0) {
    start = item.start === null ? 0 : item.start < 0 ? Math.max(item.start + n, 0) : Math.min(item.start, n);
    stop = item.stop === null ? n : item.stop < 0 ? Math.max(item.stop + n, 0) : Math.min(item.stop, n);
  } else {
    start = item.start === null ? n - 1 : item.start < 0 ? Math.max(item.start + n, -1) : Math.min(item.start, n - 1);
    stop = item.stop === null ? -1 : item.stop < 0 ? Math.max(item.stop + n, -1) : Math.min(item.stop, n - 1);
  }
  const len = Math.max(0, Math.ceil((stop - start) / step));
  return { start, step, len };
}

function checkInt(op: string, value: number, axis: number, n: number): number {
  if (value < -n || value >= n) {
    throw new IndexError(`${op}: index ${value} is out of bounds for axis ${axis} with size ${n} (valid: ${-n}..${n - 1}).`);
  }
  return value < 0 ? value + n : value;
}

/** Applies `start:...:step` (any sign) to one axis as views. */
function sliceAxis(x: Array, axis: number, start: number, step: number, len: number): Array {
  let y = x;
  let st = start;
  let sp = step;
  const n = x.shape[axis]!;
  if (step < 0) {
    y = bind1(rev, [y], { dimensions: [axis] });
    st = n - 1 - start;
    sp = -step;
  }
  if (st === 0 && sp === 1 && len === n) return y;
  const s0 = y.shape.map(() => 0);
  const l0 = [...y.shape];
  const str = y.shape.map(() => 1);
  s0[axis] = len === 0 ? 0 : st;
  l0[axis] = len === 0 ? 0 : st + (len - 1) * sp + 1;
  str[axis] = sp;
  return bind1(sliceP, [y], { startIndices: s0, limitIndices: l0, strides: str });
}

/**
 * Index arrays as int32: negative entries count from the end, as in numpy; uint32 entries are
 * never negative (those above the int32 range saturate, so they stay out of range).
 */
function normalizeIndexArray(idx: Array, n: number): Array {
  if (idx.dtype === "uint32") return convert(minimum(idx, 2147483647), "int32");
  const i = convert(idx, "int32");
  return where(less(i, 0), add(i, n), i);
}

/**
 * `x[index]` with numpy semantics (see the module notes). Out-of-range entries of index arrays
 * are clamped.
 *
 * @example
 * np.getItem(x, [0, "1:", null]); // x[0, 1:, None]
 */
export function getItem(x: Array, index: readonly IndexSpec[]): Array {
  // intermediate views and index arrays are freed at once (they would otherwise keep x's
  // buffer alive until garbage collection, after x and the result are disposed)
  return scope(() => indexRead(x, index, { mode: "clip" }));
}

/**
 * `x[index]`; out-of-range entries of index arrays are clamped ("clip") or give `fillValue`
 * ("fill", which `x.at(...)` uses to drop their updates).
 */
function indexRead(x: Array, index: readonly IndexSpec[], gmode: GatherMode): Array {
  const op = `x.get(${index.map((i) => (i instanceof Array ? `<array ${fmtShape(i.shape)}>` : JSON.stringify(i))).join(", ")})`;
  let items = parseItems(op, index, x.device);
  const ellipses = items.filter((i) => i.kind === "ellipsis").length;
  if (ellipses > 1) throw new IndexError(`${op}: an index can only have a single ellipsis ("...").`);
  const consumed = items.filter((i) => i.kind !== "newaxis" && i.kind !== "ellipsis").length;
  if (consumed > x.ndim) {
    throw new IndexError(`${op}: too many indices for an array of shape ${fmtShape(x.shape)}: ${consumed} indices for ${x.ndim} axes.`);
  }
  const fill: Item[] = range(x.ndim - consumed).map(() => ({ kind: "slice", start: null, stop: null, step: 1 }));
  const e = items.findIndex((i) => i.kind === "ellipsis");
  items = e >= 0 ? [...items.slice(0, e), ...fill, ...items.slice(e + 1)] : [...items, ...fill];

  const advanced = items.some((i) => i.kind === "array");
  let y = x;
  let axis = 0;
  // Per item: the label of the output dimension it makes ("s<k>" slice dims, "n<k>" new axes, "adv").
  const labels: string[] = [];
  const advAxes: number[] = [];
  const advIdx: Array[] = [];
  const keptShape: number[] = [];
  let sCount = 0;
  let nCount = 0;
  for (const it of items) {
    if (it.kind === "newaxis") {
      labels.push(`n${nCount++}`);
      continue;
    }
    const n = x.shape[axis]!;
    if (it.kind === "slice") {
      const b = sliceBounds(it, n);
      y = sliceAxis(y, axis, b.start, b.step, b.len);
      keptShape.push(b.len);
      labels.push(`s${sCount++}`);
    } else if (it.kind === "int") {
      const v = checkInt(op, it.value, axis, n);
      if (advanced) {
        advAxes.push(axis);
        advIdx.push(array(v, { dtype: "int32", device: x.device }));
        labels.push("adv");
      } else {
        y = sliceAxis(y, axis, v, 1, 1);
        labels.push("int");
      }
    } else if (it.kind === "array") {
      if (n === 0 && it.value.size > 0) throw new IndexError(`${op}: cannot index axis ${axis} of size 0.`);
      advAxes.push(axis);
      advIdx.push(normalizeIndexArray(it.value, n));
      labels.push("adv");
    }
    axis++;
  }

  if (!advanced) {
    const shape: number[] = [];
    let k = 0;
    for (const l of labels) {
      if (l.startsWith("s")) shape.push(keptShape[k++]!);
      else if (l.startsWith("n")) shape.push(1);
    }
    return reshapeTo(y, shape);
  }

  // Advanced: gather the indexed axes, then put the broadcast index dims where numpy does.
  const bshape = broadcastShapes(op, ...advIdx.map((a) => a.shape));
  const coords = advIdx.map((a) => reshapeTo(broadcastTo(op, convert(a, "int32"), bshape), [...bshape, 1]));
  const stacked = coords.length === 1 ? coords[0]! : concatLast(coords);
  let out = bind1(gather, [y, stacked], { axes: advAxes, ...gmode });
  const nb = bshape.length;
  const newAxes = labels.filter((l) => l.startsWith("n")).length;
  out = reshapeTo(out, [...out.shape, ...range(newAxes).map(() => 1)]);
  const current = [...range(nb).map((i) => `b${i}`), ...range(sCount).map((i) => `s${i}`), ...range(newAxes).map((i) => `n${i}`)];
  const advPos = labels.map((l, i) => (l === "adv" ? i : -1)).filter((i) => i >= 0);
  const contiguous = advPos.every((p, i) => i === 0 || p === advPos[i - 1]! + 1);
  const final: string[] = [];
  if (!contiguous) final.push(...range(nb).map((i) => `b${i}`));
  let placed = !contiguous;
  for (const l of labels) {
    if (l === "adv") {
      if (!placed) {
        final.push(...range(nb).map((i) => `b${i}`));
        placed = true;
      }
    } else if (l !== "int") final.push(l);
  }
  const perm = final.map((l) => current.indexOf(l));
  return perm.every((p, i) => p === i) ? out : bind1(transposeP, [out], { permutation: perm });
}

function concatLast(xs: Array[]): Array {
  return concatenate(xs, -1);
}

/** Functional updates of the elements an index selects (JAX's `x.at[idx]`). */
export interface AtUpdater {
  /** `x[idx]`. */
  get(): Array;
  /** A copy of `x` with `x[idx] = v`. */
  set(v: ArrayLike): Array;
  /** A copy with `x[idx] += v` (repeated indices accumulate). */
  add(v: ArrayLike): Array;
  /** A copy with `x[idx] -= v`. */
  subtract(v: ArrayLike): Array;
  /** A copy with `x[idx] *= v`. */
  multiply(v: ArrayLike): Array;
  /** Alias of `multiply`. */
  mul(v: ArrayLike): Array;
  /** A copy with `x[idx] /= v` (floats only). */
  divide(v: ArrayLike): Array;
  /** A copy with `x[idx] = min(x[idx], v)`. */
  min(v: ArrayLike): Array;
  /** A copy with `x[idx] = max(x[idx], v)`. */
  max(v: ArrayLike): Array;
}

/** The update value in `x`'s dtype (JS numbers convert directly, so uint32 values above int32 fit). */
function updateValue(op: string, x: Array, v: ArrayLike): Array {
  if (v instanceof Array) return convert(v, x.dtype);
  return scalarLike(op, v, { dtype: x.dtype, weakType: false }, x.device);
}

function scatterAt(x: Array, index: readonly IndexSpec[], value: Array, mode: ScatterMode, op: string): Array {
  // Flat positions of the selected elements; out-of-range index-array entries become -1, which
  // scatter drops (JAX's default for updates).
  const iotaX = reshapeTo(bind1(iota, [], { dtype: "int32", shape: [x.size], dimension: 0, device: x.device }), x.shape);
  const positions = indexRead(iotaX, index, { mode: "fill", fillValue: -1 });
  const vv = broadcastTo(op, value, positions.shape);
  const flat = reshapeTo(x, [x.size]);
  const out = bind1(scatter, [flat, reshapeTo(positions, [...positions.shape, 1]), vv], { axes: [0], mode });
  return reshapeTo(out, x.shape);
}

/**
 * The updater behind `x.at(...)`.
 *
 * @example
 * const y = np.at(x, [0]).set(1);  // same as x.at(0).set(1)
 */
export function at(x: Array, index: readonly IndexSpec[]): AtUpdater {
  const op = "x.at(...)";
  const update = (name: string, mode: ScatterMode, v: ArrayLike, f: (u: Array) => Array = (u) => u) =>
    scatterAt(x, index, f(updateValue(`${op}.${name}`, x, v)), mode, `${op}.${name}`);
  return {
    get: () => getItem(x, index),
    set: (v) => update("set", "set", v),
    add: (v) => update("add", "add", v),
    subtract: (v) => update("subtract", "add", v, (u) => convert(negative(u), x.dtype)),
    multiply: (v) => update("multiply", "mul", v),
    mul: (v) => update("mul", "mul", v),
    divide: (v) => {
      if (!isFloatDType(x.dtype)) throw new DTypeError(`${op}.divide: needs a float array, got ${x.dtype}.`);
      // As JAX: x / (product of the updates at each position), so a single update divides exactly.
      const u = updateValue(`${op}.divide`, x, v);
      const ones = broadcastTo(`${op}.divide`, scalarLike(`${op}.divide`, 1, { dtype: x.dtype, weakType: false }, x.device), x.shape);
      return convert(divide(x, scatterAt(ones, index, u, "mul", `${op}.divide`)), x.dtype, x.weakType);
    },
    min: (v) => update("min", "min", v),
    max: (v) => update("max", "max", v),
  };
}

/** JAX's default fill value for out-of-range `take` indices. */
function defaultFill(dtype: DType): number | boolean {
  switch (dtype) {
    case "bool": return true;
    case "int32": return -2147483648;
    case "uint32": return 4294967295;
    default: return NaN;
  }
}

/** Options of `take` and `takeAlongAxis`. */
export interface TakeOptions {
  /** "fill" (default, as JAX): out-of-range indices give `fillValue`; "clip": they are clamped. */
  mode?: "fill" | "clip";
  fillValue?: number | boolean;
}

function gatherMode(x: Array, opts: TakeOptions) {
  return (opts.mode ?? "fill") === "clip"
    ? ({ mode: "clip" } as const)
    : ({ mode: "fill", fillValue: opts.fillValue ?? defaultFill(x.dtype) } as const);
}

function indexArray(op: string, indices: Array | number | readonly number[], device: Array["device"]): Array {
  const a = indices instanceof Array ? indices : array(typeof indices === "number" ? indices : [...indices], { dtype: "int32", device });
  if (!isIntDType(a.dtype)) throw new DTypeError(`${op}: indices must be integers, got ${a.dtype}.`);
  return a;
}

/**
 * Elements at `indices` along `axis` (of the flattened array when omitted): the result has
 * shape `x.shape[:axis] + indices.shape + x.shape[axis+1:]`.
 *
 * @example
 * np.take(np.array([10, 20, 30]), np.array([2, 0], { dtype: "int32" })); // [30, 10]
 */
export function take(x: ArrayLike, indices: Array | number | readonly number[], axis?: number | null, opts: TakeOptions = {}): Array {
  let a = asArray("np.take", x);
  if (axis === undefined || axis === null) {
    a = reshapeTo(a, [a.size]);
    axis = 0;
  }
  const ax = normalizeAxis("np.take", axis, a.ndim);
  const n = a.shape[ax]!;
  const idx = normalizeIndexArray(indexArray("np.take", indices, a.device), n);
  const out = bind1(gather, [a, reshapeTo(idx, [...idx.shape, 1])], { axes: [ax], ...gatherMode(a, opts) });
  // gather puts the index dims first: move them to position `ax`.
  const ni = idx.ndim;
  const perm = [...range(ni + ax, ni), ...range(ni), ...range(out.ndim, ni + ax)];
  return perm.every((p, i) => p === i) ? out : bind1(transposeP, [out], { permutation: perm });
}

/**
 * Picks along `axis` with an index array of the same rank (broadcast against `x` on the other
 * axes), like `np.take_along_axis`.
 *
 * @example
 * const i = np.argsort(x, 1);
 * np.takeAlongAxis(x, i, 1);   // sorted rows
 */
export function takeAlongAxis(x: ArrayLike, indices: Array, axis: number, opts: TakeOptions = {}): Array {
  const a = asArray("np.takeAlongAxis", x);
  const idx = indexArray("np.takeAlongAxis", indices, a.device);
  if (idx.ndim !== a.ndim) {
    throw new ShapeError(`np.takeAlongAxis: indices ${fmtShape(idx.shape)} must have the same number of axes as the array ${fmtShape(a.shape)}.`);
  }
  const ax = normalizeAxis("np.takeAlongAxis", axis, a.ndim);
  const shape = broadcastShapes(
    "np.takeAlongAxis",
    a.shape.map((n, i) => (i === ax ? 1 : n)),
    idx.shape.map((n, i) => (i === ax ? 1 : n)),
  );
  shape[ax] = idx.shape[ax]!;
  // numpy broadcasts the array against the indices too (off the axis)
  const b = broadcastTo("np.takeAlongAxis", a, shape.map((n, i) => (i === ax ? a.shape[ax]! : n)));
  const coords = b.shape.map((n, d) => {
    const c = d === ax
      ? normalizeIndexArray(broadcastTo("np.takeAlongAxis", idx, shape), n)
      : bind1(iota, [], { dtype: "int32", shape, dimension: d, device: a.device });
    return reshapeTo(c, [...shape, 1]);
  });
  const stacked = coords.length === 1 ? coords[0]! : concatLast(coords);
  return bind1(gather, [b, stacked], { axes: range(b.ndim), ...gatherMode(b, opts) });
}
