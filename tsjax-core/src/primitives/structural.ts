/**
 * Structural primitives: broadcast_in_dim, reshape, transpose, slice, rev, pad, concatenate,
 * iota, dynamic_slice, dynamic_update_slice.
 *
 * Eagerly, broadcast/reshape/transpose/slice/rev are views of the input's buffer (no kernel).
 * Their lowerings remap indices, so under `jit` they fuse into their consumers.
 */
import type { DType } from "../dtype.js";
import type { Array } from "../array/array.js";
import { DTypeError, IndexError, ShapeError } from "../errors.js";
import { contiguousStrides, fmtShape, sizeOf } from "../shape.js";
import type { DeviceName } from "../backend/backend.js";
import { type Exp, add, and, cast, constant, div, eq, ge, i32, inRange, lt, max, min, mul, rem, select, sub } from "../compile/exp.js";
import { type Operand, operand, readLinear } from "../compile/operand.js";
import { type BatchDim, type Primitive, UndefinedPrimal, aval, definePrimitive } from "../core/primitive.js";
import { copyPrimitive, evalPrimitive } from "../core/eager.js";
import { batchSize, moveAxis, moveBatchAxis } from "../transforms/vmap.js";
import {
  add as addA, bind1, broadcastDims, concat, convert, full, instantiate, iotaLike, linearJvp, max as maxA, min as minA, reshapeTo,
  scalar, select as selectA, sliceAxis, sub as subA, sumAxes, transposeTo, zerosLike,
} from "./ops.js";
import { gather, scatter } from "./indexing.js";
import { range } from "../util.js";
import { formatValue } from "../util/format.js";

export const broadcastInDim: Primitive<{ shape: readonly number[]; broadcastDimensions: readonly number[] }> = definePrimitive<{ shape: readonly number[]; broadcastDimensions: readonly number[] }>({
  name: "broadcast_in_dim",
  fusion: {
    broadcast: true,
    rowBroadcast({ broadcastDimensions: bd }, inShape, outShape) {
      if (outShape.length === 0) return false;
      const last = outShape.length - 1;
      for (let d = 0; d < last; d++) {
        const k = bd.indexOf(d);
        if (k < 0 || inShape[k] !== outShape[d]) return false;
      }
      const k = bd.indexOf(last);
      return k < 0 || inShape[k] === 1;
    },
  },
  abstractEval([x], { shape, broadcastDimensions: bd }) {
    const ok =
      bd.length === x!.shape.length &&
      bd.every((d, i) => d >= 0 && d < shape.length && (i === 0 || d > bd[i - 1]!)) &&
      x!.shape.every((n, i) => n === 1 || n === shape[bd[i]!]);
    if (!ok) {
      throw new ShapeError(
        `lax.broadcastInDim: cannot broadcast ${fmtShape(x!.shape)} to ${fmtShape(shape)} with ` +
          `broadcastDimensions ${fmtShape(bd)}: each operand axis must map, in increasing order, to an ` +
          "output axis of the same size (or have size 1).",
      );
    }
    return [aval(shape, x!.dtype, x!.weakType)];
  },
  impl([x], { shape, broadcastDimensions: bd }) {
    const strides = new globalThis.Array<number>(shape.length).fill(0);
    x!.shape.forEach((n, i) => {
      if (n !== 1) strides[bd[i]!] = x!.strides[i]!;
    });
    return [x!.view(shape, strides, x!.offset)];
  },
  lower([x], { shape, broadcastDimensions: bd }) {
    return [operand(shape, x!.dtype, (idx) => x!.at(x!.shape.map((n, i) => (n === 1 ? i32(0) : idx[bd[i]!]!))))];
  },
  jvp(primals, tangents, params) {
    return linearJvp(broadcastInDim, primals, tangents, params);
  },
  transpose([ct], [x], { shape, broadcastDimensions: bd }) {
    if (!ct) return [null];
    const xs = (x as UndefinedPrimal).aval.shape;
    const axes = range(shape.length).filter((a) => !bd.includes(a) || (xs[bd.indexOf(a)] === 1 && shape[a] !== 1));
    return [reshapeTo(sumAxes(ct, axes), xs)];
  },
  batch([x], [d], { shape, broadcastDimensions: bd }) {
    const B = x!.shape[d!]!;
    return [[bind1(broadcastInDim, [moveAxis(x!, d!, 0)], { shape: [B, ...shape], broadcastDimensions: [0, ...bd.map((a) => a + 1)] })], [0]];
  },
});

