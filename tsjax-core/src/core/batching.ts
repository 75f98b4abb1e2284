/**
 * Helpers for batching rules (JAX's `batching.moveaxis`/`bdim_at_front`): move a batch axis,
 * broadcast an unbatched value, find the batch size. They bind the `transpose` and
 * `broadcast_in_dim` primitives, which `primitives/structural.ts` registers here when it loads
 * (as JAX's `batching` reaches `lax` late), so that the interpreters and every primitive's
 * batching rule import only the core.
 */
import type { Array } from "../array/array.js";
import type { BatchDim, Primitive } from "./primitive.js";
import { bind1 } from "./trace.js";
import { range } from "../util.js";
import { lateBound } from "../util/late-bound.js";

interface StructuralPrimitives {
  transpose: Primitive<{ permutation: readonly number[] }>;
  broadcastInDim: Primitive<{ shape: readonly number[]; broadcastDimensions: readonly number[] }>;
}

const structural = lateBound<StructuralPrimitives>("primitives/structural.ts");

/** Installs the primitives the helpers bind (called once, by `primitives/structural.ts`). */
export function _setBatchingPrimitives(prims: StructuralPrimitives): void {
  structural.set(prims);
}

/** Moves axis `from` of `x` to position `to` (a view eagerly). */
export function moveAxis(x: Array, from: number, to: number): Array {
  if (from === to) return x;
  const perm = range(x.ndim).filter((i) => i !== from);
  perm.splice(to, 0, from);
  return bind1(structural.get().transpose, [x], { permutation: perm });
}

/**
 * Puts the batch axis of `x` at `to`; an unbatched `x` is broadcast to `size` there.
 */
export function moveBatchAxis(x: Array, from: BatchDim, to: number, size: number): Array {
  if (from !== null) return moveAxis(x, from, to);
  const shape = [...x.shape];
  shape.splice(to, 0, size);
  const dims = range(x.ndim).map((i) => (i < to ? i : i + 1));
  return bind1(structural.get().broadcastInDim, [x], { shape, broadcastDimensions: dims });
}

/** The batch size of the batched inputs (they agree, as vmap checked). */
export function batchSize(vals: readonly Array[], dims: readonly BatchDim[]): number {
  for (let i = 0; i < vals.length; i++) if (dims[i] !== null) return vals[i]!.shape[dims[i]!]!;
  throw new Error("internal: batching rule called without batched inputs");
}
