import { defineConfig } from "vitest/config";

/** The vitest settings every example's test suite shares. */
export default defineConfig({
  test: {
    // WebGPU (Dawn) runs in native code: each test file gets its own process.
    pool: "forks",
    include: ["src/**/*.test.ts"],
    // CI runs the examples' suites beside the packages' on 2 cores: compiles can take a while.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
