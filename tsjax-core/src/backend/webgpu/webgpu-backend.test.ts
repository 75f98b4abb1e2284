import { describe, expect, test } from "vitest";
import { DeviceError, defaultDevice, np, webgpuInfo } from "../../index.js";
import { getBackend } from "../devices.js";
import { WebGPUBackend } from "./webgpu-backend.js";
import { bucketBytes } from "./pool.js";
import { HAS_WEBGPU, expectEqual } from "../../../test/helpers.js";

test("pool buckets waste at most a quarter and are multiples of 16 bytes", () => {
  for (const n of [1, 15, 16, 17, 255, 256, 257, 1000, 4097, 123456, 1 << 20, (1 << 20) + 1]) {
    const b = bucketBytes(n);
    expect(b).toBeGreaterThanOrEqual(n);
    expect(b % 16).toBe(0);
    if (n > 256) expect(b / n).toBeLessThanOrEqual(1.25);
  }
});

(HAS_WEBGPU ? describe : describe.skip)("webgpu backend", () => {
  test("identical kernels compile one pipeline", async () => {
    defaultDevice("webgpu");
    const be = getBackend("webgpu") as WebGPUBackend;
    const a = np.array([1, 2, 3, 4]);
    await a.mul(a).data();
    const before = be.pipelinesCompiled;
    // A different eager signature (a strided view) that lowers to the same WGSL is not recompiled:
    const b = np.array([[1, 2], [3, 4]]).reshape(4);
    await b.mul(b).data();
    await np.array([9, 9, 9, 9]).mul(np.array([1, 1, 1, 1])).data();
    expect(be.pipelinesCompiled).toBe(before);
  });

  test("arrays over the device's binding limit are rejected with the limit named", () => {
    defaultDevice("webgpu");
    const limit = webgpuInfo()!.limits.maxStorageBufferBindingSize!;
    const n = Math.floor(limit / 4) + 1024;
    expect(() => np.zeros([n]).add(1)).toThrow(DeviceError);
    expect(() => np.zeros([n]).add(1)).toThrow(new RegExp(`maxStorageBufferBindingSize of ${limit} bytes`));
  });

  test("grids beyond 65535 workgroups per dimension are folded", async () => {
    defaultDevice("webgpu");
    const n = 65535 * 256 + 1000; // one more workgroup than fits in one dimension
    const x = np.arange(n).add(1);
    await expectEqual(x.get("-3:"), [n - 2, n - 1, n]);
    await expectEqual(x.get(0), 1);
    await expectEqual(x.get(65535 * 256), 65535 * 256 + 1);
    x.dispose();
  });
});
