/**
 * Vectorization: the batching interpreter. Each tracer carries a value with one extra axis
 * (its batch axis, or `null` when the value is the same for every batch element); each
 * primitive's batching rule maps batched inputs to batched outputs.
 */
import type { Array } from "../array/array.js";
import type { DeviceName } from "../backend/backend.js";
import type { BatchDim, Primitive, ShapedArray } from "../core/primitive.js";
import { Trace, Tracer, bind, fullRaise, newMain } from "../core/trace.js";
import { adopt, recordInto } from "../array/frames.js";

class BatchTracer extends Tracer {
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

class BatchTrace extends Trace {
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
