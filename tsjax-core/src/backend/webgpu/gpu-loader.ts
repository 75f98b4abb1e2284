/**
 * Finds a WebGPU implementation: `navigator.gpu` in browsers (and wherever a host defines it),
 * else, in Node, the optional peer dependency `webgpu` (Dawn), imported lazily so that browser
 * bundles never include it.
 */
export interface GpuLookup {
  gpu?: GPU;
  /** Why no implementation was found. */
  reason?: string;
}

export async function findGpu(): Promise<GpuLookup> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu };
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) {
    return { reason: "this environment has no navigator.gpu (use a browser with WebGPU enabled)" };
  }
  const name = "webgpu"; // not a literal import: bundlers must not follow it
  try {
    const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as {
      create(flags: string[]): GPU;
    };
    return { gpu: mod.create([]) };
  } catch (e) {
    return {
      reason:
        `the optional peer dependency "webgpu" could not be loaded (${(e as Error).message}); ` +
        `install it with \`npm install webgpu\` to use WebGPU in Node`,
    };
  }
}
