/**
 * numpy indexing for TypeScript: `x.get(...)` reads, `x.at(...).set/add/...` writes
 * functionally, and `take` / `takeAlongAxis` gather along an axis.
 *
 * An index is a list of: integers (negative count from the end), slices written as strings
 * (`":"`, `"1:3"`, `"::-1"`, also several at once: `"1:3, ::2"`) or with `np.s(start, stop,
 * step)`, `null` or `"None"` for a new axis, `"..."`, and integer arrays (numpy advanced
 * indexing, including its rule for where the broadcast index dimensions go), and boolean
 * masks (outside transformations, where their values can be read: the positions they select).
 *
 * Out-of-range indices follow JAX, for static integers and index arrays alike: reads clamp
 * them (`mode: "clip"`, or `"fill"` to get `fillValue`), updates drop them (`mode: "drop"`, or
 * `"clip"`); negative indices count from the end unless `wrapNegativeIndices: false`.
 */
import { Array, type ArrayLike } from "../array/array.js";
import { type DType, intRange, isFloatDType, isIntDType, isSignedIntDType } from "../dtype.js";
import { DTypeError, IndexError, ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape, normalizeAxis } from "../shape.js";
import { bind1 } from "../core/bind.js";
import { type GatherMode, gather, scatter } from "../primitives/indexing.js";
import { concatenate as concatP, iota, rev, slice as sliceP, transpose as transposeP } from "../primitives/structural.js";
import type { ScatterMode } from "../compile/kernel.js";
import { asArray, broadcastTo, convert, reshapeTo, scalarLike } from "./convert.js";
import { add, divide, less, maximum, minimum, mod, negative, where } from "./elementwise.js";
import { binaryPrims } from "../primitives/elementwise.js";
import { array } from "./creation.js";
import { isList, range } from "../util.js";
import { scope } from "../array/lifetime.js";
import { formatValue } from "../util/format.js";
import { checkOptions, isOptionsObject, positionalOrOption } from "../util/options.js";
import { maskIndices } from "./nonzero.js";

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
  | { kind: "array"; value: Array; maskAxis?: { mask: Array; dim: number } }
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
        // numpy: a k-d mask stands for the k index arrays of its true positions
        maskIndices(op, spec).forEach((value, dim) => items.push({ kind: "array", value, maskAxis: { mask: spec, dim } }));
        continue;
      }
      if (!isIntDType(spec.dtype)) throw new IndexError(`${op}: index arrays must be integer, got ${spec.dtype}.`);
      items.push({ kind: "array", value: spec });
    } else if (isList(spec)) {
      const ints = (l: IntList): boolean => l.every((v) => (isList(v) ? ints(v) : Number.isInteger(v)));
      if (!ints(spec)) throw new IndexError(`${op}: index lists must hold integers (or lists of them), got ${formatValue(spec)}.`);
      items.push({ kind: "array", value: array(spec, { dtype: "int32", device }) });
    } else if (typeof spec === "object") {
      const step = spec.step ?? 1;
      if ([spec.start, spec.stop, spec.step].some((v) => v !== null && v !== undefined && !Number.isInteger(v))) {
        throw new IndexError(`${op}: slice parts must be integers or null, got ${formatValue(spec)}.`);
      }
      if (step === 0) throw new IndexError(`${op}: slice step cannot be zero.`);
      items.push({ kind: "slice", start: spec.start ?? null, stop: spec.stop ?? null, step });
    } else throw new IndexError(`${op}: unsupported index ${formatValue(spec)}.`);
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

