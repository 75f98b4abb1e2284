/**
 * The two-moons data set, generated as scikit-learn's `make_moons` generates it: half of the
 * points on the upper half circle of radius 1 centred at (0, 0), the other half on the lower
 * half circle centred at (1, 0.5), evenly spaced in angle, shuffled, plus Gaussian noise. The
 * randomness comes from a tsjax key instead of a NumPy `RandomState`: the same key gives the
 * same points (and the same points as `jax.random` draws for that key).
 */
import { type Array as JArray, np, random } from "tsjax-core";

/** Options of `makeMoons`. */
export interface MoonsOptions {
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0: none). */
  noise?: number;
  /** Shuffle the points (default true; otherwise the outer moon comes first). */
  shuffle?: boolean;
}

/**
 * The noiseless, unshuffled points: `floor(n / 2)` on the outer moon `(cos t, sin t)`, then the
 * rest on the inner moon `(1 - cos t, 1 - sin t - 0.5)`, `t` evenly spaced from 0 to pi
 * (`np.linspace`); labels 0 (outer) and 1 (inner). Computed in float64 on the host.
 *
 * @example
 * moonPositions(4); // { x: [1, -1, 0, 2], y: [0, 0, 0.5, 0.5], labels: [0, 0, 1, 1] } (to rounding)
 */
export function moonPositions(n: number): { x: Float64Array; y: Float64Array; labels: Int32Array } {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`makeMoons: the number of points must be an integer of at least 2, got ${n}.`);
  const outer = Math.floor(n / 2);
  const inner = n - outer;
  // np.linspace(0, pi, count): i * (pi / (count - 1)), the last one exactly pi
  const angle = (i: number, count: number) => (count === 1 ? 0 : i === count - 1 ? Math.PI : i * (Math.PI / (count - 1)));
  const [x, y, labels] = [new Float64Array(n), new Float64Array(n), new Int32Array(n)];
  for (let i = 0; i < outer; i++) [x[i], y[i]] = [Math.cos(angle(i, outer)), Math.sin(angle(i, outer))];
  for (let i = 0; i < inner; i++) {
    const t = angle(i, inner);
    [x[outer + i], y[outer + i], labels[outer + i]] = [1 - Math.cos(t), 1 - Math.sin(t) - 0.5, 1];
  }
  return { x, y, labels };
}

/**
 * `n` two-moons points `[n, 2]` (float32) and their labels `[n]` (int32, 0 for the outer moon).
 * `key` is split in two: the first half shuffles (`random.permutation`), the second draws the
 * noise (`noise * random.normal(key, [n, 2])`).
 *
 * @example
 * const { points } = makeMoons(random.key(0), 1000, { noise: 0.05 });
 */
export function makeMoons(key: JArray, n: number, { noise = 0, shuffle = true, ...unknown }: MoonsOptions = {}): { points: JArray; labels: JArray } {
  const extra = Object.keys(unknown);
  if (extra.length) throw new TypeError(`makeMoons: unknown option ${extra.map((k) => `"${k}"`).join(", ")}; the options are noise and shuffle.`);
  if (!(noise >= 0)) throw new RangeError(`makeMoons: noise must be a non-negative standard deviation, got ${noise}.`);
  const { x, y, labels } = moonPositions(n);
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) [xy[2 * i], xy[2 * i + 1]] = [x[i]!, y[i]!];
  let points = np.array(xy).reshape(n, 2);
  let classes = np.array(labels, { dtype: "int32" });
  const [shuffleKey, noiseKey] = random.split(key);
  if (shuffle) {
    const order = random.permutation(shuffleKey!, n);
    [points, classes] = [np.take(points, order, 0), np.take(classes, order, 0)];
  }
  if (noise > 0) points = points.add(random.normal(noiseKey!, [n, 2]).mul(noise));
  return { points, labels: classes };
}
