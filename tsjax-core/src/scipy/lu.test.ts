import { expect, test } from "vitest";
import { type Array, checkGrads, grad, np, scipy } from "../index.js";
import { REFS } from "../numpy/linalg/refs/lu.js";
import { refArray } from "../numpy/linalg/refs/types.js";
import { describeDevices } from "../../test/helpers.js";
import { expectRef } from "../../test/linalg-helpers.js";

const S = REFS.scipy!;
const sl = scipy.linalg;

describeDevices("scipy.linalg LU and general solves", (device) => {
  test("luFactor and luSolve (trans 0 and 1, a vector) match JAX", async () => {
    const c = S.lu_factor!;
    const [lu, piv] = sl.luFactor(refArray(c, "a"));
    await expectRef(lu, c, "lu");
    await expectRef(piv, c, "piv", { rtol: 0, atol: 0 });
    const b = refArray(c, "b");
    await expectRef(sl.luSolve([lu, piv], b), c, "solve0");
    await expectRef(sl.luSolve([lu, piv], b, { trans: 1 }), c, "solve1");
    await expectRef(sl.luSolve([lu, piv], b.get(np.s(null), 0)), c, "solve_vec");
  });

  test("lu gives P, L, U (and P @ L) as JAX", async () => {
    for (const name of device === "cpu" ? ["lu_square", "lu_wide", "lu_tall"] : ["lu_wide"]) {
      const c = S[name]!;
      const [p, l, u] = sl.lu(refArray(c, "a")) as [Array, Array, Array];
      await expectRef(p, c, "p");
      await expectRef(l, c, "l");
      await expectRef(u, c, "u");
      const [pl] = sl.lu(refArray(c, "a"), { permuteL: true });
      await expectRef(pl!, c, "pl");
    }
  });

  test("solve with assumeA 'pos' reads one triangle and differentiates as JAX", async () => {
    for (const lower of [false, true]) {
      const c = S[`solve_pos_lower${Number(lower)}`]!;
      const a = refArray(c, "a");
      const b = refArray(c, "b");
      await expectRef(sl.solve(a, b, { assumeA: "pos", lower }), c, "out");
      const w = refArray(c, "w");
      const [ga, gb] = grad((x: Array, y: Array) => sl.solve(x, y, { assumeA: "pos", lower }).mul(w).sum(), { argnums: [0, 1] })(a, b);
      await expectRef(ga, c, "grad_a", { rtol: 1e-3, atol: 1e-4 });
      await expectRef(gb, c, "grad_b", { rtol: 1e-3, atol: 1e-4 });
    }
    // the rule (JAX's) takes a's full tangent: finite differences agree along symmetric tangents
    const c = S.solve_pos_lower1!;
    const sym = (x: Array) => x.add(x.T).div(2);
    const a = sym(np.tril(refArray(c, "a")));
    await checkGrads((x: Array, y: Array) => sl.solve(sym(x), y, { assumeA: "pos", lower: true }), [a, refArray(c, "b")], { order: 2 });
  });
});

test("scipy.linalg solve, inv, det: options are checked", () => {
  expect(() => sl.solve(np.eye(2), np.ones([2]), { assumeA: "banded" as never })).toThrow(/unknown assumeA "banded"; accepted: "gen", "sym", "her", "pos"/);
  expect(() => sl.luSolve(sl.luFactor(np.eye(2)), np.ones([2]), { trans: 5 as never })).toThrow(/invalid trans 5/);
  expect(() => sl.inv(np.eye(2), { overwrite: true } as never)).toThrow(/unknown option "overwrite"/);
});