/** Strides for viewing (shape, strides) as `newShape` without copying, or undefined (numpy's algorithm). */
export function reshapeStrides(
  shape: readonly number[],
  strides: readonly number[],
  newShape: readonly number[],
): number[] | undefined {
  if (sizeOf(shape) === 0) return contiguousStrides(newShape);
  const os: number[] = [];
  const ot: number[] = [];
  shape.forEach((n, i) => {
    if (n !== 1) {
      os.push(n);
      ot.push(strides[i]!);
    }
  });
  const ns = newShape;
  const nt = new globalThis.Array<number>(ns.length).fill(0);
  let oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < ns.length && oi < os.length) {
    let np = ns[ni]!;
    let op = os[oi]!;
    while (np !== op) {
      if (np < op) np *= ns[nj++]!;
      else op *= os[oj++]!;
    }
    for (let ok = oi; ok < oj - 1; ok++) if (ot[ok] !== os[ok + 1]! * ot[ok + 1]!) return undefined;
    nt[nj - 1] = ot[oj - 1]!;
    for (let nk = nj - 1; nk > ni; nk--) nt[nk - 1] = nt[nk]! * ns[nk]!;
    ni = nj++;
    oi = oj++;
  }
  // trailing size-1 axes of the new shape
  for (let k = ni; k < ns.length; k++) nt[k] = 0;
  return nt;
}

export const reshape: Primitive<{ newSizes: readonly number[] }> = definePrimitive<{ newSizes: readonly number[] }>({
  name: "reshape",
  abstractEval([x], { newSizes }) {
    if (sizeOf(newSizes) !== sizeOf(x!.shape)) {
      throw new ShapeError(
        `reshape: cannot reshape ${fmtShape(x!.shape)} (${sizeOf(x!.shape)} elements) into ` +
          `${fmtShape(newSizes)} (${sizeOf(newSizes)} elements).`,
      );
    }
    return [aval(newSizes, x!.dtype, x!.weakType)];
  },
  impl([x], { newSizes }) {
    const strides = reshapeStrides(x!.shape, x!.strides, newSizes);
    if (strides) return [x!.view(newSizes, strides, x!.offset)];
    const dense = evalPrimitive(copyPrimitive, [x!], {})[0]!;
    const out = dense.view(newSizes, contiguousStrides(newSizes), 0);
    dense.dispose();
    return [out];
  },
  lower([x], { newSizes }) {
    const lin = (i: Exp) => readLinear(x!, i);
    return [operand(newSizes, x!.dtype, (idx) => lin(ravel(idx, newSizes)), lin)];
  },
  jvp(primals, tangents, params) {
    return linearJvp(reshape, primals, tangents, params);
  },
  transpose([ct], [x]) {
    return [ct && reshapeTo(ct, (x as UndefinedPrimal).aval.shape)];
  },
  batch([x], [d], { newSizes }) {
    return [[reshapeTo(moveAxis(x!, d!, 0), [x!.shape[d!]!, ...newSizes])], [0]];
  },
});

function ravel(idx: readonly Exp[], shape: readonly number[]): Exp {
  const strides = contiguousStrides(shape);
  let out = i32(0);
  idx.forEach((e, d) => {
    if (shape[d] !== 1) out = add(out, mul(e, i32(strides[d]!)));
  });
  return out;
}

