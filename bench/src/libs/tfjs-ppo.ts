/**
 * The PPO iteration of examples/ppo-cartpole written as a TensorFlow.js user would: CartPole in
 * plain JavaScript numbers, the rollout a JS loop that runs the policy on the 64 observations of
 * each step and reads the sampled actions back, GAE in a JS loop, then 4 epochs of 16 minibatch
 * updates with `tf.variableGrads`, clipping by the global norm and `tf.train.adam` (its learning
 * rate set before each update: the linear schedule). The union package is loaded for gradients.
 */
import { CARTPOLE } from "@tsjax-examples/ppo-cartpole/cartpole";
import { PPO_CARTPOLE } from "@tsjax-examples/ppo-cartpole/config";
import type { Case } from "./adapter.js";
import { tfjsUnion } from "./tfjs-nets.js";

type Tf = typeof import("@tensorflow/tfjs");
type Tensor = import("@tensorflow/tfjs").Tensor;
type Variable = import("@tensorflow/tfjs").Variable;

/** A seeded uniform generator in [0, 1) (xorshift32). */
function uniform(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** `n` CartPole-v1 environments with automatic reset, gym's equations in float64. */
class CartPoles {
  readonly obs: Float32Array;
  readonly #state: Float64Array;
  readonly #time: Int32Array;
  readonly #rand: () => number;

  constructor(readonly n: number, seed: number) {
    this.obs = new Float32Array(4 * n);
    this.#state = new Float64Array(4 * n);
    this.#time = new Int32Array(n);
    this.#rand = uniform(seed);
    for (let i = 0; i < n; i++) this.#reset(i);
  }

  #reset(i: number): void {
    for (let k = 0; k < 4; k++) this.#state[4 * i + k] = (2 * this.#rand() - 1) * CARTPOLE.resetBound;
    this.#time[i] = 0;
  }

  /** Steps every environment; writes each one's done flag into `done` (the reward is always 1). */
  step(actions: ArrayLike<number>, done: Uint8Array): void {
    const c = CARTPOLE;
    const s = this.#state;
    for (let i = 0; i < this.n; i++) {
      const [x, xDot, theta, thetaDot] = [s[4 * i]!, s[4 * i + 1]!, s[4 * i + 2]!, s[4 * i + 3]!];
      const force = actions[i] === 1 ? c.forceMag : -c.forceMag;
      const cos = Math.cos(theta);
      const sin = Math.sin(theta);
      const temp = (force + c.poleMassLength * thetaDot ** 2 * sin) / c.totalMass;
      const thetaAcc = (c.gravity * sin - cos * temp) / (c.length * (4 / 3 - (c.massPole * cos ** 2) / c.totalMass));
      const xAcc = temp - (c.poleMassLength * thetaAcc * cos) / c.totalMass;
      s[4 * i] = x + c.tau * xDot;
      s[4 * i + 1] = xDot + c.tau * xAcc;
      s[4 * i + 2] = theta + c.tau * thetaDot;
      s[4 * i + 3] = thetaDot + c.tau * thetaAcc;
      this.#time[i]! += 1;
      const ended = Math.abs(s[4 * i]!) > c.xThreshold || Math.abs(s[4 * i + 2]!) > c.thetaThreshold || this.#time[i]! >= c.maxSteps;
      done[i] = ended ? 1 : 0;
      if (ended) this.#reset(i);
    }
    for (let k = 0; k < 4 * this.n; k++) this.obs[k] = s[k]!;
  }
}

