import { expect, test } from "vitest";
import { type Array, DeviceError, UnexpectedTracerError, devicePut, grad, jit, np, vmap } from "./index.js";

// Messages that name the real problem (issue 13 item 5).
test("astype to a dtype tsjax does not have says which to use", () => {
  const x = np.array([1, 2]);
  expect(() => x.astype("float64" as never)).toThrow(/np\.astype: dtype "float64" is not supported: .*"float32".*64-bit types disabled.* Use "float32"\./);
  expect(() => x.astype("int64" as never)).toThrow(/Use "int32"/);
  expect(() => x.astype("foo" as never)).toThrow(/np\.astype: unknown dtype "foo"\. Use one of "float32", "float16", "int32", "int16", "int8", "uint32", "uint16", "uint8", "bool", "complex64"\./);
});

test("jit and grad of an async function: a clear error, and no unhandled rejection afterwards", async () => {
  const f = jit(async (a: Array) => {
    await Promise.resolve();
    return (await a.data())[0]; // the tracer's values never exist
  });
  expect(() => f(np.ones([2]))).toThrow(/jit\(\w+\): the function returned a Promise; functions given to jit\(\w+\) must be synchronous/);
  const g = grad((async (a: Array) => a.sum()) as never);
  expect(() => g(np.ones([2]))).toThrow(/grad: the function returned a Promise/);
  await new Promise((r) => setTimeout(r, 20)); // a rejection left unhandled would fail the run here
});

test("devicePut to a device that does not exist names the devices there are", async () => {
  await expect(devicePut(np.ones([2]), "tpu" as never)).rejects.toThrow(DeviceError);
  await expect(devicePut(np.ones([2]), "tpu" as never)).rejects.toThrow(/devicePut: unknown device "tpu"; use "cpu" or "webgpu"\./);
});

test("vmap with an axis spec that is not one says what a spec is", () => {
  const f = vmap((a: Array) => a.sum(), { inAxes: "x" as never });
  expect(() => f(np.ones([2, 3]))).toThrow(/vmap: the axis spec of argument 0 is "x"; use an integer axis, null \(not batched\), or a list or object/);
  expect(() => vmap((a: Array) => a, { inAxes: 0.5 as never })(np.ones([2]))).toThrow(/axis spec of argument 0 is 0\.5/);
});

test("reading a tracer that escaped jit says it escaped, not that it is inside jit", async () => {
  let leaked: Array | undefined;
  jit((a: Array) => {
    leaked = a.mul(2);
    return a;
  })(np.ones([3]));
  await expect(leaked!.data()).rejects.toThrow(UnexpectedTracerError);
  await expect(leaked!.data()).rejects.toThrow(/Traced<f32\[3\]> in jit\(.*\) was used after jit\(.*\) returned/);
  expect(() => leaked!.dataSync()).toThrow(/was used after/);
});
