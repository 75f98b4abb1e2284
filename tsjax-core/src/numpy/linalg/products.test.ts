import { expect, test } from "vitest";
import { type Array, checkGrads, grad, jit, np } from "../../index.js";
import { REFS } from "./refs/compositions.js";
import { refArray } from "./refs/types.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, expectSame } from "../../../test/linalg-helpers.js";

const P = REFS.products!;
const W = REFS.power!;
const M = REFS.multidot!;

describeDevices("np.linalg products, powers and views", () => {
  test("cross (broadcast, axis 0), outer, vecdot, tensordot match JAX", async () => {
    const c = P.cross!;
    await expectRef(np.linalg.cross(refArray(c, "x1"), refArray(c, "x2")), c, "out");
    const c0 = P.cross_axis0!;
    await expectRef(np.linalg.cross(refArray(c0, "x1"), refArray(c0, "x2"), { axis: 0 }), c0, "out");
    const o = P.outer!;
    await expectRef(np.linalg.outer(refArray(o, "x1"), refArray(o, "x2")), o, "out");
    const v = P.vecdot!;
    await expectRef(np.linalg.vecdot(refArray(v, "x1"), refArray(v, "x2")), v, "out");
    await expectRef(np.linalg.vecdot(refArray(v, "x1"), refArray(v, "x2"), { axis: -2 }), v, "axis1");
    const t = P.tensordot!;
    await expectRef(np.linalg.tensordot(refArray(t, "x1"), refArray(t, "x2")), t, "out");
    await expectRef(np.linalg.tensordot(refArray(t, "x1"), refArray(t, "x3"), { axes: 1 }), t, "axes1");
  });

  test("diagonal and trace with offsets, matrixTranspose, integer inputs", async () => {
    const d = P.diagonal!;
    const x = refArray(d, "x");
    await expectRef(np.linalg.diagonal(x), d, "k0");
    await expectRef(np.linalg.diagonal(x, { offset: 2 }), d, "k2");
    await expectRef(np.linalg.diagonal(x, { offset: -1 }), d, "km1");
    await expectRef(np.linalg.diagonal(x, { offset: 9 }), d, "k9");
    await expectRef(np.linalg.trace(x), d, "t0");
    await expectRef(np.linalg.trace(x, { offset: 1 }), d, "t1");
    await expectRef(np.linalg.trace(x, { offset: -2 }), d, "tm2");
    await expectRef(np.linalg.matrixTranspose(x), d, "mT");
    const i = P.int!;
    const xi = refArray(i, "x", "int32");
    const tr = np.linalg.trace(xi);
    expect(tr.dtype).toBe("int32");
    await expectRef(tr, i, "trace", { rtol: 0, atol: 0 });
    await expectRef(np.linalg.vecdot(xi, xi), i, "vecdot", { rtol: 0, atol: 0 });
    await expectRef(np.linalg.matmul(xi, xi.T), i, "matmul", { rtol: 0, atol: 0 });
  });

  test("matrixPower (0, positive, negative) and its gradient match JAX", async () => {
    for (const [name, c] of Object.entries(W)) {
      const a = refArray(c, "a");
      const n = c.n as number;
      await expectRef(np.linalg.matrixPower(a, n), c, "out", { rtol: 1e-4, atol: 1e-5 });
      await expectRef(grad((x: Array) => np.linalg.matrixPower(x, n).sum())(a), c, "grad", { rtol: 1e-3, atol: 1e-4 });
      void name;
    }
  });

  test("multiDot (optimal order; 1-D ends) matches JAX; jit and checkGrads", async () => {
    const c = M.chain!;
    const xs = ["a", "b", "c", "d"].map((k) => refArray(c, k));
    await expectRef(np.linalg.multiDot(xs), c, "out");
    const e = M.vec_ends!;
    const ys = ["a", "b", "c", "d"].map((k) => refArray(e, k));
    await expectRef(np.linalg.multiDot(ys), e, "out");
    await expectSame(jit((...zs: Array[]) => np.linalg.multiDot(zs))(...xs), np.linalg.multiDot(xs));
    await checkGrads((a: Array, b: Array) => np.linalg.multiDot([a, b, xs[2]!]), [xs[0]!, xs[1]!], { order: 1 });
  });
});

test("np.linalg products: shape errors", () => {
  expect(() => np.linalg.cross(np.ones([2]), np.ones([2]))).toThrow(/hold 3-vectors along axis -1/);
  expect(() => np.linalg.outer(np.ones([2, 2]), np.ones([2]))).toThrow(/needs 1-D arrays/);
  expect(() => np.linalg.multiDot([np.ones([2, 3]), np.ones([2, 3])])).toThrow(/inner dimensions do not match/);
  expect(() => np.linalg.matrixPower(np.ones([2, 3]), 2)).toThrow(/square matrices/);
  expect(() => np.linalg.matrixPower(np.eye(2), 1.5)).toThrow(/exponent must be an integer/);
});
