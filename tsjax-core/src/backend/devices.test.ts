import { afterEach, expect, test } from "vitest";
import { DeviceError, type DeviceName, defaultDevice, destroyDevice, devicePut, devices, init, np, webgpuInfo, webgpuUnavailableReason } from "../index.js";
import { HAS_WEBGPU, expectEqual } from "../../test/helpers.js";

afterEach(() => {
  delete process.env.TSJAX_DEVICE;
});

test("the cpu device always exists", async () => {
  expect(devices()).toContain("cpu");
  const x = np.array([1, 2], { device: "cpu" });
  expect(x.device).toBe("cpu");
  expect(Array.from(x.dataSync())).toEqual([1, 2]);
});

test("unknown device names are rejected with the valid names", () => {
  expect(() => defaultDevice("gpu" as "cpu")).toThrow(/unknown device "gpu"; use "cpu" or "webgpu"/);
});

test("TSJAX_DEVICE overrides the default until defaultDevice() is set", () => {
  process.env.TSJAX_DEVICE = "cpu";
  expect(defaultDevice()).toBe("cpu");
  expect(np.ones([2]).device).toBe("cpu");
  process.env.TSJAX_DEVICE = "tpu";
  expect(() => defaultDevice()).toThrow(/TSJAX_DEVICE: unknown device "tpu"/);
});

test.runIf(HAS_WEBGPU)("webgpu is the default after init() and reports its adapter", () => {
  defaultDevice("webgpu");
  expect(devices()).toEqual(["cpu", "webgpu"]);
  const info = webgpuInfo()!;
  expect(info.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
  expect(np.ones([1]).device).toBe("webgpu");
});

test.runIf(HAS_WEBGPU)("devicePut moves arrays (and trees of arrays) between devices", async () => {
  const c = np.array([[1, 2], [3, 4]], { device: "cpu" });
  const g = await devicePut(c, "webgpu");
  expect(g.device).toBe("webgpu");
  await expectEqual(g.T, [[1, 3], [2, 4]]);
  const tree = await devicePut({ a: g, b: [g.mul(2)] }, "cpu");
  expect(tree.a.device).toBe("cpu");
  await expectEqual(tree.b[0]!, [[2, 4], [6, 8]]);
});

test.runIf(HAS_WEBGPU)("mixing devices in one op is an error that says how to fix it", () => {
  const c = np.array([1, 2], { device: "cpu" });
  const g = np.array([1, 2], { device: "webgpu" });
  expect(() => np.add(c, g)).toThrow(DeviceError);
  expect(() => c.add(g)).toThrow(/operands are on different devices \(cpu and webgpu\).*devicePut/);
});

test.runIf(HAS_WEBGPU)("a destroyed device gives clear errors, and init() creates a new one", async () => {
  const x = np.array([1, 2, 3], { device: "webgpu" });
  destroyDevice("webgpu");
  expect(devices()).toEqual(["cpu"]);
  await expect(x.data()).rejects.toThrow(DeviceError);
  await expect(x.data()).rejects.toThrow(/lived on the webgpu device, which is unusable: it was destroyed.*await init\(\)/);
  expect(() => x.add(1)).toThrow(/unusable: it was destroyed/);
  expect(() => np.ones([2], { device: "webgpu" })).toThrow(/webgpu device is unusable.*await init\(\)/);
  expect(() => destroyDevice("cpu")).toThrow(/cannot be destroyed/);
  await init("webgpu");
  expect(devices()).toEqual(["cpu", "webgpu"]);
  await expectEqual(np.array([5, 6], { device: "webgpu" }).add(1), [6, 7]);
});

test("init options: unknown keys and device names are errors", async () => {
  await expect(init({ devise: "cpu" } as never)).rejects.toThrow(/init: unknown option "devise"; the options are \{ device, memory \}/);
  await expect(init({ device: "gpu" as DeviceName })).rejects.toThrow(/init: unknown device "gpu"/);
  await expect(init({ memory: { fraction: 2 } })).rejects.toThrow(/init: memory: fraction must be a number in \(0, 1\]/);
  await expect(init({ memory: { limit: 5 } as never })).rejects.toThrow(/init: memory: unknown option "limit"/);
});

// Where the adapter is a software one (lavapipe in CI), init() keeps to the CPU unless asked.
test.runIf(HAS_WEBGPU)("on a software adapter, init() uses the CPU and says why; asking for WebGPU uses it", async () => {
  const fallback = webgpuInfo()!.isFallbackAdapter;
  destroyDevice("webgpu");
  await init();
  if (fallback) {
    expect(devices()).toEqual(["cpu"]);
    expect(defaultDevice()).toBe("cpu");
    expect(webgpuUnavailableReason()).toMatch(/software \(fallback\) one .*the CPU is used.*init\(\{ device: "webgpu" \}\)` or set TSJAX_DEVICE=webgpu/);
    process.env.TSJAX_DEVICE = "webgpu";
    await init();
    expect(devices()).toEqual(["cpu", "webgpu"]);
    delete process.env.TSJAX_DEVICE;
    destroyDevice("webgpu");
  }
  expect(await init({ device: "webgpu" })).toEqual(["cpu", "webgpu"]);
  expect(webgpuUnavailableReason()).toBeUndefined();
  expect(defaultDevice()).toBe("webgpu");
  await init({ device: "cpu" });
  expect(defaultDevice()).toBe("cpu");
});