export const transpose: Primitive<{ permutation: readonly number[] }> = definePrimitive<{ permutation: readonly number[] }>({
  name: "transpose",
  abstractEval([x], { permutation: p }) {
    const n = x!.shape.length;
    if (p.length !== n || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
      throw new ShapeError(
        `transpose: axes ${fmtShape(p)} are not a permutation of the ${n} axes of an array of shape ${fmtShape(x!.shape)}.`,
      );
    }
    return [aval(p.map((i) => x!.shape[i]!), x!.dtype, x!.weakType)];
  },
  impl([x], { permutation: p }) {
    return [x!.view(p.map((i) => x!.shape[i]!), p.map((i) => x!.strides[i]!), x!.offset)];
  },
  lower([x], { permutation: p }, [out]) {
    return [
      operand(out!.shape, x!.dtype, (idx) => {
        const src = new globalThis.Array<Exp>(p.length);
        p.forEach((from, i) => (src[from] = idx[i]!));
        return x!.at(src);
      }),
    ];
  },
  jvp(primals, tangents, params) {
    return linearJvp(transpose, primals, tangents, params);
  },
  transpose([ct], _ins, { permutation: p }) {
    const inv = new globalThis.Array<number>(p.length);
    p.forEach((a, i) => (inv[a] = i));
    return [ct && transposeTo(ct, inv)];
  },
  batch([x], [d], { permutation: p }) {
    return [[transposeTo(moveAxis(x!, d!, 0), [0, ...p.map((a) => a + 1)])], [0]];
  },
});

export interface SliceParams {
  startIndices: readonly number[];
  limitIndices: readonly number[];
  strides: readonly number[];
}

export const slice: Primitive<SliceParams> = definePrimitive<SliceParams>({
  name: "slice",
  abstractEval([x], { startIndices: s, limitIndices: l, strides: st }) {
    const n = x!.shape.length;
    const bad = [s, l, st].some((v) => v.length !== n) ||
      x!.shape.some((d, i) => !(0 <= s[i]! && s[i]! <= l[i]! && l[i]! <= d && st[i]! >= 1));
    if (bad) {
      throw new IndexError(
        `lax.slice: start ${fmtShape(s)}, limit ${fmtShape(l)}, strides ${fmtShape(st)} do not fit shape ` +
          `${fmtShape(x!.shape)} (need 0 <= start <= limit <= size and strides >= 1 on every axis).`,
      );
    }
    return [aval(x!.shape.map((_, i) => Math.ceil((l[i]! - s[i]!) / st[i]!)), x!.dtype, x!.weakType)];
  },
  impl([x], { startIndices: s, strides: st }, [out]) {
    let offset = x!.offset;
    s.forEach((v, i) => (offset += v * x!.strides[i]!));
    return [x!.view(out!.shape, x!.strides.map((v, i) => v * st[i]!), out!.shape.some((d) => d === 0) ? 0 : offset)];
  },
  lower([x], { startIndices: s, strides: st }, [out]) {
    return [operand(out!.shape, x!.dtype, (idx) => x!.at(idx.map((e, i) => add(mul(e, i32(st[i]!)), i32(s[i]!)))))];
  },
  jvp(primals, tangents, params) {
    return linearJvp(slice, primals, tangents, params);
  },
  transpose([ct], [x], { startIndices: st, strides }) {
    if (!ct) return [null];
    const xs = (x as UndefinedPrimal).aval.shape;
    const config = xs.map((n, i) => {
      const end = ct.shape[i] === 0 ? st[i]! : st[i]! + (ct.shape[i]! - 1) * strides[i]! + 1;
      return [st[i]!, n - end, strides[i]! - 1] as const;
    });
    return [bind1(pad, [ct, scalar(0, ct.dtype, ct.device)], { config })];
  },
  batch([x], [d], { startIndices, limitIndices, strides }) {
    const B = x!.shape[d!]!;
    return [[bind1(slice, [moveAxis(x!, d!, 0)], { startIndices: [0, ...startIndices], limitIndices: [B, ...limitIndices], strides: [1, ...strides] })], [0]];
  },
});

