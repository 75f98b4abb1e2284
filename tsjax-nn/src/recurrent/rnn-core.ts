/** `RNNCore`, and unrolling a core over a sequence: `staticUnroll`, `dynamicUnroll`. */
import { type Array, lax, np, tree } from "tsjax-core";
import { insideTransform } from "../base/frame.js";
import { Module } from "../base/module.js";
import { scan as moduleScan } from "../module-transforms/lift-state.js";
import { checkOptions } from "../util.js";

/**
 * A recurrent core: `call(inputs, prevState)` returns `[output, nextState]`, and
 * `initialState(batchSize)` the state to start from (`null` batch size: unbatched).
 *
 * @example
 * class Counter extends RNNCore<Array> {
 *   call(x: Array, s: Array): [Array, Array] { const n = s.add(1); return [x.mul(n), n]; }
 *   initialState(batchSize: number | null) { return np.zeros(batchSize === null ? [] : [batchSize]); }
 * }
 */
export abstract class RNNCore<S = unknown, I = Array, O = Array> extends Module {
  /** One step. */
  abstract call(inputs: I, prevState: S): [O, S];
  /** The initial state for a batch of `batchSize` (or unbatched when null). */
  abstract initialState(batchSize: number | null): S;
}

/** Adds a leading batch axis of `batchSize` to every leaf. @internal */
export function addBatch<T>(nest: T, batchSize: number | null): T {
  if (batchSize === null) return nest;
  return tree.map((x: Array) => np.broadcastTo(x, [batchSize, ...x.shape]), nest);
}

/** Options of `staticUnroll`. */
export interface StaticUnrollOptions {
  /** Time is axis 0 (default true) or axis 1 (batch-major). */
  timeMajor?: boolean;
}

/**
 * Runs `core` over the sequence with a JS loop (one copy of the step per time step in the
 * program); returns the stacked outputs and the final state.
 *
 * @example
 * const [outs, state] = staticUnroll(new LSTM(32), xs, lstm.initialState(8)); // xs: [T, 8, D]
 */
export function staticUnroll<S, I, O>(core: RNNCore<S, I, O>, inputSequence: I, initialState: S, opts: StaticUnrollOptions = {}): [O, S] {
  checkOptions("staticUnroll", opts, ["timeMajor"]);
  const axis = opts.timeMajor ?? true ? 0 : 1;
  const [leaves, def] = tree.flatten(inputSequence);
  const steps = (leaves[0] as Array).shape[axis]!;
  const unstacked = (leaves as Array[]).map((x) => np.split(x, steps, axis).map((s) => np.squeeze(s, axis)));
  let state = initialState;
  const outputs: O[] = [];
  for (let t = 0; t < steps; t++) {
    const inputs = tree.unflatten<I>(def, unstacked.map((u) => u[t]!));
    const [out, next] = core.call(inputs, state);
    outputs.push(out);
    state = next;
  }
  const stacked = tree.map((...xs: Array[]) => np.stack(xs, axis), outputs[0], ...outputs.slice(1)) as O;
  return [stacked, state];
}

/** Options of `dynamicUnroll`. */
export interface DynamicUnrollOptions {
  /** Time is axis 0 (default true) or axis 1 (batch-major). */
  timeMajor?: boolean;
  /** Run from the last time step to the first. */
  reverse?: boolean;
  /** Return every step's state instead of the final one. */
  returnAllStates?: boolean;
}

const swapBatchTime = <T>(t: T): T => tree.map((x: Array) => np.swapaxes(x, 0, 1), t);

/**
 * Runs `core` over the sequence with `scan` (one traced step, whatever the length); returns
 * the stacked outputs and the final state (or all states with `returnAllStates`).
 *
 * @example
 * const [outs, last] = dynamicUnroll(new GRU(64), xs, gru.initialState(8)); // xs: [T, 8, D]
 * const [outsB] = dynamicUnroll(core, xsBatchMajor, s0, { timeMajor: false }); // xs: [8, T, D]
 */
export function dynamicUnroll<S, I, O>(core: RNNCore<S, I, O>, inputSequence: I, initialState: S, opts: DynamicUnrollOptions = {}): [O, S] {
  checkOptions("dynamicUnroll", opts, ["timeMajor", "reverse", "returnAllStates"]);
  const timeMajor = opts.timeMajor ?? true;
  const scanFn = insideTransform() ? moduleScan : lax.scan;
  const step = (prev: S, inputs: I): readonly [S, unknown] => {
    const [out, next] = core.call(inputs, prev);
    return [next, opts.returnAllStates ? [out, next] : out] as const;
  };
  const xs = timeMajor ? inputSequence : swapBatchTime(inputSequence);
  const [last, ys] = scanFn(step, initialState, xs, { reverse: opts.reverse ?? false });
  let outs: O;
  let states: S = last;
  if (opts.returnAllStates) {
    [outs, states] = ys as [O, S];
  } else {
    outs = ys as O;
  }
  if (!timeMajor) {
    outs = swapBatchTime(outs);
    if (opts.returnAllStates) states = swapBatchTime(states);
  }
  return [outs, states];
}
