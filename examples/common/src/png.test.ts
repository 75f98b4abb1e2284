import { describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { Image, besideEachOther, encodePng, imageGrid } from "./png.js";

describe("encodePng", () => {
  it("round-trips through pngjs's decoder: same size, same pixels", () => {
    const image = new Image(5, 3, [10, 20, 30]);
    image.set(0, 0, [255, 0, 0]);
    image.set(4, 2, [0, 255, 0]);
    image.set(2, 1, [1, 2, 3]);
    const decoded = PNG.sync.read(encodePng(image));
    expect([decoded.width, decoded.height]).toEqual([5, 3]);
    expect([...decoded.data]).toEqual([...image.rgba]);
    const at = (x: number, y: number) => [...decoded.data.subarray(4 * (y * 5 + x), 4 * (y * 5 + x) + 4)];
    expect(at(0, 0)).toEqual([255, 0, 0, 255]);
    expect(at(4, 2)).toEqual([0, 255, 0, 255]);
    expect(at(1, 1)).toEqual([10, 20, 30, 255]);
  });
});

describe("imageGrid", () => {
  it("places picture k at row floor(k / columns), column k % columns, each pixel scale × scale, gray = round(255 v)", () => {
    // three 2 × 2 pictures, two per row, padding 1, scale 2: a 2-row grid of 4 × 4 cells
    const pixels = [0, 1, 0.5, 0.25, /* */ 1, 1, 1, 1, /* */ 0, 0, 0, 2];
    const grid = imageGrid(pixels, { side: 2, columns: 2, padding: 1, scale: 2 });
    expect([grid.width, grid.height]).toEqual([2 * (4 + 1) + 1, 2 * (4 + 1) + 1]);
    expect(grid.get(0, 0)).toEqual([128, 128, 128]); // padding
    expect(grid.get(1, 1)).toEqual([0, 0, 0]); // picture 0, pixel (0, 0)
    expect(grid.get(4, 2)).toEqual([255, 255, 255]); // picture 0, pixel (row 0, column 1), second copy in x and y
    expect(grid.get(1, 3)).toEqual([128, 128, 128]); // picture 0, pixel (row 1, column 0) = 0.5 -> round(127.5)
    expect(grid.get(3, 4)).toEqual([64, 64, 64]); // picture 0, pixel (row 1, column 1) = 0.25 -> round(63.75)
    expect(grid.get(6, 1)).toEqual([255, 255, 255]); // picture 1
    expect(grid.get(4, 9)).toEqual([255, 255, 255]); // picture 2, pixel (1, 1) = 2, clipped to 1
    expect(grid.get(6, 6)).toEqual([128, 128, 128]); // the empty fourth cell
  });

  it("rejects a length that is not a multiple of side × side", () => {
    expect(() => imageGrid([0, 1, 2], { side: 2, columns: 1 })).toThrow(/imageGrid: got 3 values, which is not a positive multiple of 2 × 2/);
  });
});

describe("besideEachOther", () => {
  it("puts the images left to right, gap pixels apart, top-aligned on the background", () => {
    const a = new Image(2, 3, [1, 1, 1]);
    const b = new Image(1, 1, [2, 2, 2]);
    const both = besideEachOther([a, b], 2, [9, 9, 9]);
    expect([both.width, both.height]).toEqual([5, 3]);
    expect([both.get(1, 2), both.get(2, 0), both.get(4, 0), both.get(4, 1)]).toEqual([[1, 1, 1], [9, 9, 9], [2, 2, 2], [9, 9, 9]]);
  });
});