export const rev: Primitive<{ dimensions: readonly number[] }> = definePrimitive<{ dimensions: readonly number[] }>({
  name: "rev",
  abstractEval([x], { dimensions }) {
    if (dimensions.some((d) => d < 0 || d >= x!.shape.length)) {
      throw new IndexError(`lax.rev: dimensions ${fmtShape(dimensions)} out of range for shape ${fmtShape(x!.shape)}.`);
    }
    return [x!];
  },
  impl([x], { dimensions }) {
    let offset = x!.offset;
    const strides = [...x!.strides];
    for (const d of dimensions) {
      if (x!.shape[d]! === 0) continue;
      offset += (x!.shape[d]! - 1) * strides[d]!;
      strides[d] = -strides[d]!;
    }
    return [x!.view(x!.shape, strides, offset)];
  },
  lower([x], { dimensions }) {
    return [
      operand(x!.shape, x!.dtype, (idx) =>
        x!.at(idx.map((e, d) => (dimensions.includes(d) ? sub(i32(x!.shape[d]! - 1), e) : e))),
      ),
    ];
  },
  jvp(primals, tangents, params) {
    return linearJvp(rev, primals, tangents, params);
  },
  transpose([ct], _ins, params) {
    return [ct && bind1(rev, [ct], params)];
  },
  batch([x], [d], { dimensions }) {
    return [[bind1(rev, [moveAxis(x!, d!, 0)], { dimensions: dimensions.map((a) => a + 1) })], [0]];
  },
});

export interface PadParams {
  /** Per axis: [low, high, interior]; low/high may be negative (cropping). */
  config: readonly (readonly [number, number, number])[];
}

export const pad: Primitive<PadParams> = definePrimitive<PadParams>({
  name: "pad",
  abstractEval([x, v], { config }) {
    if (v!.shape.length !== 0 || v!.dtype !== x!.dtype) {
      throw new ShapeError(`lax.pad: the padding value must be a scalar of dtype ${x!.dtype}, got ${fmtShape(v!.shape)} ${v!.dtype}.`);
    }
    if (config.length !== x!.shape.length || config.some(([, , int]) => int < 0)) {
      throw new ShapeError(
        `lax.pad: need one [low, high, interior] per axis of ${fmtShape(x!.shape)} with interior >= 0, got ${formatValue(config)}.`,
      );
    }
    const shape = x!.shape.map((n, i) => {
      const [lo, hi, int] = config[i]!;
      return lo + hi + n + Math.max(0, n - 1) * int;
    });
    if (shape.some((n) => n < 0)) {
      throw new ShapeError(`lax.pad: negative padding ${formatValue(config)} removes more than the ${fmtShape(x!.shape)} array has.`);
    }
    return [aval(shape, x!.dtype, x!.weakType && v!.weakType)];
  },
  lower([x, v], { config }, [out]) {
    return [
      operand(out!.shape, x!.dtype, (idx) => {
        let valid: Exp | undefined;
        const src = idx.map((e, d) => {
          const [lo, , int] = config[d]!;
          const n = x!.shape[d]!;
          const t = sub(e, i32(lo));
          let ok: Exp;
          let s: Exp;
          if (int === 0) {
            s = t;
            ok = inRange(t, 0, n);
          } else {
            s = div(t, i32(int + 1));
            ok = and(and(ge(t, i32(0)), eq(rem(t, i32(int + 1)), i32(0))), lt(s, i32(n)));
          }
          valid = valid ? and(valid, ok) : ok;
          return s;
        });
        const inner = x!.at(src);
        return valid ? select(valid, inner, v!.at([])) : inner;
      }),
    ];
  },
  jvp([x, v], [tx, tv], params) {
    const out = bind1(pad, [x!, v!], params);
    return [[out], [bind1(pad, [instantiate(tx!, x!), instantiate(tv!, v!)], params)]];
  },
  transpose([ct], [x, v], { config }) {
    if (!ct) return [null, null];
    const unpadded = bind1(pad, [ct, scalar(0, ct.dtype, ct.device)], { config: config.map(([l, h]) => [-l, -h, 0] as const) });
    const tOperand = bind1(slice, [unpadded], {
      startIndices: config.map(() => 0),
      limitIndices: unpadded.shape,
      strides: config.map(([, , int]) => int + 1),
    });
    const total = (a: Array) => sumAxes(a, range(a.ndim));
    return [
      x instanceof UndefinedPrimal ? tOperand : null,
      v instanceof UndefinedPrimal ? subA(total(ct), total(tOperand)) : null,
    ];
  },
  batch([x, v], [dx, dv], { config }) {
    const B = batchSize([x!, v!], [dx!, dv!]);
    const cfg = [[0, 0, 0] as const, ...config];
    const xb = moveBatchAxis(x!, dx!, 0, B);
    if (dv === null) return [[bind1(pad, [xb, v!], { config: cfg })], [0]];
    const padded = bind1(pad, [xb, scalar(0, x!.dtype, x!.device)], { config: cfg });
    const mask = bind1(pad, [full(xb, true, "bool"), scalar(false, "bool", x!.device)], { config: cfg });
    const vb = broadcastDims(moveAxis(v!, dv!, 0), padded.shape, [0]);
    return [[selectA(mask, padded, vb)], [0]];
  },
});

