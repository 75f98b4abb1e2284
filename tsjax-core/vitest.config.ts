import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // WebGPU (Dawn) runs in native code: each test file gets its own process.
    pool: "forks",
    // Lets the memory tests force garbage collection (FinalizationRegistry frees arrays).
    execArgv: ["--expose-gc"],
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
