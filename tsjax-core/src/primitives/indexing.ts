/**
 * `gather` and `scatter` in one simple, general form.
 *
 * `indices` has shape `[...batch, k]`: each batch position names coordinates for the `k` axes
 * `axes` of the operand, and takes the full slice along the other axes. So
 * `gather(x, indices)` has shape `[...batch, ...x.shape without axes]`, and `scatter` takes
 * updates of that shape. numpy indexing, `take`, `takeAlongAxis` and `x.at(...)` are all
 * written with these. Out-of-range gather indices are clamped and out-of-range scatter updates
 * dropped, as JAX does by default.
 */
import { DTypeError, IndexError, ShapeError } from "../errors.js";
import { contiguousStrides, fmtShape, shapesEqual, sizeOf } from "../shape.js";
import { type Exp, and, cast, constant, i32, inRange, linearIndex, max, min, select, unravelIndex, variable } from "../compile/exp.js";
import { type Operand, operand, readLinear } from "../compile/operand.js";
import { GIDX, type ScatterMode, UPD } from "../compile/kernel.js";
import { type Primitive, type ShapedArray, UndefinedPrimal, aval, definePrimitive } from "../core/primitive.js";
import type { Array } from "../array/array.js";
import { batchSize, moveAxis, moveBatchAxis } from "../core/batching.js";
import * as O from "./ops.js";

interface GatherParams {
  axes: readonly number[];
}

/** Out-of-range gather indices: clamp them ("clip"), or return `fillValue` ("fill"). */
export type GatherMode = { mode: "clip" } | { mode: "fill"; fillValue: number | boolean };

function checkIndices(op: string, x: ShapedArray, indices: ShapedArray, axes: readonly number[]): number[] {
  if (indices.dtype !== "int32" && indices.dtype !== "uint32") {
    throw new DTypeError(`${op}: indices must be int32 or uint32, got ${indices.dtype}.`);
  }
  const k = indices.shape[indices.shape.length - 1];
  if (indices.shape.length === 0 || k !== axes.length) {
    throw new ShapeError(
      `${op}: indices of shape ${fmtShape(indices.shape)} must end in an axis of size ${axes.length} (one coordinate per indexed axis).`,
    );
  }
  if (axes.some((a, i) => a < 0 || a >= x.shape.length || axes.indexOf(a) !== i)) {
    throw new IndexError(`${op}: axes ${fmtShape(axes)} must be unique axes of ${fmtShape(x.shape)}.`);
  }
  const rest = x.shape.filter((_, i) => !axes.includes(i));
  return [...indices.shape.slice(0, -1), ...rest];
}

/** Full operand index from (batch, rest) positions and coordinates read from `indices`. */
function fullIndex(
  x: { shape: readonly number[] },
  indices: Operand,
  axes: readonly number[],
  batch: readonly Exp[],
  rest: readonly Exp[],
  clamp: boolean,
): { idx: Exp[]; valid: Exp | undefined } {
  const idx = new globalThis.Array<Exp>(x.shape.length);
  let valid: Exp | undefined;
  axes.forEach((a, j) => {
    const c = cast(indices.at([...batch, i32(j)]), "int32");
    const n = x.shape[a]!;
    if (clamp) idx[a] = max(i32(0), min(c, i32(n - 1)));
    else {
      idx[a] = c;
      const ok = inRange(c, 0, n);
      valid = valid ? and(valid, ok) : ok;
    }
  });
  let k = 0;
  for (let d = 0; d < x.shape.length; d++) if (!axes.includes(d)) idx[d] = rest[k++]!;
  return { idx, valid };
}

