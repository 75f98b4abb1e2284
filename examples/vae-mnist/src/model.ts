/**
 * The variational autoencoder: an MLP encoder that maps an image to the posterior
 * `q(z | x) = MultivariateNormalDiag(loc, scale)`, a standard normal prior `p(z)`, and an MLP
 * decoder that maps a latent to independent Bernoulli pixels `p(x | z)` given by their logits.
 * Written with tsjax-nn modules (haiku style) and tsjax-dist distributions; `multiTransform`
 * turns it into pure functions that share one params tree.
 */
import { type Array as JArray, nn, np } from "tsjax-core";
import { Bernoulli, Independent, MultivariateNormalDiag, klDivergence } from "tsjax-dist";
import { MLP, multiTransform, nextRngKey } from "tsjax-nn";

/** The sizes of the model. */
export interface VaeConfig {
  /** Pixels per image (784 for MNIST). */
  pixels: number;
  /** Widths of the hidden layers of the encoder (the decoder mirrors them). */
  hidden: number[];
  /** Dimension of the latent space. */
  latent: number;
}

/** The smallest posterior standard deviation (keeps `log q` finite). */
const MIN_SCALE = 1e-4;

/** Per-image terms of the ELBO, each `[batch]`, in nats. */
export interface ElboTerms {
  /** `log p(x | z)` for one sample `z ~ q(z | x)`. */
  logLikelihood: JArray;
  /** `KL(q(z | x) || p(z))`, in closed form. */
  kl: JArray;
  /** `log p(x | z) - KL`: the evidence lower bound. */
  elbo: JArray;
  /** The posterior sample `z ~ q(z | x)` the likelihood was evaluated at, `[batch, latent]`. */
  z: JArray;
}

/**
 * The model's pure functions, sharing one params tree:
 * - `elbo(params, key, x)`: the ELBO terms of binarized images `x` `[batch, pixels]`, with one
 *   reparameterized sample per image;
 * - `importanceWeighted(params, key, x, k)`: `log (1/k) sum_i p(x, z_i) / q(z_i | x)` for `k`
 *   samples `z_i ~ q(z | x)` `[batch]`, a lower bound on `log p(x)` that tightens as `k` grows
 *   (Burda et al., 2016; `k = 1` is the ELBO with a sampled KL);
 * - `reconstruct(params, null, x)`: pixel probabilities of the decoder at the posterior mean;
 * - `decode(params, null, z)`: pixel probabilities for latents `z` `[n, latent]`.
 *
 * @example
 * const vae = makeVae({ pixels: 784, hidden: [512], latent: 32 });
 * const params = vae.init(random.key(0), images);
 * const { elbo } = vae.apply.elbo(params, random.key(1), images);
 */
export function makeVae({ pixels, hidden, latent }: VaeConfig) {
  return multiTransform(() => {
    const encoder = new MLP([...hidden, 2 * latent], { name: "encoder" });
    const decoder = new MLP([...[...hidden].reverse(), pixels], { name: "decoder" });
    const prior = new MultivariateNormalDiag({ loc: np.zeros([latent]) });
    /** q(z | x): the encoder's first `latent` outputs are the mean, the rest the scale (through softplus). */
    const posterior = (x: JArray) => {
      const h = encoder.call(x);
      return new MultivariateNormalDiag({ loc: h.get("...", `:${latent}`), scaleDiag: nn.softplus(h.get("...", `${latent}:`)).add(MIN_SCALE) });
    };
    /** p(x | z): one Bernoulli per pixel, independent, from the decoder's logits. */
    const likelihood = (z: JArray) => new Independent(new Bernoulli({ logits: decoder.call(z) }), 1);

    const elbo = (x: JArray): ElboTerms => {
      const q = posterior(x);
      const [z] = q.sampleAndLogProb({ seed: nextRngKey() });
      const logLikelihood = likelihood(z).logProb(x);
      const kl = klDivergence(q, prior);
      return { logLikelihood, kl, elbo: logLikelihood.sub(kl), z };
    };
    const importanceWeighted = (x: JArray, k: number): JArray => {
      const [z, logQ] = posterior(x).sampleAndLogProb({ seed: nextRngKey(), sampleShape: [k] }); // [k, batch, latent], [k, batch]
      const logWeights = likelihood(z).logProb(x).add(prior.logProb(z)).sub(logQ);
      return nn.logsumexp(logWeights, 0).sub(Math.log(k));
    };
    const reconstruct = (x: JArray) => nn.sigmoid(decoder.call(posterior(x).mean()));
    const decode = (z: JArray) => nn.sigmoid(decoder.call(z));
    return [elbo, { elbo, importanceWeighted, reconstruct, decode }] as const;
  });
}

/** The model's pure functions (see `makeVae`). */
export type Vae = ReturnType<typeof makeVae>;

