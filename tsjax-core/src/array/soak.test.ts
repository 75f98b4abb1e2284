import { expect, test } from "vitest";
import { type Array, memoryStats, np, random, tree, valueAndGrad } from "../index.js";
import { describeDevices } from "../../test/helpers.js";

// Ordinary code that relies on garbage collection alone: no scope, dispose, jit or gc() calls.
// The old code grew by 28 buffers a step, without bound (84,000 live buffers after 3,000 steps).
const STEPS = 2000;

type Params = { w1: Array; b1: Array; w2: Array; b2: Array };

function lossFn(p: Params, x: Array, y: Array): Array {
  const h = np.tanh(x.matmul(p.w1).add(p.b1));
  return h.matmul(p.w2).add(p.b2).sub(y).square().mean();
}

describeDevices("a training loop that relies on garbage collection", (device) => {
  test(`${STEPS} eager MLP steps, awaiting the loss every 10: memory stays flat`, async () => {
    const k = random.split(random.key(0), 3);
    let params: Params = { w1: random.normal(k.get(0), [8, 32]).mul(0.3), b1: np.zeros([32]), w2: random.normal(k.get(1), [32, 1]).mul(0.3), b2: np.zeros([1]) };
    const x = random.normal(k.get(2), [64, 8]);
    const y = np.sin(x.sum(1, { keepdims: true }));
    const buffers: number[] = [];
    const bytes: number[] = [];
    const losses: number[] = [];
    for (let i = 0; i < STEPS; i++) {
      const [loss, g] = valueAndGrad(lossFn)(params, x, y);
      params = tree.map((p: Array, gi: Array) => p.sub(gi.mul(0.05)), params, g);
      if (i % 10 === 0) {
        losses.push((await loss.item()) as number);
        buffers.push(memoryStats(device).liveBuffers);
        bytes.push(memoryStats(device).liveBytes);
      }
    }
    const q = buffers.length / 4;
    const peak = (xs: number[], from: number, to: number) => Math.max(...xs.slice(from, to));
    // bounded (the old leak passed 20,000 buffers by step 700), and no upward trend: the last
    // quarter peaks no higher than the first three quarters did. On the CPU the collector's cycle
    // can span half the run (quarter medians of 1.7K, 5.8K, 10.5K, 5.2K live buffers in one run),
    // so the first half alone may hold no full cycle's peak.
    expect(peak(buffers, 0, buffers.length)).toBeLessThan(20_000);
    expect(peak(buffers, 3 * q, 4 * q)).toBeLessThanOrEqual(1.5 * peak(buffers, 0, 3 * q) + 4096);
    expect(peak(bytes, 3 * q, 4 * q)).toBeLessThanOrEqual(1.5 * peak(bytes, 0, 3 * q) + 2 ** 20);
    // and it trained
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 20);
  });
});
