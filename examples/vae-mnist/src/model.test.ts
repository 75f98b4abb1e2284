import { describe, expect, it } from "vitest";
import { type Array as JArray, checkGrads, np, random } from "tsjax-core";
import { makeVae } from "./model.js";
import { binarize, negativeElbo } from "./train.js";

const CONFIG = { pixels: 6, hidden: [5], latent: 2 };
const X = [
  [1, 0, 0, 1, 1, 0],
  [0, 0, 1, 1, 0, 1],
  [1, 1, 1, 0, 0, 0],
];

const values = async (x: JArray) => [...((await x.data()) as Float32Array)];
const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
/** Each `|got - want| <= tol * max(1, |want|)`. */
const closeTo = (got: number[], want: number[], tol: number) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i]! - want[i]!), `index ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]!)));
  }
};

/** A dense layer by plain loops: `w` is `[in, out]` row-major. */
function dense(x: number[], w: number[], b: number[], relu: boolean): number[] {
  const out = b.map((bj, j) => x.reduce((acc, xi, i) => acc + xi * w[i * b.length + j]!, bj));
  return relu ? out.map((v) => Math.max(v, 0)) : out;
}

type HostParams = Record<string, { w: number[]; b: number[] }>;

async function hostParams(params: Record<string, Record<string, JArray>>): Promise<HostParams> {
  const p: HostParams = {};
  for (const [m, bundle] of Object.entries(params)) p[m] = { w: await values(bundle.w!), b: await values(bundle.b!) };
  return p;
}

/** The posterior's loc and scale for one image, by plain loops. */
function encode(p: HostParams, image: number[]): { loc: number[]; scale: number[] } {
  const h = dense(dense(image, p["encoder/~/linear_0"]!.w, p["encoder/~/linear_0"]!.b, true), p["encoder/~/linear_1"]!.w, p["encoder/~/linear_1"]!.b, false);
  return { loc: h.slice(0, CONFIG.latent), scale: h.slice(CONFIG.latent).map((v) => softplus(v) + 1e-4) };
}

describe("the VAE's ELBO", () => {
  const vae = makeVae(CONFIG);
  const x = np.array(X);
  // biases perturbed away from zero, so that every parameter matters
  const init = vae.init(random.key(0), x);
  const params = Object.fromEntries(
    Object.entries(init).map(([m, bundle], i) => [m, { ...bundle, b: random.normal(random.key(10 + i), bundle.b!.shape).mul(0.5) }]),
  ) as typeof init;

  it("matches a hand computation on a tiny batch: closed-form KL, Bernoulli log-likelihood at the posterior sample", async () => {
    const terms = vae.apply.elbo(params, random.key(1), x);
    const p = await hostParams(params);
    const z = await values(terms.z);
    const [kl, logLikelihood] = [[] as number[], [] as number[]];
    for (const [n, image] of X.entries()) {
      const { loc, scale } = encode(p, image);
      // KL(N(loc, diag scale^2) || N(0, I))
      kl.push(loc.reduce((acc, m, j) => acc + 0.5 * (m * m + scale[j]! ** 2 - 1) - Math.log(scale[j]!), 0));
      const zn = z.slice(2 * n, 2 * n + 2);
      const logits = dense(dense(zn, p["decoder/~/linear_0"]!.w, p["decoder/~/linear_0"]!.b, true), p["decoder/~/linear_1"]!.w, p["decoder/~/linear_1"]!.b, false);
      // log Bernoulli(logits)(x) = x * l - softplus(l), summed over the pixels
      logLikelihood.push(image.reduce((acc, xi, j) => acc + xi * logits[j]! - softplus(logits[j]!), 0));
    }
    closeTo(await values(terms.kl), kl, 1e-5);
    closeTo(await values(terms.logLikelihood), logLikelihood, 1e-5);
    closeTo(await values(terms.elbo), logLikelihood.map((l, n) => l - kl[n]!), 1e-5);
    const loss = (await negativeElbo(vae, params, random.key(1), x).item()) as number;
    closeTo([loss], [-(logLikelihood.reduce((a, b) => a + b, 0) - kl.reduce((a, b) => a + b, 0)) / X.length], 1e-5);
  });

  it("draws the posterior sample from q = N(loc, scale): (z - loc) / scale has mean 0 and variance 1 within sampling error", async () => {
    const n = 4000;
    const many = np.broadcastTo(np.array(X[0]!), [n, CONFIG.pixels]); // one image many times: one q, many samples
    const z = await values(vae.apply.elbo(params, random.key(2), many).z);
    const { loc, scale } = encode(await hostParams(params), X[0]!);
    for (const j of [0, 1]) {
      const eps = z.filter((_, i) => i % 2 === j).map((v) => (v - loc[j]!) / scale[j]!);
      const mean = eps.reduce((a, b) => a + b, 0) / n;
      const variance = eps.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
      expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
      expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    }
  });

  it("has an importance-weighted bound whose k = 1 average is the ELBO and which grows with k", async () => {
    const n = 4000;
    const many = np.broadcastTo(np.array(X[1]!), [n, CONFIG.pixels]);
    const iw1 = await values(vae.apply.importanceWeighted(params, random.key(6), many, 1));
    const elbo = await values(vae.apply.elbo(params, random.key(7), many).elbo);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(mean(iw1.map((v) => (v - mean(iw1)) ** 2)));
    // E[log p(x|z) + log p(z) - log q(z)] = E[log p(x|z)] - KL(q || p): the same expectation
    expect(Math.abs(mean(iw1) - mean(elbo))).toBeLessThan((5 * sd) / Math.sqrt(n));
    const iw64 = await values(vae.apply.importanceWeighted(params, random.key(8), many.get(np.s(0, 500)), 64));
    expect(mean(iw64)).toBeGreaterThan(mean(elbo));
  });

  it("has gradients that agree with finite differences (the loss the optimizer follows)", async () => {
    const loss = (encoderBias: JArray) => {
      const p = { ...params, "encoder/~/linear_1": { ...params["encoder/~/linear_1"]!, b: encoderBias } };
      return negativeElbo(vae, p, random.key(3), x);
    };
    await checkGrads(loss, [params["encoder/~/linear_1"]!.b!], { order: 1, eps: 1e-2, atol: 2e-2, rtol: 2e-2 });
  });
});

describe("binarize", () => {
  it("sets a pixel to 1 exactly when the key's uniform draw is below its intensity", async () => {
    const intensities = random.uniform(random.key(4), [50, 8]);
    const got = await values(binarize(random.key(5), intensities));
    const u = await values(random.uniform(random.key(5), [50, 8]));
    const p = await values(intensities);
    expect(got).toEqual(u.map((ui, i) => (ui < p[i]! ? 1 : 0)));
  });
});
