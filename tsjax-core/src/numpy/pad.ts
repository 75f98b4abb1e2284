/**
 * `np.pad` with every mode of `jnp.pad` (JAX's algorithms, so values match, odd reflections and
 * pads longer than the axis included): constant, edge, wrap, reflect, symmetric, linear_ramp,
 * maximum, minimum, mean, median and empty. Each mode's options are checked against the ones
 * that mode takes.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { isIntDType } from "../dtype.js";
import { IndexError, ShapeError } from "../errors.js";
import { bind1 } from "../core/bind.js";
import { pad as padP, slice as sliceP } from "../primitives/structural.js";
import { checkOptions, isOptionsObject } from "../util/options.js";
import { formatValue } from "../util/format.js";
import { range } from "../util.js";
import { asArray, broadcastTo, convert, reshapeTo, scalarLike } from "./convert.js";
import { multiply, round, subtract } from "./elementwise.js";
import { concatenate, flip } from "./shape-ops.js";
import { max, mean, min } from "./reductions.js";
import { median } from "./quantiles.js";
import { linspace } from "./ranges.js";

/** Padding widths: one number, `[before, after]`, or one pair per axis. */
export type PadWidth = number | readonly number[] | readonly (readonly number[])[];

/** A value per side: one value, `[before, after]`, or one pair per axis. */
export type PadValues<T> = T | readonly T[] | readonly (readonly T[])[];

/** The modes of `pad`. */
export type PadMode = "constant" | "edge" | "wrap" | "reflect" | "symmetric" | "linear_ramp" | "maximum" | "minimum" | "mean" | "median" | "empty";

/** Options of `pad`. */
export interface PadOptions {
  /** "constant" (default), or another of `PadMode`. */
  mode?: PadMode;
  /** Mode "constant": the fill values (default 0), per side and axis. */
  constantValues?: PadValues<number | boolean | Array>;
  /** Modes "maximum", "minimum", "mean", "median": how many edge elements the statistic uses. */
  statLength?: PadValues<number>;
  /** Mode "linear_ramp": the values the ramps end at (default 0). */
  endValues?: PadValues<number>;
  /** Modes "reflect" and "symmetric": "even" (default) or "odd" (2 * edge - reflection). */
  reflectType?: "even" | "odd";
}

const MODE_OPTIONS: Record<PadMode, readonly string[]> = {
  constant: ["constantValues"],
  edge: [],
  wrap: [],
  reflect: ["reflectType"],
  symmetric: ["reflectType"],
  linear_ramp: ["endValues"],
  maximum: ["statLength"],
  minimum: ["statLength"],
  mean: ["statLength"],
  median: ["statLength"],
  empty: [],
};

/** JAX's `_broadcast_to_pairs`: a value, `[v]`, `[before, after]`, `[[before, after]]` or one pair per axis. */
function pairs<T>(op: string, name: string, v: PadValues<T>, ndim: number): [T, T][] {
  const isList = globalThis.Array.isArray;
  if (!isList(v)) return range(ndim).map(() => [v as T, v as T]);
  const list = v as readonly unknown[];
  if (list.length > 0 && list.every((p) => isList(p))) {
    const ps = list as readonly (readonly T[])[];
    if (ps.some((p) => p.length !== 2)) throw new ShapeError(`${op}: ${name} pairs must each be [before, after], got ${formatValue(v)}.`);
    if (ps.length === 1) return range(ndim).map(() => [ps[0]![0]!, ps[0]![1]!]);
    if (ps.length !== ndim) throw new ShapeError(`${op}: ${name} needs ${ndim} [before, after] pairs (one per axis), got ${ps.length}.`);
    return ps.map((p) => [p[0]!, p[1]!]);
  }
  if (list.length === 1) return range(ndim).map(() => [list[0] as T, list[0] as T]);
  if (list.length === 2) return range(ndim).map(() => [list[0] as T, list[1] as T]);
  throw new ShapeError(`${op}: ${name} ${formatValue(v)} must be a value, [before, after], or ${ndim} such pairs.`);
}

function sliceAxis(a: Array, axis: number, start: number, stop: number): Array {
  const n = a.shape[axis]!;
  const s = start < 0 ? start + n : start;
  const e = stop < 0 ? stop + n : stop;
  return bind1(sliceP, [a], {
    startIndices: a.shape.map((_, i) => (i === axis ? s : 0)),
    limitIndices: a.shape.map((d, i) => (i === axis ? e : d)),
    strides: a.shape.map(() => 1),
  });
}

