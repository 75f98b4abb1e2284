/**
 * Packs tsjax-core, installs the tarball into a fresh project outside the workspace, and runs a
 * computation from ESM and from CommonJS: proof that the published package works on its own.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";

const pkgDir = resolve(import.meta.dirname, "..");
let dir = "";

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_yes: "true" } });

beforeAll(() => {
  if (!existsSync(join(pkgDir, "dist", "index.js"))) {
    throw new Error("tsjax-core/dist is missing: run `npm run build` (npm test does it through turbo).");
  }
  dir = mkdtempSync(join(tmpdir(), "tsjax-pack-"));
  run("npm", ["pack", "--silent", "--pack-destination", dir], pkgDir);
  const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "tsjax-smoke", private: true, version: "1.0.0" }));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", `./${tgz}`], dir);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the tarball ships only dist, package.json, README and LICENSE-like files", () => {
  const files = readdirSync(join(dir, "node_modules", "tsjax-core"));
  expect(files).toContain("dist");
  expect(files).not.toContain("src");
  expect(files).not.toContain("test");
});

const program = (importLine: string) => `${importLine}
(async () => {
  const x = np.arange(6).reshape(2, 3);
  const y = np.matmul(x.astype("float32"), np.ones([3, 2]));
  const reason = (await init(), webgpuUnavailableReason());
  // jit with control flow, grad, and a matmul large enough for the threaded WebAssembly GEMM
  const loop = jit((p) => lax.foriLoop(0, 3, (i, c) => c.add(1), p));
  const g = grad((v) => v.square().sum());
  const a = np.arange(128 * 128).reshape(128, 128).astype("float32").mul(1e-4);
  const big = await np.matmul(a, a.T).get(127, 127).item();
  console.log(JSON.stringify({
    sum: await x.sum(0).toArray(), y: await y.toArray(), device: defaultDevice(), reason,
    loop: await loop(np.zeros([2])).toArray(), grad: await g(np.array([1, 2])).toArray(), big,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

// sum over k of a[127, k]^2 with a[i, k] = (128 i + k) * 1e-4
let bigWant = 0;
for (let k = 0; k < 128; k++) bigWant += ((128 * 127 + k) * 1e-4) ** 2;

test("ESM import works from an installed tarball", () => {
  writeFileSync(join(dir, "esm.mjs"), program('import { np, lax, jit, grad, init, defaultDevice, webgpuUnavailableReason } from "tsjax-core";'));
  const out = JSON.parse(run("node", ["esm.mjs"], dir));
  expect(out.sum).toEqual([3, 5, 7]);
  expect(out.y).toEqual([[3, 3], [12, 12]]);
  expect(out.loop).toEqual([3, 3]);
  expect(out.grad).toEqual([2, 4]);
  expect(out.big).toBeCloseTo(bigWant, 0);
  // The optional peer "webgpu" is not installed here: the CPU is used and the reason says how to get WebGPU.
  expect(out.device).toBe("cpu");
  expect(out.reason).toMatch(/npm install webgpu/);
}, 60_000);

test("CommonJS require works from an installed tarball", () => {
  writeFileSync(join(dir, "cjs.cjs"), program('const { np, lax, jit, grad, init, defaultDevice, webgpuUnavailableReason } = require("tsjax-core");'));
  const out = JSON.parse(run("node", ["cjs.cjs"], dir));
  expect(out.sum).toEqual([3, 5, 7]);
  expect(out.y).toEqual([[3, 3], [12, 12]]);
  expect(out.loop).toEqual([3, 3]);
  expect(out.grad).toEqual([2, 4]);
  expect(out.big).toBeCloseTo(bigWant, 0);
  expect(out.reason).toMatch(/npm install webgpu/);
}, 60_000);
