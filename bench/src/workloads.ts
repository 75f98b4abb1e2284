/**
 * The benchmark workloads: what each computes, its size, and how to turn a time into a rate.
 * Every library adapter implements the same workloads on the same data.
 */
import { PPO_CARTPOLE } from "@tsjax-examples/ppo-cartpole/config";

/** One workload instance, as the table shows it. */
export interface Workload {
  /** Stable id, e.g. "matmul-1024". */
  id: string;
  /** Which adapter method builds it. */
  kind: WorkloadKind;
  /** Human label for the table. */
  label: string;
  /** Problem size parameters for the adapter (`f16: 1`: float16 inputs, for libraries that have float16). */
  size: Record<string, number>;
  /** Work per call: floating point operations or bytes moved (for the rate column). */
  rate?: { unit: "GFLOP/s" | "GB/s" | "steps/s"; amount: number };
}

type WorkloadKind = "matmul" | "chain" | "copy" | "softmax" | "layernorm" | "sum" | "conv" | "mlp" | "cnn" | "transformer" | "ppo";

const matmul = (n: number): Workload => ({
  id: `matmul-${n}`,
  kind: "matmul",
  label: `matmul ${n}x${n} f32`,
  size: { n },
  rate: { unit: "GFLOP/s", amount: 2 * n ** 3 },
});

/** The float16 form of the matmul workload (float32 accumulation in tsjax, as JAX). */
const matmulF16 = (n: number): Workload => ({ ...matmul(n), id: `matmul-${n}-f16`, label: `matmul ${n}x${n} f16`, size: { n, f16: 1 } });

/** Elements in the elementwise chain and copy workloads. */
const CHAIN_SIZE = 4 * 1024 * 1024;

/**
 * The transformer of examples/names-transformer, without dropout: token + position embeddings,
 * `layers` pre-LayerNorm blocks (causal multi-head attention, then a GELU MLP of width 4D),
 * final LayerNorm and a linear head; one SGD step on the mean next-token cross-entropy.
 */
export const TRANSFORMER = { vocab: 28, length: 16, width: 48, heads: 4, layers: 2, lr: 0.05 } as const;

/** Multiply-adds x 2 of the forward pass, x 3 for a training step. */
function transformerFlops(batch: number): number {
  const { vocab, length: t, width: d, layers } = TRANSFORMER;
  const perToken = layers * (4 * d * d + 2 * d * 4 * d) + d * vocab;
  const attention = layers * 2 * t * t * d;
  return 3 * 2 * batch * (t * perToken + attention);
}

export const ALL_WORKLOADS: Workload[] = [
  matmul(256),
  matmul(512),
  matmul(1024),
  matmul(2048),
  matmulF16(1024),
  {
    id: "chain-4M",
    kind: "chain",
    label: "8-op elementwise chain, 4M f32",
    size: { n: CHAIN_SIZE },
    rate: { unit: "GB/s", amount: 2 * 4 * CHAIN_SIZE },
  },
  {
    id: "chain-4M-f16",
    kind: "chain",
    label: "8-op elementwise chain, 4M f16",
    size: { n: CHAIN_SIZE, f16: 1 },
    rate: { unit: "GB/s", amount: 2 * 2 * CHAIN_SIZE },
  },
  {
    id: "copy-4M",
    kind: "copy",
    label: "single-pass copy, 4M f32 (reference)",
    size: { n: CHAIN_SIZE },
    rate: { unit: "GB/s", amount: 2 * 4 * CHAIN_SIZE },
  },
  {
    id: "softmax-4096x1024",
    kind: "softmax",
    label: "row softmax 4096x1024",
    size: { rows: 4096, cols: 1024 },
    rate: { unit: "GB/s", amount: 2 * 4 * 4096 * 1024 },
  },
  {
    id: "layernorm-4096x1024",
    kind: "layernorm",
    label: "row layer norm 4096x1024 (standardize)",
    size: { rows: 4096, cols: 1024 },
    rate: { unit: "GB/s", amount: 2 * 4 * 4096 * 1024 },
  },
  {
    id: "sum0-4096",
    kind: "sum",
    label: "sum over axis 0 of 4096x4096",
    size: { n: 4096, axis: 0 },
    rate: { unit: "GB/s", amount: 4 * 4096 * 4096 },
  },
  {
    id: "sum1-4096",
    kind: "sum",
    label: "sum over axis 1 of 4096x4096",
    size: { n: 4096, axis: 1 },
    rate: { unit: "GB/s", amount: 4 * 4096 * 4096 },
  },
  {
    id: "conv-3x3",
    kind: "conv",
    label: "conv2d 3x3, 32x64x32x32 -> 64 ch, SAME",
    size: { batch: 32, cin: 64, cout: 64, hw: 32, k: 3 },
    rate: { unit: "GFLOP/s", amount: 2 * 32 * 64 * 64 * 32 * 32 * 9 },
  },
  {
    id: "mlp-step",
    kind: "mlp",
    label: "MLP train step 784-512-512-10, batch 128",
    size: { batch: 128, hidden: 512, steps: 1000 },
    rate: {
      unit: "GFLOP/s",
      amount: 3 * 2 * 128 * (784 * 512 + 512 * 512 + 512 * 10),
    },
  },
  {
    id: "cnn-step",
    kind: "cnn",
    label: "CNN train step (examples/mnist-cnn), batch 128",
    size: { batch: 128 },
    rate: { unit: "GFLOP/s", amount: 3 * 2 * 128 * (14 * 14 * 16 * 9 + 14 * 14 * 32 * 16 * 9 + 7 * 7 * 32 * 10) },
  },
  {
    id: "transformer-step",
    kind: "transformer",
    label: "transformer train step (examples/names-transformer), batch 32",
    size: { batch: 32 },
    rate: { unit: "GFLOP/s", amount: transformerFlops(32) },
  },
  {
    id: "ppo-iteration",
    kind: "ppo",
    label: "PPO iteration (examples/ppo-cartpole): 64 envs x 128 steps, 4 epochs x 16 minibatches",
    size: { numEnvs: PPO_CARTPOLE.numEnvs, numSteps: PPO_CARTPOLE.numSteps, epochs: PPO_CARTPOLE.epochs, numMinibatches: PPO_CARTPOLE.numMinibatches },
    rate: { unit: "steps/s", amount: PPO_CARTPOLE.numEnvs * PPO_CARTPOLE.numSteps },
  },
];

