/**
 * tsjax-core inside Debian's Chromium: every case of the op-case table (its output, and the
 * gradient of its sum through jit), and a few jitted training steps, on the browser's WebGPU
 * adapter (SwiftShader without a GPU) and on the CPU backend, compared with the same
 * computations on the CPU in Node.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { PreviewServer } from "vite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { browserSkipReason, buildOpsPage, launchChromium, serveStatic } from "./src/browser.js";
import { type CaseResult, type TrainingResult, runOpCases, runTraining } from "./src/workloads.js";

interface PageApi {
  init(): Promise<{ devices: string[]; reason?: string; adapter?: string; features: string[]; isolated: boolean }>;
  runOpCases(device: string): Promise<Record<string, CaseResult>>;
  runTraining(device: string, steps: number, jitted: boolean): Promise<TrainingResult>;
  cpuThreads(): Promise<{ threads: number; threadedJobs: number; value: number; isolated: boolean; mainThreads: number }>;
}
declare const tsjaxTests: PageApi;

const suite = browserSkipReason ? describe.skip : describe;

suite(`tsjax-core in Chromium, against Node's CPU${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ""}`, () => {
  let dir = "";
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  let env: Awaited<ReturnType<PageApi["init"]>>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tsjax-ops-page-"));
    await buildOpsPage(dir);
    const served = await serveStatic(dir);
    server = served.server;
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(served.url);
    await page.waitForSelector("body[data-ready]");
    env = await page.evaluate(() => tsjaxTests.init());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the page is cross-origin isolated and has WebGPU (a software adapter counts)", () => {
    expect(env.isolated).toBe(true);
    expect(env.reason).toBeUndefined();
    expect(env.devices).toEqual(["cpu", "webgpu"]);
  });

  test("in a worker of the isolated page, the CPU backend's GEMMs run on Web Workers too; on the main thread, on one", async () => {
    const got = await page.evaluate(() => tsjaxTests.cpuThreads());
    // sum over k of a[255, k]^2 with a[i, k] = (256 i + k) * 1e-4
    let want = 0;
    for (let k = 0; k < 256; k++) want += ((256 * 255 + k) * 1e-4) ** 2;
    expect(got.isolated).toBe(true);
    expect(got.threads).toBeGreaterThanOrEqual(2);
    expect(got.threadedJobs).toBeGreaterThan(0);
    expect(Math.abs(got.value - want)).toBeLessThan(1e-5 * want);
    expect(got.mainThreads).toBe(1);
  });

  /** Compares two lists of values within tolerance; returns a description of the first mismatch. */
  function mismatch(got: number[], want: number[], rtol: number, atol: number): string | undefined {
    if (got.length !== want.length) return `${got.length} values, expected ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const [g, w] = [got[i]!, want[i]!];
      const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= atol + rtol * Math.abs(w);
      if (!ok) return `element ${i}: got ${g}, expected ${w}`;
    }
    return undefined;
  }

  /** Every difference between a device's results in the browser and Node's CPU results. */
  function differences(got: Record<string, CaseResult>, want: Record<string, CaseResult>, rtol: number, atol: number): string[] {
    const out: string[] = [];
    for (const [name, w] of Object.entries(want)) {
      const g = got[name];
      if (!g) out.push(`${name}: missing`);
      else if (w.error || g.error) {
        if (w.error !== g.error) out.push(`${name}: error ${JSON.stringify(g.error)}, in Node ${JSON.stringify(w.error)}`);
      } else {
        const m = JSON.stringify(g.shape) !== JSON.stringify(w.shape) ? `shape ${JSON.stringify(g.shape)}, expected ${JSON.stringify(w.shape)}` : mismatch(g.value!, w.value!, rtol, atol);
        if (m) out.push(`${name}: value ${m}`);
        (w.grads ?? []).forEach((wg, k) => {
          const gm = mismatch(g.grads?.[k] ?? [], wg, rtol, atol);
          if (gm) out.push(`${name}: jit(grad) of argument ${k}: ${gm}`);
        });
      }
    }
    return out;
  }

  let nodeCases: Record<string, CaseResult>;
  let nodeTraining: TrainingResult;

  describe("computed in Node on the CPU (the reference)", () => {
    test("the op cases run", async () => {
      nodeCases = await runOpCases("cpu");
      const errors = Object.entries(nodeCases).filter(([, r]) => r.error);
      expect(errors).toEqual([]);
      expect(Object.keys(nodeCases).length).toBeGreaterThan(150);
    });

    test("jitted training steps equal eager ones, and the loss falls", async () => {
      nodeTraining = await runTraining("cpu", 8, true);
      const eager = await runTraining("cpu", 8, false);
      expect(mismatch(nodeTraining.losses, eager.losses, 1e-5, 1e-6)).toBeUndefined();
      nodeTraining.params.forEach((p, k) => expect(mismatch(p, eager.params[k]!, 1e-4, 1e-5), `parameter ${k}`).toBeUndefined());
      expect(nodeTraining.losses.at(-1)!).toBeLessThan(nodeTraining.losses[0]! * 0.5);
    });
  });

  // WebGPU runs float32 with the GPU's own exp/log/sin; the CPU in the page runs the same code as Node.
  describe.each([
    ["webgpu", 3e-4, 3e-5],
    ["cpu", 1e-5, 1e-6],
  ] as const)("in Chromium on %s", (device, rtol, atol) => {
    test("every op case and its jitted gradient match Node's CPU", async () => {
      const got = await page.evaluate((d) => tsjaxTests.runOpCases(d), device);
      // float16 needs the shader-f16 feature on WebGPU (SwiftShader lacks it): those cases must fail
      // with an error that says so, and only those.
      const f16 = device === "webgpu" && !env.features.includes("shader-f16");
      const unsupported = Object.entries(got).filter(([, r]) => f16 && r.error && /float16 arrays need the "shader-f16" feature/.test(r.error)).map(([n]) => n);
      for (const n of unsupported) expect(n).toMatch(/f16/);
      if (f16) expect(unsupported.length).toBeGreaterThan(0);
      const want = Object.fromEntries(Object.entries(nodeCases).filter(([n]) => !unsupported.includes(n)));
      expect(differences(got, want, rtol, atol)).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    test("a jitted training run matches Node's CPU", async () => {
      const got = await page.evaluate((d) => tsjaxTests.runTraining(d, 8, true), device);
      expect(mismatch(got.losses, nodeTraining.losses, rtol * 10, atol * 10), "losses").toBeUndefined();
      got.params.forEach((p, k) => expect(mismatch(p, nodeTraining.params[k]!, rtol * 10, atol * 10), `parameter ${k}`).toBeUndefined());
    });
  });
});
