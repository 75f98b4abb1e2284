import { afterEach, expect, test } from "vitest";
import { MemoryLedger, memoryConfig, resolveLimit } from "./memory.js";
import { ResourceExhaustedError } from "../errors.js";

const VARS = ["TSJAX_PREALLOCATE", "TSJAX_MEM_FRACTION", "TSJAX_MEM_LIMIT", "TSJAX_ALLOCATOR"];
afterEach(() => {
  for (const v of VARS) delete process.env[v];
});

test("defaults: no preallocation, no limit, the pool allocator", () => {
  const cfg = memoryConfig();
  expect([cfg.preallocate, cfg.fraction, cfg.limitBytes, cfg.allocator]).toEqual([false, undefined, undefined, "pool"]);
  expect(resolveLimit(cfg, 1000).limit).toBe(Infinity);
});

test("the limit: limitBytes, else fraction of the capacity, else 0.75 with preallocate (JAX's default)", () => {
  expect(resolveLimit(memoryConfig({ limitBytes: 4096 }), 1000).limit).toBe(4096);
  expect(resolveLimit(memoryConfig({ limitBytes: 4096, fraction: 0.5 }), 1000).limit).toBe(4096);
  expect(resolveLimit(memoryConfig({ fraction: 0.5 }), 1000).limit).toBe(500);
  expect(resolveLimit(memoryConfig({ preallocate: true }), 1000).limit).toBe(750);
  expect(resolveLimit(memoryConfig({ preallocate: true, fraction: 0.25 }), 1000).limit).toBe(250);
});

test("environment variables give the settings; init options win over them", () => {
  process.env.TSJAX_PREALLOCATE = "true";
  process.env.TSJAX_MEM_FRACTION = "0.5";
  const cfg = memoryConfig();
  expect([cfg.preallocate, cfg.fraction]).toEqual([true, 0.5]);
  expect(resolveLimit(cfg, 1000).knob).toMatch(/TSJAX_MEM_FRACTION/);
  expect(memoryConfig({ fraction: 0.2 }).fraction).toBe(0.2);
  expect(resolveLimit(memoryConfig({ fraction: 0.2 }), 1000).knob).toMatch(/init\(\{ memory: \{ fraction \} \}\)/);
  process.env.TSJAX_PREALLOCATE = "0";
  process.env.TSJAX_MEM_LIMIT = "65536";
  process.env.TSJAX_ALLOCATOR = "platform";
  const c2 = memoryConfig();
  expect([c2.preallocate, c2.limitBytes, c2.allocator]).toEqual([false, 65536, "platform"]);
  expect(resolveLimit(c2, 1000).knob).toMatch(/TSJAX_MEM_LIMIT/);
});

test("bad values are clear errors", () => {
  expect(() => memoryConfig({ fraction: 1.5 })).toThrow(/init: memory: fraction must be a number in \(0, 1\]/);
  expect(() => memoryConfig({ fraction: 0 })).toThrow(/fraction must be/);
  expect(() => memoryConfig({ limitBytes: -1 })).toThrow(/limitBytes must be a positive whole number of bytes, got -1/);
  expect(() => memoryConfig({ limitBytes: 1.5 })).toThrow(/limitBytes must be/);
  expect(() => memoryConfig({ allocator: "bfc" as "pool" })).toThrow(/allocator must be "pool" or "platform", got "bfc"/);
  expect(() => memoryConfig({ preallocate: "yes" as unknown as boolean })).toThrow(/preallocate must be true or false/);
  expect(() => memoryConfig({ fracton: 0.5 } as object)).toThrow(/unknown option "fracton" \(did you mean "fraction"\?\)/);
  expect(() => memoryConfig({ preallocate: true, allocator: "platform" })).toThrow(/cannot preallocate/);
  process.env.TSJAX_MEM_FRACTION = "most";
  expect(() => memoryConfig()).toThrow(/TSJAX_MEM_FRACTION: fraction must be a number in \(0, 1\], .*got "most"/);
  delete process.env.TSJAX_MEM_FRACTION;
  process.env.TSJAX_PREALLOCATE = "maybe";
  expect(() => memoryConfig()).toThrow(/TSJAX_PREALLOCATE: preallocate must be true or false, got "maybe"/);
});

test("the ledger keeps the peak and refuses what would pass the limit, changing nothing", () => {
  const m = new MemoryLedger("cpu");
  m.configure(memoryConfig({ limitBytes: 1000 }), 2 ** 32);
  m.add(600);
  m.add(300);
  m.remove(600);
  expect([m.live, m.liveBytes, m.peakBytes]).toEqual([1, 300, 900]);
  m.resetPeak();
  expect(m.peakBytes).toBe(300);
  m.admit(700); // exactly at the limit is fine
  let err: unknown;
  try {
    m.admit(701);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ResourceExhaustedError);
  const r = err as ResourceExhaustedError;
  expect([r.requestedBytes, r.liveBytes, r.limitBytes, r.device]).toEqual([701, 300, 1000, "cpu"]);
  expect(r.message).toMatch(/cpu: out of memory: allocating 701 B failed because it would pass the limit of 1000 B; 300 B are held by 1 live buffers/);
  expect(r.message).toMatch(/raise the limit \(init\(\{ memory: \{ limitBytes \} \}\)\)/);
  expect([m.live, m.liveBytes]).toEqual([1, 300]);
});
