/**
 * A character-level decoder-only transformer written with tsjax-nn: token and position
 * embeddings (`Embed`), a `layerStack` of pre-LayerNorm blocks (causal `MultiHeadAttention`,
 * then an `MLP`, each added to the residual stream), a final `LayerNorm` and a `Linear` head.
 */
import { type Array as JArray, nn, np } from "tsjax-core";
import { Embed, LayerNorm, Linear, MLP, MultiHeadAttention, VarianceScaling, dropout, layerStack, nextRngKey, transform } from "tsjax-nn";

/** Sizes of the transformer. */
export interface TransformerConfig {
  vocabSize: number;
  /** Sequence length (positions). */
  length: number;
  /** Width of the residual stream. */
  modelSize: number;
  numHeads: number;
  numLayers: number;
  /** Dropout on each block's residual branches, in training. */
  dropoutRate: number;
}

/** True on and below the diagonal: position t attends to positions <= t. Shape `[1, 1, T, T]`. */
function causalMask(length: number): JArray {
  return np.tril(np.ones([length, length], { dtype: "bool" })).reshape(1, 1, length, length);
}

/**
 * The network on tokens `[batch, length]` (int32): next-token logits `[batch, length, vocab]`.
 * With `isTraining`, dropout draws from `nextRngKey()`.
 */
export function transformer(config: TransformerConfig) {
  const { modelSize, numHeads } = config;
  const keySize = modelSize / numHeads;
  return (tokens: JArray, isTraining: boolean): JArray => {
    const mask = causalMask(config.length);
    const drop = (x: JArray) => (isTraining && config.dropoutRate > 0 ? dropout(nextRngKey(), config.dropoutRate, x) : x);
    const positions = np.arange(config.length, undefined, 1, { dtype: "int32" });
    let h = new Embed({ vocabSize: config.vocabSize, embedDim: modelSize, name: "token_embed" }).call(tokens);
    h = h.add(new Embed({ vocabSize: config.length, embedDim: modelSize, name: "position_embed" }).call(positions));
    // One block, repeated numLayers times with its own parameters: traced once, run by lax.scan.
    const block = (x: JArray): JArray => {
      const a = new LayerNorm(-1, true, true, { name: "attention_norm" }).call(x);
      const attention = new MultiHeadAttention(numHeads, keySize, { wInit: new VarianceScaling(1), name: "attention" });
      x = x.add(drop(attention.call(a, a, a, mask)));
      const m = new LayerNorm(-1, true, true, { name: "mlp_norm" }).call(x);
      return x.add(drop(new MLP([4 * modelSize, modelSize], { activation: nn.gelu, name: "mlp" }).call(m)));
    };
    h = layerStack(config.numLayers, { name: "blocks" })(block)(h);
    h = new LayerNorm(-1, true, true, { name: "final_norm" }).call(h);
    return new Linear(config.vocabSize, { name: "head" }).call(h);
  };
}

/**
 * `params = init(key, tokens, true)` and `logits = apply(params, key, tokens, isTraining)`.
 *
 * @example
 * const model = makeModel(config);
 * const params = model.init(random.key(0), tokens, true);
 */
export function makeModel(config: TransformerConfig) {
  return transform(transformer(config));
}
