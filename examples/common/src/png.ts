/**
 * Small raster images written as PNG files with `pngjs`: grids of grayscale pictures (digits)
 * and panels placed side by side. Pixels are RGB, row-major, top row first.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { PNG } from "pngjs";

/** An RGB color, each channel 0..255. */
export type Rgb = readonly [r: number, g: number, b: number];

/** An RGB raster. */
export class Image {
  /** `width × height × 4` bytes, RGBA (alpha always 255), row-major from the top left. */
  readonly rgba: Uint8Array;

  /**
   * A `width × height` image filled with `background` (default white).
   *
   * @example
   * const image = new Image(28, 28, [0, 0, 0]);
   */
  constructor(readonly width: number, readonly height: number, background: Rgb = [255, 255, 255]) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`Image: width and height must be positive integers, got ${width} × ${height}.`);
    }
    this.rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) this.rgba.set([...background, 255], 4 * i);
  }

  /**
   * Sets pixel (`x`, `y`) (column, row from the top left); pixels outside the image are ignored.
   *
   * @example
   * image.set(3, 4, [255, 0, 0]);
   */
  set(x: number, y: number, [r, g, b]: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.rgba.set([r, g, b, 255], 4 * (y * this.width + x));
  }

  /**
   * The color of pixel (`x`, `y`).
   *
   * @example
   * image.get(3, 4); // [255, 0, 0]
   */
  get(x: number, y: number): Rgb {
    const i = 4 * (y * this.width + x);
    return [this.rgba[i]!, this.rgba[i + 1]!, this.rgba[i + 2]!];
  }

  /**
   * Copies `source` into this image with its top left corner at (`x`, `y`).
   *
   * @example
   * canvas.draw(digit, 30, 0);
   */
  draw(source: Image, x: number, y: number): void {
    for (let row = 0; row < source.height; row++) {
      for (let column = 0; column < source.width; column++) this.set(x + column, y + row, source.get(column, row));
    }
  }
}

/** The gray of intensity `v` in [0, 1] (clipped): 0 is black, 1 white. */
function gray(v: number): Rgb {
  const level = Math.round(255 * Math.min(1, Math.max(0, v)));
  return [level, level, level];
}

/** Layout of `imageGrid`. */
export interface GridOptions {
  /** Pixels per picture side (pictures are `side × side`, e.g. 28). */
  side: number;
  /** Pictures per row. */
  columns: number;
  /** Gap between pictures and around the grid, in pixels (default 2). */
  padding?: number;
  /** Each picture pixel becomes `scale × scale` image pixels (default 1). */
  scale?: number;
}

/**
 * A grid of grayscale pictures: `pixels` holds them back to back (`side × side` values in
 * [0, 1], row-major), filled row by row, `columns` per row, on a mid-gray background.
 *
 * @example
 * const grid = imageGrid(samples, { side: 28, columns: 8 }); // 64 samples -> 8 rows
 */
export function imageGrid(pixels: ArrayLike<number>, { side, columns, padding = 2, scale = 1 }: GridOptions): Image {
  const perPicture = side * side;
  if (pixels.length === 0 || pixels.length % perPicture !== 0) {
    throw new RangeError(`imageGrid: got ${pixels.length} values, which is not a positive multiple of ${side} × ${side}.`);
  }
  const count = pixels.length / perPicture;
  const rows = Math.ceil(count / columns);
  const cell = side * scale;
  const image = new Image(columns * (cell + padding) + padding, rows * (cell + padding) + padding, [128, 128, 128]);
  for (let k = 0; k < count; k++) {
    const [x0, y0] = [padding + (k % columns) * (cell + padding), padding + Math.floor(k / columns) * (cell + padding)];
    for (let i = 0; i < cell * cell; i++) {
      const [row, column] = [Math.floor(i / cell), i % cell];
      image.set(x0 + column, y0 + row, gray(pixels[k * perPicture + Math.floor(row / scale) * side + Math.floor(column / scale)]!));
    }
  }
  return image;
}

/**
 * The images side by side, top-aligned, `gap` pixels apart, on `background` (default white).
 *
 * @example
 * const figure = besideEachOther([density, data], 10);
 */
export function besideEachOther(images: readonly Image[], gap = 0, background: Rgb = [255, 255, 255]): Image {
  const width = images.reduce((w, image) => w + image.width, 0) + gap * (images.length - 1);
  const result = new Image(width, Math.max(...images.map((image) => image.height)), background);
  let x = 0;
  for (const image of images) {
    result.draw(image, x, 0);
    x += image.width + gap;
  }
  return result;
}

/**
 * The image as PNG file bytes (8-bit RGBA).
 *
 * @example
 * const bytes = encodePng(new Image(2, 2));
 */
export function encodePng(image: Image): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data.set(image.rgba);
  return PNG.sync.write(png);
}

/**
 * Writes the image to `path` as a PNG (creating its folder).
 *
 * @example
 * await writePng(imageGrid(samples, { side: 28, columns: 8 }), "out/samples.png");
 */
export async function writePng(image: Image, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, encodePng(image));
}
