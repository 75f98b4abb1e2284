/** Monte-Carlo estimates (distrax's `utils/monte_carlo.py`). */
import type { Array } from "tsjax-core";
import { checkInt, checkOptions } from "./utils/args.js";
import type { Distribution, Seed } from "./distributions/distribution.js";

/** Options of `mcEstimateKl`. */
export interface McEstimateKlOptions {
  /** A PRNG key or an integer seed. */
  seed: Seed;
  /** The number of samples drawn from `p`. */
  numSamples: number;
}

/**
 * An unbiased Monte-Carlo estimate of `KL(p || q)`: the mean of `log p(x) - log q(x)` over
 * samples `x ~ p` (reparameterized where `p`'s sampling is), batched like the distributions.
 * For pairs without a closed form in the KL registry.
 *
 * @example
 * const kl = mcEstimateKl(new Laplace(0, 1), new Normal(0, 1), { seed: random.key(0), numSamples: 1000 });
 */
export function mcEstimateKl(p: Distribution, q: Distribution, opts: McEstimateKlOptions): Array {
  checkOptions("mcEstimateKl", opts, ["seed", "numSamples"]);
  const n = checkInt("mcEstimateKl", "numSamples", opts?.numSamples, 1);
  const [x, logP] = p.sampleAndLogProb({ seed: opts.seed, sampleShape: n });
  return logP.sub(q.logProb(x)).mean(0);
}
