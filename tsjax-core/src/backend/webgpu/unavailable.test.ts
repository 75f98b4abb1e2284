import { expect, test } from "vitest";
import { currentRuntime, unavailableReason } from "./unavailable.js";

test("in Node the runtime is node, with its platform", () => {
  expect(currentRuntime()).toEqual({ kind: "node", platform: process.platform });
});

test("a browser without navigator.gpu is told about browsers and secure contexts, not npm or apt", () => {
  const plain = unavailableReason("no-api", { kind: "browser", secureContext: true });
  expect(plain).toMatch(/this browser has no `navigator.gpu`.*Chrome or Edge 113\+/);
  expect(unavailableReason("no-api", { kind: "browser", secureContext: false })).toMatch(/not a secure context.*https:\/\/ or from localhost/);
  const noAdapter = unavailableReason("no-adapter", { kind: "browser" });
  expect(noAdapter).toMatch(/the browser found no WebGPU adapter.*chrome:\/\/gpu/);
  for (const m of [plain, noAdapter]) expect(m).not.toMatch(/npm|apt-get|Node/);
});

test("Node is told about the webgpu package, and on Linux about the Vulkan driver", () => {
  expect(unavailableReason("no-api", { kind: "node", platform: "linux" }, "Cannot find package 'webgpu'")).toBe(
    "the optional peer dependency \"webgpu\" could not be loaded (Cannot find package 'webgpu'); " +
      "install it with `npm install webgpu` to use WebGPU in Node",
  );
  expect(unavailableReason("no-adapter", { kind: "node", platform: "linux" })).toMatch(/Vulkan driver.*mesa-vulkan-drivers/);
  expect(unavailableReason("no-adapter", { kind: "node", platform: "darwin" })).not.toMatch(/apt-get/);
});

test("a software adapter only: the CPU is used, and the message says how to ask for WebGPU where it runs", () => {
  const node = unavailableReason("fallback-only", { kind: "node", platform: "linux" }, "mesa software llvmpipe");
  expect(node).toMatch(/only WebGPU adapter is a software \(fallback\) one \(mesa software llvmpipe\).*the CPU is used/);
  expect(node).toMatch(/init\(\{ device: "webgpu" \}\)` or set TSJAX_DEVICE=webgpu\.$/);
  const browser = unavailableReason("fallback-only", { kind: "browser" }, "google swiftshader");
  expect(browser).toMatch(/init\(\{ device: "webgpu" \}\)`\.$/);
  expect(browser).not.toMatch(/TSJAX_DEVICE/);
});
