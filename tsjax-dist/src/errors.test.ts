/**
 * Bad input gives errors that name the class, the parameter and the shapes: invalid values
 * (with `validateArgs`), shapes that do not broadcast, wrong event ranks, mismatched pairs,
 * unknown options and missing arguments.
 */
import { describe, expect, it } from "vitest";
import { jit, np, random } from "tsjax-core";
import { f32 } from "./test-utils.js";
import { Bernoulli } from "./distributions/bernoulli.js";
import { Beta } from "./distributions/beta.js";
import { Categorical } from "./distributions/categorical.js";
import { Dirichlet } from "./distributions/dirichlet.js";
import { Independent } from "./distributions/independent.js";
import { MixtureSameFamily } from "./distributions/mixture-same-family.js";
import { MixtureOfTwo } from "./distributions/mixture-of-two.js";
import { MultivariateNormalDiag } from "./distributions/mvn-diag.js";
import { MultivariateNormalTri } from "./distributions/mvn-tri.js";
import { Normal } from "./distributions/normal.js";
import { Laplace } from "./distributions/laplace.js";
import { Transformed } from "./distributions/transformed.js";
import { Uniform } from "./distributions/uniform.js";
import { Block } from "./bijectors/block.js";
import { Chain } from "./bijectors/chain.js";
import { DiagLinear } from "./bijectors/diag-linear.js";
import { Permute } from "./bijectors/permute.js";
import { RationalQuadraticSpline } from "./bijectors/rational-quadratic-spline.js";
import { ScalarAffine } from "./bijectors/scalar-affine.js";
import { SplitCoupling } from "./bijectors/split-coupling.js";
import { Tanh } from "./bijectors/tanh.js";

describe("invalid parameter values (validateArgs)", () => {
  it("a negative scale names the class, parameter, value, index and shape", () => {
    expect(() => new Normal(0, f32([1, -2]), { validateArgs: true })).toThrow("Normal: scale must be positive, got -2 at index [1] (scale has shape [2]).");
    expect(() => new Laplace(0, f32([[1, 0]]), { validateArgs: true })).toThrow(/Laplace: scale must be positive, got 0 at index \[0, 1\]/);
    expect(() => new Normal(0, -1)).not.toThrow(); // not checked unless asked
  });

  it("probabilities that do not sum to 1, or outside [0, 1]", () => {
    expect(() => new Categorical({ probs: f32([[0.5, 0.5], [0.2, 0.3]]), validateArgs: true })).toThrow(
      /Categorical: probs must sum to 1 along the last axis, got a sum of 0\.5\d* at index \[1\] \(probs has shape \[2, 2\]\)/,
    );
    expect(() => new Bernoulli({ probs: f32([0.2, 1.5]), validateArgs: true })).toThrow(/Bernoulli: probs must be in \[0, 1\], got 1.5 at index \[1\]/);
    expect(() => new Beta(f32([1, 0]), 1, { validateArgs: true })).toThrow(/Beta: alpha must be positive, got 0 at index \[1\]/);
    expect(() => new Dirichlet(f32([1, -1]), { validateArgs: true })).toThrow(/Dirichlet: concentration must be positive/);
    expect(() => new Uniform(1, 0, { validateArgs: true })).toThrow(/Uniform: high - low must be positive \(low < high\)/);
    expect(() => new MultivariateNormalDiag({ scaleDiag: f32([1, -1]), validateArgs: true })).toThrow(/MultivariateNormalDiag: scaleDiag must be positive/);
  });

  it("under jit the values are traced and not read: validation is skipped, not an error", () => {
    const f = jit((s) => new Normal(0, s, { validateArgs: true }).logProb(0));
    expect(() => f(f32(1))).not.toThrow();
  });
});

