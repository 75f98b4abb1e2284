import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // WebGPU (Dawn) runs in native code: each test file gets its own process.
    pool: "forks",
    include: ["src/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
