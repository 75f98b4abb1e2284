/**
 * `Distribution`: the base class of every distribution (distrax's `Distribution`). A subclass
 * writes `eventShape`, `logProb` and `sampleN` (plus whatever closed forms it has); the base
 * derives `sample`, `sampleAndLogProb`, `prob`, `cdf`, the survival functions, `stddev`,
 * `crossEntropy` and `klDivergence` (through the KL registry). Every distribution is a pytree:
 * its arrays are leaves and its configuration static, so it can be passed into and returned
 * from `jit`, `vmap` and `grad`.
 */
import { Array, type DType, evalShape, np, random } from "tsjax-core";
import { type Numeric, asArray, checkOptions, describe, fmtShape } from "../utils/args.js";
import type { IndexSpec } from "../utils/batch-index.js";
import { registerFieldsPytree } from "../utils/pytree.js";
import { klDivergence } from "../kl.js";

/** A PRNG key (`random.key(...)`) or an integer seed. */
export type Seed = Array | number;

/** Options of `sample` and `sampleAndLogProb`. */
export interface SampleOptions {
  /** A PRNG key or an integer seed (turned into `random.key(seed)`). */
  seed: Seed;
  /** Extra leading axes of the result (default `[]`: one sample). */
  sampleShape?: number | readonly number[];
}

/** The key and sample shape of sampling options (distrax's `convert_seed_and_sample_shape`). */
function seedAndShape(op: string, opts: SampleOptions): [Array, number[]] {
  checkOptions(op, opts, ["seed", "sampleShape"]);
  if (!opts || opts.seed === undefined) throw new TypeError(`${op}: pass a seed: ${op.split(".")[1]}({ seed: random.key(0) }).`);
  const { seed, sampleShape = [] } = opts;
  let key: Array;
  if (typeof seed === "number") {
    if (!Number.isInteger(seed)) throw new TypeError(`${op}: an integer seed or a PRNG key is needed, got ${seed}.`);
    key = random.key(seed);
  } else if (seed instanceof Array) key = seed;
  else throw new TypeError(`${op}: seed must be a PRNG key (random.key(...)) or an integer, got ${describe(seed)}.`);
  const shape = typeof sampleShape === "number" ? [sampleShape] : [...sampleShape];
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new RangeError(`${op}: sampleShape must be non-negative integers, got ${fmtShape(shape)}.`);
  }
  return [key, shape];
}

const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/**
 * The base class of distributions. Subclass it with `eventShape`, `logProb` and `sampleN`
 * (and the closed forms you have); register KL rules with `registerKL`.
 *
 * @example
 * class Exponential extends Distribution {
 *   constructor(readonly rate: Array) { super(); }
 *   get eventShape() { return []; }
 *   protected sampleN(key: Array, n: number) { return random.exponential(key, [n, ...this.rate.shape]).div(this.rate); }
 *   logProb(x: Numeric) { return np.log(this.rate).sub(this.rate.mul(this.value("logProb", x))); }
 * }
 */
export abstract class Distribution {
  /** The shape of one event (`[]` for scalar distributions). */
  abstract get eventShape(): number[];

  /** The shape of the batch of independent distributions this object holds. */
  get batchShape(): number[] {
    const s = this.sampleSpec();
    return s.shape.slice(0, s.shape.length - this.eventShape.length);
  }

  /** The dtype of samples. */
  get dtype(): DType {
    return this.sampleSpec().dtype;
  }

  /** The class name, used in messages. */
  get name(): string {
    return this.constructor.name;
  }

  /** The shape (without the sample axis) and dtype of one draw, traced, not computed. */
  private sampleSpec(): { shape: number[]; dtype: DType } {
    const s = evalShape((k: Array) => this.sampleN(k, 1), { shape: [2], dtype: "uint32" }) as { shape: number[]; dtype: DType };
    return { shape: s.shape.slice(1), dtype: s.dtype };
  }

  /** `n` samples stacked along a new leading axis. */
  protected abstract sampleN(key: Array, n: number): Array;

  /** `n` samples and their log-probabilities (by default `logProb` of the samples). */
  protected sampleNAndLogProb(key: Array, n: number): [Array, Array] {
    const samples = this.sampleN(key, n);
    return [samples, this.logProb(samples)];
  }

  /** The log-density (or log-mass) of `value`, batched over its leading axes. */
  abstract logProb(value: Numeric): Array;

