/**
 * End to end: the built examples/web site, served cross-origin isolated, in Debian's Chromium.
 * It trains on the CPU, then (switched with the page's device control) on WebGPU; each time the
 * device shown is the one asked for, the loss curve is drawn on the chart's canvas and the loss
 * falls. Screenshots are kept in tests/browser/test-results/.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { PreviewServer } from "vite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DemoState } from "../../examples/web/src/messages.js";
import { RESULTS, browserSkipReason, launchChromium, serveStatic } from "./src/browser.js";

const SITE = resolve(import.meta.dirname, "../../examples/web/dist");
/** The chart's loss colour (examples/web/src/chart.ts), as RGB. */
const LOSS_RGB = [0xd1, 0x49, 0x5b];

declare const tsjaxDemo: DemoState;

const suite = browserSkipReason ? describe.skip : describe;

suite(`examples/web in Chromium${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ""}`, () => {
  let server: PreviewServer;
  let browser: Browser;
  let page: Page;
  let url = "";
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(SITE, "index.html"))) throw new Error("examples/web/dist is missing: run `npm run web:build` (npm test builds it through turbo).");
    mkdirSync(RESULTS, { recursive: true });
    ({ url, server } = await serveStatic(SITE));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 960, height: 760 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Waits until the run has `steps` losses (or failed), and returns its state. */
  async function trainUntil(steps: number): Promise<DemoState> {
    await page.waitForFunction((n) => tsjaxDemo.error !== undefined || tsjaxDemo.losses.length >= n, steps, { timeout: 240_000, polling: 250 });
    const state = await page.evaluate(() => ({ ...tsjaxDemo, losses: [...tsjaxDemo.losses] }));
    expect(state.error).toBeUndefined();
    return state;
  }

  /** Pixels of the loss colour on the chart's canvas. */
  function curvePixels(): Promise<number> {
    return page.evaluate((rgb) => {
      const canvas = document.querySelector<HTMLCanvasElement>("#chart canvas")!;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - rgb[0]!) + Math.abs(data[i + 1]! - rgb[1]!) + Math.abs(data[i + 2]! - rgb[2]!) < 30) n++;
      return n;
    }, LOSS_RGB);
  }

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  function expectFalling(losses: number[]): void {
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-10))).toBeLessThan(0.9 * mean(losses.slice(0, 5)));
  }

  test("on the CPU: the page is isolated, the curve is drawn and the loss falls", async () => {
    await page.goto(`${url}?device=cpu&steps=2000`);
    const state = await trainUntil(150);
    expect(state.device).toBe("cpu");
    await expect.poll(() => page.textContent("#status")).toMatch(/Training on the CPU backend\. The page is cross-origin isolated/);
    expectFalling(state.losses);
    await expect.poll(curvePixels).toBeGreaterThan(150);
    expect(await page.evaluate(() => tsjaxDemo.regionsDrawn)).toBeGreaterThan(0);
    await page.screenshot({ path: join(RESULTS, "web-demo-cpu.png") });
  });

  test("switched to WebGPU with the device control: SwiftShader is shown, the curve is drawn and the loss falls", async () => {
    await page.selectOption("#device", "webgpu");
    const state = await trainUntil(60);
    expect(state.device).toBe("webgpu");
    await expect.poll(() => page.textContent("#status")).toMatch(/Training on WebGPU \(.+\)/);
    expect(state.losses.length).toBeLessThan(2000);
    expectFalling(state.losses);
    await expect.poll(curvePixels).toBeGreaterThan(100);
    await page.screenshot({ path: join(RESULTS, "web-demo-webgpu.png") });
    expect(pageErrors).toEqual([]);
  });
});
