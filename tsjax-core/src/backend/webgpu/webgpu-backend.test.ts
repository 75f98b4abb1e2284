import { describe, expect, test } from "vitest";
import { type Array as TjArray, DeviceError, defaultDevice, jit, np, webgpuInfo } from "../../index.js";
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
  test("a host program started in another one's step holds back the rest of that step", async () => {
    const be = getBackend("webgpu") as WebGPUBackend;
    const flag = be.alloc("int32", 1);
    be.write(flag, "int32", new Int32Array([1]));
    const src = be.alloc("float32", 2);
    be.write(src, "float32", new Float32Array([5, 6]));
    const mid = be.alloc("float32", 2);
    be.write(mid, "float32", new Float32Array([0, 0]));
    const dst = be.alloc("float32", 2);
    const order: string[] = [];
    // The inner program reads a value back before it fills `mid`; the outer step reads `mid`
    // right after starting it, so that copy must wait for the inner program.
    const inner = function* () {
      yield { handle: flag, dtype: "int32" as const };
      order.push("inner copy");
      be.copy(src, mid, "float32", 2);
    };
    const outer = function* () {
      yield { handle: flag, dtype: "int32" as const };
      be.runProgram(inner());
      order.push("outer step continues");
      be.copy(mid, dst, "float32", 2);
      yield { handle: flag, dtype: "int32" as const };
      order.push("outer done");
    };
    be.runProgram(outer());
    // Issued at the top level while the programs are in flight: runs after both.
    be.copy(src, mid, "float32", 1, 1, 0);
    expect(Array.from((await be.read(dst, "float32", 2)) as Float32Array)).toEqual([5, 6]);
    expect(Array.from((await be.read(mid, "float32", 2)) as Float32Array)).toEqual([6, 6]);
    expect(order).toEqual(["outer step continues", "inner copy", "outer done"]);
    for (const h of [flag, src, mid, dst]) be.free(h);
  });

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

(HAS_WEBGPU ? describe : describe.skip)("webgpu pipelines", () => {
  test("the pipelines of jitted functions that are gone are released", async () => {
    defaultDevice("webgpu");
    const be = getBackend("webgpu") as WebGPUBackend;
    const cached = () => (be as unknown as { pipelines: { size: number } }).pipelines.size;
    const collect = async () => {
      for (let i = 0; i < 4; i++) {
        (globalThis as { gc?: () => void }).gc!();
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const x = np.ones([16]);
    await x.add(1).data();
    await collect();
    const before = cached();
    await (async () => {
      for (let i = 0; i < 40; i++) {
        const f = jit((a: TjArray) => a.mul(i + 0.5).add(3 * i + 0.25).sin()); // distinct kernels
        expect((await f(x).data())[0]).toBeCloseTo(Math.sin(i + 0.5 + 3 * i + 0.25), 5);
      }
    })();
    expect(cached()).toBeGreaterThanOrEqual(before); // (what is alive now is still cached)
    await collect();
    expect(cached()).toBeLessThanOrEqual(before + 2);
  });
});