export const gather: Primitive<GatherParams & GatherMode> = definePrimitive<GatherParams & GatherMode>({
  name: "gather",
  abstractEval([x, indices], { axes }) {
    const shape = checkIndices("gather", x!, indices!, axes);
    if (axes.some((a) => x!.shape[a] === 0) && sizeOf(indices!.shape) > 0) {
      throw new IndexError(`gather: cannot index into an axis of size 0 of ${fmtShape(x!.shape)}.`);
    }
    return [aval(shape, x!.dtype, x!.weakType)];
  },
  lower([x, indices], p, [out]) {
    const nb = indices!.shape.length - 1;
    return [
      operand(out!.shape, x!.dtype, (idx) => {
        const batch = idx.slice(0, nb);
        const rest = idx.slice(nb);
        const { idx: clamped } = fullIndex(x!, indices!, p.axes, batch, rest, true);
        const value = x!.at(clamped);
        if (p.mode === "clip") return value;
        const { valid } = fullIndex(x!, indices!, p.axes, batch, rest, false);
        return valid ? select(valid, value, constant(p.fillValue, x!.dtype)) : value;
      }),
    ];
  },
  jvp([x, idx], [tx], params) {
    const y = O.bind1(gather, [x!, idx!], params);
    const tParams = params.mode === "fill" ? { ...params, fillValue: 0 } : params;
    return [[y], [tx ? O.bind1(gather, [tx, idx!], tParams) : null]];
  },
  transpose([ct], [x, idx], params) {
    if (!ct) return [null, null];
    const xa = (x as UndefinedPrimal).aval;
    const ind = params.mode === "clip" ? clampIndices(idx as Array, xa.shape, params.axes) : (idx as Array);
    return [O.bind1(scatter, [O.zerosLike({ ...xa, device: ct.device }), ind, ct], { axes: params.axes, mode: "add" }), null];
  },
  batch([x, idx], [dx, di], params) {
    const inc = params.axes.map((a) => a + 1);
    if (di === null) return [[O.bind1(gather, [moveAxis(x!, dx!, 0), idx!], { ...params, axes: inc })], [idx!.ndim - 1]];
    const i0 = moveAxis(idx!, di!, 0);
    if (dx === null) return [[O.bind1(gather, [x!, i0], params)], [0]];
    return [[O.bind1(gather, [moveAxis(x!, dx!, 0), withBatchCoordinate(i0)], { ...params, axes: [0, ...inc] })], [0]];
  },
});

