/**
 * exp, tanh and sqrt (the WebGPU helpers `tj_exp`, `tj_tanh`, `tj_sqrt` of `wgsl-helpers.ts`,
 * written for speed on lavapipe) against float64 values over their whole float32 range
 * (scripts/refs/webgpu/transcendental.py): 0, -0, subnormal inputs and results, the overflow
 * and underflow thresholds, huge values, +-inf and NaN. Each input is repeated to 4 times its
 * count, so the WebGPU kernel is the vectorized one (`vec4`, several per invocation).
 */
import { expect, test } from "vitest";
import { type Array, np } from "../../index.js";
import { describeDevices } from "../../../test/helpers.js";
import { TRANSCENDENTAL } from "../../../test/refs/webgpu/transcendental.js";

/** Smallest normal float32. */
const MIN_NORMAL = 2 ** -126;
/** Smallest subnormal float32. */
const MIN_SUBNORMAL = 2 ** -149;

/**
 * The first element of `got` that is not within `rtol` (relative) of float64 `want` where the
 * float32 result is normal, within one subnormal step below that, and exactly equal (sign of
 * zero included) where it is 0, +-inf or NaN; undefined if none.
 */
function firstBad(got: Float32Array, want: number[], rtol: number): string | undefined {
  for (let i = 0; i < got.length; i++) {
    const w = want[i % want.length]!;
    const w32 = Math.fround(w);
    const g = got[i]!;
    let ok: boolean;
    if (Number.isNaN(w)) ok = Number.isNaN(g);
    else if (w32 === 0 || !Number.isFinite(w32)) ok = Object.is(g, w32);
    else if (Math.abs(w) < MIN_NORMAL) ok = Math.abs(g - w) <= MIN_SUBNORMAL;
    else ok = Math.abs(g - w) <= rtol * Math.abs(w);
    if (!ok) return `element ${i}: got ${g}, want ${w}`;
  }
  return undefined;
}

const CASES: [name: "exp" | "tanh" | "sqrt", fn: (x: Array) => Array, rtol: number][] = [
  // under 1 ulp in float32 emulation; 2 ulp allowed
  ["exp", np.exp, 2.4e-7],
  // XLA's own rational tanh: 3.9e-7 without fused multiply-adds (JAX on CPU, with them: 2.6e-7)
  ["tanh", np.tanh, 4.5e-7],
  ["sqrt", np.sqrt, 2e-7],
];

describeDevices("exp, tanh and sqrt over the whole float32 range", () => {
  for (const [name, fn, rtol] of CASES) {
    test(`${name} matches float64 within ${rtol} (exact at 0, -0, +-inf, NaN)`, async () => {
      const { x, want } = TRANSCENDENTAL[name];
      const xs = new Float32Array([...x, ...x, ...x, ...x]);
      const got = (await fn(np.array(xs)).data()) as Float32Array;
      expect(firstBad(got, want, rtol)).toBeUndefined();
    });
  }
});
