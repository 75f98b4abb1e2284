/** The point-mass distribution (distrax's `Deterministic`). */
import { type Array, type DType, np } from "tsjax-core";
import { type Numeric, asArray, asFloat, checkOptions, fmtShape } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { registerKL } from "../kl.js";
import { Distribution } from "./distribution.js";

/** Options of `Deterministic`. */
export interface DeterministicOptions {
  /** Absolute tolerance for comparing values with `loc` (default 0). */
  atol?: Numeric;
  /** Relative tolerance (times `|loc|`) for comparing values with `loc` (default 0). */
  rtol?: Numeric;
}

/**
 * All mass at `loc` (within `atol + rtol * |loc|`). Samples repeat `loc`; the entropy and
 * variance are 0.
 *
 * @example
 * const d = new Deterministic(np.array([1, 2]));
 * d.prob(np.array([1, 3]));   // [1, 0]
 */
export class Deterministic extends Distribution {
  protected readonly _loc: Array;
  protected readonly _atol: Array;
  protected readonly _rtol: Array;

  constructor(loc: Numeric, opts: DeterministicOptions = {}) {
    super();
    checkOptions("Deterministic", opts, ["atol", "rtol"]);
    this._loc = asArray("Deterministic", "loc", loc);
    this._atol = asFloat("Deterministic", "atol", opts.atol ?? 0);
    this._rtol = asFloat("Deterministic", "rtol", opts.rtol ?? 0);
    for (const [name, t] of [["atol", this._atol], ["rtol", this._rtol]] as const) {
      if (t.ndim > this._loc.ndim) {
        throw new RangeError(`Deterministic: ${name} cannot have more axes than loc, got ${name} ${fmtShape(t.shape)} and loc ${fmtShape(this._loc.shape)}.`);
      }
    }
  }

  override get eventShape(): number[] {
    return [];
  }

  override get batchShape(): number[] {
    return [...this._loc.shape];
  }

  override get dtype(): DType {
    return this._loc.dtype;
  }

  /** The point of mass. */
  get loc(): Array {
    return this._loc;
  }

  /** The absolute tolerance, broadcast to the batch shape. */
  get atol(): Array {
    return np.broadcastTo(this._atol, this.batchShape);
  }

  /** The relative tolerance, broadcast to the batch shape. */
  get rtol(): Array {
    return np.broadcastTo(this._rtol, this.batchShape);
  }

  /** The tolerance `atol + rtol * |loc|`. */
  get slack(): Array {
    return np.where(this.rtol.eq(0), this.atol, this.atol.add(this.rtol.mul(np.abs(this._loc))));
  }

  protected override sampleN(_key: Array, n: number): Array {
    return np.broadcastTo(this._loc.expandDims(0), [n, ...this._loc.shape]);
  }

  protected override sampleNAndLogProb(key: Array, n: number): [Array, Array] {
    const samples = this.sampleN(key, n);
    return [samples, np.zeros(samples.shape)];
  }

  override logProb(value: Numeric): Array {
    return np.log(this.prob(value));
  }

  override prob(value: Numeric): Array {
    return np.where(np.abs(this.value("prob", value).sub(this._loc)).le(this.slack), 1, 0);
  }

  override entropy(): Array {
    return np.zeros(this.batchShape);
  }

  override mean(): Array {
    return this._loc;
  }

  override mode(): Array {
    return this.mean();
  }

  override variance(): Array {
    return np.zeros(this.batchShape);
  }

  override stddev(): Array {
    return this.variance();
  }

  override cdf(value: Numeric): Array {
    return np.where(this.value("cdf", value).ge(this._loc.sub(this.slack)), 1, 0);
  }

  override logCdf(value: Numeric): Array {
    return np.log(this.cdf(value));
  }

  override get(...index: IndexSpec[]): Deterministic {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new Deterministic(at(this._loc), { atol: at(this._atol), rtol: at(this._rtol) });
  }
}

registerKL(Deterministic, Deterministic, (p, q) => {
  const slack = q.atol.add(q.rtol.mul(np.abs(q.loc)));
  return np.log(np.where(np.abs(p.loc.sub(q.loc)).le(slack), 1, 0)).neg();
});
