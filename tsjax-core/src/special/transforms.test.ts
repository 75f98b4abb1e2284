import { test } from "vitest";
import { type Array, jit, np, special, vmap } from "../index.js";
import { describeDevices, expectClose } from "../../test/helpers.js";

type Case = [string, (...xs: Array[]) => Array, number[][]];

const CASES: Case[] = [
  ["erf", special.erf, [[-2, -0.3, 0.4, 1.5, 4, NaN]]],
  ["erfc", special.erfc, [[-2, -0.3, 0.4, 1.5, 9, Infinity]]],
  ["erfcx", special.erfcx, [[-2, -0.3, 0.4, 1.5, 30, 1e6]]],
  ["ndtr", special.ndtr, [[-20, -3, -0.3, 0.4, 1.5, 8]]],
  ["logNdtr", special.logNdtr, [[-1e3, -3, -0.3, 0.4, 1.5, 8]]],
  ["ndtri", special.ndtri, [[1e-30, 0.01, 0.3, 0.5, 0.9, 1]]],
  ["erfinv", special.erfinv, [[-1, -0.99, -0.3, 0, 0.5, 0.999]]],
  ["lgamma", special.lgamma, [[-2.5, 0.1, 1, 2.5, 12, 1e10]]],
  ["gammaln", special.gammaln, [[-2.5, 0.1, 1, 2.5, 12, 1e10]]],
  ["digamma", special.digamma, [[-2.5, 0.1, 1, 2.5, 12, 1e10]]],
  ["polygamma(2)", (x) => special.polygamma(2, x), [[-2.5, 0.1, 1, 2.5, 12, 100]]],
  ["i0e", special.i0e, [[-30, -2, 0, 0.5, 8.5, 100]]],
  ["i1e", special.i1e, [[-30, -2, 0, 0.5, 8.5, 100]]],
  ["logit", special.logit, [[0, 0.01, 0.4, 0.5, 0.9, 1]]],
  ["expit", special.expit, [[-50, -2, 0, 0.5, 3, 50]]],
  ["xlogy", special.xlogy, [[0, 0, 1, 2, -1, 3], [0, 1, 2, 0.5, 4, 1e-20]]],
  ["xlog1py", special.xlog1py, [[0, 0, 1, 2, -1, 3], [-1, 1, 2, 0.5, 4, 1e-20]]],
  ["betaln", special.betaln, [[0.5, 1, 3, 10, 1e4, 2], [2, 1, 0.1, 10, 3, 1e5]]],
  ["gammainc", special.gammainc, [[0.5, 1, 3, 10, 100, 2], [2, 1, 0.1, 12, 90, 30]]],
  ["gammaincc", special.gammaincc, [[0.5, 1, 3, 10, 100, 2], [2, 1, 0.1, 12, 90, 30]]],
  ["betainc", special.betainc, [[0.5, 1, 3, 10, 100, 2], [2, 1, 0.1, 12, 90, 30], [0.3, 0.5, 0.9, 0.45, 0.5, 0.01]]],
];

describeDevices("special: vmap and jit equal eager", () => {
  for (const [name, f, args] of CASES) {
    test(name, async () => {
      const xs = args.map((a) => np.array(a));
      const eager = await f(...xs).toArray();
      await expectClose(jit(f)(...xs), eager as number[], { rtol: 2e-6, atol: 1e-30 });
      // vmap over a [2, 3] reshape: rows are separate calls
      const rows = xs.map((x) => x.reshape(2, 3));
      await expectClose(vmap(f)(...rows), [(eager as number[]).slice(0, 3), (eager as number[]).slice(3)], { rtol: 2e-6, atol: 1e-30 });
    });
  }
});
