/** Microbatching (optax `microbatching`): run a function over a batch in smaller pieces and accumulate. */
import { type Array, lax, np, tree, valueAndGrad, vmap } from "tsjax-core";
import { options } from "./options.js";

/** How microbatch outputs are combined (optax `AccumulationType`). */
export const AccumulationType = { MEAN: "mean", SUM: "sum", RUNNING_MEAN: "running_mean", CONCAT: "concat" } as const;
/** One of `AccumulationType`'s values. */
export type AccumulationType = (typeof AccumulationType)[keyof typeof AccumulationType];

/** A custom accumulation (optax `Accumulator`), over whole output trees. */
export interface Accumulator {
  /** The initial carry, from zeros shaped like one microbatch's output. */
  init(value: unknown): unknown;
  /** Adds microbatch `index`'s output. */
  update(carry: unknown, value: unknown, index: Array): unknown;
  /** The result from the final carry. */
  finalize(carry: unknown): unknown;
  /** Combines the per-example outputs of one microbatch (for `microVmap`). */
  aggregate(values: unknown): unknown;
}

/** An accumulation: a type, a custom accumulator, or a list of them for a list output. */
export type AccumulatorSpec = AccumulationType | Accumulator | readonly AccumulatorSpec[];

const lift = (f: (x: Array, ...rest: any[]) => Array) => (t: unknown, ...rest: any[]) => tree.map((x: Array, ...r: unknown[]) => f(x, ...r), t, ...rest);

/** The accumulator of a type, for `n` microbatches. @internal */
function builtin(type: AccumulationType, n: number): Accumulator {
  switch (type) {
    case "sum":
      return { init: lift(np.zerosLike), update: (c, v) => tree.map((a: Array, b: Array) => np.add(a, b), c, v), finalize: (c) => c, aggregate: lift((x) => x.sum(0)) };
    case "mean":
      if (n <= 0) throw new RangeError(`microbatch: the number of microbatches must be positive, got ${n}.`);
      return { init: lift(np.zerosLike), update: (c, v) => tree.map((a: Array, b: Array) => np.add(a, b), c, v), finalize: lift((x) => np.divide(x, n)), aggregate: lift((x) => x.mean(0)) };
    case "running_mean":
      return {
        init: lift(np.zerosLike),
        update: (c, v, i) => {
          const p = np.divide(i, np.add(i, 1));
          return tree.map((a: Array, b: Array) => np.add(np.multiply(a, p), np.multiply(b, np.subtract(1, p))), c, v);
        },
        finalize: (c) => c,
        aggregate: lift((x) => x.mean(0)),
      };
    case "concat":
      return {
        init: lift((x) => np.zeros([n, ...x.shape], { dtype: x.dtype })),
        update: (c, v, i) => tree.map((a: Array, b: Array) => lax.dynamicUpdateSlice(a, np.expandDims(b, 0), [i, ...b.shape.map(() => 0)]), c, v),
        // optax reshapes [n, m, ...] to [n * m, ...] in Fortran order: example i + n * j comes from microbatch i, row j.
        finalize: lift((x) => np.swapaxes(x, 0, 1).reshape([-1, ...x.shape.slice(2)])),
        aggregate: (v) => v,
      };
    default:
      throw new RangeError(`microbatch: unknown accumulator ${String(type)}; use AccumulationType.SUM, MEAN, RUNNING_MEAN or CONCAT, or an Accumulator.`);
  }
}

/** The accumulator of a spec, for `n` microbatches. @internal */
function canonicalize(spec: AccumulatorSpec, n: number): Accumulator {
  if (typeof spec === "string") return builtin(spec, n);
  if (globalThis.Array.isArray(spec)) {
    const parts = spec.map((s) => canonicalize(s, n));
    const each = (k: "init" | "finalize" | "aggregate") => (v: unknown) => parts.map((p, i) => p[k]((v as unknown[])[i]));
    return {
      init: each("init"),
      update: (c, v, i) => parts.map((p, k) => p.update((c as unknown[])[k], (v as unknown[])[k], i)),
      finalize: each("finalize"),
      aggregate: each("aggregate"),
    };
  }
  const a = spec as Accumulator;
  if (!a || typeof a.init !== "function" || typeof a.update !== "function" || typeof a.finalize !== "function") throw new TypeError("microbatch: accumulator must be an AccumulationType, an Accumulator or a list of them.");
  return a;
}

