import { describe, expect, it } from "vitest";
import { type Array, np } from "tsjax-core";
import { transform } from "../transform/transform.js";
import { AvgPool, MaxPool, avgPool, maxPool } from "./pool.js";
import { close, rand, v } from "../testing/helpers.js";

/** Plain-loop 2-D pooling of NHWC x with window/stride (h, w) and SAME or VALID padding. */
function refPool(x: number[], [n, h, w, c]: number[], k: number, s: number, padding: "SAME" | "VALID", kind: "max" | "avg"): number[] {
  const out = (d: number) => (padding === "SAME" ? Math.ceil(d / s) : Math.floor((d - k) / s) + 1);
  const pad = (d: number) => (padding === "SAME" ? Math.floor(Math.max(0, (out(d) - 1) * s + k - d) / 2) : 0);
  const [oh, ow, ph, pw] = [out(h!), out(w!), pad(h!), pad(w!)];
  const res: number[] = [];
  for (let b = 0; b < n!; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c!; ch++) {
          let acc = kind === "max" ? -Infinity : 0;
          let count = 0;
          for (let di = 0; di < k; di++)
            for (let dj = 0; dj < k; dj++) {
              const [y, xx] = [i * s + di - ph, j * s + dj - pw];
              if (y < 0 || y >= h! || xx < 0 || xx >= w!) continue;
              const val = x[((b * h! + y) * w! + xx) * c! + ch]!;
              acc = kind === "max" ? Math.max(acc, val) : acc + val;
              count++;
            }
          res.push(kind === "max" ? acc : acc / count);
        }
  return res;
}

describe("pooling by a plain loop", () => {
  const x = rand([2, 5, 6, 3], 1);
  it.each([
    [2, 2, "VALID"], [2, 2, "SAME"], [3, 2, "SAME"], [3, 1, "VALID"],
  ] as const)("window %d, stride %d, %s", (k, s, padding) => {
    close(maxPool(x, k, s, padding), refPool(v(x), [2, 5, 6, 3], k, s, padding, "max"));
    close(avgPool(x, k, s, padding), refPool(v(x), [2, 5, 6, 3], k, s, padding, "avg"), { atol: 1e-6 });
  });

  it("windows as lists (trailing axes), channelAxis, modules", () => {
    expect(maxPool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID").shape).toEqual([2, 2, 3, 3]);
    expect(maxPool(x, [2, 2, 1], [2, 2, 1], "VALID").shape).toEqual([2, 2, 3, 3]);
    // channels first: the number applies to every axis but batch and channel
    expect(maxPool(np.ones([2, 3, 4, 4]), 2, 2, "VALID", { channelAxis: 1 }).shape).toEqual([2, 3, 2, 2]);
    const f = transform((xx: Array) => [new MaxPool(2, 2, "VALID").call(xx).shape, new AvgPool(2, 1, "SAME").call(xx).shape]);
    expect(f.apply({}, null, x)).toEqual([[2, 2, 3, 3], [2, 5, 6, 3]]);
    expect(() => maxPool(x, 2, 2, "FULL" as never)).toThrow(/padding must be "SAME" or "VALID"/);
  });
});
