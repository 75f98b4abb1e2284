/**
 * The data set: two interleaved spirals in the plane, one per class, with a little noise,
 * generated from a seed so that every run (and the page's drawing) sees the same points.
 */

/** Points and labels on the host. */
export interface Spirals {
  /** `count × 2` coordinates in about [-1, 1], one point after another. */
  points: Float32Array;
  /** `count` labels, 0 or 1. */
  labels: Int32Array;
  count: number;
}

/**
 * A small seeded PRNG (mulberry32) returning floats in [0, 1).
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
 * `perClass` points of each of two spirals that turn `turns` times around the origin.
 *
 * @example
 * const { points, labels } = makeSpirals(256, 0); // 512 points
 */
export function makeSpirals(perClass: number, seed: number, turns = 1.5, noise = 0.04): Spirals {
  const rand = seededRandom(seed);
  const count = 2 * perClass;
  const points = new Float32Array(2 * count);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const r = Math.sqrt(rand()) * 0.95 + 0.05;
    const angle = r * turns * 2 * Math.PI + label * Math.PI;
    points[2 * i] = r * Math.cos(angle) + noise * (rand() * 2 - 1);
    points[2 * i + 1] = r * Math.sin(angle) + noise * (rand() * 2 - 1);
    labels[i] = label;
  }
  return { points, labels, count };
}

/**
 * The centres of a `size × size` grid over [-1.2, 1.2]², row by row from the top, as `size² × 2`
 * coordinates: where the page shows the model's decision regions.
 */
export function gridPoints(size: number, extent = 1.2): Float32Array {
  const out = new Float32Array(2 * size * size);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const i = row * size + col;
      out[2 * i] = -extent + ((col + 0.5) / size) * 2 * extent;
      out[2 * i + 1] = extent - ((row + 0.5) / size) * 2 * extent;
    }
  }
  return out;
}
