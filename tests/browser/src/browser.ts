/**
 * Debian's Chromium, driven by playwright-core (never a downloaded browser), with WebGPU on
 * (SwiftShader, its software adapter, where there is no GPU); and the static servers that the
 * tests open in it, cross-origin isolated as the web demo asks its hosts to be.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { type Plugin, type PreviewServer, build, preview } from "vite";

/** The browser the tests drive: Debian's chromium package (`TSJAX_CHROMIUM` overrides the path). */
export const CHROMIUM = process.env.TSJAX_CHROMIUM ?? "/usr/bin/chromium";

const FLAGS = ["--enable-unsafe-webgpu", "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

/** The headers of a cross-origin isolated page (as in examples/web/vite.config.ts). */
export const ISOLATION_HEADERS = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

/** Where Chromium must be present: in CI (`CI=true`) or with `TSJAX_REQUIRE_BROWSER=1`. */
const required = process.env.CI === "true" || process.env.TSJAX_REQUIRE_BROWSER === "1";

/**
 * Why the browser suites are skipped here (no Chromium, outside CI), or undefined when they run.
 * In CI a missing Chromium is not a skip: `launchChromium` fails and says how to install it.
 */
export const browserSkipReason: string | undefined =
  !existsSync(CHROMIUM) && !required ? `no Chromium at ${CHROMIUM}: \`apt-get install -y chromium\`, or set TSJAX_CHROMIUM` : undefined;
if (browserSkipReason) console.warn(`[tsjax browser tests] skipped: ${browserSkipReason}`);

/** Starts Chromium headless, or throws an error that says how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: install Debian's package (\`apt-get install -y chromium\`; .ci/run does it) or set TSJAX_CHROMIUM.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** Serves a built folder on a free port with the isolation headers; returns its URL and server. */
export async function serveStatic(root: string): Promise<{ url: string; server: PreviewServer }> {
  const server = await preview({
    root,
    configFile: false,
    logLevel: "warn",
    build: { outDir: "." },
    preview: { port: 0, host: "127.0.0.1", headers: ISOLATION_HEADERS },
  });
  return { url: server.resolvedUrls!.local[0]!, server };
}

/**
 * tsjax-core's package.json says `"sideEffects": false`, which holds for its one-file build; its
 * sources connect modules at load time (`numpy/index.ts`), so here they keep their side effects.
 */
const keepSourceSideEffects: Plugin = {
  name: "tsjax-core-sources-have-side-effects",
  transform(_code, id) {
    return id.includes("/tsjax-core/src/") ? { code: _code, moduleSideEffects: true, map: null } : undefined;
  },
};

/** Builds the test page (tests/browser/ops-page, with tsjax-core's sources) into `outDir`. */
export async function buildOpsPage(outDir: string): Promise<void> {
  await build({
    root: resolve(import.meta.dirname, "../ops-page"),
    configFile: false,
    logLevel: "warn",
    base: "./",
    build: {
      outDir, emptyOutDir: true, target: "es2022", minify: false, reportCompressedSize: false, chunkSizeWarningLimit: 4000,
    },
    plugins: [keepSourceSideEffects],
    worker: { format: "es", plugins: () => [keepSourceSideEffects] },
  });
}

/** Where tests keep what a person should look at afterwards (screenshots): an ignored folder. */
export const RESULTS = resolve(import.meta.dirname, "../test-results");
