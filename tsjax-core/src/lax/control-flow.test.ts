/**
 * lax control flow: loops nested in loops (on WebGPU a nested loop's predicate reads must hold
 * back the rest of the enclosing body), and loops over arrays on a device other than the
 * default one.
 */
import { expect, test } from "vitest";
import { type Array, devicePut, grad, jit, jvp, lax, np, vmap } from "../index.js";
import { HAS_WEBGPU, describeDevices, expectClose } from "../../test/helpers.js";

type P = [Array, Array];
const i32 = (v: number) => np.array(v, { dtype: "int32" });
/** Adds 2 to x, one step at a time. */
const inner = (x: Array) => lax.whileLoop(([j]: P) => j.lt(2), ([j, z]: P) => [j.add(1), z.add(1)] as P, [i32(0), x] as P)[1];
/** Adds 6 to x: three outer steps of `inner`. */
const outer = (x0: Array) => lax.whileLoop(([i]: P) => i.lt(3), ([i, x]: P) => [i.add(1), inner(x)] as P, [i32(0), x0] as P)[1];

describeDevices("lax control flow nested in control flow", () => {
  test("a whileLoop in a whileLoop body, eagerly and under jit", async () => {
    const x = np.array([1, 2, 3, 4]);
    await expectClose(outer(x), [7, 8, 9, 10]);
    await expectClose(jit(outer)(x), [7, 8, 9, 10]);
    // The outer predicate reads what the inner loop computed.
    const untilBig = (v: Array) => lax.whileLoop((c: Array) => c.sum().lt(100), inner, v);
    await expectClose(untilBig(x), [25, 26, 27, 28]);
    await expectClose(jit(untilBig)(x), [25, 26, 27, 28]);
    // Several nested loops in a row, each result used by the next.
    let y = x;
    for (let k = 0; k < 4; k++) y = outer(y);
    await expectClose(y, [25, 26, 27, 28]);
  });

  test("loops in cond branches, in scan bodies, three levels deep, under jvp and vmap", async () => {
    const x = np.array([1, 2, 3, 4]);
    const withCond = (v0: Array) =>
      lax.whileLoop(([i]: P) => i.lt(3), ([i, v]: P) => [i.add(1), lax.cond(i.eq(1), inner, (u: Array) => u.mul(2), v)] as P, [i32(0), v0] as P)[1];
    await expectClose(withCond(x), [8, 12, 16, 20]);
    await expectClose(jit(withCond)(x), [8, 12, 16, 20]);
    const inScan = (v0: Array) => lax.scan((c: Array, _: null) => [outer(c), c.sum()] as const, v0, null, { length: 2 });
    for (const [c, ys] of [inScan(x), jit(inScan)(x)]) {
      await expectClose(c, [13, 14, 15, 16]);
      await expectClose(ys, [10, 34]);
    }
    const threeDeep = (v0: Array) => lax.foriLoop(i32(0), i32(2), (_i, v: Array) => outer(v), v0);
    await expectClose(threeDeep(x), [13, 14, 15, 16]);
    await expectClose(jit(threeDeep)(x), [13, 14, 15, 16]);
    const [p, t] = jvp((v: Array) => outer(v.mul(v)), [x], [np.onesLike(x)]);
    await expectClose(p, [7, 10, 15, 22]);
    await expectClose(t, [2, 4, 6, 8]);
    await expectClose(vmap(outer)(np.array([[1, 2], [3, 4]])), [[7, 8], [9, 10]]);
    // A batched predicate in the inner loop: elements leave it at different iterations.
    const g = (v0: Array) =>
      lax.whileLoop(([i]: P) => i.lt(2), ([i, v]: P) => [i.add(1), lax.whileLoop((z: Array) => z.lt(10), (z: Array) => z.add(3), v)] as P, [i32(0), v0] as P)[1];
    await expectClose(vmap(g)(np.array([1, 5, 20])), [10, 11, 20]);
    await expectClose(jit(vmap(g))(np.array([1, 5, 20])), [10, 11, 20]);
  });
});

describeDevices("lax control flow on a non-default device", (device) => {
  const other = device === "cpu" ? "webgpu" : "cpu";
  (HAS_WEBGPU ? test : test.skip)("counters, indices and JS-number operands go beside the arrays", async () => {
    const x = await devicePut(np.array([1, 2, 3]), other);
    const checks: [string, Array, number[]][] = [
      ["foriLoop, JS bounds", lax.foriLoop(0, 3, (i, c: Array) => c.add(i), x), [4, 5, 6]],
      ["foriLoop, JS lower and array upper", lax.foriLoop(0, await devicePut(i32(3), other), (i, c: Array) => c.add(i), x), [4, 5, 6]],
      ["jit(foriLoop)", jit((v: Array) => lax.foriLoop(0, 3, (i, c: Array) => c.add(i), v))(x), [4, 5, 6]],
      ["whileLoop", lax.whileLoop((c: Array) => c.sum().lt(20), (c: Array) => c.add(1), x), [6, 7, 8]],
      ["cond with a JS predicate", lax.cond(true, (u: Array) => u.mul(2), (u: Array) => u, x), [2, 4, 6]],
      ["switch with a JS index", lax.switch(1, [(u: Array) => u.mul(2), (u: Array) => u.neg()], x), [-1, -2, -3]],
      ["scan with a JS-number output", lax.scan((c: Array, r: Array) => [c.add(r), 2] as const, x.get(0), x)[1] as unknown as Array, [2, 2, 2]],
      ["vmap(whileLoop)", vmap((v: Array) => lax.whileLoop((c: Array) => c.lt(5), (c: Array) => c.add(1), v))(x), [5, 5, 5]],
      ["grad(foriLoop)", grad((v: Array) => lax.foriLoop(0, 2, (_i, c: Array) => c.mul(c), v).sum())(x), [4, 32, 108]],
      ["grad(scan)", grad((v: Array) => lax.scan((c: Array, r: Array) => [c.mul(r), c.sum()] as const, v, np.stack([x, x]))[1].sum())(x), [2, 3, 4]],
    ];
    for (const [what, got, want] of checks) {
      expect(got.device, what).toBe(other);
      await expectClose(got, want);
    }
  });
});
