import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  // `webgpu` (Dawn for Node) is an optional peer, loaded lazily at run time only in Node.
  external: ["webgpu"],
});
