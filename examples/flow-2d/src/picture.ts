/**
 * Pictures of 2-D densities and point sets on a common window of the plane: a density as a
 * heat map (viridis), points as dots. Both are `Image`s from examples/common's PNG module.
 */
import { Image, type Rgb } from "@tsjax-examples/common/png";

/** A rectangle of the plane shown in `width × height` pixels (y grows upwards). */
export interface Window {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  width: number;
  height: number;
}

/**
 * The plane coordinates of the centres of the window's pixels, row by row from the top, as
 * `[x0, y0, x1, y1, ...]` (`width × height` points).
 *
 * @example
 * pixelCentres({ xMin: 0, xMax: 2, yMin: 0, yMax: 1, width: 2, height: 1 }); // [0.5, 0.5, 1.5, 0.5]
 */
export function pixelCentres(w: Window): Float32Array {
  const out = new Float32Array(2 * w.width * w.height);
  for (let row = 0; row < w.height; row++) {
    for (let column = 0; column < w.width; column++) {
      const i = 2 * (row * w.width + column);
      out[i] = w.xMin + ((column + 0.5) * (w.xMax - w.xMin)) / w.width;
      out[i + 1] = w.yMax - ((row + 0.5) * (w.yMax - w.yMin)) / w.height;
    }
  }
  return out;
}

/** Viridis at 9 evenly spaced points (matplotlib's values, rounded to bytes). */
const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

/**
 * The viridis color of `t` in [0, 1] (clipped; NaN is black), linearly interpolated.
 *
 * @example
 * viridis(0); // [68, 1, 84]
 * viridis(1); // [253, 231, 37]
 */
export function viridis(t: number): Rgb {
  if (Number.isNaN(t)) return [0, 0, 0];
  const u = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(u), VIRIDIS.length - 2);
  const f = u - i;
  const [a, b] = [VIRIDIS[i]!, VIRIDIS[i + 1]!];
  return [0, 1, 2].map((c) => Math.round(a[c]! + f * (b[c]! - a[c]!))) as unknown as Rgb;
}

/**
 * A heat map of `density` (one value per pixel of `window`, in `pixelCentres` order): 0 is the
 * bottom of the color map and the `topQuantile` quantile of the values (default 0.995) its top,
 * so that a few sharp peaks do not darken the rest; larger values are clipped.
 *
 * @example
 * const picture = densityImage(probabilities, window);
 */
export function densityImage(density: ArrayLike<number>, window: Window, { topQuantile = 0.995 } = {}): Image {
  if (density.length !== window.width * window.height) {
    throw new RangeError(`densityImage: got ${density.length} values for a ${window.width} × ${window.height} window.`);
  }
  const sorted = Float64Array.from(density).sort();
  const top = sorted[Math.min(sorted.length - 1, Math.floor(topQuantile * sorted.length))]!;
  const image = new Image(window.width, window.height);
  for (let i = 0; i < density.length; i++) image.set(i % window.width, Math.floor(i / window.width), viridis(top > 0 ? density[i]! / top : 0));
  return image;
}

/**
 * Points `[x0, y0, x1, y1, ...]` drawn as dots of `radius` pixels in `color` on white, in the
 * same window (points outside it are left out).
 *
 * @example
 * const picture = scatterImage(points, window, { color: [31, 119, 180] });
 */
export function scatterImage(points: ArrayLike<number>, window: Window, { color = [31, 119, 180] as Rgb, radius = 1 } = {}): Image {
  const image = new Image(window.width, window.height);
  for (let i = 0; i + 1 < points.length; i += 2) {
    const column = Math.floor(((points[i]! - window.xMin) / (window.xMax - window.xMin)) * window.width);
    const row = Math.floor(((window.yMax - points[i + 1]!) / (window.yMax - window.yMin)) * window.height);
    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) if (dx * dx + dy * dy <= radius * radius) image.set(column + dx, row + dy, color);
    }
  }
  return image;
}
