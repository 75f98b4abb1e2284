/** `ExponentialMovingAverage`: an EMA kept in state. */
import { type Array, type DType, lax, np } from "tsjax-core";
import { Module } from "../base/module.js";
import { getState, setState } from "../base/params.js";
import { Constant, zeros } from "../initializers/constant.js";
import { checkOptions } from "../util.js";

/** Options of `ExponentialMovingAverage`. */
export interface EMAOptions {
  /** Divide by `1 - decay^t` so early averages are not biased to zero (default true). */
  zeroDebias?: boolean;
  /** Steps during which the decay is 0 (the average is the latest value); needs `zeroDebias: false`. */
  warmupLength?: number;
  name?: string;
}

/**
 * An exponential moving average in state: `hidden = hidden * decay + value * (1 - decay)`,
 * `average = hidden / (1 - decay^counter)` (zero-debiased). State: `counter` (int32), `hidden`,
 * `average`. Needs `transformWithState`.
 *
 * @example
 * const ema = new ExponentialMovingAverage(0.99);
 * const smoothed = ema.call(loss);          // updates the state
 * ema.average;                              // the current average
 */
export class ExponentialMovingAverage extends Module {
  static override readonly defaultName: string = "exponential_moving_average";
  readonly zeroDebias: boolean;
  readonly warmupLength: number;

  constructor(readonly decay: number, opts: EMAOptions = {}) {
    super(opts.name);
    checkOptions("ExponentialMovingAverage", opts, ["zeroDebias", "warmupLength", "name"]);
    this.zeroDebias = opts.zeroDebias ?? true;
    this.warmupLength = opts.warmupLength ?? 0;
    if (this.warmupLength < 0) throw new RangeError(`ExponentialMovingAverage: warmupLength must be non-negative, got ${this.warmupLength}.`);
    if (this.warmupLength && this.zeroDebias) {
      throw new TypeError("ExponentialMovingAverage: zero debiasing does not make sense with a warmup; set zeroDebias: false when warmupLength > 0.");
    }
  }

  /** Creates `hidden` and `average` as zeros of `shape` if they do not exist yet. */
  initialize(shape: readonly number[], dtype: DType = "float32"): void {
    getState("hidden", shape, dtype, zeros);
    getState("average", shape, dtype, zeros);
  }

  /** Updates the average with `value` (unless `updateStats` is false) and returns the new average. */
  call(value: Array | number, opts: { updateStats?: boolean } = {}): Array {
    checkOptions(`ExponentialMovingAverage '${this.moduleName}'`, opts, ["updateStats"]);
    const v = typeof value === "number" ? np.array(value) : value;
    const counter = getState("counter", [], "int32", new Constant(-this.warmupLength)).add(1);
    // Scalars of value's dtype on value's device.
    const scalar = (c: number) => np.full([], c, { dtype: v.dtype, device: v.device });
    let decay = scalar(this.decay);
    if (this.warmupLength > 0) decay = lax.select(counter.le(0), scalar(0), decay);
    const one = scalar(1);
    const hidden = getState("hidden", v.shape, v.dtype, zeros).mul(decay).add(v.mul(one.sub(decay)));
    let average = hidden;
    if (this.zeroDebias) average = average.div(one.sub(np.power(decay, counter)));
    if (opts.updateStats ?? true) {
      setState("counter", counter);
      setState("hidden", hidden);
      setState("average", average);
    }
    return average;
  }

  /** The current average. */
  get average(): Array {
    return getState("average");
  }
}
