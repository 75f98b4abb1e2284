/** The normal distribution parameterized by its log standard deviation (distrax's `LogStddevNormal`). */
import { type Array, nn, np } from "tsjax-core";
import { type Numeric, asFloat, checkOptions } from "../utils/args.js";
import type { IndexSpec } from "../utils/batch-index.js";
import { batchIndexer } from "../utils/batch-index.js";
import { registerKL } from "../kl.js";
import { Normal } from "./normal.js";

/** Options of `LogStddevNormal`. */
export interface LogStddevNormalOptions {
  /**
   * A soft maximum of the scale: `log scale = log(maxScale) - softplus(log(maxScale) - logScale)`
   * (default none: `scale = exp(logScale)`).
   */
  maxScale?: number;
}

/**
 * A normal distribution with mean `loc` and standard deviation `exp(logScale)` (optionally
 * soft-thresholded at `maxScale`). An unconstrained parameterization for learning the scale.
 *
 * @example
 * const d = new LogStddevNormal(0, np.array([-1, 0, 1]), { maxScale: 2 });
 * d.logScale;   // the log standard deviation after thresholding
 */
export class LogStddevNormal extends Normal {
  protected readonly _logScale: Array;
  /** The log scale as given (before thresholding), for indexing. */
  protected readonly _rawLogScale: Array;
  readonly maxScale: number | undefined;

  constructor(loc: Numeric, logScale: Numeric, opts: LogStddevNormalOptions = {}) {
    checkOptions("LogStddevNormal", opts, ["maxScale"]);
    const raw = asFloat("LogStddevNormal", "logScale", logScale);
    const { maxScale } = opts;
    if (maxScale !== undefined && !(typeof maxScale === "number" && maxScale > 0)) {
      throw new RangeError(`LogStddevNormal: maxScale must be a positive number, got ${String(maxScale)}.`);
    }
    const ls = maxScale === undefined ? raw : np.subtract(Math.log(maxScale), nn.softplus(np.subtract(Math.log(maxScale), raw)));
    super(loc, np.exp(ls));
    this._logScale = ls;
    this._rawLogScale = raw;
    this.maxScale = maxScale;
  }

  /** The log standard deviation (after thresholding), broadcast to the batch shape. */
  get logScale(): Array {
    return np.broadcastTo(this._logScale, this.batchShape);
  }

  override get(...index: IndexSpec[]): LogStddevNormal {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new LogStddevNormal(at(this._loc), at(this._rawLogScale), this.maxScale === undefined ? {} : { maxScale: this.maxScale });
  }
}

registerKL(LogStddevNormal, LogStddevNormal, (p, q) => {
  const v1 = np.square(p.scale);
  const v2 = np.square(q.scale);
  return v1.add(np.square(p.loc.sub(q.loc))).div(v2.mul(2)).add(q.logScale).sub(p.logScale).sub(0.5);
});