/**
 * Splits `axis` of every leaf into `[numMicrobatches, microbatchSize]` the way optax does
 * (a Fortran-order reshape: example `i + numMicrobatches * j` goes to microbatch `i`, row `j`).
 *
 * @example
 * reshapeBatchAxis(x, 2); // [6, d] -> [3, 2, d]
 */
export function reshapeBatchAxis<T>(t: T, microbatchSize: number, axis = 0): T {
  return tree.map((x: Array) => {
    const a = axis < 0 ? axis + x.ndim : axis;
    const size = x.shape[a]!;
    if (size % microbatchSize !== 0) throw new RangeError(`reshapeBatchAxis: the batch size ${size} is not divisible by microbatchSize ${microbatchSize}.`);
    const split = x.reshape([...x.shape.slice(0, a), microbatchSize, size / microbatchSize, ...x.shape.slice(a + 1)]);
    return np.swapaxes(split, a, a + 1);
  }, t);
}

/** Options of `microbatch`. */
export interface MicrobatchOptions {
  /** How to combine the microbatches' outputs (default SUM; a list for a list output). */
  accumulator?: AccumulatorSpec;
  /** The batch axis of each batched argument (default 0). */
  inAxes?: number | readonly number[];
  /** Only the first this many microbatches are run (default all). */
  numRealMicrobatches?: number | Array | null;
}

/**
 * `fun` run on microbatches of `microbatchSize` examples of its batched arguments `argnums`,
 * one after the other in a `lax.foriLoop`, with the outputs accumulated (optax `microbatch`);
 * `fun` itself when `microbatchSize` is null.
 *
 * @example
 * const lossSum = microbatch((x) => perExampleLoss(x).sum(), 0, 32)(batch);
 */
export function microbatch<F extends (...args: any[]) => any>(fun: F, argnums: number | readonly number[], microbatchSize: number | null, opts: MicrobatchOptions = {}): F {
  const o = options("microbatch", opts, { accumulator: AccumulationType.SUM as AccumulatorSpec, inAxes: 0 as number | readonly number[], numRealMicrobatches: null as number | Array | null });
  if (microbatchSize === null) return fun;
  const nums = typeof argnums === "number" ? [argnums] : [...argnums];
  const axes = typeof o.inAxes === "number" ? nums.map(() => o.inAxes as number) : [...o.inAxes];
  if (axes.length !== nums.length) throw new RangeError(`microbatch: inAxes has ${axes.length} entries for ${nums.length} batched arguments.`);
  return ((...args: unknown[]) => {
    const sizes = nums.flatMap((n, k) => (tree.leaves(args[n]) as Array[]).map((x) => x.shape[axes[k]! < 0 ? axes[k]! + x.ndim : axes[k]!]!));
    if (new Set(sizes).size > 1) throw new RangeError(`microbatch: the batched arguments have different batch sizes: ${sizes.join(", ")}.`);
    const numMicrobatches = sizes[0]! / microbatchSize;
    const reshaped = [...args];
    nums.forEach((n, k) => { reshaped[n] = reshapeBatchAxis(args[n], microbatchSize, axes[k]!); });
    const acc = canonicalize(o.accumulator, numMicrobatches);
    const f = (index: Array) => {
      const input = [...reshaped];
      nums.forEach((n, k) => { input[n] = tree.map((x: Array) => np.take(x, index, axes[k]!), reshaped[n]); });
      return fun(...input);
    };
    const init = acc.init(tree.map((x: Array) => np.zerosLike(x), f(np.array(0, { dtype: "int32" }))));
    const out = lax.foriLoop(0, o.numRealMicrobatches ?? numMicrobatches, (i, carry) => acc.update(carry, f(i), i) as typeof init, init);
    return acc.finalize(out);
  }) as F;
}

/** Options of `microVmap`. */
export interface MicroVmapOptions {
  /** The batch axis of each argument, null for unbatched ones (default 0). */
  inAxes?: number | readonly (number | null)[];
  /** Must be 0 (the default), as optax. */
  outAxes?: number;
  microbatchSize?: number | null;
  /** How to combine the microbatches (default CONCAT: the same result as `vmap`). */
  accumulator?: AccumulatorSpec;
  numRealMicrobatches?: number | Array | null;
}

/**
 * `vmap(fun)` computed `microbatchSize` examples at a time (optax `micro_vmap`); with an
 * accumulator other than CONCAT, the per-example outputs are reduced.
 *
 * @example
 * const perExample = microVmap(loss, { microbatchSize: 16 })(batch);
 */
