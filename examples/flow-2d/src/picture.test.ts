import { describe, expect, it } from "vitest";
import { densityImage, pixelCentres, scatterImage, viridis, type Window } from "./picture.js";

const WINDOW: Window = { xMin: -1, xMax: 3, yMin: 0, yMax: 2, width: 4, height: 2 };

describe("pixelCentres", () => {
  it("walks the pixels row by row from the top left, at their centres", () => {
    // pixels are 1 × 1 in the plane; the top row has y = 1.5
    expect([...pixelCentres(WINDOW)]).toEqual([-0.5, 1.5, 0.5, 1.5, 1.5, 1.5, 2.5, 1.5, -0.5, 0.5, 0.5, 0.5, 1.5, 0.5, 2.5, 0.5]);
  });
});

describe("viridis", () => {
  it("has matplotlib's ends, its middle stop, and interpolates linearly between stops", () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(0.5)).toEqual([33, 144, 141]);
    expect(viridis(1 / 16)).toEqual([70, 23, 103]); // halfway between the first two stops: (68+71)/2, (1+44)/2, (84+122)/2, rounded
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
    expect(viridis(NaN)).toEqual([0, 0, 0]);
  });
});

describe("densityImage", () => {
  it("colors each pixel by its value over the top quantile of the values (the largest one by default here), clipping above", () => {
    const image = densityImage([0, 1, 2, 4, 4, 2, 1, 0], WINDOW);
    expect(image.get(3, 0)).toEqual(viridis(1));
    expect(image.get(2, 0)).toEqual(viridis(0.5));
    expect(image.get(3, 1)).toEqual(viridis(0));
    // sorted values 0 0 1 1 2 2 4 4: the 0.5 quantile is sorted[4] = 2
    const clipped = densityImage([0, 1, 2, 4, 4, 2, 1, 0], WINDOW, { topQuantile: 0.5 });
    expect([clipped.get(1, 0), clipped.get(2, 0), clipped.get(3, 0)]).toEqual([viridis(0.5), viridis(1), viridis(1)]);
  });

  it("rejects a grid of the wrong size", () => {
    expect(() => densityImage([1, 2, 3], WINDOW)).toThrow(/densityImage: got 3 values for a 4 × 2 window/);
  });
});

describe("scatterImage", () => {
  it("puts a point in the pixel that contains it, and leaves out points outside the window", () => {
    const image = scatterImage([1.2, 0.3, 10, 10], WINDOW, { color: [1, 2, 3], radius: 0 });
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 4; x++) expect(image.get(x, y)).toEqual(x === 2 && y === 1 ? [1, 2, 3] : [255, 255, 255]);
    }
  });
});
