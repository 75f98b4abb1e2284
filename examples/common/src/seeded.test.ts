import { describe, expect, it } from "vitest";
import { seededRandom, seededShuffle } from "./seeded.js";

// From scripts/refs/examples/seeded.py (a Python transcription of mulberry32).
const FIRST_FOUR: Record<number, number[]> = {
  0: [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197, 0.1462021479383111],
  1: [0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741],
  123456789: [0.2577907438389957, 0.9707721115555614, 0.7853280142880976, 0.20616457983851433],
};

describe("seededRandom (mulberry32)", () => {
  it.each(Object.entries(FIRST_FOUR))("seed %s gives the reference sequence", (seed, want) => {
    const rand = seededRandom(Number(seed));
    expect([rand(), rand(), rand(), rand()]).toEqual(want);
  });
});

describe("seededShuffle", () => {
  it("is the reference Fisher-Yates order, and a permutation", () => {
    const order = seededShuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 7);
    expect(order).toEqual([6, 5, 8, 1, 2, 3, 4, 7, 9, 0]);
    expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
