/** A mixture of two distributions of any families (distrax's `MixtureOfTwo`). */
import { type Array, np, random } from "tsjax-core";
import { type Numeric, asFloat, fmtShape, shapesEqual } from "../utils/args.js";
import type { IndexSpec } from "../utils/batch-index.js";
import { logaddexp } from "../utils/math.js";
import { Distribution } from "./distribution.js";

/**
 * `probA * componentA + (1 - probA) * componentB`, for components of the same event shape,
 * batch shape and dtype (their families may differ). `probA` is a scalar. `logProb` uses
 * `logaddexp`.
 *
 * @example
 * const d = new MixtureOfTwo(0.2, new Normal(0, 1), new Laplace(3, 0.5));
 * d.logProb(1);
 */
export class MixtureOfTwo extends Distribution {
  protected readonly _probA: Array;
  readonly componentA: Distribution;
  readonly componentB: Distribution;

  constructor(probA: Numeric, componentA: Distribution, componentB: Distribution) {
    super();
    const p = asFloat("MixtureOfTwo", "probA", probA);
    if (p.ndim !== 0) throw new RangeError(`MixtureOfTwo: probA must be a scalar, got shape ${fmtShape(p.shape)}.`);
    if (!(componentA instanceof Distribution) || !(componentB instanceof Distribution)) {
      throw new TypeError("MixtureOfTwo: componentA and componentB must be Distributions.");
    }
    const [a, b] = [componentA, componentB];
    if (!shapesEqual(a.eventShape, b.eventShape)) {
      throw new RangeError(`MixtureOfTwo: the components' event shapes differ: ${a.name} ${fmtShape(a.eventShape)} and ${b.name} ${fmtShape(b.eventShape)}.`);
    }
    if (!shapesEqual(a.batchShape, b.batchShape)) {
      throw new RangeError(`MixtureOfTwo: the components' batch shapes differ: ${a.name} ${fmtShape(a.batchShape)} and ${b.name} ${fmtShape(b.batchShape)}.`);
    }
    if (a.dtype !== b.dtype) throw new TypeError(`MixtureOfTwo: the components' dtypes differ: ${a.name} ${a.dtype} and ${b.name} ${b.dtype}.`);
    this._probA = p;
    this.componentA = a;
    this.componentB = b;
  }

  /** The weight of `componentA`. */
  get probA(): Array {
    return this._probA;
  }

  /** The weight of `componentB`, `1 - probA`. */
  get probB(): Array {
    return np.subtract(1, this._probA);
  }

  override get eventShape(): number[] {
    return this.componentA.eventShape;
  }

  override get batchShape(): number[] {
    return this.componentA.batchShape;
  }

  override get dtype() {
    return this.componentA.dtype;
  }

  protected override sampleN(key: Array, n: number): Array {
    const keys = random.split(key, 4);
    const fromA = random.bernoulli(keys.get(3), this._probA, [n]);
    const a = this.componentA.sample({ seed: keys.get(1), sampleShape: n });
    const b = this.componentB.sample({ seed: keys.get(2), sampleShape: n });
    return np.where(fromA.reshape([n, ...globalThis.Array<number>(a.ndim - 1).fill(1)]), a, b);
  }

  override logProb(value: Numeric): Array {
    const x = this.value("logProb", value);
    const la = np.log(this._probA).add(this.componentA.logProb(x));
    const lb = np.log1p(this._probA.neg()).add(this.componentB.logProb(x));
    return logaddexp(la, lb);
  }

  override get(...index: IndexSpec[]): MixtureOfTwo {
    return new MixtureOfTwo(this._probA, this.componentA.get(...index), this.componentB.get(...index));
  }
}
