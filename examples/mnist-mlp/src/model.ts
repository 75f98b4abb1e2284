/**
 * A multi-layer perceptron as a plain pytree of parameters (no module system): a list of dense
 * layers `{ weights, bias }`, ReLU between them, logits out.
 */
import { type Array as JArray, nn, np, random, scope } from "tsjax-core";

/** One dense layer: `inputs @ weights + bias`. */
interface DenseParams {
  /** `[fanIn, fanOut]`. */
  weights: JArray;
  /** `[fanOut]`. */
  bias: JArray;
}

/** The parameters of the whole MLP, first layer first. */
export type MlpParams = DenseParams[];

/**
 * Random initial parameters for an MLP with the given layer widths (input first, classes last):
 * He-normal weights (`N(0, 2 / fanIn)`) for the ReLU layers, Glorot-normal (`N(0, 2 / (fanIn +
 * fanOut))`) for the output layer, zero biases. One key per layer, split from `key`.
 *
 * @example
 * const params = initMlp(random.key(0), [784, 256, 128, 10]);
 * params[0].weights.shape; // [784, 256]
 */
export function initMlp(key: JArray, layerWidths: readonly number[]): MlpParams {
  const layerCount = layerWidths.length - 1;
  // scope() frees the sampling intermediates at once instead of leaving them to the GC
  return scope(() => {
    const layerKeys = random.split(key, layerCount);
    return Array.from({ length: layerCount }, (_, i): DenseParams => {
      const fanIn = layerWidths[i]!;
      const fanOut = layerWidths[i + 1]!;
      const isOutputLayer = i === layerCount - 1;
      const std = isOutputLayer ? Math.sqrt(2 / (fanIn + fanOut)) : Math.sqrt(2 / fanIn);
      return {
        weights: random.normal(layerKeys.get(i), [fanIn, fanOut]).mul(std),
        bias: np.zeros([fanOut]),
      };
    });
  });
}

/** The MLP's outputs for a batch of images. */
export interface MlpOutputs {
  /** `[batch, classes]`. */
  logits: JArray;
  /** The ReLU outputs of each hidden layer, `[batch, width]`. */
  hiddenActivations: JArray[];
}

/** Dropout on the hidden activations, for training. */
export interface Dropout {
  /** Probability of zeroing each hidden activation. */
  rate: number;
  /** Randomness of the masks (one key per step; split per layer here). */
  key: JArray;
}

/**
 * Runs the MLP on images `[batch, pixels]`: its logits and its hidden activations. With
 * `dropout`, each hidden activation is zeroed with probability `rate` and the rest are scaled
 * by `1 / (1 - rate)` (inverted dropout, so evaluation needs no rescaling).
 *
 * @example
 * const { logits } = mlpForward(params, images); // logits: [128, 10]
 * mlpForward(params, images, { rate: 0.2, key: stepKey }); // training
 */
export function mlpForward(params: MlpParams, images: JArray, dropout?: Dropout): MlpOutputs {
  const hiddenActivations: JArray[] = [];
  const dropoutKeys = dropout && dropout.rate > 0 ? random.split(dropout.key, params.length) : undefined;
  let activations = images;
  params.forEach(({ weights, bias }, i) => {
    const preActivations = activations.matmul(weights).add(bias);
    if (i === params.length - 1) {
      activations = preActivations;
      return;
    }
    activations = nn.relu(preActivations);
    if (dropoutKeys) {
      const keep = random.bernoulli(dropoutKeys.get(i), 1 - dropout!.rate, activations.shape);
      activations = np.where(keep, activations.div(1 - dropout!.rate), 0);
    }
    hiddenActivations.push(activations);
  });
  return { logits: activations, hiddenActivations };
}

/**
 * A mask with the shape of `params` that is `true` for the weight matrices and `false` for the
 * biases: weight decay applies to weights only.
 *
 * @example
 * adamw(schedule, { weightDecay: 1e-4, mask: weightDecayMask(params) });
 */
export function weightDecayMask(params: MlpParams): { weights: boolean; bias: boolean }[] {
  return params.map(() => ({ weights: true, bias: false }));
}
