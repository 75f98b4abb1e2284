/**
 * Vectorization: the batching interpreter. Each tracer carries a value with one extra axis
 * (its batch axis, or `null` when the value is the same for every batch element); each
 * primitive's batching rule maps batched inputs to batched outputs.
 */
import type { Array } from "../array/array.js";
import type { DeviceName } from "../backend/backend.js";
import type { BatchDim, Primitive, ShapedArray } from "../core/primitive.js";
import { Trace, Tracer, bind, bind1, fullRaise, newMain } from "../core/trace.js";
import { adopt, recordInto } from "../array/frames.js";
import { broadcastInDim, transpose } from "../primitives/structural.js";
import { range } from "../util.js";

export class BatchTracer extends Tracer {
  constructor(
    readonly _trace: BatchTrace,
    readonly val: Array,
    readonly batchDim: BatchDim,
  ) {
    super();
  }
  get aval(): ShapedArray {
    const shape = this.batchDim === null ? this.val.shape : this.val.shape.filter((_, i) => i !== this.batchDim);
    return { shape, dtype: this.val.dtype, weakType: this.val.weakType };
  }
  override get device(): DeviceName {
    return this.val.device;
  }
}

export class BatchTrace extends Trace {
  get axisSize(): number {
    return this.main.globalData as number;
  }
  pure(x: Array): Tracer {
    adopt(x, this.main.frame);
    return new BatchTracer(this, x, null);
  }
  lift(x: Tracer): Tracer {
    return new BatchTracer(this, x, null);
  }
  processPrimitive(prim: Primitive<any>, tracers: Tracer[], params: any): Array[] {
    // the arrays the rule makes are this transformation's own (freed when it returns)
    return recordInto(this.main.frame, () => this.apply(prim, tracers, params));
  }

  private apply(prim: Primitive<any>, tracers: Tracer[], params: any): Array[] {
    const ts = tracers as BatchTracer[];
    const vals = ts.map((t) => t.val);
    const dims = ts.map((t) => t.batchDim);
    if (dims.every((d) => d === null)) return bind(prim, vals, params).map((v) => new BatchTracer(this, v, null));
    if (!prim.batch) throw new TypeError(`Batching rule for '${prim.name}' is not implemented: it cannot be used under vmap.`);
    const [outs, outDims] = prim.batch(vals, dims, params);
    return outs.map((v, i) => new BatchTracer(this, v, outDims[i] ?? null));
  }
}

/** Moves axis `from` of `x` to position `to` (a view eagerly). */
export function moveAxis(x: Array, from: number, to: number): Array {
  if (from === to) return x;
  const perm = range(x.ndim).filter((i) => i !== from);
  perm.splice(to, 0, from);
  return bind1(transpose, [x], { permutation: perm });
}

/**
 * Puts the batch axis of `x` at `to`; an unbatched `x` is broadcast to `size` there.
 */
export function moveBatchAxis(x: Array, from: BatchDim, to: number, size: number): Array {
  if (from !== null) return moveAxis(x, from, to);
  const shape = [...x.shape];
  shape.splice(to, 0, size);
  const dims = range(x.ndim).map((i) => (i < to ? i : i + 1));
  return bind1(broadcastInDim, [x], { shape, broadcastDimensions: dims });
}

/** The batch size of the batched inputs (they agree, as vmap checked). */
export function batchSize(vals: readonly Array[], dims: readonly BatchDim[]): number {
  for (let i = 0; i < vals.length; i++) if (dims[i] !== null) return vals[i]!.shape[dims[i]!]!;
  throw new Error("internal: batching rule called without batched inputs");
}

/** Runs `f` over flat arrays whose batch axes are `inDims`; returns outputs and their batch axes. */
export function vmapFlat(
  f: (...xs: Array[]) => Array[],
  args: readonly Array[],
  inDims: readonly BatchDim[],
  axisSize: number,
): [Array[], BatchDim[]] {
  return newMain(BatchTrace, "vmap", axisSize, (main) => {
    const trace = new BatchTrace(main);
    const ins = args.map((a, i) => new BatchTracer(trace, a, inDims[i] ?? null));
    const outs = f(...ins).map((o) => fullRaise(trace, o) as BatchTracer);
    return [outs.map((o) => o.val), outs.map((o) => o.batchDim)];
  });
}
