/** Indexing a distribution along its batch axes (distrax's `to_batch_shape_index`). @internal */
import { Array, np } from "tsjax-core";
import { fmtShape } from "./args.js";

/** One entry of an index, as `Array.get` takes it. */
export type IndexSpec = np.IndexSpec;

/** The number of axes an index consumes, and whether it has an ellipsis. */
function consumed(index: readonly IndexSpec[]): { n: number; ellipsis: boolean } {
  let n = 0;
  let ellipsis = false;
  for (const spec of index) {
    if (spec === null) continue;
    if (typeof spec === "string") {
      for (const part of spec.split(",")) {
        const t = part.trim();
        if (t === "...") ellipsis = true;
        else if (t !== "None" && t !== "newaxis") n++;
      }
    } else if (spec instanceof Array) n += spec.dtype === "bool" ? spec.ndim : 1;
    else n++;
  }
  return { n, ellipsis };
}

/**
 * `index`, checked against `batchShape`, extended so that it leaves `extraNdims` trailing axes
 * whole (with an ellipsis, the trailing axes would otherwise be indexed).
 */
export function batchIndex(cls: string, batchShape: readonly number[], index: readonly IndexSpec[], extraNdims: number): IndexSpec[] {
  const { n, ellipsis } = consumed(index);
  if (n > batchShape.length) {
    throw new RangeError(`${cls}.get: the index uses ${n} axes but the batch shape ${fmtShape(batchShape)} has ${batchShape.length}.`);
  }
  return ellipsis ? [...index, ...globalThis.Array<string>(extraNdims).fill(":")] : [...index];
}

/**
 * A function that indexes a parameter along the batch axes only: the parameter's leading axes
 * are broadcast to `batchShape`, its last `eventNdims` axes are kept whole.
 */
export function batchIndexer(cls: string, batchShape: readonly number[], index: readonly IndexSpec[]): (x: Array, eventNdims?: number) => Array {
  batchIndex(cls, batchShape, index, 0);
  return (x, eventNdims = 0) => {
    const full = [...batchShape, ...x.shape.slice(x.ndim - eventNdims)];
    const b = x.ndim === full.length && x.shape.every((d, i) => d === full[i]) ? x : np.broadcastTo(x, full);
    return b.get(...batchIndex(cls, batchShape, index, eventNdims));
  };
}