export const concatenate: Primitive<{ dimension: number }> = definePrimitive<{ dimension: number }>({
  name: "concatenate",
  abstractEval(xs, { dimension: d }) {
    const first = xs[0]!;
    for (const x of xs) {
      const ok = x.dtype === first.dtype && x.shape.length === first.shape.length &&
        x.shape.every((n, i) => i === d || n === first.shape[i]);
      if (!ok) {
        throw new ShapeError(
          `concatenate: arrays must have the same dtype and the same shape except along axis ${d}, got ` +
            xs.map((v) => `${fmtShape(v.shape)} ${v.dtype}`).join(", ") + ".",
        );
      }
    }
    const shape = [...first.shape];
    shape[d] = xs.reduce((s, x) => s + x.shape[d]!, 0);
    return [aval(shape, first.dtype, xs.every((x) => x.weakType))];
  },
  lower(xs, { dimension: d }, [out]) {
    const offsets: number[] = [];
    let o = 0;
    for (const x of xs) {
      offsets.push(o);
      o += x.shape[d]!;
    }
    const pieces = xs.map((x, k) => ({ x, k })).filter(({ x }) => x.shape[d]! > 0);
    // Every piece empty: the output has no elements and nothing is read.
    if (pieces.length === 0) return [operand(out!.shape, out!.dtype, () => constant(0, out!.dtype))];
    return [
      operand(out!.shape, out!.dtype, (idx) => {
        const read = (k: number) => xs[k]!.at(idx.map((e, i) => (i === d ? sub(e, i32(offsets[k]!)) : e)));
        let value = read(pieces[pieces.length - 1]!.k);
        for (let p = pieces.length - 2; p >= 0; p--) {
          const k = pieces[p]!.k;
          value = select(lt(idx[d]!, i32(offsets[k]! + xs[k]!.shape[d]!)), read(k), value);
        }
        return value;
      }),
    ];
  },
  jvp(primals, tangents, params) {
    const out = bind1(concatenate, primals, params);
    return [[out], [bind1(concatenate, tangents.map((t, i) => instantiate(t, primals[i]!)), params)]];
  },
  transpose([ct], xs, { dimension }) {
    let off = 0;
    return xs.map((x) => {
      const n = (x instanceof UndefinedPrimal ? x.aval : x).shape[dimension]!;
      const piece = x instanceof UndefinedPrimal && ct ? sliceAxis(ct, dimension, off, off + n) : null;
      off += n;
      return piece;
    });
  },
  batch(xs, dims, { dimension }) {
    const B = batchSize(xs, dims);
    return [[bind1(concatenate, xs.map((x, i) => moveBatchAxis(x, dims[i]!, 0, B)), { dimension: dimension + 1 })], [0]];
  },
});

