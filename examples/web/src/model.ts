/**
 * The model: an MLP as a plain pytree of dense layers `{ weights, bias }`, tanh between them,
 * two logits out; its loss is the mean softmax cross-entropy.
 */
import { type Array as JArray, np, random, scope } from "tsjax-core";
import { softmaxCrossEntropyWithIntegerLabels } from "tsjax-optim";

/** One dense layer: `inputs @ weights + bias`. */
export interface Dense {
  weights: JArray;
  bias: JArray;
}

/**
 * Glorot-normal weights and zero biases for layers of the given widths (inputs first).
 *
 * @example
 * const params = initMlp(random.key(0), [2, 64, 64, 2]);
 */
export function initMlp(key: JArray, widths: readonly number[]): Dense[] {
  return scope(() => {
    const keys = random.split(key, widths.length - 1);
    return widths.slice(1).map((fanOut, i) => {
      const fanIn = widths[i]!;
      return {
        weights: random.normal(keys.get(i), [fanIn, fanOut]).mul(Math.sqrt(2 / (fanIn + fanOut))),
        bias: np.zeros([fanOut]),
      };
    });
  });
}

/**
 * The logits `[batch, 2]` of points `[batch, 2]`.
 *
 * @example
 * const logits = mlp(params, np.zeros([8, 2]));
 */
export function mlp(params: Dense[], points: JArray): JArray {
  return params.reduce((h, { weights, bias }, i) => {
    const z = h.matmul(weights).add(bias);
    return i === params.length - 1 ? z : np.tanh(z);
  }, points);
}

/**
 * The mean softmax cross-entropy of the model on points with integer labels.
 *
 * @example
 * const value = loss(params, points, labels); // scalar
 */
export function loss(params: Dense[], points: JArray, labels: JArray): JArray {
  return softmaxCrossEntropyWithIntegerLabels(mlp(params, points), labels).mean();
}
