import { describe, expect, it } from "vitest";
import { type Array as JArray, np, random } from "tsjax-core";
import { runEpochs } from "./epochs.js";
import { parameterCount } from "./params.js";

describe("runEpochs", () => {
  it("runs floor(count / batchSize) steps per epoch on a fresh permutation, and averages the losses it reads back", async () => {
    const key = random.key(5);
    const batches: number[][] = [];
    const stepKeys: number[][] = [];
    const evaluated: number[] = [];
    let calls = 0;
    const result = await runEpochs<string>({
      epochs: 2,
      count: 10,
      batchSize: 3,
      key,
      step: (indices: JArray, stepKey: JArray) => {
        batches.push([...(indices.dataSync() as Int32Array)]);
        stepKeys.push([...(random.keyData(stepKey).dataSync() as Uint32Array)]);
        return np.array(++calls); // the loss of step k is k
      },
      evaluate: async (epoch) => {
        evaluated.push(epoch);
        return `after ${epoch}`;
      },
    });
    expect(result.stepsPerEpoch).toBe(3);
    expect(result.stepLosses).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.history.map((s) => [s.epoch, s.trainLoss, s.test])).toEqual([[1, 2, "after 1"], [2, 5, "after 2"]]);
    expect(evaluated).toEqual([1, 2]);
    // Oracle: the documented derivation of the shuffles and step keys from `key`.
    const shuffles = random.split(random.foldIn(key, 0), 2);
    for (const epoch of [0, 1]) {
      const order = [...(random.permutation(shuffles.get(epoch), 10).dataSync() as Int32Array)].slice(0, 9);
      expect(batches.slice(3 * epoch, 3 * epoch + 3).flat()).toEqual(order);
    }
    const wantKeys = random.keyData(random.split(random.foldIn(key, 1), 6)).dataSync() as Uint32Array;
    expect(stepKeys.flat()).toEqual([...wantKeys]);
    expect(result.liveBytesAfterEpoch[1]).toBe(result.liveBytesAfterEpoch[0]);
  });

  it("rejects a batch larger than the data set", async () => {
    await expect(runEpochs({ epochs: 1, count: 2, batchSize: 3, key: random.key(0), step: () => np.array(0), evaluate: async () => 0 })).rejects.toThrow(
      /runEpochs: a batch of 3 needs at least that many examples, got 2/,
    );
  });
});

describe("parameterCount", () => {
  it("sums the sizes of the leaves of a nested tree", () => {
    expect(parameterCount({ a: { w: np.zeros([784, 10]), b: np.zeros([10]) }, c: [np.zeros([2, 3, 4])] })).toBe(784 * 10 + 10 + 24);
  });
});
