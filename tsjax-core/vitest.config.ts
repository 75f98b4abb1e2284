import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // WebGPU (Dawn) runs in native code: each test file gets its own process.
    pool: "forks",
    // Lets the memory tests force garbage collection (FinalizationRegistry frees arrays).
    execArgv: ["--expose-gc"],
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Type-level tests (*.test-d.ts): checked by the compiler, reported with the other tests.
    // Type errors elsewhere in the sources are `npm run typecheck`'s job, not these tests'.
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], ignoreSourceErrors: true },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
