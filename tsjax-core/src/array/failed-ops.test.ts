import { expect, test } from "vitest";
import { type Array, DeviceError, ShapeError, memoryStats, np, random, synchronize, webgpuInfo } from "../index.js";
import { describeDevices } from "../../test/helpers.js";

// An operation that throws leaves the device as it was: the next, unrelated operation works
// and memoryStats() counts what it counted before.
describeDevices("failed operations", (device) => {
  const key = random.key(0);
  let cols: Array | undefined;
  let rows: Array | undefined;
  const huge: [string, () => unknown, RegExp][] = [
    ["np.zeros of 1e12 elements", () => np.zeros([1e6, 1e6]).add(1), /np\.zeros: shape \[1000000,1000000\] has 1\.00e\+12 elements, more than the 2147483647/],
    ["random.normal of 1e12 elements", () => random.normal(key, [1e6, 1e6]), /random\.normal: shape \[1000000,1000000\] has 1\.00e\+12 elements/],
    ["np.zeros of 2^60 elements", () => np.zeros([2 ** 30, 2 ** 30]).add(1), /np\.zeros: .* 1\.15e\+18 elements/],
    ["np.full of 3e9 elements", () => np.full([3e9], 2).mul(2), /np\.full: .* 3\.00e\+9 elements/],
    ["a broadcast to 1e12 elements", () => cols!.mul(rows!), /: the broadcast of \[1000000,1\] and \[1,1000000\], of shape \[1000000,1000000\], has 1\.00e\+12 elements/],
  ];
  for (const [name, op, message] of huge) {
    test(`${name}: a clear error, then the next operation works`, async () => {
      np.arange(5).add(1).dispose();
      cols ??= np.ones([1e6, 1]);
      rows ??= np.ones([1, 1e6]);
      await synchronize(device);
      const before = memoryStats(device);
      expect(op).toThrow(ShapeError);
      expect(op).toThrow(message);
      expect(memoryStats(device).liveBytes).toBe(before.liveBytes);
      expect(memoryStats(device).liveBuffers).toBe(before.liveBuffers);
      const next = np.arange(5).add(1);
      expect(await next.toArray()).toEqual([1, 2, 3, 4, 5]);
      next.dispose();
    });
  }

  test("np.arange to Infinity is an error naming np.arange", async () => {
    expect(() => np.arange(0, Infinity)).toThrow(/np\.arange: start and stop must be finite numbers, got 0 and Infinity/);
    expect(await np.arange(3).add(1).toArray()).toEqual([1, 2, 3]);
  });

  // the CPU has no per-buffer limit below the size check, so this case exists on WebGPU only
  if (device === "webgpu") test("an allocation over the device's limit leaves the counts and the next operation intact", async () => {
    const limit = webgpuInfo()!.limits.maxStorageBufferBindingSize!;
    const x = np.ones([Math.floor(limit / 4) + 1024]);
    await synchronize(device);
    const before = memoryStats(device);
    expect(() => x.add(1)).toThrow(DeviceError);
    expect(memoryStats(device).liveBuffers).toBe(before.liveBuffers);
    expect(memoryStats(device).liveBytes).toBe(before.liveBytes);
    const next = np.arange(5).add(1);
    expect(await next.toArray()).toEqual([1, 2, 3, 4, 5]);
    next.dispose();
  });
});
