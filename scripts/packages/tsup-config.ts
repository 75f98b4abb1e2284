/**
 * The build of every published package (see rules.mjs): ESM only, with types, for ES2022;
 * dependencies and peer dependencies stay external (tsup's default); source maps without the
 * source text (they point at `src/`, which is not published).
 *
 * A package's tsup.config.ts is `export default packageConfig();`.
 */
import { defineConfig, type Options } from "tsup";

export function packageConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    esbuildOptions(options) {
      options.sourcesContent = false;
    },
    ...overrides,
  });
}
