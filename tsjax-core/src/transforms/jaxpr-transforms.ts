/**
 * Transformations of jaxprs into jaxprs, for primitives that carry sub-programs (cond, scan,
 * while, custom derivatives, checkpoint): JVP, batching and transposition of a closed jaxpr.
 */
import type { Array } from "../array/array.js";
import type { ClosedJaxpr } from "../core/jaxpr.js";
import { type BatchDim, type ShapedArray, type Tangent, UndefinedPrimal } from "../core/primitive.js";
import { evalJaxpr, traceToJaxpr } from "../core/staging.js";
import { zerosLikeAval } from "../core/ad-util.js";
import { isInexactDType } from "../dtype.js";
import { jvpFlat } from "./jvp.js";
import { backwardPassWith } from "./linearize.js";
import { moveBatchAxis } from "../core/batching.js";
import { vmapFlat } from "./vmap.js";

/** Runs a closed jaxpr on arrays. */
export function callJaxpr(closed: ClosedJaxpr, args: readonly Array[]): Array[] {
  return evalJaxpr(closed.jaxpr, [...closed.consts, ...args]);
}

/** Zeros where a tangent is a symbolic zero. */
export function instantiateZeros(ts: readonly Tangent[], like: readonly (Array | ShapedArray)[]): Array[] {
  return ts.map((t, i) => t ?? zerosOf(like[i]!));
}

function zerosOf(a: Array | ShapedArray): Array {
  return zerosLikeAval(a);
}

/** True for avals that can carry tangents. */
function differentiable(a: ShapedArray): boolean {
  return isInexactDType(a.dtype);
}

/**
 * JVP of a closed jaxpr. The result takes `[primals..., tangents of the inputs marked in
 * inNonzero...]` and returns `[primal outputs..., tangents of the outputs in outNonzero...]`.
 * `instantiate[i]` forces output tangent i to be present (as zeros if need be).
 */
export function jvpJaxpr(
  closed: ClosedJaxpr,
  inNonzero: readonly boolean[],
  instantiate: readonly boolean[],
): { jaxpr: ClosedJaxpr; outNonzero: boolean[] } {
  const inAvals = closed.inAvals;
  const n = inAvals.length;
  let outNonzero: boolean[] = [];
  const tanAvals = inAvals.filter((_, i) => inNonzero[i]);
  const jaxpr = traceToJaxpr(
    (...args) => {
      const primals = args.slice(0, n);
      let k = n;
      const tangents: Tangent[] = inNonzero.map((nz) => (nz ? args[k++]! : null));
      const [po, to] = jvpFlat((...xs) => callJaxpr(closed, xs), primals, tangents, "jvp");
      outNonzero = to.map((t, i) => (t !== null || (instantiate[i] ?? false)) && differentiable(po[i]!));
      const tangentsOut = to.map((t, i) => (outNonzero[i] ? (t ?? zerosOf(po[i]!)) : null)).filter((t): t is Array => t !== null);
      return [...po, ...tangentsOut];
    },
    [...inAvals, ...tanAvals],
    { label: "jvp", dynamic: true },
  );
  return { jaxpr, outNonzero };
}

/** The aval of a batched value with the batch axis inserted at `dim`. */
function batchedAval(a: ShapedArray, dim: BatchDim, size: number): ShapedArray {
  if (dim === null) return a;
  const shape = [...a.shape];
  shape.splice(dim, 0, size);
  return { shape, dtype: a.dtype, weakType: a.weakType };
}

/**
 * Batches a closed jaxpr: inputs have batch axes `inDims`; outputs are moved to `outDims`
 * (a number forces the output to be batched there; `null` leaves it unbatched if it is, and
 * "any" keeps whatever the rules produce).
 */
export function vmapJaxpr(
  closed: ClosedJaxpr,
  axisSize: number,
  inDims: readonly BatchDim[],
  outDims: readonly (number | null | "any")[],
): { jaxpr: ClosedJaxpr; outDims: BatchDim[] } {
  let dimsOut: BatchDim[] = [];
  const jaxpr = traceToJaxpr(
    (...args) => {
      const [outs, dims] = vmapFlat((...xs) => callJaxpr(closed, xs), args, inDims, axisSize);
      dimsOut = outs.map((_, i) => {
        const want = outDims[i] ?? "any";
        return want === "any" ? (dims[i] ?? null) : want === null ? (dims[i] === null ? null : 0) : want;
      });
      return outs.map((o, i) => {
        const want = dimsOut[i] ?? null;
        return want === null ? o : moveBatchAxis(o, dims[i] ?? null, want, axisSize);
      });
    },
    closed.inAvals.map((a, i) => batchedAval(a, inDims[i] ?? null, axisSize)),
    { label: "vmap", dynamic: true },
  );
  return { jaxpr, outDims: dimsOut };
}

/**
 * Transposes a closed jaxpr that is linear in the inputs marked in `linear`. The result takes
 * `[the other (known) inputs..., one cotangent per output...]` and returns the cotangents of
 * the linear inputs (zeros materialized).
 */
export function transposeJaxpr(closed: ClosedJaxpr, linear: readonly boolean[]): ClosedJaxpr {
  const inAvals = closed.inAvals;
  const knownAvals = inAvals.filter((_, i) => !linear[i]);
  const outAvals = closed.outAvals;
  return traceToJaxpr(
    (...args) => {
      const known = args.slice(0, knownAvals.length);
      const cts = args.slice(knownAvals.length);
      let k = 0;
      const full = inAvals.map((a, i) => (linear[i] ? new UndefinedPrimal(a) : known[k++]!));
      const res = backwardPassWith(closed.jaxpr, [...closed.consts, ...full], cts);
      const linAvals = inAvals.filter((_, i) => linear[i]);
      return instantiateZeros(res, linAvals);
    },
    [...knownAvals, ...outAvals],
    { label: "transpose", dynamic: true },
  );
}