export const iota = definePrimitive<{ dtype: DType; shape: readonly number[]; dimension: number; device?: DeviceName }>({
  name: "iota",
  abstractEval(_xs, { dtype, shape, dimension }) {
    if (dimension < 0 || dimension >= shape.length) {
      throw new IndexError(`lax.iota: dimension ${dimension} out of range for shape ${fmtShape(shape)}.`);
    }
    if (dtype === "bool") throw new DTypeError("lax.iota: bool is not a numeric dtype.");
    return [aval(shape, dtype)];
  },
  lower(_xs, { dtype, shape, dimension }) {
    return [operand(shape, dtype, (idx) => cast(idx[dimension]!, dtype))];
  },
});

function clampStart(start: Operand, n: number, size: number): Exp {
  const s = cast(start.at([]), "int32");
  return max(i32(0), min(s, i32(n - size)));
}

function checkStarts(op: string, x: { shape: readonly number[] }, starts: readonly { shape: readonly number[]; dtype: DType }[]): void {
  if (starts.length !== x.shape.length || starts.some((s) => s.shape.length !== 0 || (s.dtype !== "int32" && s.dtype !== "uint32"))) {
    throw new IndexError(
      `${op}: needs one scalar integer start index per axis of ${fmtShape(x.shape)}, got ` +
        `${starts.map((s) => `${fmtShape(s.shape)} ${s.dtype}`).join(", ") || "none"}.`,
    );
  }
}

/** A slice of static size at dynamic (clamped) start indices: operands `(x, ...starts)`. */
export const dynamicSlice: Primitive<{ sliceSizes: readonly number[] }> = definePrimitive<{ sliceSizes: readonly number[] }>({
  name: "dynamic_slice",
  abstractEval([x, ...starts], { sliceSizes }) {
    checkStarts("lax.dynamicSlice", x!, starts);
    if (sliceSizes.length !== x!.shape.length || sliceSizes.some((s, i) => s < 0 || s > x!.shape[i]!)) {
      throw new IndexError(`lax.dynamicSlice: slice sizes ${fmtShape(sliceSizes)} do not fit shape ${fmtShape(x!.shape)}.`);
    }
    return [aval(sliceSizes, x!.dtype, x!.weakType)];
  },
  lower([x, ...starts], { sliceSizes }, [out]) {
    // start indices are read when the expression is built (inside a kernel), not at lowering
    const s = () => starts.map((st, d) => clampStart(st, x!.shape[d]!, sliceSizes[d]!));
    return [
      operand(out!.shape, x!.dtype, (idx) => {
        const starts = s();
        return x!.at(idx.map((e, d) => add(e, starts[d]!)));
      }),
    ];
  },
  jvp([x, ...starts], [tx], params) {
    const out = bind1(dynamicSlice, [x!, ...starts], params);
    return [[out], [tx ? bind1(dynamicSlice, [tx, ...starts], params) : null]];
  },
  transpose([ct], [x, ...starts]) {
    if (!ct) return [null, ...starts.map(() => null)];
    const zeros = zerosLike({ ...(x as UndefinedPrimal).aval, device: ct.device });
    return [bind1(dynamicUpdateSlice, [zeros, ct, ...(starts as Array[])], {}), ...starts.map(() => null)];
  },
  batch([x, ...starts], [dx, ...ds], { sliceSizes }) {
    const B = batchSize([x!, ...starts], [dx!, ...ds]);
    const xb = moveBatchAxis(x!, dx!, 0, B);
    if (ds.every((d) => d === null)) {
      return [[bind1(dynamicSlice, [xb, scalar(0, "int32", xb.device), ...starts], { sliceSizes: [B, ...sliceSizes] })], [0]];
    }
    const shape = [B, ...sliceSizes];
    const coords = windowCoords(xb, starts, ds, sliceSizes, shape, B);
    return [[bind1(gather, [xb, coords], { axes: range(xb.ndim), mode: "clip" })], [0]];
  },
});

