import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["*.test.ts"],
    // parsing every source of tsjax-core takes seconds on a loaded machine
    testTimeout: 60_000,
  },
});
