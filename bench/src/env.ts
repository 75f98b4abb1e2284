/**
 * Process setup every library needs before it is imported: WebGPU globals from the `webgpu`
 * package, and a `navigator` (jax-js and tfjs look for `navigator.gpu` and a user agent).
 */
import { create, globals } from "webgpu";

Object.assign(globalThis, globals);
if (!(globalThis as { navigator?: unknown }).navigator || !(globalThis.navigator as { gpu?: unknown }).gpu) {
  Object.defineProperty(globalThis, "navigator", {
    value: { gpu: create([]), userAgent: "Node.js" },
    configurable: true,
    writable: true,
  });
}
