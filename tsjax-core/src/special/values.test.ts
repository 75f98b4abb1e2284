import { expect, test } from "vitest";
import { type Array, np, special } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { REFERENCE } from "./reference-values.js";

const ULP = 2 ** -24;

/** The functions of the reference table, by name. */
const FNS: Record<string, (...a: Array[]) => Array> = {
  erf: special.erf, erfc: special.erfc, erfcx: special.erfcx, ndtr: special.ndtr, logNdtr: special.logNdtr,
  ndtri: special.ndtri, erfinv: special.erfinv, lgamma: special.lgamma, digamma: special.digamma,
  polygamma1: (x) => special.polygamma(1, x), i0e: special.i0e, i1e: special.i1e, logit: special.logit,
  betaln: special.betaln, gammainc: special.gammainc, gammaincc: special.gammaincc, betainc: special.betainc,
};

/**
 * Error bounds, relative (`rtol`) plus absolute (`atol`). Functions with real zeros on the
 * negative axis (lgamma, digamma) or near a = b root lines (betaln) are ill-conditioned there:
 * their relative error is bounded by the conditioning, so an absolute term covers those points.
 */
const TOL: Record<string, { rtol: number; atol?: number }> = {
  erf: { rtol: 4 * ULP }, erfc: { rtol: 6 * ULP }, erfcx: { rtol: 6 * ULP }, ndtr: { rtol: 6 * ULP },
  logNdtr: { rtol: 6 * ULP }, ndtri: { rtol: 6 * ULP }, erfinv: { rtol: 6 * ULP },
  lgamma: { rtol: 6 * ULP, atol: 2e-7 }, digamma: { rtol: 6 * ULP, atol: 4e-7 }, polygamma1: { rtol: 8 * ULP },
  i0e: { rtol: 6 * ULP }, i1e: { rtol: 6 * ULP }, logit: { rtol: 4 * ULP }, betaln: { rtol: 6 * ULP, atol: 2e-7 },
  gammainc: { rtol: 1e-5 }, gammaincc: { rtol: 1e-5 }, betainc: { rtol: 5e-5 },
};

describeDevices("special: values against mpmath / scipy references", (device) => {
  // WebGPU's exp / log / sin are a few ulps less accurate than the CPU backend's.
  const slack = device === "webgpu" ? 4 : 1;
  for (const [name, rows] of Object.entries(REFERENCE)) {
    test(`${name}: ${rows.length} reference values`, async () => {
      const nArgs = rows[0]![0].length;
      const args = globalThis.Array.from({ length: nArgs }, (_, j) => np.array(rows.map((r) => r[0][j]!)));
      const y = FNS[name]!(...args);
      expect(y.dtype).toBe("float32");
      const got = await y.data();
      const rtol = TOL[name]!.rtol * slack;
      const atol = (TOL[name]!.atol ?? 0) * slack;
      rows.forEach(([a, want], i) => {
        const err = Math.abs(got[i]! - want);
        if (!(err <= rtol * Math.abs(want) + atol)) {
          expect.fail(`${name}(${a.join(", ")}) = ${got[i]}, expected ${want} (relative error ${(err / Math.abs(want)).toExponential(2)}, rtol ${rtol.toExponential(2)})`);
        }
      });
    });
  }
});
