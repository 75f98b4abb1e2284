/** The categorical distribution (distrax's `Categorical`). */
import { type Array, type DType, nn, np, random } from "tsjax-core";
import { type Numeric, asFloat, checkOptions, fmtShape } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { mulExp, multiplyNoNan, normalizeLogits, normalizeProbs } from "../utils/math.js";
import { checkSimplex } from "../utils/validate.js";
import { registerKL } from "../kl.js";
import { Distribution } from "./distribution.js";

/** Parameters of `Categorical`: exactly one of `logits` and `probs`, over the last axis. */
export interface CategoricalOptions {
  /** Unnormalized log-probabilities, shape `[...batch, K]`; `-Infinity` marks impossible classes. */
  logits?: Numeric;
  /** Probabilities, shape `[...batch, K]` (normalized to sum to 1). */
  probs?: Numeric;
  /** dtype of samples: int32 (default) or float32. */
  dtype?: DType;
  /** Check that `probs` are in [0, 1] and sum to 1 when readable at once (default false). */
  validateArgs?: boolean;
}

const SAMPLE_DTYPES = ["int32", "uint32", "float32", "float16"];

/**
 * The categorical distribution over `{0, ..., K-1}`. Logits are normalized with a log-softmax,
 * so `-Infinity` logits give classes of probability zero whose log-probability is `-Infinity`
 * and which add nothing (not NaN) to the entropy or a KL.
 *
 * @example
 * const d = new Categorical({ logits: np.array([0, 1, -Infinity]) });
 * d.sample({ seed: random.key(0), sampleShape: 5 });   // values in {0, 1}
 * d.entropy();
 */
export class Categorical extends Distribution {
  protected readonly _logits: Array | null;
  protected readonly _probs: Array | null;
  protected readonly _dtype: DType;

  constructor(opts: CategoricalOptions) {
    super();
    const cls = new.target.name;
    checkOptions(cls, opts, ["logits", "probs", "dtype", "validateArgs"]);
    const { logits, probs, dtype = "int32", validateArgs = false } = opts ?? {};
    if ((logits === undefined) === (probs === undefined)) {
      throw new TypeError(`${cls}: pass exactly one of logits and probs: new ${cls}({ logits }) or new ${cls}({ probs }).`);
    }
    if (!SAMPLE_DTYPES.includes(dtype)) throw new TypeError(`${cls}: dtype must be an integer or floating-point dtype, got ${dtype}.`);
    const param = asFloat(cls, logits === undefined ? "probs" : "logits", (logits ?? probs)!);
    if (param.ndim < 1) {
      throw new RangeError(`${cls}: ${logits === undefined ? "probs" : "logits"} must have at least one axis (the categories), got shape ${fmtShape(param.shape)}.`);
    }
    if (validateArgs && probs !== undefined) checkSimplex(cls, "probs", param);
    this._logits = logits === undefined ? null : normalizeLogits(param);
    this._probs = probs === undefined ? null : normalizeProbs(param);
    this._dtype = dtype;
  }

  override get eventShape(): number[] {
    return [];
  }

  override get batchShape(): number[] {
    return (this._logits ?? this._probs!).shape.slice(0, -1);
  }

  override get dtype(): DType {
    return this._dtype;
  }

  /** Normalized log-probabilities, shape `[...batch, K]`. */
  get logits(): Array {
    return this._logits ?? np.log(this._probs!);
  }

  /** Probabilities, shape `[...batch, K]`. */
  get probs(): Array {
    return this._probs ?? nn.softmax(this._logits!, -1);
  }

  /** The number of categories `K`. */
  get numCategories(): number {
    const p = this._logits ?? this._probs!;
    return p.shape[p.ndim - 1]!;
  }

  /** The logits (TFP's name, used by mixtures). */
  logitsParameter(): Array {
    return this.logits;
  }

  /** Samples as class indices; -1 where the parameters are not a valid distribution. */
  protected drawIndices(key: Array, n: number): [Array, Array] {
    const probs = this.probs;
    const valid = np.logicalAnd(np.all(np.isfinite(probs), -1), np.all(probs.ge(0), -1));
    const draws = random.categorical(key, this.logits, { axis: -1, shape: [n, ...this.batchShape] });
    return [draws, valid];
  }

  protected override sampleN(key: Array, n: number): Array {
    const [draws, valid] = this.drawIndices(key, n);
    return np.where(valid, draws, -1).astype(this._dtype);
  }

  override logProb(value: Numeric): Array {
    const x = this.value("logProb", value);
    const k = this.numCategories;
    const logits = this.logits;
    const oneHot = nn.oneHot(x, k, { dtype: logits.dtype });
    const outside = np.logicalOr(x.lt(0), x.gt(k - 1));
    return np.where(outside, -Infinity, multiplyNoNan(logits, oneHot).sum(-1));
  }

  override prob(value: Numeric): Array {
    const x = this.value("prob", value);
    const probs = this.probs;
    return multiplyNoNan(probs, nn.oneHot(x, this.numCategories, { dtype: probs.dtype })).sum(-1);
  }

  override entropy(): Array {
    const logProbs = this._logits ?? np.log(this._probs!);
    return mulExp(logProbs, logProbs).sum(-1).neg();
  }

  override mode(): Array {
    return np.argmax(this._logits ?? this._probs!, -1).astype(this._dtype);
  }

  override cdf(value: Numeric): Array {
    const x = this.value("cdf", value);
    const k = this.numCategories;
    const probs = this.probs;
    const oneHot = nn.oneHot(np.clip(x, 0, k - 1), k, { dtype: probs.dtype });
    const c = multiplyNoNan(np.cumsum(probs, -1), oneHot).sum(-1);
    return np.where(x.lt(0), 0, np.where(x.ge(k - 1), 1, c));
  }

  override logCdf(value: Numeric): Array {
    return np.log(this.cdf(value));
  }

  /** Parameters indexed along the batch axes (for `get`). */
  protected indexedParam(index: readonly IndexSpec[]): { logits: Array } | { probs: Array } {
    const at = batchIndexer(this.name, this.batchShape, index);
    return this._logits ? { logits: at(this._logits, 1) } : { probs: at(this._probs!, 1) };
  }

  override get(...index: IndexSpec[]): Categorical {
    return new Categorical({ ...this.indexedParam(index), dtype: this._dtype });
  }
}

/** `KL(p || q)` between categoricals (0 log 0 = 0, so `p` may have zero-probability classes). */
function klCategorical(p: Categorical, q: Categorical): Array {
  const k1 = p.numCategories;
  const k2 = q.numCategories;
  if (k1 !== k2) {
    throw new RangeError(`klDivergence(${p.name}, ${q.name}): the numbers of categories differ: ${k1} and ${k2}.`);
  }
  const lp = nn.logSoftmax(p.logitsParameter(), -1);
  const lq = nn.logSoftmax(q.logitsParameter(), -1);
  return mulExp(lp.sub(lq), lp).sum(-1);
}

registerKL(Categorical, Categorical, klCategorical);