  /**
   * Samples of shape `[...sampleShape, ...batchShape, ...eventShape]`, drawn as distrax draws
   * them from `jax.random` for the same key.
   *
   * @example
   * new Normal(0, 1).sample({ seed: random.key(0), sampleShape: [3] });
   */
  sample(opts: SampleOptions): Array {
    const [key, shape] = seedAndShape(`${this.name}.sample`, opts);
    const s = this.sampleN(key, product(shape));
    return s.reshape([...shape, ...s.shape.slice(1)]);
  }

  /**
   * Samples and their log-probabilities, often cheaper than `sample` then `logProb`.
   *
   * @example
   * const [z, logq] = q.sampleAndLogProb({ seed: key });
   */
  sampleAndLogProb(opts: SampleOptions): [Array, Array] {
    const [key, shape] = seedAndShape(`${this.name}.sampleAndLogProb`, opts);
    const [s, lp] = this.sampleNAndLogProb(key, product(shape));
    return [s.reshape([...shape, ...s.shape.slice(1)]), lp.reshape([...shape, ...lp.shape.slice(1)])];
  }

  /** The density (or mass) of `value`: `exp(logProb(value))`. @example d.prob(0.5) */
  prob(value: Numeric): Array {
    return np.exp(this.logProb(value));
  }

  /** The log of the CDF, `log P[X <= value]`. @example d.logCdf(0) */
  logCdf(value: Numeric): Array {
    return this.notImplemented("logCdf", value);
  }

  /** The CDF `P[X <= value]` (by default `exp(logCdf)`). @example d.cdf(0) */
  cdf(value: Numeric): Array {
    return np.exp(this.logCdf(value));
  }

  /** `P[X > value]` (by default `1 - cdf`, for scalar events). @example d.survivalFunction(2) */
  survivalFunction(value: Numeric): Array {
    if (this.eventShape.length) return this.notImplemented("survivalFunction");
    return np.subtract(1, this.cdf(value));
  }

  /** `log P[X > value]` (by default `log1p(-cdf)`, for scalar events). @example d.logSurvivalFunction(2) */
  logSurvivalFunction(value: Numeric): Array {
    if (this.eventShape.length) return this.notImplemented("logSurvivalFunction");
    return np.log1p(this.cdf(value).neg());
  }

  /** The Shannon entropy in nats. @example d.entropy() */
  entropy(): Array {
    return this.notImplemented("entropy");
  }

  /** The mean. @example d.mean() */
  mean(): Array {
    return this.notImplemented("mean");
  }

  /** The median. @example d.median() */
  median(): Array {
    return this.notImplemented("median");
  }

  /** The mode. @example d.mode() */
  mode(): Array {
    return this.notImplemented("mode");
  }

  /** The variance (elementwise over events). @example d.variance() */
  variance(): Array {
    return this.notImplemented("variance");
  }

  /** The standard deviation (by default `sqrt(variance)`). @example d.stddev() */
  stddev(): Array {
    return np.sqrt(this.variance());
  }

  /**
   * `KL(this || other)` from the KL registry.
   *
   * @example
   * new Normal(0, 1).klDivergence(new Normal(1, 2));
   */
  klDivergence(other: Distribution): Array {
    return klDivergence(this, other);
  }

  /**
   * The cross entropy `H(this, other) = KL(this || other) + H(this)`.
   *
   * @example
   * p.crossEntropy(q);
   */
  crossEntropy(other: Distribution): Array {
    return this.klDivergence(other).add(this.entropy());
  }

  /**
   * The distribution indexed along its batch axes (event axes are kept whole), with numpy
   * indexing as `Array.get`.
   *
   * @example
   * new Normal(np.zeros([4, 3]), 1).get(0, "1:");   // batch shape [2]
   */
  get(...index: IndexSpec[]): Distribution {
    void index;
    return this.notImplemented("get (indexing)");
  }

  /** Throws naming the class and the method it lacks. */
  protected notImplemented(method: string, ..._args: unknown[]): never {
    throw new Error(`${this.name} does not implement ${method}.`);
  }

  /** `value` as an array (numbers become float32), for the methods taking events. */
  protected value(method: string, value: Numeric): Array {
    return asArray(`${this.name}.${method}`, "value", value);
  }
}

registerFieldsPytree(Distribution);
