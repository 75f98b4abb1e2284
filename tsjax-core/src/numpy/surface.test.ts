/**
 * The jax.numpy functions added for issue 15 against JAX 0.10.2 (scripts/refs/numpy/surface.py):
 * values and dtypes, one jit, one vmap and one grad over the whole table, on every device; then
 * vectorize (against plain calls) and the errors of bad options.
 */
import { expect, test } from "vitest";
import { type Array, jit, np } from "../index.js";
import { CASES } from "../../test/refs/numpy/surface.js";
import { caseTests } from "../../test/np-cases.js";
import { describeDevices, expectClose } from "../../test/helpers.js";

describeDevices("np surface", (device) => {
  caseTests("surface", CASES, device, { rtol: 2e-5, atol: 2e-6 });
});

test("np.vectorize maps scalar functions and gufunc signatures over broadcast axes", async () => {
  const x = np.array([[1, 2, 3], [4, 5, 6]]);
  const f = np.vectorize((a: Array, b: Array) => np.where(a.gt(b), a.sub(b), a.add(b)));
  await expectClose(f(x, 2) as never, [[3, 4, 1], [2, 3, 4]]);
  const dot = np.vectorize((a: Array, b: Array) => np.sum(a.mul(b)), { signature: "(n),(n)->()" });
  await expectClose(dot(x, np.array([1, 0, -1])) as never, [-2, -2]);
  const scaled = np.vectorize((a: Array, s: number) => a.mul(s), { excluded: [1] });
  await expectClose(jit((a: Array) => scaled(a, 3) as Array)(x), [[3, 6, 9], [12, 15, 18]]);
  expect(() => np.vectorize((a: Array) => a, { signature: "(n)" })).toThrow(/invalid signature "\(n\)"/);
  expect(() => np.vectorize((a: Array) => a, { sig: "()->()" } as never)).toThrow(/unknown option "sig"/);
});

test("np surface: unknown options, modes and misplaced arguments are errors listing the accepted ones", () => {
  const x = np.array([1, 2, 3]);
  expect(() => np.diff(x, { prepnd: 0 } as never)).toThrow(/np\.diff: unknown option "prepnd" \(did you mean "prepend"\?\)\. Accepted options: n, axis, prepend, append/);
  expect(() => np.diff(x, 1, 0, 1 as never, 2 as never, 3 as never)).toThrow(/takes at most 4 positional/);
  expect(() => np.diff(x, 1, { n: 2 })).toThrow(/n was given both/);
  expect(() => np.searchsorted(x, 2, { side: "middle" as never })).toThrow(/unknown side "middle"; accepted: "left", "right"/);
  expect(() => np.searchsorted(x, 2, { method: "fast" as never })).toThrow(/unknown method "fast"/);
  expect(() => np.convolve(x, x, { mode: "circular" as never })).toThrow(/unknown mode "circular"; accepted: "full", "same", "valid"/);
  expect(() => np.meshgrid(x, x, { indexing: "ji" as never })).toThrow(/unknown indexing "ji"; accepted: "xy", "ij"/);
  expect(() => np.isclose(x, x, { rtl: 1 } as never)).toThrow(/unknown option "rtl" \(did you mean "rtol"\?\)/);
  expect(() => np.nansum(x, { keepdim: true } as never)).toThrow(/np\.nansum: unknown option "keepdim"/);
  expect(() => np.unique(x, { axis: 0 })).toThrow(/only axis=null/);
  expect(() => np.uniqueAll(x, { sizee: 2 } as never)).toThrow(/unknown option "sizee"/);
  expect(() => np.putAlongAxis(np.zeros([2, 2]), np.zeros([2, 1], { dtype: "int32" }), 1, 1)).toThrow(/inplace: false/);
  expect(() => np.histogram(x, { bins: 0 })).toThrow(/bins must be a positive integer/);
  expect(() => np.polyfit(x, x, 1, { full: true })).toThrow(/full=true .* not offered/);
  expect(() => np.gcd(np.array([1.5]), 2)).toThrow(/needs integer arrays, got float32/);
  expect(() => jit((a: Array) => np.bincount(a))(np.array([1, 2], { dtype: "int32" }))).toThrow(/static \{ length \}/);
  expect(() => jit((a: Array) => np.unique(a) as Array)(x)).toThrow(/static \{ size \}/);
});