/** The `ppo-iteration` case on a tfjs backend: one call is one training iteration. */
export async function tfjsPpoCase(backend: "wasm" | "webgpu" | "cpu"): Promise<Case> {
  const tf: Tf = await tfjsUnion(backend);
  const { numEnvs: N, numSteps: T, epochs, numMinibatches: M, gamma, lambda, clipEps, vfCoef, entCoef, learningRate, maxGradNorm, iterations } = PPO_CARTPOLE;
  const B = N * T;
  const size = B / M;
  let seed = 1;
  const dense = (inputs: number, outputs: number, gain: number) => ({
    w: tf.variable(tf.initializers.orthogonal({ gain, seed: seed++ }).apply([inputs, outputs]) as Tensor),
    b: tf.variable(tf.zeros([outputs])),
  });
  const actor = [dense(4, 64, Math.SQRT2), dense(64, 64, Math.SQRT2), dense(64, 2, 0.01)];
  const critic = [dense(4, 64, Math.SQRT2), dense(64, 64, Math.SQRT2), dense(64, 1, 1)];
  const variables: Variable[] = [...actor, ...critic].flatMap((l) => [l.w, l.b]);
  const mlp = (layers: typeof actor, x: Tensor) =>
    layers.reduce((h, l, i) => {
      const z = tf.add(tf.matMul(h, l.w), l.b);
      return i < layers.length - 1 ? tf.tanh(z) : z;
    }, x);
  const optimizer = tf.train.adam(learningRate, 0.9, 0.999, 1e-5);
  const totalUpdates = iterations * epochs * M;
  let updates = 0;
  const envs = new CartPoles(N, 7);
  const rand = uniform(11);

  /** The PPO loss of one minibatch (the same formula as examples/ppo-cartpole/src/loss.ts). */
  const loss = (obs: Tensor, action: Tensor, oldLogProb: Tensor, oldValue: Tensor, advantage: Tensor, target: Tensor) => {
    const logits = mlp(actor, obs);
    const value = tf.reshape(mlp(critic, obs), [-1]);
    const logProbs = tf.logSoftmax(logits);
    const logProb = tf.sum(tf.mul(logProbs, tf.oneHot(action, 2)), -1);
    const valueClipped = tf.add(oldValue, tf.clipByValue(tf.sub(value, oldValue), -clipEps, clipEps));
    const valueLoss = tf.mul(tf.mean(tf.maximum(tf.square(tf.sub(value, target)), tf.square(tf.sub(valueClipped, target)))), 0.5);
    const ratio = tf.exp(tf.sub(logProb, oldLogProb));
    const { mean, variance } = tf.moments(advantage);
    const normalized = tf.div(tf.sub(advantage, mean), tf.add(tf.sqrt(variance), 1e-8));
    const surrogate = tf.minimum(tf.mul(ratio, normalized), tf.mul(tf.clipByValue(ratio, 1 - clipEps, 1 + clipEps), normalized));
    const entropy = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), -1)));
    return tf.sub(tf.add(tf.neg(tf.mean(surrogate)), tf.mul(valueLoss, vfCoef)), tf.mul(entropy, entCoef)) as import("@tensorflow/tfjs").Scalar;
  };

  return {
    async run() {
      // Rollout: the policy on device, the environments in JS.
      const obs = new Float32Array(B * 4);
      const action = new Int32Array(B);
      const logProb = new Float32Array(B);
      const value = new Float32Array(B);
      const done = new Uint8Array(B);
      for (let t = 0; t < T; t++) {
        obs.set(envs.obs, t * N * 4);
        const [a, lp, v] = tf.tidy(() => {
          const x = tf.tensor2d(envs.obs, [N, 4]);
          const logits = mlp(actor, x);
          const sampled = tf.reshape(tf.multinomial(logits as import("@tensorflow/tfjs").Tensor2D, 1, rand() * 2 ** 31), [N]);
          return [sampled, tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(sampled, 2)), -1), tf.reshape(mlp(critic, x), [N])];
        });
        const actions = (await a.data()) as Int32Array;
        action.set(actions, t * N);
        logProb.set((await lp.data()) as Float32Array, t * N);
        value.set((await v.data()) as Float32Array, t * N);
        tf.dispose([a, lp, v]);
        envs.step(actions, done.subarray(t * N, (t + 1) * N));
      }
      const last = tf.tidy(() => tf.reshape(mlp(critic, tf.tensor2d(envs.obs, [N, 4])), [N]));
      const lastValue = (await last.data()) as Float32Array;
      last.dispose();

      // GAE, backwards over time (every reward is 1).
      const advantage = new Float32Array(B);
      const target = new Float32Array(B);
      for (let n = 0; n < N; n++) {
        let next = 0;
        for (let t = T - 1; t >= 0; t--) {
          const i = t * N + n;
          const live = done[i] ? 0 : 1;
          const nextValue = t === T - 1 ? lastValue[n]! : value[i + N]!;
          next = 1 + gamma * nextValue * live - value[i]! + gamma * lambda * live * next;
          advantage[i] = next;
          target[i] = next + value[i]!;
        }
      }

      // Epochs of shuffled minibatch updates.
      const batch = [tf.tensor2d(obs, [B, 4]), tf.tensor1d(action, "int32"), tf.tensor1d(logProb), tf.tensor1d(value), tf.tensor1d(advantage), tf.tensor1d(target)];
      const order = Int32Array.from({ length: B }, (_, i) => i);
      let lastLoss: Tensor | undefined;
      for (let e = 0; e < epochs; e++) {
        for (let i = B - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        for (let m = 0; m < M; m++) {
          (optimizer as unknown as { learningRate: number }).learningRate = learningRate * (1 - updates++ / totalUpdates);
          lastLoss?.dispose();
          lastLoss = tf.tidy(() => {
            const index = tf.tensor1d(order.subarray(m * size, (m + 1) * size), "int32");
            const [o, a, lp, v, adv, tgt] = batch.map((x) => tf.gather(x, index)) as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
            const { value: l, grads } = tf.variableGrads(() => loss(o, a, lp, v, adv, tgt), variables);
            // Summed pairwise: tf.addN of 12 tensors exceeds WebGPU's default 8 storage buffers per shader.
            const norm = tf.sqrt(Object.values(grads).map((g) => tf.sum(tf.square(g))).reduce((a, b) => tf.add(a, b)));
            const scale = tf.div(maxGradNorm, tf.maximum(norm, maxGradNorm));
            optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)])));
            return l;
          });
        }
      }
      await lastLoss!.data();
      lastLoss!.dispose();
      tf.dispose(batch);
    },
    dispose: () => {
      tf.dispose(variables);
      optimizer.dispose();
    },
    bytesInUse: () => tf.memory().numBytes,
  };
}
