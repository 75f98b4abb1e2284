/**
 * Why WebGPU cannot be used, in words that fit where the code runs: a browser user is told
 * about browsers and secure contexts, a Node user about the `webgpu` package and drivers.
 */

/** Where tsjax runs, as far as WebGPU advice is concerned. */
export interface RuntimeInfo {
  kind: "browser" | "node" | "other";
  /** `process.platform` in Node ("linux", "darwin", "win32", ...). */
  platform?: string;
  /** `isSecureContext` in a browser (WebGPU exists only in secure contexts). */
  secureContext?: boolean;
}

/** The runtime this code is in. */
export function currentRuntime(): RuntimeInfo {
  const g = globalThis as {
    process?: { versions?: { node?: string }; platform?: string };
    document?: unknown;
    importScripts?: unknown;
    isSecureContext?: boolean;
  };
  // Deno and Bun also define process.versions.node; their advice is Node's.
  if (g.process?.versions?.node) return { kind: "node", platform: g.process.platform };
  if (g.document !== undefined || typeof g.importScripts === "function") {
    return { kind: "browser", secureContext: g.isSecureContext };
  }
  return { kind: "other" };
}

/** How to ask for a software adapter explicitly. */
function askForIt(rt: RuntimeInfo): string {
  const env = rt.kind === "node" ? " or set TSJAX_DEVICE=webgpu" : "";
  return `To use it anyway, call \`await init({ device: "webgpu" })\`${env}.`;
}

/**
 * The reason WebGPU is unavailable, as a sentence fragment that follows
 * "WebGPU is not available: ".
 *
 * - `no-api`: no `navigator.gpu` (and, in Node, the `webgpu` package could not be loaded:
 *   `detail` is the loader's message);
 * - `no-adapter`: the implementation returned no adapter;
 * - `fallback-only`: the only adapter is a software (fallback) one, named by `detail`.
 */
export function unavailableReason(what: "no-api" | "no-adapter" | "fallback-only", rt: RuntimeInfo, detail = ""): string {
  switch (what) {
    case "no-api":
      if (rt.kind === "node") {
        return (
          `the optional peer dependency "webgpu" could not be loaded (${detail}); ` +
          "install it with `npm install webgpu` to use WebGPU in Node"
        );
      }
      if (rt.kind === "browser" && rt.secureContext === false) {
        return (
          "this page is not a secure context, and browsers offer WebGPU (`navigator.gpu`) only to " +
          "pages served over https:// or from localhost"
        );
      }
      if (rt.kind === "browser") {
        return (
          "this browser has no `navigator.gpu`; WebGPU needs a browser that supports it " +
          "(Chrome or Edge 113+, Safari 26+, Firefox 141+) with WebGPU enabled"
        );
      }
      return "this environment has no `navigator.gpu`";
    case "no-adapter":
      if (rt.kind === "browser") {
        return (
          "the browser found no WebGPU adapter: WebGPU may be turned off or the GPU blocklisted " +
          "(chrome://gpu tells why in Chrome; Chromium on Linux needs --enable-unsafe-webgpu)"
        );
      }
      if (rt.kind === "node" && rt.platform === "linux") {
        return (
          "no adapter was found. In Node on Linux without a GPU, install a Vulkan driver (Mesa lavapipe: " +
          "`apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1`)"
        );
      }
      return "no adapter was found; check that a GPU and its drivers are installed";
    case "fallback-only":
      return (
        `the only WebGPU adapter is a software (fallback) one (${detail || "unnamed"}), which is ` +
        `slower than tsjax's CPU backend, so the CPU is used. ${askForIt(rt)}`
      );
  }
}
