/**
 * JAX semantics that used to be silently wrong: JS control flow on concrete values (and under
 * grad), weak JS numbers under jit/grad, a pytree node's aux data in jit's cache key, array
 * iteration, jacobian and customJvp.defjvps. Oracle: JAX 0.10.2 (test/refs/semantics.ts).
 */
import { expect, test } from "vitest";
import { type Array, ConcretizationError, customJvp, grad, jacobian, jit, np, random, registerPytreeNode, treeNode, vmap } from "../index.js";
import { describeDevices, expectClose } from "../../test/helpers.js";
import { JAX } from "../../test/refs/semantics.js";

// JS operators on arrays, as users write them (`if (x < 3)`); TypeScript types them as numbers.
const lessThan = (x: unknown, y: number) => (x as number) < y;
const times = (x: unknown, y: number) => (x as number) * y;
const plus = (x: unknown) => +(x as number);

/** Thinking in JAX: `if x < 3` on a concrete value. */
function f(x: Array) {
  return lessThan(x, 3) ? x.square().mul(3) : x.mul(-4);
}

describeDevices("concrete arrays as JS numbers", (device) => {
  if (device === "cpu") {
    test("JS control flow on a concrete array, eagerly and under grad, as in JAX", async () => {
      await expectClose(f(np.array(2)), JAX.controlFlow.f2);
      await expectClose(f(np.array(5)), JAX.controlFlow.f5);
      await expectClose(grad(f)(np.array(2)), JAX.controlFlow.gradF2);
      await expectClose(grad(f)(5 as unknown as Array), JAX.controlFlow.gradF5);
      expect(times(np.array(2), 1)).toBe(2);
      expect(plus(np.array([7], { dtype: "int32" }))).toBe(7);
      expect(Number(np.array(true))).toBe(1);
      expect(`${np.array([1, 2])}`).toMatch(/^Array\(shape=\[2\]/);
    });
  } else {
    test("on WebGPU (asynchronous reads) it is an error naming await x.item() and np.where", () => {
      expect(() => f(np.array(2))).toThrow(/reads values only asynchronously.*await x\.item\(\).*np\.where/);
    });
  }

  test("never NaN: arrays of several elements, and abstract values, throw", () => {
    expect(() => plus(np.array([1, 2]))).toThrow(/only arrays with one element convert to numbers/);
    expect(() => jit(f)(np.array(2))).toThrow(ConcretizationError);
    expect(() => vmap(f)(np.array([1, 2]))).toThrow(ConcretizationError);
  });
});

describeDevices("JS numbers under jit and grad are weak float32", () => {
  test("jit(f)(5) is float32 and jit(grad(f))(3) works, as in JAX", async () => {
    const id = jit((x: Array) => x);
    const y = id(5 as unknown as Array);
    expect(y.dtype).toBe(JAX.weak.jitDtype);
    expect(y.weakType).toBe(true);
    await expectClose(jit(grad((x: Array) => x.mul(x).mul(x)))(3 as unknown as Array), JAX.weak.jitGrad3);
    // integral and fractional JS numbers share one signature
    id(5.5 as unknown as Array);
    expect(id.traceCount).toBe(1);
  });
});

class Scaler {
  constructor(public mul: boolean, readonly w: Array) {}
  apply(x: Array): Array {
    return this.mul ? x.mul(this.w) : x.add(this.w);
  }
}
registerPytreeNode(Scaler, {
  flatten: (s) => [[s.w], s.mul, ["w"]],
  unflatten: (mul, [w]) => new Scaler(mul as boolean, w as Array),
});

class Shift {
  constructor(readonly by: number, readonly x: Array) {}
  [treeNode]() {
    return { children: [this.x], aux: this.by, rebuild: ([x]: unknown[]) => new Shift(this.by, x as Array) };
  }
}

describeDevices("jit keys on a pytree node's aux data", () => {
  test("a changed flag, or a new instance with other aux data, traces again", async () => {
    const run = jit((s: Scaler, x: Array) => s.apply(x));
    const c = new Scaler(true, np.array([2, 3]));
    const x = np.array([10, 10]);
    await expectClose(run(c, x), [20, 30]);
    c.mul = false;
    await expectClose(run(c, x), [12, 13]);
    expect(run.traceCount).toBe(2);
    await expectClose(run(new Scaler(true, np.array([1, 1])), x), [10, 10]);
    expect(run.traceCount).toBe(2);
    const shift = jit((s: Shift) => s.x.add(s.by));
    await expectClose(shift(new Shift(1, np.array([0]))), [1]);
    await expectClose(shift(new Shift(2, np.array([0]))), [2]);
    expect(shift.traceCount).toBe(2);
    shift(new Shift(2, np.array([5])));
    expect(shift.traceCount).toBe(2);
  });
});

describeDevices("arrays iterate along their first axis", () => {
  test("const [k1, k2] = random.split(key), rows of a matrix, errors for 0-d", async () => {
    const [k1, k2] = random.split(random.key(7));
    expect(globalThis.Array.from(await k1!.data())).toEqual(JAX.iterSplit[0]);
    expect(globalThis.Array.from(await k2!.data())).toEqual(JAX.iterSplit[1]);
    const rows = [...np.arange(6).reshape(3, 2)];
    expect(rows.length).toBe(3);
    await expectClose(rows[2]!, [4, 5]);
    expect(() => [...np.array(1)]).toThrow(/iteration over a 0-d array/);
    // inside transformations the length is static
    const summed = jit((m: Array) => [...m].reduce((a, r) => a.add(r)))(np.ones([4, 2]));
    await expectClose(summed, [4, 4]);
  });
});

describeDevices("jacobian and customJvp.defjvps", () => {
  test("jacobian is jacrev", async () => {
    const j = jacobian((v: Array) => np.stack([v.get(0).mul(v.get(1)), np.sin(v.get(0))]))(np.array([1, 2])) as Array;
    expect(j.shape).toEqual([2, 2]);
    await expectClose(j.reshape(4), [...JAX.jacobian], { rtol: 1e-6 });
  });

  test("defjvps: one rule per argument, summed", async () => {
    const fxy = customJvp((x: Array, y: Array) => np.sin(x).mul(y));
    fxy.defjvps(
      (xDot: Array, _out, x, y) => np.cos(x).mul(xDot).mul(y),
      (yDot: Array, _out, x) => np.sin(x).mul(yDot),
    );
    const [gx, gy] = grad(fxy, { argnums: [0, 1] })(np.array(2), np.array(3));
    await expectClose(gx, JAX.defjvps.gx, { rtol: 1e-6 });
    await expectClose(gy, JAX.defjvps.gy, { rtol: 1e-6 });
    const only = customJvp((x: Array, y: Array) => x.mul(y));
    only.defjvps((xDot: Array, _o, _x, y) => xDot.mul(y), null);
    await expectClose(grad(only, { argnums: 1 })(np.array(2), np.array(3)), 0);
  });
});
