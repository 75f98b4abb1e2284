/**
 * The CNN, written with tsjax-nn modules (haiku style): a strided 3x3 convolution (28 -> 14),
 * a 3x3 convolution and 2x2 max pooling (14 -> 7), each followed by BatchNorm and ReLU; then
 * dropout and a linear classifier. `transformWithState` turns it into pure `init`/`apply`
 * functions; BatchNorm's moving averages live in the state.
 */
import { type Array as JArray, nn } from "tsjax-core";
import { BatchNorm, Conv2D, Flatten, Linear, type Params, dropout, maxPool, nextRngKey, transformWithState } from "tsjax-nn";

/** Widths and regularization of the network. */
export interface CnnConfig {
  /** Output channels of the two 3x3 convolutions. */
  channels: [number, number];
  /** Dropout rate before the classifier, in training. */
  dropoutRate: number;
  /** Decay of BatchNorm's moving averages. */
  batchNormDecay: number;
}

/**
 * The network on a batch of images `[batch, 784]` (pixels in [0, 1]): logits `[batch, 10]`.
 * With `isTraining`, BatchNorm uses (and updates the averages of) batch statistics and dropout
 * is on (it draws from `nextRngKey()`).
 */
export function cnn(config: CnnConfig) {
  return (images: JArray, isTraining: boolean): JArray => {
    const batchNorm = (x: JArray, i: number) => new BatchNorm(true, true, config.batchNormDecay, { name: `batch_norm_${i}` }).call(x, isTraining);
    let x = images.reshape(-1, 28, 28, 1);
    x = new Conv2D(config.channels[0], 3, { stride: 2, name: "conv_0" }).call(x); // [B, 14, 14, c0]
    x = nn.relu(batchNorm(x, 0));
    x = new Conv2D(config.channels[1], 3, { name: "conv_1" }).call(x); // [B, 14, 14, c1]
    x = maxPool(x, 2, 2, "VALID"); // [B, 7, 7, c1]; pooling first makes BatchNorm's work 4x smaller
    x = nn.relu(batchNorm(x, 1));
    x = new Flatten().call(x);
    if (isTraining) x = dropout(nextRngKey(), config.dropoutRate, x);
    return new Linear(10, { name: "logits" }).call(x);
  };
}

/**
 * The pure functions of the network: `[params, state] = init(key, images, true)` and
 * `[logits, state] = apply(params, state, key, images, isTraining)`.
 *
 * @example
 * const model = makeModel({ channels: [16, 32], dropoutRate: 0.3, batchNormDecay: 0.9 });
 * const [params, state] = model.init(random.key(0), images, true);
 */
export function makeModel(config: CnnConfig) {
  return transformWithState(cnn(config));
}

/**
 * Weight decay applies to the convolution and linear weights (`w`), not to biases or
 * BatchNorm's scale and offset.
 *
 * @example
 * adamw(schedule, { weightDecay: 1e-4, mask: weightDecayMask });
 */
export function weightDecayMask(params: Params): Record<string, Record<string, boolean>> {
  return Object.fromEntries(Object.entries(params).map(([m, bundle]) => [m, Object.fromEntries(Object.keys(bundle).map((k) => [k, k === "w"]))]));
}

/** Total number of scalar parameters. */
export function parameterCount(params: Params): number {
  return Object.values(params).reduce((n, bundle) => n + Object.values(bundle).reduce((m, a) => m + a.size, 0), 0);
}
