/**
 * The web demo's build. The page is served cross-origin isolated (COOP + COEP), in development
 * (`npm run web`), in `vite preview` and by any host of the built site, so that the page may
 * use SharedArrayBuffer: the CPU backend's WebAssembly memory is then shared with Web Worker
 * threads that take a share of its matrix products.
 */
import { defineConfig } from "vite";

/** The headers a host must send with every file of the site for cross-origin isolation. */
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  // Relative URLs: the built site works from any folder of any host.
  base: "./",
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 1200 },
});
