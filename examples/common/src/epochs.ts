/**
 * The epoch loop the examples share: a fresh permutation of the training set every epoch,
 * one jitted step per batch, losses read back in groups one group behind the queued steps (so
 * the device always has work while the host waits), progress reports, an evaluation after each
 * epoch, and the live device memory after each epoch (flat when nothing leaks).
 */
import { type Array as JArray, memoryStats, np, random, scope } from "tsjax-core";

/** What `runEpochs` needs. */
export interface EpochLoop<E> {
  epochs: number;
  /** Examples in the training set (the batches are drawn from `0 .. count - 1`). */
  count: number;
  batchSize: number;
  /** Root of the loop's randomness: the shuffles and one key per step are derived from it. */
  key: JArray;
  /**
   * Runs one training step on the examples `batchIndices` (`[batchSize]` int32) with its own
   * `stepKey`, updating the caller's state, and returns the step's loss (a scalar, not yet read).
   */
  step(batchIndices: JArray, stepKey: JArray): JArray;
  /** Evaluates the model after `epoch` (1-based). */
  evaluate(epoch: number): Promise<E>;
  /**
   * After the losses of some steps have been read back: `step` counts from 1 over the whole
   * run; `examplesPerSecond` is this epoch's rate so far. The loop awaits the result.
   */
  onSteps?(progress: { epoch: number; step: number; latestLoss: number; examplesPerSecond: number }): void | Promise<void>;
  /** After each epoch's evaluation. */
  onEpoch?(summary: EpochSummary<E>): void;
}

/** One epoch's figures. */
export interface EpochSummary<E> {
  epoch: number;
  /** Mean training loss over the epoch's steps. */
  trainLoss: number;
  /** The evaluation after the epoch (on held-out data). */
  test: E;
  /** Training examples per second (evaluation excluded). */
  examplesPerSecond: number;
  /** Seconds of training (evaluation excluded). */
  seconds: number;
}

/** What `runEpochs` returns. */
export interface EpochsResult<E> {
  history: EpochSummary<E>[];
  /** The loss of every step. */
  stepLosses: number[];
  stepsPerEpoch: number;
  /** Live device bytes before the first step, and after each epoch. */
  liveBytesAtStart: number;
  liveBytesAfterEpoch: number[];
}

/** Losses are read back in groups of this many steps, one group behind the steps being queued. */
const LOSS_READBACK_GROUP = 8;

/**
 * Runs `epochs` epochs of `floor(count / batchSize)` steps (the incomplete last batch is
 * dropped), reshuffling every epoch with keys derived from `key`.
 *
 * @example
 * const { history } = await runEpochs({
 *   epochs: 10, count: 8000, batchSize: 128, key: random.key(1),
 *   step: (indices, key) => { let loss; [params, optState, loss] = trainStep(params, optState, indices, key); return loss; },
 *   evaluate: async () => (await evalLoss(params).item()) as number,
 * });
 */
export async function runEpochs<E>(loop: EpochLoop<E>): Promise<EpochsResult<E>> {
  const { epochs, count, batchSize } = loop;
  const stepsPerEpoch = Math.floor(count / batchSize);
  if (stepsPerEpoch < 1) throw new RangeError(`runEpochs: a batch of ${batchSize} needs at least that many examples, got ${count}.`);
  // All keys up front, one row per epoch or step, so that live device memory is exactly the same
  // after every epoch (`random.foldIn(key, step)` would put each new step number in core's small
  // cache of device constants).
  const [shuffleKeys, stepKeys] = scope(() => [
    random.split(random.foldIn(loop.key, 0), epochs),
    random.split(random.foldIn(loop.key, 1), stepsPerEpoch * epochs),
  ]);
  const liveBytesAtStart = memoryStats().liveBytes;
  const history: EpochSummary<E>[] = [];
  const stepLosses: number[] = [];
  const liveBytesAfterEpoch: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const epochStart = performance.now();
    // This epoch's batches: a random permutation of the training set; row i is batch i.
    const order = scope(() =>
      random.permutation(shuffleKeys.get(epoch - 1), count).get(np.s(0, stepsPerEpoch * batchSize)).reshape(stepsPerEpoch, batchSize),
    );
    const pending: JArray[] = [];
    const readLosses = async (n: number) => {
      for (const loss of pending.splice(0, n)) {
        stepLosses.push((await loss.item()) as number);
        loss.dispose();
      }
      const done = stepLosses.length - (epoch - 1) * stepsPerEpoch;
      await loop.onSteps?.({
        epoch, step: stepLosses.length, latestLoss: stepLosses.at(-1)!, examplesPerSecond: (done * batchSize) / ((performance.now() - epochStart) / 1000),
      });
    };
    for (let step = 0; step < stepsPerEpoch; step++) {
      const batchIndices = order.get(step);
      const stepKey = stepKeys.get((epoch - 1) * stepsPerEpoch + step);
      pending.push(loop.step(batchIndices, stepKey));
      batchIndices.dispose();
      stepKey.dispose();
      if (pending.length === 2 * LOSS_READBACK_GROUP) await readLosses(LOSS_READBACK_GROUP);
    }
    await readLosses(pending.length);
    order.dispose();
    const seconds = (performance.now() - epochStart) / 1000;
    const summary: EpochSummary<E> = {
      epoch,
      trainLoss: stepLosses.slice(-stepsPerEpoch).reduce((a, b) => a + b, 0) / stepsPerEpoch,
      test: await loop.evaluate(epoch),
      examplesPerSecond: (stepsPerEpoch * batchSize) / seconds,
      seconds,
    };
    liveBytesAfterEpoch.push(memoryStats().liveBytes);
    history.push(summary);
    loop.onEpoch?.(summary);
  }
  shuffleKeys.dispose();
  stepKeys.dispose();
  return { history, stepLosses, stepsPerEpoch, liveBytesAtStart, liveBytesAfterEpoch };
}