/** `x` with `update` written at dynamic (clamped) start indices: operands `(x, update, ...starts)`. */
export const dynamicUpdateSlice: Primitive<Record<string, never>> = definePrimitive<Record<string, never>>({
  name: "dynamic_update_slice",
  abstractEval([x, u, ...starts]) {
    checkStarts("lax.dynamicUpdateSlice", x!, starts);
    if (u!.dtype !== x!.dtype || u!.shape.length !== x!.shape.length || u!.shape.some((n, i) => n > x!.shape[i]!)) {
      throw new ShapeError(
        `lax.dynamicUpdateSlice: the update ${fmtShape(u!.shape)} ${u!.dtype} must have the operand's dtype ` +
          `(${x!.dtype}) and fit inside its shape ${fmtShape(x!.shape)}.`,
      );
    }
    return [x!];
  },
  lower([x, u, ...starts], _p, [out]) {
    const clamped = () => starts.map((st, d) => clampStart(st, x!.shape[d]!, u!.shape[d]!));
    return [
      operand(out!.shape, x!.dtype, (idx) => {
        const s = clamped();
        let inside: Exp | undefined;
        const rel = idx.map((e, d) => {
          const r = sub(e, s[d]!);
          const ok = inRange(r, 0, u!.shape[d]!);
          inside = inside ? and(inside, ok) : ok;
          return r;
        });
        return inside ? select(inside, u!.at(rel), x!.at(idx)) : u!.at(rel);
      }),
    ];
  },
  jvp([x, u, ...starts], [tx, tu], params) {
    const out = bind1(dynamicUpdateSlice, [x!, u!, ...starts], params);
    return [[out], [bind1(dynamicUpdateSlice, [instantiate(tx!, x!), instantiate(tu!, u!), ...starts], params)]];
  },
  transpose([ct], [x, u, ...starts]) {
    const st = starts as Array[];
    if (!ct) return [null, null, ...st.map(() => null)];
    const ua = u instanceof UndefinedPrimal ? u.aval : (u as Array);
    const ctX = x instanceof UndefinedPrimal ? bind1(dynamicUpdateSlice, [ct, zerosLike({ ...ua, device: ct.device }), ...st], {}) : null;
    const ctU = u instanceof UndefinedPrimal ? bind1(dynamicSlice, [ct, ...st], { sliceSizes: ua.shape }) : null;
    return [ctX, ctU, ...st.map(() => null)];
  },
  batch([x, u, ...starts], [dx, du, ...ds]) {
    const B = batchSize([x!, u!, ...starts], [dx!, du!, ...ds]);
    const xb = moveBatchAxis(x!, dx!, 0, B);
    const ub = moveBatchAxis(u!, du!, 0, B);
    if (ds.every((d) => d === null)) {
      return [[bind1(dynamicUpdateSlice, [xb, ub, scalar(0, "int32", xb.device), ...starts], {})], [0]];
    }
    const coords = windowCoords(xb, starts, ds, u!.shape.filter((_, i) => i !== du), ub.shape, B);
    return [[bind1(scatter, [xb, coords, ub], { axes: range(xb.ndim), mode: "set" })], [0]];
  },
});

/**
 * Per-element coordinates `[B, ...sizes, 1 + n]` of a window of `sizes` at batched start
 * indices (clamped to keep the window inside `xb`, whose axis 0 is the batch axis).
 */
function windowCoords(
  xb: Array,
  starts: readonly Array[],
  dims: readonly BatchDim[],
  sizes: readonly number[],
  shape: readonly number[],
  B: number,
): Array {
  const dev = xb.device;
  const cols: Array[] = [iotaLike(shape, 0, dev)];
  starts.forEach((s, i) => {
    const n = xb.shape[i + 1]!;
    let sb = moveBatchAxis(convert(s, "int32"), dims[i] ?? null, 0, B);
    sb = maxA(scalarLike(sb, 0), minA(sb, scalarLike(sb, n - sizes[i]!)));
    cols.push(addA(broadcastDims(sb, shape, [0]), iotaLike(shape, i + 1, dev)));
  });
  return concat(cols.map((c) => reshapeTo(c, [...shape, 1])), shape.length);
}

function scalarLike(x: Array, v: number): Array {
  return full(x, v);
}
