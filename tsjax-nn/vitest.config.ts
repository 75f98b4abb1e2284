import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // WebGPU (Dawn) runs in native code: each test file gets its own process.
    pool: "forks",
    include: ["src/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], ignoreSourceErrors: true },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