/**
 * The CNN of examples/mnist-cnn, without dropout: NHWC 28x28x1 -> conv 3x3/2 (16) -> BatchNorm
 * (batch statistics) -> ReLU -> conv 3x3 (32) -> 2x2 max pool -> BatchNorm -> ReLU -> dense 10;
 * one SGD step on the mean softmax cross-entropy.
 */
export const CNN = { channels: [16, 32], classes: 10, lr: 0.05, eps: 1e-5 } as const;

/** A fixed CNN batch: images (batch x 784, in [0, 1]) and integer labels. */
export function cnnBatch(batch: number): { x: Float32Array<ArrayBuffer>; labels: Int32Array<ArrayBuffer>; oneHot: Float32Array<ArrayBuffer> } {
  const x = testData(batch * 784, 41).map((v) => v + 0.5);
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10);
  const oneHot = new Float32Array(batch * 10);
  labels.forEach((l, i) => (oneHot[i * 10 + l] = 1));
  return { x, labels, oneHot };
}

/** Initial CNN weights (HWIO kernels, zero biases), shared by every adapter. */
export function cnnInit(): Record<"w1" | "b1" | "w2" | "b2" | "w3" | "b3", { shape: number[]; data: Float32Array<ArrayBuffer> }> {
  const conv = (cin: number, cout: number, seed: number) => ({ shape: [3, 3, cin, cout], data: testData(9 * cin * cout, seed).map((v) => v * 2 * Math.sqrt(3 / (9 * cin))) });
  return {
    w1: conv(1, 16, 51), b1: { shape: [16], data: new Float32Array(16) },
    w2: conv(16, 32, 52), b2: { shape: [32], data: new Float32Array(32) },
    w3: { shape: [7 * 7 * 32, 10], data: testData(7 * 7 * 32 * 10, 53).map((v) => v * 2 * Math.sqrt(3 / 1568)) },
    b3: { shape: [10], data: new Float32Array(10) },
  };
}

/** A fixed batch of token sequences (inputs) and next tokens (targets), int32 `[batch, length]`. */
export function transformerBatch(batch: number): { tokens: Int32Array<ArrayBuffer>; targets: Int32Array<ArrayBuffer> } {
  const { vocab, length } = TRANSFORMER;
  const r = testData(batch * (length + 1), 61);
  const seq = Int32Array.from(r, (v) => Math.floor((v + 0.5) * vocab) % vocab);
  const tokens = new Int32Array(batch * length);
  const targets = new Int32Array(batch * length);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < length; i++) {
      tokens[b * length + i] = seq[b * (length + 1) + i]!;
      targets[b * length + i] = seq[b * (length + 1) + i + 1]!;
    }
  }
  return { tokens, targets };
}

/** Deterministic pseudo-random float32 data in [-0.5, 0.5). */
export function testData(n: number, seed = 1): Float32Array<ArrayBuffer> {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296) - 0.5;
  }
  return out;
}

/** The MLP's layer sizes and learning rate, shared by every adapter. */
export const MLP = { sizes: [784, 512, 512, 10], lr: 0.01 } as const;

/** Initial MLP parameters [w1, b1, w2, b2, w3, b3] (row-major, w: in x out). */
export function mlpInit(): { shape: number[]; data: Float32Array<ArrayBuffer> }[] {
  const out: { shape: number[]; data: Float32Array<ArrayBuffer> }[] = [];
  for (let l = 0; l + 1 < MLP.sizes.length; l++) {
    const fanIn = MLP.sizes[l]!;
    const fanOut = MLP.sizes[l + 1]!;
    const w = testData(fanIn * fanOut, 7 + l).map((v) => v * 2 * Math.sqrt(3 / fanIn));
    out.push({ shape: [fanIn, fanOut], data: w }, { shape: [fanOut], data: new Float32Array(fanOut) });
  }
  return out;
}

/** A fixed batch for the MLP: inputs (batch x 784) and one-hot labels (batch x 10). */
export function mlpBatch(batch: number): { x: Float32Array; y: Float32Array } {
  const x = testData(batch * 784, 99).map((v) => v + 0.5);
  const y = new Float32Array(batch * 10);
  for (let i = 0; i < batch; i++) y[i * 10 + (i % 10)] = 1;
  return { x, y };
}
