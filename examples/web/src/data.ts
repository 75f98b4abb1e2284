/**
 * The data set: two interleaved spirals in the plane, one per class, with a little noise, drawn
 * with tsjax's own (threefry) randomness from a key, so every run sees the same points.
 */
import { type Array as JArray, np, random } from "tsjax-core";

/** Points and labels on the device. */
export interface Spirals {
  /** `[count, 2]` coordinates in about [-1, 1]. */
  points: JArray;
  /** `[count]` int32 labels, 0 or 1 (alternating). */
  labels: JArray;
}

/**
 * `perClass` points of each of two spirals that turn `turns` times around the origin.
 *
 * @example
 * const { points, labels } = makeSpirals(random.key(0), 256); // 512 points
 */
export function makeSpirals(key: JArray, perClass: number, turns = 1.5, noise = 0.04): Spirals {
  const count = 2 * perClass;
  const keys = random.split(key);
  const [kr, kn] = [keys.get(0), keys.get(1)];
  const labels = np.arange(count).astype("int32").mod(2);
  const r = np.sqrt(random.uniform(kr, [count])).mul(0.95).add(0.05);
  const angle = r.mul(turns * 2 * Math.PI).add(labels.astype("float32").mul(Math.PI));
  const jitter = random.uniform(kn, [count, 2], { minval: -noise, maxval: noise });
  const points = np.stack([r.mul(np.cos(angle)), r.mul(np.sin(angle))], 1).add(jitter);
  return { points, labels };
}

/**
 * The centres of a `size × size` grid over [-extent, extent]², row by row from the top, as a
 * `[size², 2]` array: where the page shows the model's decision regions.
 *
 * @example
 * gridPoints(48).shape; // [2304, 2]
 */
export function gridPoints(size: number, extent = 1.2): JArray {
  const centres = np.arange(size).astype("float32").add(0.5).mul((2 * extent) / size).sub(extent);
  const xs = np.broadcastTo(centres.reshape(1, size), [size, size]);
  const ys = np.broadcastTo(np.flip(centres).reshape(size, 1), [size, size]);
  return np.stack([xs.reshape(-1), ys.reshape(-1)], 1);
}
