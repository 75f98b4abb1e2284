/** The Bernoulli distribution (distrax's `Bernoulli`). */
import { type Array, type DType, nn, np, random } from "tsjax-core";
import { type Numeric, asFloat, checkOptions } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { multiplyNoNan } from "../utils/math.js";
import { checkValues } from "../utils/validate.js";
import { registerKL } from "../kl.js";
import { Distribution } from "./distribution.js";

/** Parameters of `Bernoulli`: exactly one of `logits` and `probs`. */
export interface BernoulliOptions {
  /** Log-odds of the outcome 1 (`probs = sigmoid(logits)`). */
  logits?: Numeric;
  /** Probability of the outcome 1. */
  probs?: Numeric;
  /** dtype of samples: bool, int32 (default) or float32. */
  dtype?: DType;
  /** Check that `probs` lies in [0, 1] when readable at once (default false). */
  validateArgs?: boolean;
}

/**
 * The Bernoulli distribution over {0, 1}. With `logits`, log-probabilities come from
 * `softplus`, so they stay finite and accurate for logits of +-100.
 *
 * @example
 * const d = new Bernoulli({ logits: np.array([-100, 0, 100]) });
 * d.logProb(np.array([0, 1, 1]));   // [-3.7e-44, -0.693, -3.7e-44]
 */
export class Bernoulli extends Distribution {
  protected readonly _logits: Array | null;
  protected readonly _probs: Array | null;
  protected readonly _dtype: DType;

  constructor(opts: BernoulliOptions) {
    super();
    checkOptions("Bernoulli", opts, ["logits", "probs", "dtype", "validateArgs"]);
    const { logits, probs, dtype = "int32", validateArgs = false } = opts ?? {};
    if ((logits === undefined) === (probs === undefined)) {
      throw new TypeError("Bernoulli: pass exactly one of logits and probs: new Bernoulli({ logits }) or new Bernoulli({ probs }).");
    }
    if (!["bool", "int32", "uint32", "float32", "float16"].includes(dtype)) {
      throw new TypeError(`Bernoulli: dtype must be bool, an integer or a floating-point dtype, got ${dtype}.`);
    }
    this._logits = logits === undefined ? null : asFloat("Bernoulli", "logits", logits);
    this._probs = probs === undefined ? null : asFloat("Bernoulli", "probs", probs);
    if (validateArgs && this._probs) checkValues("Bernoulli", "probs", this._probs, (p) => p >= 0 && p <= 1, "in [0, 1]");
    this._dtype = dtype;
  }

  override get eventShape(): number[] {
    return [];
  }

  override get batchShape(): number[] {
    return [...(this._logits ?? this._probs!).shape];
  }

  override get dtype(): DType {
    return this._dtype;
  }

  /** The log-odds of 1. */
  get logits(): Array {
    return this._logits ?? np.log(this._probs!).sub(np.log(np.subtract(1, this._probs!)));
  }

  /** The probability of 1. */
  get probs(): Array {
    return this._probs ?? nn.sigmoid(this._logits!);
  }

  /** `[log P(0), log P(1)]`, computed stably from whichever parameter was given. */
  logProbsParameter(): [Array, Array] {
    if (this._logits) return [nn.softplus(this._logits).neg(), nn.softplus(this._logits.neg()).neg()];
    return [np.log1p(this._probs!.neg()), np.log(this._probs!)];
  }

  protected override sampleN(key: Array, n: number): Array {
    const p = this.probs;
    const u = random.uniform(key, [n, ...p.shape], { dtype: p.dtype, minval: 0, maxval: 1 });
    return u.lt(p).astype(this._dtype);
  }

  override logProb(value: Numeric): Array {
    const x = asFloat(`${this.name}.logProb`, "value", value);
    const [lp0, lp1] = this.logProbsParameter();
    return multiplyNoNan(lp0, np.subtract(1, x)).add(multiplyNoNan(lp1, x));
  }

  override prob(value: Numeric): Array {
    const x = asFloat(`${this.name}.prob`, "value", value);
    const p1 = this.probs;
    return multiplyNoNan(np.subtract(1, p1), np.subtract(1, x)).add(multiplyNoNan(p1, x));
  }

  override cdf(value: Numeric): Array {
    const x = asFloat(`${this.name}.cdf`, "value", value);
    return np.where(x.lt(0), 0, np.where(x.ge(1), 1, np.subtract(1, this.probs)));
  }

  override logCdf(value: Numeric): Array {
    return np.log(this.cdf(value));
  }

  override entropy(): Array {
    const [p0, p1, lp0, lp1] = probsAndLogProbs(this);
    return multiplyNoNan(lp0, p0).add(multiplyNoNan(lp1, p1)).neg();
  }

  override mean(): Array {
    return this.probs;
  }

  override variance(): Array {
    const p = this.probs;
    return np.subtract(1, p).mul(p);
  }

  override mode(): Array {
    return this.probs.gt(0.5).astype(this._dtype);
  }

  override get(...index: IndexSpec[]): Bernoulli {
    const at = batchIndexer(this.name, this.batchShape, index);
    return this._logits ? new Bernoulli({ logits: at(this._logits), dtype: this._dtype }) : new Bernoulli({ probs: at(this._probs!), dtype: this._dtype });
  }
}

/** `[P(0), P(1), log P(0), log P(1)]`, each computed stably from the given parameter. */
function probsAndLogProbs(d: Bernoulli): [Array, Array, Array, Array] {
  const [lp0, lp1] = d.logProbsParameter();
  if (d["_logits"]) {
    const l = d.logits;
    return [nn.sigmoid(l.neg()), nn.sigmoid(l), lp0, lp1];
  }
  const p = d.probs;
  const p0 = np.subtract(1, p);
  return [p0, np.subtract(1, p0), lp0, lp1];
}

registerKL(Bernoulli, Bernoulli, (p, q) => {
  const [p0, p1, lp0, lp1] = probsAndLogProbs(p);
  const [lq0, lq1] = q.logProbsParameter();
  return multiplyNoNan(lp1, p1).sub(multiplyNoNan(lq1, p1)).add(multiplyNoNan(lp0, p0)).sub(multiplyNoNan(lq0, p0));
});