/** `x` repeated `k` times along `axis` (x has size 1 there). */
function repeatEdge(x: Array, k: number, axis: number): Array {
  return broadcastTo("np.pad", x, x.shape.map((n, i) => (i === axis ? k : n)));
}

function checkNoPadding(op: string, p: [number, number], mode: string, axis: number): void {
  if (p[0] > 0 || p[1] > 0) throw new IndexError(`${op}: cannot apply "${mode}" padding to axis ${axis} of size 0.`);
}

function padConstant(a: Array, widths: [number, number][], values: PadValues<number | boolean | Array> | undefined): Array {
  const v = values ?? 0;
  const cv = (x: number | boolean | Array) => (typeof x === "number" || typeof x === "boolean" ? scalarLike("np.pad", x, { dtype: a.dtype, weakType: false }, a.device) : convert(reshapeTo(x, []), a.dtype));
  if (!globalThis.Array.isArray(v)) return bind1(padP, [a, cv(v as number)], { config: widths.map(([b, e]) => [b, e, 0] as const) });
  const per = pairs("np.pad", "constantValues", v as PadValues<number | boolean | Array>, a.ndim);
  let out = a;
  widths.forEach(([b, e], i) => {
    const side = (lo: number, hi: number) => out.shape.map((_, d): [number, number, number] => (d === i ? [lo, hi, 0] : [0, 0, 0]));
    if (b) out = bind1(padP, [out, cv(per[i]![0])], { config: side(b, 0) });
    if (e) out = bind1(padP, [out, cv(per[i]![1])], { config: side(0, e) });
  });
  return out;
}

function padWrap(a: Array, widths: [number, number][]): Array {
  let out = a;
  widths.forEach(([b, e], i) => {
    const n = out.shape[i]!;
    if (n === 0) return checkNoPadding("np.pad", [b, e], "wrap", i);
    const parts: Array[] = [];
    if (b % n) parts.push(sliceAxis(out, i, n - (b % n), n));
    for (let r = 0; r < Math.floor(b / n) + Math.floor(e / n) + 1; r++) parts.push(out);
    if (e % n) parts.push(sliceAxis(out, i, 0, e % n));
    out = concatenate(parts, i);
  });
  return out;
}

function padEdge(a: Array, widths: [number, number][]): Array {
  let out = a;
  widths.forEach(([b, e], i) => {
    const n = out.shape[i]!;
    if (n === 0) return checkNoPadding("np.pad", [b, e], "edge", i);
    out = concatenate([repeatEdge(sliceAxis(out, i, 0, 1), b, i), out, repeatEdge(sliceAxis(out, i, n - 1, n), e, i)], i);
  });
  return out;
}

function padReflect(a: Array, widths: [number, number][], mode: "reflect" | "symmetric", odd: boolean): Array {
  let out = a;
  widths.forEach(([b, e], i) => {
    const size = out.shape[i]!;
    if (size === 0) return checkNoPadding("np.pad", [b, e], mode, i);
    const offset = mode === "reflect" && size > 1 ? 1 : 0;
    const build = (padding: number, before: boolean) => {
      let edge = before ? sliceAxis(out, i, 0, 1) : sliceAxis(out, i, -1, out.shape[i]!);
      while (padding > 0) {
        const cur = Math.min(padding, size - offset);
        padding -= cur;
        const n = out.shape[i]!;
        let x = before ? sliceAxis(out, i, offset, offset + cur) : sliceAxis(out, i, n - cur - offset, mode === "symmetric" || size === 1 ? n : n - 1);
        x = flip(x, i);
        if (odd) {
          x = subtract(multiply(edge, 2), x);
          if (size > 1) edge = before ? sliceAxis(x, i, 0, 1) : sliceAxis(x, i, -1, x.shape[i]!);
        }
        out = concatenate(before ? [x, out] : [out, x], i);
      }
    };
    build(b, true);
    build(e, false);
  });
  return out;
}

function padLinearRamp(a: Array, widths: [number, number][], endValues: PadValues<number> | undefined): Array {
  const ends = pairs("np.pad", "endValues", endValues ?? 0, a.ndim);
  let out = a;
  widths.forEach(([b, e], i) => {
    const n = out.shape[i]!;
    const edgeB = reshapeTo(sliceAxis(out, i, 0, 1), out.shape.filter((_, d) => d !== i));
    const edgeA = reshapeTo(sliceAxis(out, i, n - 1, n), out.shape.filter((_, d) => d !== i));
    const rampB = linspace(ends[i]![0], edgeB, b, { endpoint: false, dtype: a.dtype, axis: i });
    const rampA = flip(linspace(ends[i]![1], edgeA, e, { endpoint: false, dtype: a.dtype, axis: i }), i);
    out = concatenate([rampB, out, rampA], i);
  });
  return out;
}

