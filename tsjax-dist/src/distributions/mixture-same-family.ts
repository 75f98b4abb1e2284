/** Mixtures whose components share one family (distrax's `MixtureSameFamily`). */
import { type Array, nn, np, random } from "tsjax-core";
import { type Numeric, fmtShape, shapesEqual } from "../utils/args.js";
import { type IndexSpec, batchIndex } from "../utils/batch-index.js";
import { Distribution } from "./distribution.js";

/** A distribution over component indices that exposes its logits (a `Categorical`). */
export interface MixingDistribution extends Distribution {
  logitsParameter(): Array;
}

/**
 * A mixture of `K` components from one batched distribution: `componentsDistribution` has
 * batch shape `[...batch, K]` and `mixtureDistribution` (a `Categorical`) batch shape
 * `[...batch]`. `logProb` is computed in log space with `logsumexp`.
 *
 * @example
 * const gmm = new MixtureSameFamily(
 *   new Categorical({ probs: np.array([0.3, 0.7]) }),
 *   new Normal(np.array([-1, 1]), np.array([0.5, 0.5])),
 * );
 * gmm.logProb(0);
 */
export class MixtureSameFamily extends Distribution {
  readonly mixtureDistribution: MixingDistribution;
  readonly componentsDistribution: Distribution;

  constructor(mixtureDistribution: MixingDistribution, componentsDistribution: Distribution) {
    super();
    if (!(mixtureDistribution instanceof Distribution) || typeof mixtureDistribution.logitsParameter !== "function") {
      throw new TypeError("MixtureSameFamily: mixtureDistribution must be a Categorical (a distribution with logitsParameter()).");
    }
    if (!(componentsDistribution instanceof Distribution)) throw new TypeError("MixtureSameFamily: componentsDistribution must be a Distribution.");
    const bm = mixtureDistribution.batchShape;
    const bc = componentsDistribution.batchShape;
    if (!shapesEqual(bm, bc.slice(0, -1))) {
      throw new RangeError(
        `MixtureSameFamily: mixtureDistribution's batch shape ${fmtShape(bm)} must equal componentsDistribution's batch shape ${fmtShape(bc)} without its last (component) axis.`,
      );
    }
    this.mixtureDistribution = mixtureDistribution;
    this.componentsDistribution = componentsDistribution;
  }

  private get mixtureLogProbs(): Array {
    return nn.logSoftmax(this.mixtureDistribution.logitsParameter(), -1);
  }

  override get eventShape(): number[] {
    return this.componentsDistribution.eventShape;
  }

  override get batchShape(): number[] {
    return this.componentsDistribution.batchShape.slice(0, -1);
  }

  override get dtype() {
    return this.componentsDistribution.dtype;
  }

  /** The component axis of samples and means (counted from the end). */
  private get componentAxis(): number {
    return -1 - this.eventShape.length;
  }

  /** Mixture weights shaped to broadcast over events: `[...batch, K, 1, ...]`. */
  private weights(): Array {
    const w = np.exp(this.mixtureLogProbs);
    return w.reshape([...w.shape, ...this.eventShape.map(() => 1)]);
  }

  protected override sampleN(key: Array, n: number): Array {
    const keys = random.split(key);
    const k = this.componentsDistribution.batchShape.slice(-1)[0]!;
    const mix = this.mixtureDistribution.sample({ seed: keys.get(0), sampleShape: n });
    const mask = nn.oneHot(mix, k);
    const all = this.componentsDistribution.sample({ seed: keys.get(1), sampleShape: n });
    return all.mul(mask.reshape([...mask.shape, ...this.eventShape.map(() => 1)])).sum(this.componentAxis);
  }

  override logProb(value: Numeric): Array {
    const x = this.value("logProb", value);
    const lp = this.componentsDistribution.logProb(np.expandDims(x, x.ndim + this.componentAxis + 1));
    return nn.logsumexp(lp.add(this.mixtureLogProbs), -1);
  }

  override mean(): Array {
    return this.componentsDistribution.mean().mul(this.weights()).sum(this.componentAxis);
  }

  /** The variance, by the law of total variance. */
  override variance(): Array {
    const means = this.componentsDistribution.mean();
    const w = this.weights();
    const mean = means.mul(w).sum(this.componentAxis, { keepdims: true });
    const condVar = w.mul(this.componentsDistribution.variance()).sum(this.componentAxis);
    return condVar.add(w.mul(np.square(means.sub(mean))).sum(this.componentAxis));
  }

  override get(...index: IndexSpec[]): MixtureSameFamily {
    const idx = batchIndex(this.name, this.batchShape, index, 0);
    const idxComponents = batchIndex(this.name, this.batchShape, index, 1);
    return new MixtureSameFamily(this.mixtureDistribution.get(...idx) as MixingDistribution, this.componentsDistribution.get(...idxComponents));
  }
}
