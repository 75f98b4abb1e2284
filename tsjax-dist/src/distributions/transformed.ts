/** Distributions pushed through a bijector (distrax's `Transformed`). */
import { type Array, type DType, evalShape, np } from "tsjax-core";
import { type Numeric, fmtShape, shapesEqual } from "../utils/args.js";
import { asBijector } from "../bijectors/as-bijector.js";
import type { Bijector } from "../bijectors/bijector.js";
import type { BijectorLike } from "../bijectors/lambda.js";
import { registerKL } from "../kl.js";
import { Distribution } from "./distribution.js";

/**
 * The distribution of `Y = f(X)` for `X ~ distribution` and a bijector `f`:
 * `log p(y) = log p(x) - log|det J(f)(x)|` at `x = f^-1(y)`. Sampling is reparameterized
 * when the base's is. `sampleAndLogProb` uses only the forward map (no inverse needed).
 * The batch and event shapes and the dtype are traced from `f`, not computed.
 *
 * @example
 * const logNormal = new Transformed(new Normal(0, 1), np.exp);      // a function becomes Lambda
 * const squashed = new Transformed(new Normal(0, 1), new Tanh());
 * const [a, logp] = squashed.sampleAndLogProb({ seed: random.key(0) });
 */
export class Transformed extends Distribution {
  readonly distribution: Distribution;
  readonly bijector: Bijector;

  constructor(distribution: Distribution, bijector: BijectorLike) {
    super();
    const cls = new.target.name;
    if (!(distribution instanceof Distribution)) throw new TypeError(`${cls}: distribution must be a Distribution.`);
    const b = asBijector(cls, bijector);
    const ev = distribution.eventShape;
    if (ev.length !== b.eventNdimsIn) {
      throw new RangeError(
        `${cls}: the base distribution ${distribution.name} has event shape ${fmtShape(ev)} (${ev.length} axes), but the bijector ${b.name} ` +
          `expects events of ${b.eventNdimsIn} axes. Wrap the bijector in Block or the distribution in Independent.`,
      );
    }
    this.distribution = distribution;
    this.bijector = b;
  }

  /** The shape and dtype of one transformed batch of events, traced through the bijector. */
  private outSpec(): { shape: number[]; dtype: DType } {
    const d = this.distribution;
    return evalShape((x: Array) => this.bijector.forward(x), { shape: [...d.batchShape, ...d.eventShape], dtype: d.dtype }) as { shape: number[]; dtype: DType };
  }

  override get dtype(): DType {
    return this.outSpec().dtype;
  }

  override get eventShape(): number[] {
    const s = this.outSpec().shape;
    return s.slice(s.length - this.bijector.eventNdimsOut);
  }

  override get batchShape(): number[] {
    const s = this.outSpec().shape;
    return s.slice(0, s.length - this.bijector.eventNdimsOut);
  }

  override logProb(value: Numeric): Array {
    const [x, ildj] = this.bijector.inverseAndLogDet(value);
    return this.distribution.logProb(x).add(ildj);
  }

  // distrax maps the bijector over the sample axis with vmap; here it gets the whole batch of
  // samples at once, as in logProb (bijectors broadcast over leading axes), so that a bijector
  // whose parameters come from tsjax-nn modules (a flow's conditioners) can sample in `apply`.
  protected override sampleN(key: Array, n: number): Array {
    return this.bijector.forward(this.distribution.sample({ seed: key, sampleShape: n }));
  }

  protected override sampleNAndLogProb(key: Array, n: number): [Array, Array] {
    const [x, lpx] = this.distribution.sampleAndLogProb({ seed: key, sampleShape: n });
    const [y, fldj] = this.bijector.forwardAndLogDet(x);
    return [y, lpx.sub(fldj)];
  }

  /** `f(mean)`, for bijectors with a constant Jacobian (affine maps). */
  override mean(): Array {
    if (!this.bijector.isConstantJacobian) {
      throw new Error(`${this.name}.mean: not available, because the Jacobian of ${this.bijector.name} is not known to be constant.`);
    }
    return this.bijector.forward(this.distribution.mean());
  }

  /** `f(mode)`, for bijectors with a constant Jacobian determinant. */
  override mode(): Array {
    if (!this.bijector.isConstantLogDet) {
      throw new Error(`${this.name}.mode: not available, because the Jacobian determinant of ${this.bijector.name} is not known to be constant.`);
    }
    return this.bijector.forward(this.distribution.mode());
  }

  /**
   * `H(X) + log|det J|`, for bijectors with a constant Jacobian determinant, evaluated at
   * `inputHint` (default zeros of the base's sample shape).
   */
  override entropy(inputHint?: Array): Array {
    if (!this.bijector.isConstantLogDet) {
      throw new Error(`${this.name}.entropy: not available, because the Jacobian determinant of ${this.bijector.name} is not known to be constant.`);
    }
    const d = this.distribution;
    const x = inputHint ?? np.zeros([...d.batchShape, ...d.eventShape], { dtype: d.dtype });
    return d.entropy().add(this.bijector.forwardLogDetJacobian(x));
  }
}

/** `KL(p || q)` for two transforms of base distributions by the same bijector: the bases' KL. */
function klTransformed(p: Transformed, q: Transformed): Array {
  const [bp, bq] = [p.distribution, q.distribution];
  if (!shapesEqual(bp.eventShape, bq.eventShape)) {
    throw new RangeError(`klDivergence(${p.name}, ${q.name}): the base distributions' event shapes differ: ${fmtShape(bp.eventShape)} and ${fmtShape(bq.eventShape)}.`);
  }
  if (!p.bijector.sameAs(q.bijector)) {
    throw new TypeError(
      `klDivergence(${p.name}, ${q.name}): the bijectors ${p.bijector.name} and ${q.bijector.name} are not known to be the same; ` +
        "use the same bijector object (or one with the very same parameter arrays) in both distributions.",
    );
  }
  return bp.klDivergence(bq);
}

registerKL(Transformed, Transformed, klTransformed);
