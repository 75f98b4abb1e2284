/**
 * The transpose of a `set` scatter whose updates are a concrete array (a scalar set into a
 * slice under jit(grad)): the gradient is 1 outside the slice and 0 inside (closed form).
 */
import { expect, test } from "vitest";
import { type Array, grad, jit, np } from "../index.js";

test("jit(grad) of x.at(slice).set(0) is 0 on the slice, 1 elsewhere", async () => {
  const f = (x: Array) => x.at("1:3").set(0).mul(x).sum();
  const x = np.array([1, 2, 3, 4]);
  expect(await jit(grad(f))(x).toArray()).toEqual([2, 0, 0, 8]);
  expect(await grad(f)(x).toArray()).toEqual([2, 0, 0, 8]);
});
