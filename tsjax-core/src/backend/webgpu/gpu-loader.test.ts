/**
 * Adapter choice with a fake `navigator.gpu`: hardware adapters first, a software (fallback)
 * adapter only when asked for, and errors that say why.
 */
import { afterEach, expect, test } from "vitest";
import { DeviceError } from "../../errors.js";
import { findAdapter } from "./gpu-loader.js";

interface FakeAdapter {
  info: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter: boolean };
}
const adapter = (name: string, fallback: boolean): FakeAdapter => ({
  info: { vendor: name, architecture: "", device: "", description: "", isFallbackAdapter: fallback },
});

const original = Object.getOwnPropertyDescriptor(globalThis, "navigator");
afterEach(() => {
  if (original) Object.defineProperty(globalThis, "navigator", original);
  else delete (globalThis as { navigator?: unknown }).navigator;
});

/** Installs a fake `navigator.gpu` that answers each power preference with the given adapter. */
function fakeGpu(byPreference: Record<string, FakeAdapter | null>): string[] {
  const asked: string[] = [];
  const gpu = {
    requestAdapter: async (opts: { powerPreference?: string } = {}) => {
      asked.push(opts.powerPreference ?? "default");
      return byPreference[opts.powerPreference ?? "default"] ?? null;
    },
  };
  Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  return asked;
}

test("a hardware adapter is taken at once", async () => {
  const asked = fakeGpu({ "high-performance": adapter("nvidia", false) });
  const found = await findAdapter(false);
  expect(found.fallback).toBe(false);
  expect((found.adapter as unknown as FakeAdapter).info.vendor).toBe("nvidia");
  expect(asked).toEqual(["high-performance"]);
});

test("when the first adapter is a software one, a hardware adapter is looked for before it is used", async () => {
  fakeGpu({ "high-performance": adapter("swiftshader", true), "low-power": adapter("intel", false) });
  const found = await findAdapter(false);
  expect(found.fallback).toBe(false);
  expect((found.adapter as unknown as FakeAdapter).info.vendor).toBe("intel");
});

test("only a software adapter: refused unless asked for, with a reason that says how to ask", async () => {
  fakeGpu({ "high-performance": adapter("google", true), "low-power": adapter("google", true) });
  const refused = findAdapter(false);
  await expect(refused).rejects.toThrow(DeviceError);
  await expect(findAdapter(false)).rejects.toThrow(/software \(fallback\) one \(google\).*init\(\{ device: "webgpu" \}\)/);
  const found = await findAdapter(true);
  expect(found.fallback).toBe(true);
});

test("no adapter at all is a DeviceError that says so", async () => {
  fakeGpu({});
  await expect(findAdapter(true)).rejects.toThrow(/WebGPU is not available: no adapter was found/);
});
