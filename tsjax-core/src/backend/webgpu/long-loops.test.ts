import { expect, test } from "vitest";
import { type Array, DeviceError, defaultDevice, jit, np } from "../../index.js";
import { HAS_WEBGPU } from "../../../test/helpers.js";
import { getBackend } from "../devices.js";
import type { WebGPUBackend } from "./webgpu-backend.js";

// Dawn releases native objects only when the event loop turns; these loops never await.
test.runIf(HAS_WEBGPU)("a donated jitted step called 40,000 times without awaiting runs to the end", async () => {
  defaultDevice("webgpu");
  const step = jit((w: Array, x: Array) => w.sub(x.mul(0.01)).mul(0.999), { donate: [0] });
  let w: Array = np.zeros([64]);
  const x = np.ones([64]);
  for (let i = 0; i < 40_000; i++) w = step(w, x);
  // w_{n+1} = 0.999 (w_n - 0.01) converges to -9.99
  expect((await w.data())[0]).toBeCloseTo(-9.99, 3);
});

test.runIf(HAS_WEBGPU)("an eager loop that never awaits gets a clear error instead of a crash, and recovers after an await", async () => {
  defaultDevice("webgpu");
  // (the default limit, 49,152 bind groups, takes about as many steps as this one, each of
  // which makes a bind group; a lower one keeps the test short)
  const { budget } = getBackend("webgpu") as WebGPUBackend;
  const saved = budget.maxBindGroups;
  budget.maxBindGroups = 8000;
  let x: Array = np.zeros([16]);
  let steps = 0;
  let error: unknown;
  try {
    for (; steps < 100_000; steps++) x = x.add(1);
  } catch (e) {
    error = e;
  } finally {
    budget.maxBindGroups = saved;
  }
  expect(error).toBeInstanceOf(DeviceError);
  expect((error as Error).message).toMatch(/without the JavaScript event loop getting a turn.*await/s);
  expect(steps).toBeGreaterThan(4_000);
  expect(steps).toBeLessThanOrEqual(8_001); // one new bind group a step
  await new Promise((r) => setTimeout(r, 0));
  x = x.add(1);
  expect((await x.data())[15]).toBe(steps + 1);
});