export function microVmap<F extends (...args: any[]) => any>(fun: F, opts: MicroVmapOptions = {}): F {
  const o = options("microVmap", opts, { inAxes: 0 as number | readonly (number | null)[], outAxes: 0, microbatchSize: null as number | null, accumulator: AccumulationType.CONCAT as AccumulatorSpec, numRealMicrobatches: null as number | Array | null });
  if (o.outAxes !== 0) throw new RangeError("microVmap: only outAxes 0 is supported, as optax.");
  return ((...args: unknown[]) => {
    const inAxes = typeof o.inAxes === "number" ? args.map(() => o.inAxes as number) : [...o.inAxes];
    const vmapped = vmap(fun, { inAxes: inAxes.length === 1 && args.length > 1 ? inAxes[0]! : inAxes });
    const reduceFn = (...a: unknown[]) => {
      const out = (vmapped as (...x: unknown[]) => unknown)(...a);
      const n = (tree.leaves(out) as Array[])[0]!.shape[0]!;
      return canonicalize(o.accumulator, n).aggregate(out);
    };
    const argnums = inAxes.map((a, i) => (a === null ? -1 : i)).filter((i) => i >= 0);
    return microbatch(reduceFn, argnums, o.microbatchSize, {
      accumulator: o.accumulator, inAxes: argnums.map((i) => inAxes[i] as number), numRealMicrobatches: o.numRealMicrobatches,
    })(...args);
  }) as F;
}

/** The per-example outputs of `microGrad` (optax `IndividualOutputs`). */
export interface IndividualOutputs {
  values: Array;
  metrics: unknown;
  aux: unknown;
}

/** Options of `microGrad`. */
export interface MicroGradOptions {
  /** `fun` returns `[value, aux]` (default false). */
  hasAux?: boolean;
  /** The arguments to differentiate (default 0). */
  argnums?: number | readonly number[];
  /** The batched arguments (default 1). */
  batchArgnums?: number | readonly number[];
  /** Call `fun` on batches of one example (default true) rather than on unbatched examples. */
  keepBatchDim?: boolean;
  microbatchSize?: number | null;
  /** How to combine the per-example gradients (default SUM). */
  accumulator?: AccumulatorSpec;
  /** Applied to each per-example gradient (e.g. clipping). */
  transformFn?: (grads: any) => any;
  /** Per-example metrics of the gradients (default none). */
  metricsFn?: (grads: any) => unknown;
  numRealMicrobatches?: number | Array | null;
}

/**
 * Per-example gradients of `fun`, transformed (e.g. clipped) and accumulated over the batch,
 * computed `microbatchSize` examples at a time (optax `micro_grad`). Returns
 * `[accumulated gradients, { values, metrics, aux }]` with per-example values.
 *
 * @example
 * const [sumOfGrads, { values }] = microGrad(loss, { microbatchSize: 8 })(params, batch);
 */
export function microGrad(fun: (...args: any[]) => any, opts: MicroGradOptions = {}): (...args: any[]) => [any, IndividualOutputs] {
  const o = options("microGrad", opts, {
    hasAux: false, argnums: 0 as number | readonly number[], batchArgnums: 1 as number | readonly number[], keepBatchDim: true, microbatchSize: null as number | null,
    accumulator: AccumulationType.SUM as AccumulatorSpec, transformFn: ((x: unknown) => x) as (g: any) => any, metricsFn: (() => null) as (g: any) => unknown,
    numRealMicrobatches: null as number | Array | null,
  });
  const batch = typeof o.batchArgnums === "number" ? [o.batchArgnums] : [...o.batchArgnums];
  const withAux = o.hasAux ? fun : (...a: unknown[]) => [fun(...a), null];
  const vg = valueAndGrad(withAux as (...a: unknown[]) => [Array, unknown], { argnums: o.argnums as number, hasAux: true }) as (...a: unknown[]) => [[Array, unknown], unknown];
  const gradFn = (...a: unknown[]) => {
    const [[value, aux], g] = vg(...a);
    return [o.transformFn(g), { values: value, metrics: o.metricsFn(g), aux }];
  };
  const inAxes: (number | null)[] = [...globalThis.Array(Math.max(...batch) + 1)].map((_, i) => (batch.includes(i) ? 0 : null));
  const micro = microVmap(gradFn, { inAxes, accumulator: [o.accumulator, AccumulationType.CONCAT], microbatchSize: o.microbatchSize, numRealMicrobatches: o.numRealMicrobatches });
  return (...args: unknown[]) => {
    const a = o.keepBatchDim ? args.map((x, i) => (batch.includes(i) ? tree.map((l: Array) => np.expandDims(l, 1), x) : x)) : args;
    return micro(...a) as [any, IndividualOutputs];
  };
}