describe("shapes and ranks", () => {
  it("parameters that do not broadcast", () => {
    expect(() => new Normal(f32([0, 1]), f32([1, 2, 3]))).toThrow("Normal: the parameters' shapes do not broadcast: loc [2], scale [3].");
    expect(() => new MultivariateNormalDiag({ loc: np.zeros([3]), scaleDiag: np.ones([2]) })).toThrow(
      "MultivariateNormalDiag: the last axes of loc and scaleDiag must match, got loc [3] and scaleDiag [2].",
    );
    expect(() => new MultivariateNormalTri({ loc: np.zeros([3]), scaleTri: np.ones([2, 3]) })).toThrow(/scaleTri must be a square matrix or a batch of them, got shape \[2, 3\]/);
    expect(() => new Dirichlet(f32(1))).toThrow(/Dirichlet: concentration must have at least one axis/);
    expect(() => new Categorical({ logits: f32(1) })).toThrow(/Categorical: logits must have at least one axis/);
  });

  it("a bijector applied to the wrong event rank names the bijector, the method and the shape", () => {
    expect(() => new DiagLinear(f32([1, 2])).forward(f32(3))).toThrow(
      "DiagLinear.forward: the bijector acts on events of 1 axes (event_ndims 1), but x has shape [] (0 axes).",
    );
    expect(() => new Block(new Tanh(), 2).inverse(f32([0.1]))).toThrow(/BlockTanh.inverse: the bijector acts on events of 2 axes/);
    expect(() => new Permute([1, 0]).forward(f32([1, 2, 3]))).toThrow(/Permute.forward: axis -1 of the input has size 3 \(shape \[3\]\), but the permutation has 2 entries/);
    expect(() => new ScalarAffine(f32([1, 2])).forward(f32([1, 2, 3]))).toThrow(/ScalarAffine: the input of shape \[3\] does not broadcast with the parameters \(shift \[2\], scale \[\]\)/);
  });

  it("a distribution and a bijector of different event ranks; chains of mismatched bijectors", () => {
    expect(() => new Transformed(new Normal(0, 1), new DiagLinear(f32([1, 2])))).toThrow(
      /Transformed: the base distribution Normal has event shape \[\] \(0 axes\), but the bijector DiagLinear expects events of 1 axes\. Wrap the bijector in Block or the distribution in Independent\./,
    );
    expect(() => new Chain([new Tanh(), new DiagLinear(f32([1]))])).toThrow(/Chain: bijector 0 \(Tanh\) takes events of 0 axes, but bijector 1 \(DiagLinear\), applied before it, returns events of 1 axes/);
    expect(() => new Independent(new Normal(np.zeros([2]), 1), 2)).toThrow(/reinterpretedBatchNdims is 2, but Normal has only 1 batch axes \(batch shape \[2\]\)/);
    expect(() => new MixtureSameFamily(new Categorical({ logits: np.zeros([3]) }), new Normal(np.zeros([2, 3]), 1))).toThrow(
      /mixtureDistribution's batch shape \[\] must equal componentsDistribution's batch shape \[2, 3\] without its last \(component\) axis/,
    );
    expect(() => new MixtureOfTwo(0.5, new Normal(0, 1), new Normal(np.zeros([2]), 1))).toThrow(/the components' batch shapes differ: Normal \[\] and Normal \[2\]/);
    expect(() => new SplitCoupling({ splitIndex: 1, eventNdims: 1, splitAxis: -2, conditioner: (x) => x, bijector: () => new Tanh() })).toThrow(
      /splitAxis -2 points outside the event/,
    );
    expect(() => new RationalQuadraticSpline(np.zeros([5]), { rangeMin: 0, rangeMax: 1 })).toThrow(/the last axis of params must have size 3 \* numBins \+ 1 with numBins >= 1, got shape \[5\]/);
  });
});

describe("options and arguments", () => {
  it("unknown option keys, missing seeds and exclusive parameters", () => {
    const d = new Normal(0, 1);
    expect(() => d.sample({ seed: random.key(0), shape: [3] } as never)).toThrow(/Normal.sample: unknown option "shape"; the options are "seed", "sampleShape"/);
    expect(() => d.sample({} as never)).toThrow(/Normal.sample: pass a seed/);
    expect(() => d.sample({ seed: 1.5 })).toThrow(/an integer seed or a PRNG key is needed, got 1.5/);
    expect(() => new Categorical({ logits: np.zeros([2]), probs: np.ones([2]) })).toThrow(/Categorical: pass exactly one of logits and probs/);
    expect(() => new Bernoulli({})).toThrow(/Bernoulli: pass exactly one of logits and probs/);
    expect(() => new Categorical({ logits: np.zeros([2]), dtype: "bool" })).toThrow(/Categorical: dtype must be an integer or floating-point dtype, got bool/);
    expect(() => new ScalarAffine(0, { scale: 2, logScale: 1 })).toThrow(/ScalarAffine: pass only one of scale and logScale/);
    expect(() => new RationalQuadraticSpline(np.zeros([4]), { rangeMin: 0, rangeMax: 1, boundary: "x" } as never)).toThrow(/unknown option "boundary"/);
    expect(() => new Normal(0, 1).entropy() && new Transformed(new Normal(0, 1), new Tanh()).entropy()).toThrow(
      /Transformed.entropy: not available, because the Jacobian determinant of Tanh is not known to be constant/,
    );
    expect(() => new Normal("a" as never, 1)).toThrow(/Normal: loc must be an array, a number or nested lists of numbers, got string a/);
  });
});