/** A static integer index: wrapped (unless told not to), and whether it is in range. */
function staticIndex(value: number, n: number, wrap: boolean): { value: number; inRange: boolean } {
  const v = wrap && value < 0 ? value + n : value;
  return { value: v, inRange: v >= 0 && v < n };
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
 * Index arrays as int32: negative entries count from the end (unless `wrap` is false), as in
 * numpy; uint32 entries are never negative (those above the int32 range saturate, so they stay
 * out of range).
 */
function normalizeIndexArray(idx: Array, n: number, wrap = true): Array {
  if (idx.dtype === "uint32") return convert(minimum(idx, 2147483647), "int32");
  const i = convert(idx, "int32");
  return wrap ? where(less(i, 0), add(i, n), i) : i;
}

/** How a read treats out-of-range indices. */
interface ReadMode {
  gather: GatherMode;
  /** Negative indices count from the end. */
  wrap: boolean;
}

const CLIP: ReadMode = { gather: { mode: "clip" }, wrap: true };

/**
 * `x[index]` with numpy semantics (see the module notes). Out-of-range indices are clamped
 * (JAX's default for reads).
 *
 * @example
 * np.getItem(x, [0, "1:", null]); // x[0, 1:, None]
 */
export function getItem(x: Array, index: readonly IndexSpec[]): Array {
  // intermediate views and index arrays are freed at once (they would otherwise keep x's
  // buffer alive until garbage collection, after x and the result are disposed)
  return scope(() => indexRead(x, index, CLIP));
}

function describeIndex(index: readonly IndexSpec[]): string {
  return `x.get(${index.map((i) => (i instanceof Array ? `<${i.dtype} array ${fmtShape(i.shape)}>` : formatValue(i))).join(", ")})`;
}

/**
 * `x[index]`; out-of-range indices are clamped ("clip") or give `fillValue` ("fill", which
 * `x.at(...)` uses to drop their updates).
 */
function indexRead(x: Array, index: readonly IndexSpec[], rmode: ReadMode): Array {
  const op = describeIndex(index);
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

  const clip = rmode.gather.mode === "clip";
  // Static integers out of range read through the gather (so that "fill" gives fillValue);
  // clamped ones (and those in range) are free slices.
  const staticOf = (it: Item, n: number) => (it.kind === "int" ? staticIndex(it.value, n, rmode.wrap) : undefined);
  let axis0 = 0;
  const gathered = items.map((it) => {
    if (it.kind === "newaxis") return false;
    const n = x.shape[axis0++]!;
    const st = staticOf(it, n);
    return it.kind === "array" || (st !== undefined && !st.inRange && !clip);
  });
  const advanced = gathered.some((g) => g);
  let y = x;
  let axis = 0;
  // Per item: the label of the output dimension it makes ("s<k>" slice dims, "n<k>" new axes, "adv").
  const labels: string[] = [];
  const advAxes: number[] = [];
  const advIdx: Array[] = [];
  const keptShape: number[] = [];
  let sCount = 0;
  let nCount = 0;
  items.forEach((it) => {
    if (it.kind === "newaxis") {
      labels.push(`n${nCount++}`);
      return;
    }
    const n = x.shape[axis]!;
    if (it.kind === "slice") {
      const b = sliceBounds(it, n);
      y = sliceAxis(y, axis, b.start, b.step, b.len);
      keptShape.push(b.len);
      labels.push(`s${sCount++}`);
    } else if (it.kind === "int") {
      if (n === 0) throw new IndexError(`${op}: index ${it.value} is out of bounds for axis ${axis} with size 0.`);
      const st = staticIndex(it.value, n, rmode.wrap);
      const v = st.inRange || !clip ? st.value : Math.min(Math.max(st.value, 0), n - 1);
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
      if (it.maskAxis && it.maskAxis.mask.shape[it.maskAxis.dim] !== n) {
        throw new IndexError(
          `${op}: the boolean mask of shape ${fmtShape(it.maskAxis.mask.shape)} does not match the indexed axes of ${fmtShape(x.shape)} ` +
            `(axis ${axis} has size ${n}, the mask ${it.maskAxis.mask.shape[it.maskAxis.dim]}).`,
        );
      }
      advAxes.push(axis);
      advIdx.push(normalizeIndexArray(it.value, n, rmode.wrap));
      labels.push("adv");
    }
    axis++;
  });

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
  let out = bind1(gather, [y, stacked], { axes: advAxes, ...rmode.gather });
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

/** Index arrays (int32, equal shapes but the last axis) side by side along the last axis. */
function concatLast(xs: Array[]): Array {
  return bind1(concatP, xs.map((x) => convert(x, "int32")), { dimension: xs[0]!.ndim - 1 });
}

/**
 * Options of `x.at(...).get(opts)` (JAX's `x.at[idx].get(mode=..., fill_value=...)`). Modes:
 * `"promise_in_bounds"` (the default) and `"clip"` clamp out-of-range indices; `"fill"` and
 * `"drop"` give `fillValue` for them (default NaN for floats, the smallest int32, the largest
 * uint32, true for bool).
 */
export interface GetOptions {
  mode?: "promise_in_bounds" | "clip" | "fill" | "drop";
  fillValue?: number | boolean;
  /** Negative indices count from the end (default true); when false they are out of range. */
  wrapNegativeIndices?: boolean;
  /** Accepted for JAX compatibility (a performance hint). */
  indicesAreSorted?: boolean;
  /** Accepted for JAX compatibility (a performance hint). */
  uniqueIndices?: boolean;
}

/**
 * Options of the `x.at(...)` updates. Modes: `"drop"` (the default), `"fill"` and
 * `"promise_in_bounds"` skip out-of-range indices; `"clip"` clamps them.
 */
export interface UpdateOptions {
  mode?: "drop" | "fill" | "promise_in_bounds" | "clip";
  /** Negative indices count from the end (default true); when false they are out of range. */
  wrapNegativeIndices?: boolean;
  /** Accepted for JAX compatibility (a performance hint). */
  indicesAreSorted?: boolean;
  /** Accepted for JAX compatibility (a performance hint). */
  uniqueIndices?: boolean;
}

/** Functional updates of the elements an index selects (JAX's `x.at[idx]`). */
export interface AtUpdater {
  /** `x[idx]`, with the out-of-range behaviour of `opts.mode`. */
  get(opts?: GetOptions): Array;
  /** A copy of `x` with `x[idx] = v`. */
  set(v: ArrayLike, opts?: UpdateOptions): Array;
  /** A copy with `x[idx] += v` (repeated indices accumulate). */
  add(v: ArrayLike, opts?: UpdateOptions): Array;
  /** A copy with `x[idx] -= v`. */
  subtract(v: ArrayLike, opts?: UpdateOptions): Array;
  /** A copy with `x[idx] *= v`. */
  multiply(v: ArrayLike, opts?: UpdateOptions): Array;
  /** Alias of `multiply`. */
  mul(v: ArrayLike, opts?: UpdateOptions): Array;
  /** A copy with `x[idx] /= v` (floats only). */
  divide(v: ArrayLike, opts?: UpdateOptions): Array;
  /** A copy with `x[idx] = min(x[idx], v)`. */
  min(v: ArrayLike, opts?: UpdateOptions): Array;
  /** A copy with `x[idx] = max(x[idx], v)`. */
  max(v: ArrayLike, opts?: UpdateOptions): Array;
}

const HINTS = ["wrapNegativeIndices", "indicesAreSorted", "uniqueIndices"];

function getMode(op: string, x: Array, options: GetOptions | undefined): ReadMode {
  const opts = checkOptions(op, options, { accepted: ["mode", "fillValue", ...HINTS], signature: `${op}({ mode, fillValue, wrapNegativeIndices })` });
  const wrap = opts.wrapNegativeIndices ?? true;
  switch (opts.mode ?? "promise_in_bounds") {
    case "promise_in_bounds":
    case "clip":
      return { gather: { mode: "clip" }, wrap };
    case "fill":
    case "drop":
      return { gather: { mode: "fill", fillValue: opts.fillValue ?? defaultFill(x.dtype) }, wrap };
    default:
      throw new TypeError(`${op}: unknown mode ${formatValue(opts.mode)}; use "promise_in_bounds", "clip", "fill" or "drop".`);
  }
}

/** The read that finds the positions an update writes: -1 (dropped by scatter) out of range, unless clamped. */
function updateMode(op: string, options: UpdateOptions | undefined): ReadMode {
  const opts = checkOptions(op, options, { accepted: ["mode", ...HINTS], signature: `${op}(value, { mode, wrapNegativeIndices })` });
  const wrap = opts.wrapNegativeIndices ?? true;
  switch (opts.mode ?? "drop") {
    case "drop":
    case "fill":
    case "promise_in_bounds":
      return { gather: { mode: "fill", fillValue: -1 }, wrap };
    case "clip":
      return { gather: { mode: "clip" }, wrap };
    default:
      throw new TypeError(`${op}: unknown mode ${formatValue(opts.mode)}; use "drop", "fill", "promise_in_bounds" or "clip".`);
  }
}

/** The update value in `x`'s dtype (JS numbers convert directly, so uint32 values above int32 fit). */
function updateValue(op: string, x: Array, v: ArrayLike): Array {
  if (v instanceof Array) return convert(v, x.dtype);
  return scalarLike(op, v, { dtype: x.dtype, weakType: false }, x.device);
}

function scatterAt(x: Array, index: readonly IndexSpec[], value: Array, mode: ScatterMode, op: string, rmode: ReadMode): Array {
  // Flat positions of the selected elements (-1 where an update is dropped).
  const iotaX = reshapeTo(bind1(iota, [], { dtype: "int32", shape: [x.size], dimension: 0, device: x.device }), x.shape);
  const positions = indexRead(iotaX, index, rmode);
  const vv = broadcastTo(op, value, positions.shape);
  const flat = reshapeTo(x, [x.size]);
  const out = bind1(scatter, [flat, reshapeTo(positions, [...positions.shape, 1]), vv], { axes: [0], mode });
  return reshapeTo(out, x.shape);
}

/** A boolean mask of `x`'s shape with a one-element value: an elementwise select (works under jit, as in JAX). */
function isMaskUpdate(x: Array, index: readonly IndexSpec[], v: Array): boolean {
  const m = index[0];
  return index.length === 1 && m instanceof Array && m.dtype === "bool" && m.ndim === x.ndim && m.shape.every((n, i) => n === x.shape[i]) && v.size === 1;
}

const MASKED: Record<ScatterMode, (x: Array, v: Array) => Array> = {
  set: (_x, v) => v,
  add: (x, v) => add(x, v),
  mul: (x, v) => convert(bind1(binaryPrims.mul, [x, broadcastTo("x.at(...)", v, x.shape)], {}), x.dtype),
  min: (x, v) => convert(minimum(x, v), x.dtype),
  max: (x, v) => convert(maximum(x, v), x.dtype),
};

/**
 * The updater behind `x.at(...)`.
 *
 * @example
 * const y = np.at(x, [0]).set(1);  // same as x.at(0).set(1)
 * np.at(x, [11]).get({ mode: "fill", fillValue: 0 });
 */
export function at(x: Array, index: readonly IndexSpec[]): AtUpdater {
  const op = "x.at(...)";
  const update = (name: string, mode: ScatterMode, v: ArrayLike, opts: UpdateOptions | undefined, f: (u: Array) => Array = (u) => u) => {
    const rmode = updateMode(`${op}.${name}`, opts);
    const value = f(updateValue(`${op}.${name}`, x, v));
    if (isMaskUpdate(x, index, value)) {
      const mask = index[0] as Array;
      return where(mask, convert(MASKED[mode](x, reshapeTo(value, [])), x.dtype), x);
    }
    return scatterAt(x, index, value, mode, `${op}.${name}`, rmode);
  };
  return {
    get: (opts) => scope(() => indexRead(x, index, getMode(`${op}.get`, x, opts))),
    set: (v, opts) => update("set", "set", v, opts),
    add: (v, opts) => update("add", "add", v, opts),
    subtract: (v, opts) => update("subtract", "add", v, opts, (u) => convert(negative(u), x.dtype)),
    multiply: (v, opts) => update("multiply", "mul", v, opts),
    mul: (v, opts) => update("mul", "mul", v, opts),
    divide: (v, opts) => {
      if (!isFloatDType(x.dtype)) throw new DTypeError(`${op}.divide: needs a float array, got ${x.dtype}.`);
      // As JAX: x / (product of the updates at each position), so a single update divides exactly.
      const rmode = updateMode(`${op}.divide`, opts);
      const u = updateValue(`${op}.divide`, x, v);
      const ones = broadcastTo(`${op}.divide`, scalarLike(`${op}.divide`, 1, { dtype: x.dtype, weakType: false }, x.device), x.shape);
      const den = isMaskUpdate(x, index, u) ? where(index[0] as Array, reshapeTo(u, []), ones) : scatterAt(ones, index, u, "mul", `${op}.divide`, rmode);
      return convert(divide(x, den), x.dtype, x.weakType);
    },
    min: (v, opts) => update("min", "min", v, opts),
    max: (v, opts) => update("max", "max", v, opts),
  };
}

/** JAX's default fill value for out-of-range reads in "fill" mode. */
function defaultFill(dtype: DType): number | boolean {
  if (dtype === "bool") return true;
  if (isIntDType(dtype)) return intRange(dtype)[isSignedIntDType(dtype) ? 0 : 1];
  return NaN;
}

/** Options of `take`. */
export interface TakeOptions {
  /** The axis to take along (the positional `axis`); the flattened array when omitted or null. */
  axis?: number | null;
  /**
   * "fill" (default, as JAX): negative indices count from the end and out-of-range ones give
   * `fillValue`; "clip": indices are clamped into range (negative ones to 0); "wrap": indices
   * are taken modulo the axis length.
   */
  mode?: "fill" | "clip" | "wrap";
  fillValue?: number | boolean;
  /** Accepted for JAX compatibility (a performance hint). */
  indicesAreSorted?: boolean;
  /** Accepted for JAX compatibility (a performance hint). */
  uniqueIndices?: boolean;
}

/** Options of `takeAlongAxis`. */
export interface TakeAlongAxisOptions {
  /**
   * "fill" (default) and "drop": out-of-range indices give `fillValue`; "clip" clamps them;
   * "promise_in_bounds" clamps and (as JAX) does not wrap negative indices; "one_hot" gives 0
   * for them.
   */
  mode?: "fill" | "drop" | "clip" | "promise_in_bounds" | "one_hot";
  fillValue?: number | boolean;
  /** Negative indices count from the end (default: true, except for "promise_in_bounds"). */
  wrapNegativeIndices?: boolean;
}

function indexArray(op: string, indices: Array | number | readonly number[], device: Array["device"]): Array {
  const a = indices instanceof Array ? indices : array(typeof indices === "number" ? indices : [...indices], { dtype: "int32", device });
  if (!isIntDType(a.dtype)) throw new DTypeError(`${op}: indices must be integers, got ${a.dtype}.`);
  return a;
}

const TAKE = { accepted: ["axis", "mode", "fillValue", "indicesAreSorted", "uniqueIndices"], signature: "np.take(x, indices, axis?, { mode, fillValue })" };

/**
 * Elements at `indices` along `axis` (of the flattened array when omitted): the result has
 * shape `x.shape[:axis] + indices.shape + x.shape[axis+1:]`. Modes as `jnp.take`: "fill" (the
 * default; out-of-range indices give NaN or `fillValue`), "clip", "wrap".
 *
 * @example
 * np.take(np.array([10, 20, 30]), np.array([2, 0], { dtype: "int32" })); // [30, 10]
 * np.take(x, idx, 0, { mode: "wrap" });
 */
export function take(x: ArrayLike, indices: Array | number | readonly number[], axis?: number | null | TakeOptions, options?: TakeOptions): Array {
  const op = "np.take";
  if (isOptionsObject(axis)) [axis, options] = [undefined, axis as TakeOptions];
  const opts = checkOptions(op, options, TAKE);
  let a = asArray(op, x);
  let ax0 = positionalOrOption(op, "axis", axis as number | null | undefined, opts.axis);
  if (ax0 === undefined || ax0 === null) {
    a = reshapeTo(a, [a.size]);
    ax0 = 0;
  }
  const ax = normalizeAxis(op, ax0, a.ndim);
  const n = a.shape[ax]!;
  const raw = indexArray(op, indices, a.device);
  if (n === 0 && raw.size > 0) throw new IndexError(`${op}: cannot take ${raw.size} element(s) from axis ${ax} of size 0.`);
  let idx: Array;
  let mode: GatherMode;
  switch (opts.mode ?? "fill") {
    case "fill":
      idx = normalizeIndexArray(raw, n);
      mode = { mode: "fill", fillValue: opts.fillValue ?? defaultFill(a.dtype) };
      break;
    case "clip":
      idx = normalizeIndexArray(raw, n, false);
      mode = { mode: "clip" };
      break;
    case "wrap":
      idx = mod(convert(raw, "int32"), n);
      mode = { mode: "clip" };
      break;
    default:
      throw new TypeError(`${op}: unknown mode ${formatValue(opts.mode)}; use "fill", "clip" or "wrap" (jnp.take has no "raise").`);
  }
  const out = bind1(gather, [a, reshapeTo(idx, [...idx.shape, 1])], { axes: [ax], ...mode });
  // gather puts the index dims first: move them to position `ax`.
  const ni = idx.ndim;
  const perm = [...range(ni + ax, ni), ...range(ni), ...range(out.ndim, ni + ax)];
  return perm.every((p, i) => p === i) ? out : bind1(transposeP, [out], { permutation: perm });
}

const TAKE_ALONG = { accepted: ["mode", "fillValue", "wrapNegativeIndices"], signature: "np.takeAlongAxis(x, indices, axis, { mode, fillValue, wrapNegativeIndices })" };

/**
 * Picks along `axis` with an index array of the same rank (broadcast against `x` on the other
 * axes), like `np.take_along_axis`; `axis: null` takes from the flattened array (1-D indices).
 *
 * @example
 * const i = np.argsort(x, 1);
 * np.takeAlongAxis(x, i, 1);   // sorted rows
 */
export function takeAlongAxis(x: ArrayLike, indices: Array, axis: number | null = -1, options?: TakeAlongAxisOptions): Array {
  const op = "np.takeAlongAxis";
  const opts = checkOptions(op, options, TAKE_ALONG);
  let a = asArray(op, x);
  const idx = indexArray(op, indices, a.device);
  if (axis === null) {
    if (idx.ndim !== 1) throw new ShapeError(`${op}: indices must be 1-D with axis null, got shape ${fmtShape(idx.shape)}.`);
    a = reshapeTo(a, [a.size]);
    axis = 0;
  }
  if (idx.ndim !== a.ndim) {
    throw new ShapeError(`${op}: indices ${fmtShape(idx.shape)} must have the same number of axes as the array ${fmtShape(a.shape)}.`);
  }
  const ax = normalizeAxis(op, axis, a.ndim);
  const mode = opts.mode ?? "fill";
  let gmode: GatherMode;
  if (mode === "clip" || mode === "promise_in_bounds") gmode = { mode: "clip" };
  else if (mode === "fill" || mode === "drop") gmode = { mode: "fill", fillValue: opts.fillValue ?? defaultFill(a.dtype) };
  else if (mode === "one_hot") gmode = { mode: "fill", fillValue: 0 };
  else throw new TypeError(`${op}: unknown mode ${formatValue(mode)}; use "fill", "drop", "clip", "promise_in_bounds" or "one_hot".`);
  const wrap = opts.wrapNegativeIndices ?? mode !== "promise_in_bounds";
  const shape = broadcastShapes(
    op,
    a.shape.map((n, i) => (i === ax ? 1 : n)),
    idx.shape.map((n, i) => (i === ax ? 1 : n)),
  );
  shape[ax] = idx.shape[ax]!;
  if (a.shape[ax] === 0) return broadcastTo(op, scalarLike(op, 0, { dtype: a.dtype, weakType: false }, a.device), shape);
  // numpy broadcasts the array against the indices too (off the axis)
  const b = broadcastTo(op, a, shape.map((n, i) => (i === ax ? a.shape[ax]! : n)));
  const coords = b.shape.map((n, d) => {
    const c = d === ax
      ? normalizeIndexArray(broadcastTo(op, idx, shape), n, wrap)
      : bind1(iota, [], { dtype: "int32", shape, dimension: d, device: a.device });
    return reshapeTo(c, [...shape, 1]);
  });
  const stacked = coords.length === 1 ? coords[0]! : concatLast(coords);
  return bind1(gather, [b, stacked], { axes: range(b.ndim), ...gmode });
}
