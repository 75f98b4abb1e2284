/** Sampling names from the trained transformer: one jitted program, a `lax.scan` over positions. */
import { type Array as JArray, jit, lax, np, random } from "tsjax-core";
import type { Params } from "tsjax-nn";
import { BOUNDARY } from "./data.js";
import { type TransformerConfig, makeModel } from "./model.js";

/**
 * A jitted sampler: `sample(params, key)` returns `[count, length]` tokens, position 0 the
 * start token and position t+1 drawn from the model's distribution at position t (divided by
 * `temperature`). The whole loop is one `lax.scan` inside `jit`; the causal mask makes
 * position t depend only on the tokens before it, so the not-yet-sampled positions do not matter.
 *
 * @example
 * const tokens = await makeSampler(config, 20)(params, random.key(7)).toArray();
 */
export function makeSampler(config: TransformerConfig, count: number, temperature = 1) {
  const model = makeModel(config);
  const positions = config.length - 1;
  return jit((params: Params, key: JArray) => {
    const start = np.full([count, config.length], BOUNDARY, { dtype: "int32" });
    const steps = [np.arange(positions, undefined, 1, { dtype: "int32" }), random.split(key, positions)] as const;
    const [tokens] = lax.scan(
      (tokens: JArray, [t, k]: readonly [JArray, JArray]) => {
        const logits = model.apply(params, null, tokens, false); // [count, length, vocab]
        const atT = np.takeAlongAxis(logits, t.reshape(1, 1, 1).broadcastTo([count, 1, config.vocabSize]), 1).reshape(count, config.vocabSize);
        const next = random.categorical(k, atT.div(temperature));
        const column = np.arange(config.length, undefined, 1, { dtype: "int32" }).eq(t.add(1));
        return [np.where(column.reshape(1, -1), next.reshape(count, 1), tokens), null] as const;
      },
      start,
      steps,
    );
    return tokens;
  });
}