export const scatter: Primitive<GatherParams & { mode: ScatterMode }> = definePrimitive<GatherParams & { mode: ScatterMode }>({
  name: "scatter",
  abstractEval([x, indices, updates], { axes, mode }) {
    const shape = checkIndices(`scatter (${mode})`, x!, indices!, axes);
    if (!shapesEqual(shape, updates!.shape) || updates!.dtype !== x!.dtype) {
      throw new ShapeError(
        `scatter (${mode}): updates must have shape ${fmtShape(shape)} and dtype ${x!.dtype}, got ` +
          `${fmtShape(updates!.shape)} ${updates!.dtype}.`,
      );
    }
    if (mode !== "set" && x!.dtype === "bool" && mode !== "max" && mode !== "min") {
      throw new DTypeError(`scatter (${mode}): not defined for bool arrays; use set, max (or) or min (and).`);
    }
    return [x!];
  },
  kernel([x, indices, updates], { axes, mode }) {
    const nb = indices!.shape.length - 1;
    const u = unravelIndex(variable(UPD), updates!.shape);
    const { idx, valid } = fullIndex(x!, indices!, axes, u.slice(0, nb), u.slice(nb), false);
    const lin = linearIndex(idx, contiguousStrides(x!.shape));
    return {
      kind: "scatter",
      size: sizeOf(x!.shape),
      updates: sizeOf(updates!.shape),
      mode,
      dtype: x!.dtype,
      init: readLinear(x!, variable(GIDX)),
      target: valid ? select(valid, lin, i32(-1)) : lin,
      update: updates!.at(u),
    };
  },
  jvp([x, idx, u], [tx, , tu], params) {
    const y = O.bind1(scatter, [x!, idx!, u!], params);
    const txi = O.instantiate(tx ?? null, x!);
    const tui = O.instantiate(tu ?? null, u!);
    const sc = (a: Array, b: Array, mode: ScatterMode) => O.bind1(scatter, [a, idx!, b], { axes: params.axes, mode });
    const zerosX = O.zerosLike(x!);
    switch (params.mode) {
      case "add":
      case "set":
        return [[y], [sc(txi, tui, params.mode)]];
      case "mul": {
        // (unique indices) d(x * u) = dx * u + x * du at the updated positions
        const xAt = O.bind1(gather, [x!, idx!], { axes: params.axes, mode: "clip" });
        return [[y], [O.add(sc(txi, u!, "mul"), sc(zerosX, O.mul(xAt, tui), "add"))]];
      }
      default: {
        // min/max: the tangent of whichever value won, split evenly between ties.
        const fromX = O.convert(O.eq(y, x!), x!.dtype);
        const yAt = O.bind1(gather, [y, idx!], { axes: params.axes, mode: "clip" });
        const fromU = O.convert(O.eq(u!, yAt), x!.dtype);
        const num = O.add(O.mul(txi, fromX), sc(zerosX, O.mul(tui, fromU), "add"));
        const cnt = O.add(fromX, sc(zerosX, fromU, "add"));
        return [[y], [O.div(num, cnt)]];
      }
    }
  },
  transpose([ct], [x, idx, u], { axes, mode }) {
    if (!ct) return [null, null, null];
    const ind = idx as Array;
    const ctU = u instanceof UndefinedPrimal ? O.bind1(gather, [ct, ind], { axes, mode: "fill", fillValue: 0 }) : null;
    let ctX: Array | null = null;
    if (x instanceof UndefinedPrimal) {
      if (mode === "add") ctX = ct;
      else if (mode === "set") {
        // shape and dtype by name: an Array's are getters, which a spread would drop
        const like = u instanceof UndefinedPrimal ? u.aval : (u as Array);
        ctX = O.bind1(scatter, [ct, ind, O.zerosLike({ shape: like.shape, dtype: like.dtype, weakType: like.weakType, device: ct.device })], { axes, mode: "set" });
      }
      else if (mode === "mul" && !(u instanceof UndefinedPrimal)) ctX = O.bind1(scatter, [ct, ind, u as Array], { axes, mode: "mul" });
      else throw new Error(`internal: scatter (${mode}) is not linear in its operand`);
    }
    if (ctU && mode !== "add" && mode !== "set") throw new Error(`internal: scatter (${mode}) is not linear in its updates`);
    return [ctX, null, ctU];
  },
  batch([x, idx, u], [dx, di, du], params) {
    const B = batchSize([x!, idx!, u!], [dx!, di!, du!]);
    const x0 = moveBatchAxis(x!, dx!, 0, B);
    const inc = params.axes.map((a) => a + 1);
    if (di === null) {
      const nb = idx!.ndim - 1;
      return [[O.bind1(scatter, [x0, idx!, moveBatchAxis(u!, du!, nb, B)], { ...params, axes: inc })], [0]];
    }
    const i0 = withBatchCoordinate(moveAxis(idx!, di!, 0));
    return [[O.bind1(scatter, [x0, i0, moveBatchAxis(u!, du!, 0, B)], { ...params, axes: [0, ...inc] })], [0]];
  },
});

/** Indices `[B, ..., k]` with a leading coordinate column giving each row's batch position. */
function withBatchCoordinate(idx: Array): Array {
  const shape = [...idx.shape.slice(0, -1), 1];
  return O.concat([O.iotaLike(shape, 0, idx.device), O.convert(idx, "int32")], shape.length - 1);
}

/** Clamps coordinates `[..., k]` into the operand's bounds along `axes` (as gather's "clip"). */
function clampIndices(idx: Array, shape: readonly number[], axes: readonly number[]): Array {
  const i = O.convert(idx, "int32");
  const hi = O.broadcastTo(O.vector(axes.map((a) => Math.max(shape[a]! - 1, 0)), "int32", idx.device), i.shape);
  return O.max(O.zerosLike(i), O.min(i, hi));
}
