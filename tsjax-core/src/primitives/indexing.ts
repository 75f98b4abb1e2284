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
import { type ShapedArray, aval, definePrimitive } from "../core/primitive.js";

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
  const idx = new Array<Exp>(x.shape.length);
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

export const gather = definePrimitive<GatherParams & GatherMode>({
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
});

export const scatter = definePrimitive<GatherParams & { mode: ScatterMode }>({
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
});
