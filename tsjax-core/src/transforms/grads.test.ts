/**
 * Derivatives of every differentiable lax primitive, checked against finite differences to
 * second order in forward and reverse mode (`checkGrads`), at points away from the
 * non-differentiable spots. Ties and zeros, where finite differences do not apply, are checked
 * against JAX's conventions directly.
 */
import { test } from "vitest";
import { type Array, grad, jvp, lax, np } from "../index.js";
import { describeDevices, expectClose } from "../../test/helpers.js";
import { checkAll, f32, i32 } from "../../test/grad-helpers.js";
import { BINARY, CONV, DOT, GATHER_SCATTER, OTHER_ELEMENTWISE, REDUCTIONS, STRUCTURAL, UNARY, WINDOW } from "../../test/op-cases.js";

describeDevices("checkGrads of lax primitives", () => {
  test("unary elementwise", () => checkAll(UNARY));
  test("binary elementwise", () => checkAll(BINARY));
  test("select, clamp, convert_element_type, integer_pow", () => checkAll(OTHER_ELEMENTWISE));
  test("structural", () => checkAll(STRUCTURAL));
  test("gather and scatter", () => checkAll(GATHER_SCATTER));
  test("reductions, cumulative ops, argmax, sort", () => checkAll(REDUCTIONS));
  test("dot_general", () => checkAll(DOT));
  test("conv_general_dilated (w.r.t. lhs and rhs)", () => checkAll(CONV));
  test("reduce_window", () => checkAll(WINDOW));
});

describeDevices("derivatives at ties and zeros", () => {
  test("max/min split the gradient evenly between ties (as JAX)", async () => {
    const x = f32([1, 3, 3, 2]);
    await expectClose(grad((v: Array) => lax.reduceMax(v, [0]))(x), [0, 0.5, 0.5, 0]);
    await expectClose(grad((v: Array) => lax.reduceMin(v, [0]))(f32([2, 1, 5, 1])), [0, 0.5, 0, 0.5]);
    await expectClose(grad((v: Array) => lax.reduceMax(v, [0, 1]))(f32([3, 1, 3, 3], [2, 2])), [[1 / 3, 0], [1 / 3, 1 / 3]]);
    const [ga, gb] = grad((a: Array, b: Array) => lax.max(a, b).sum(), { argnums: [0, 1] })(f32([1, 2, 3]), f32([1, 5, 0]));
    await expectClose(ga, [0.5, 0, 1]);
    await expectClose(gb, [0.5, 1, 0]);
    const [ha, hb] = grad((a: Array, b: Array) => lax.min(a, b).sum(), { argnums: [0, 1] })(f32([2, 2]), f32([2, 1]));
    await expectClose(ha, [0.5, 0]);
    await expectClose(hb, [0.5, 1]);
    // forward mode agrees
    const [, t] = jvp((v: Array) => lax.reduceMax(v, [0]), [x], [f32([1, 2, 4, 8])]);
    await expectClose(t, 3);
  });

  test("reduce_window max and scatter max at ties", async () => {
    const g = grad((v: Array) => lax.reduceWindow(v, "max", [2], [2], "VALID").sum())(f32([2, 2, 1, 3]));
    await expectClose(g, [0.5, 0.5, 0, 1]);
    const s = grad((u: Array) => lax.scatter(f32([1, 4]), i32([[0], [1]]), u, [0], "max").sum())(f32([1, 2]));
    await expectClose(s, [0.5, 0]);
  });

  test("prod and cumprod are exact at zeros", async () => {
    await expectClose(grad((v: Array) => lax.reduceProd(v, [0]))(f32([2, 0, 3])), [0, 6, 0]);
    await expectClose(grad((v: Array) => lax.reduceProd(v, [0]))(f32([0, 0, 3])), [0, 0, 0]);
    await expectClose(grad((v: Array) => lax.cumprod(v, 0).sum())(f32([2, 0, 3])), [1, 2 + 6, 0]);
    await expectClose(grad((v: Array) => np.prod(v))(f32([0, 0, 3])), [0, 0, 0]);
  });

  test("abs, sign and rounding at 0 / integers", async () => {
    await expectClose(grad((v: Array) => lax.abs(v).sum())(f32([0, -2, 2])), [0, -1, 1]);
    await expectClose(grad((v: Array) => lax.round(v).add(lax.floor(v)).add(lax.sign(v)).sum())(f32([0, 1, 2.5])), [0, 0, 0]);
    await expectClose(grad((v: Array) => lax.sqrt(v).mul(0).sum())(f32([1])), [0]);
  });

  test("pow at 0", async () => {
    // d/dx x^2 at 0 is 0; d/dy 0^y (y > 0) is 0 (JAX's convention, not NaN)
    const [gx, gy] = grad((a: Array, b: Array) => lax.pow(a, b).sum(), { argnums: [0, 1] })(f32([0, 0]), f32([2, 3]));
    await expectClose(gx, [0, 0]);
    await expectClose(gy, [0, 0]);
    await expectClose(grad((a: Array) => lax.pow(a, f32([0, 0])).sum())(f32([0, 2])), [0, 0]);
  });
});
