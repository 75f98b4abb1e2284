/**
 * The normalizing flow: a standard normal base distribution pushed through coupling layers
 * whose inner bijectors are rational-quadratic splines (neural spline flows, Durkan et al.
 * 2019), with `Permute` between the layers so that both coordinates get transformed, and a
 * fixed affine map at the end that undoes the standardization of the data. Written as in
 * distrax's `examples/flow.py`: tsjax-nn MLP conditioners whose last layer starts at zero (every
 * coupling starts as the identity), tsjax-dist bijectors, and `Transformed` for the density.
 */
import { type Array as JArray, np } from "tsjax-core";
import {
  Block, type Bijector, Chain, MultivariateNormalDiag, MultivariateNormalFullCovariance, Permute, RationalQuadraticSpline,
  ScalarAffine, SplitCoupling, Transformed,
} from "tsjax-dist";
import { Linear, MLP, Module, multiTransform, nextRngKey, zeros } from "tsjax-nn";

/** The sizes of the flow. */
export interface FlowConfig {
  /** Coupling layers. */
  layers: number;
  /** Hidden widths of each conditioner MLP. */
  hidden: number[];
  /** Spline bins. */
  bins: number;
  /** The splines act on `[-range, range]` (in standardized units) and are linear outside it. */
  range: number;
  /** Mean and standard deviation of each coordinate of the training data, `[2]` each. */
  shift: readonly number[];
  scale: readonly number[];
}

/**
 * Maps the unchanged coordinate to the spline parameters of the other one: an MLP, then a
 * `Linear` layer initialized to zero (all-zero spline parameters are the identity), reshaped to
 * `[..., 1, 3 * bins + 1]`.
 */
class Conditioner extends Module {
  readonly mlp: MLP;
  readonly out: Linear;

  constructor(hidden: number[], readonly paramsPerSpline: number) {
    super("conditioner");
    this.mlp = this.build(() => new MLP(hidden, { activateFinal: true }));
    this.out = this.build(() => new Linear(paramsPerSpline, { wInit: zeros, bInit: zeros }));
  }

  call(x1: JArray): JArray {
    return this.out.call(this.mlp.call(x1)).expandDims(-2);
  }
}

/**
 * The flow as a distribution over points `[..., 2]`: `Transformed(N(0, I), chain)`, where the
 * chain, applied to a base sample, runs the couplings (each transforms the second coordinate
 * given the first, then `Permute([1, 0])` swaps them) and finally `x = shift + scale * u`.
 * Call it inside a tsjax-nn transform (the conditioners create parameters).
 *
 * @example
 * const logProb = transform((x) => flowDistribution(config).logProb(x));
 */
function flowDistribution(config: FlowConfig): Transformed {
  const { layers, hidden, bins, range } = config;
  const bijectors: Bijector[] = [];
  for (let i = 0; i < layers; i++) {
    const conditioner = new Conditioner(hidden, 3 * bins + 1);
    bijectors.push(
      new SplitCoupling({
        splitIndex: 1,
        eventNdims: 1,
        conditioner: (x1) => conditioner.call(x1),
        bijector: (params: JArray) => new RationalQuadraticSpline(params, { rangeMin: -range, rangeMax: range }),
      }),
    );
    if (i < layers - 1) bijectors.push(new Permute([1, 0]));
  }
  const unstandardize = new Block(new ScalarAffine(np.array([...config.shift]), { scale: np.array([...config.scale]) }), 1);
  // Chain applies its last bijector first: the first coupling, ..., the last, then unstandardize.
  const chain = new Chain([unstandardize, ...bijectors.reverse()]);
  return new Transformed(new MultivariateNormalDiag({ loc: np.zeros([2]) }), chain);
}

/**
 * The flow's pure functions, sharing one params tree:
 * - `logProb(params, null, x)`: log-densities of points `x` `[n, 2]`, `[n]`;
 * - `sample(params, key, n)`: `n` points drawn from the flow, `[n, 2]`;
 * - `inverse(params, null, x)`: the base-space points `[n, 2]` that the flow maps to `x`.
 *
 * @example
 * const flow = makeFlow(config);
 * const params = flow.init(random.key(0), points);
 * const meanLogLikelihood = flow.apply.logProb(params, null, test).mean();
 */
export function makeFlow(config: FlowConfig) {
  return multiTransform(() => {
    const flow = flowDistribution(config);
    const logProb = (x: JArray) => flow.logProb(x);
    const sample = (n: number) => flow.sample({ seed: nextRngKey(), sampleShape: [n] });
    const inverse = (x: JArray) => flow.bijector.inverse(x);
    return [logProb, { logProb, sample, inverse }] as const;
  });
}

/** The flow's pure functions (see `makeFlow`). */
export type Flow = ReturnType<typeof makeFlow>;


/**
 * The maximum-likelihood Gaussian of points `[n, 2]`: their mean and their covariance with
 * divisor `n` (NumPy's `np.cov(x.T, bias=True)`), as a `MultivariateNormalFullCovariance`.
 *
 * @example
 * const gaussian = fitGaussian(train);
 * gaussian.logProb(test).mean(); // the baseline the flow has to beat
 */
export function fitGaussian(points: JArray): MultivariateNormalFullCovariance {
  const mean = points.mean(0);
  const centred = points.sub(mean);
  const covarianceMatrix = np.matmul(centred.T, centred).div(points.shape[0]!);
  return new MultivariateNormalFullCovariance({ loc: mean, covarianceMatrix });
}