type StatFn = (x: Array, axis: number, opts: { keepdims: boolean }) => Array;
const STATS: Record<string, StatFn> = { maximum: max, minimum: min, mean, median: (x, axis, o) => median(x, axis, o) };

function padStats(a: Array, widths: [number, number][], statLength: PadValues<number> | undefined, mode: string): Array {
  const stat = STATS[mode]!;
  const lengths = statLength === undefined ? undefined : pairs("np.pad", "statLength", statLength, a.ndim);
  let out = a;
  widths.forEach(([b, e], i) => {
    let before: Array;
    let after: Array;
    if (!lengths) before = after = stat(out, i, { keepdims: true });
    else {
      const n = out.shape[i]!;
      let [lb, la] = lengths[i]!;
      if (lb === 0 || la === 0) throw new RangeError("np.pad: statLength of 0 yields no value for padding.");
      lb = Math.min(lb, n);
      la = Math.min(la, n);
      before = stat(sliceAxis(out, i, 0, lb), i, { keepdims: true });
      after = stat(sliceAxis(out, i, n - la, n), i, { keepdims: true });
    }
    if (isIntDType(a.dtype)) [before, after] = [round(before), round(after)];
    before = convert(before, a.dtype);
    after = convert(after, a.dtype);
    out = concatenate([repeatEdge(before, b, i), out, repeatEdge(after, e, i)], i);
  });
  return out;
}

/**
 * Pads an array (numpy's `pad`): `width` is one number, `[before, after]`, or one pair per axis;
 * `mode` (positional or an option) picks how the new elements are filled, with that mode's
 * options (`constantValues`, `statLength`, `endValues`, `reflectType`).
 *
 * @example
 * np.pad(np.array([1, 2, 3]), 2);                              // [0,0,1,2,3,0,0]
 * np.pad(np.array([1, 2, 3]), [1, 2], "reflect");              // [2,1,2,3,2,1]
 * np.pad(x, [[1, 1], [0, 2]], { mode: "constant", constantValues: -1 });
 * np.pad(x, 3, { mode: "linear_ramp", endValues: 0 });
 */
export function pad(x: ArrayLike, width: PadWidth, mode?: PadMode | PadOptions, options?: PadOptions): Array {
  const op = "np.pad";
  if (isOptionsObject(mode)) {
    if (options !== undefined) throw new TypeError(`${op}: the mode argument is an options object, but options come last. Call it as np.pad(x, width, mode?, { ...options }).`);
    [mode, options] = [undefined, mode as PadOptions];
  }
  const given = (options ?? {}) as PadOptions;
  if (mode !== undefined && given.mode !== undefined) throw new TypeError(`${op}: mode was given both as an argument and as the option "mode"; give it once.`);
  const m = (mode as PadMode | undefined) ?? given.mode ?? "constant";
  if (typeof m !== "string" || !(m in MODE_OPTIONS)) {
    throw new TypeError(`${op}: unknown mode ${formatValue(m)}; accepted modes: ${Object.keys(MODE_OPTIONS).join(", ")}.`);
  }
  const o = checkOptions(op, options, { accepted: ["mode", ...MODE_OPTIONS[m]], signature: `np.pad(x, width, "${m}", { ${MODE_OPTIONS[m].join(", ")} })` });
  const a = asArray(op, x);
  if (a.ndim === 0) return a;
  const widths = pairs(op, "width", width as PadValues<number>, a.ndim);
  if (widths.some(([b, e]) => !Number.isInteger(b) || !Number.isInteger(e) || b < 0 || e < 0)) {
    throw new ShapeError(`${op}: pad widths must be non-negative integers, got ${formatValue(width)}.`);
  }
  const reflectType = o.reflectType ?? "even";
  if (reflectType !== "even" && reflectType !== "odd") throw new TypeError(`${op}: reflectType must be "even" or "odd", got ${formatValue(reflectType)}.`);
  switch (m) {
    case "constant": return padConstant(a, widths, o.constantValues);
    case "wrap": return padWrap(a, widths);
    case "edge": return padEdge(a, widths);
    case "reflect":
    case "symmetric": return padReflect(a, widths, m, reflectType === "odd");
    case "linear_ramp": return padLinearRamp(a, widths, o.endValues);
    case "empty": return padConstant(a, widths, 0);
    default: return padStats(a, widths, o.statLength, m);
  }
}
