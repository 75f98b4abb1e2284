/**
 * The pack-and-install test: every published package is packed as `npm publish` would; the
 * tarballs hold only what they should; tsjax-core and tsjax-optim alone are installed from
 * their tarballs into a fresh folder outside the workspace and used from an ESM program, a
 * CommonJS program (require, then import: one copy of core), and `tsc` with
 * `skipLibCheck: false` under `nodenext` and `bundler` resolution, without WebGPU types.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT, publishedPackages } from "../../scripts/packages/rules.mjs";

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_yes: "true" } });

const published = publishedPackages();
const tarballs = new Map<string, string>();
let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tsjax-pack-"));
  for (const { dir: pkg, json } of published) {
    if (!existsSync(join(ROOT, pkg, "dist", "index.js"))) throw new Error(`${pkg}/dist is missing: run \`npm run build\` (npm test does it through turbo).`);
    const out = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dir], join(ROOT, pkg))) as { filename: string }[];
    tarballs.set(json.name, out[0]!.filename);
  }
  cpSync(join(import.meta.dirname, "fixtures"), dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "tsjax-user", private: true, version: "1.0.0" }));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", `./${tarballs.get("tsjax-core")}`, `./${tarballs.get("tsjax-optim")}`], dir);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(published.map((p) => p.json.name))("the %s tarball", (name) => {
  const list = () => run("tar", ["tzf", tarballs.get(name)!], dir).trim().split("\n").sort();

  test("holds package.json, README, LICENSE and the ESM build with its types and maps, nothing else", () => {
    expect(list()).toEqual(["package/LICENSE", "package/README.md", "package/dist/index.d.ts", "package/dist/index.js", "package/dist/index.js.map", "package/package.json"]);
  });

  test("its LICENSE is Apache-2.0 and its source map carries no source text", () => {
    const out = join(dir, `unpacked-${name}`);
    execFileSync("mkdir", ["-p", out]);
    run("tar", ["xzf", tarballs.get(name)!, "-C", out], dir);
    expect(readFileSync(join(out, "package", "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    const map = JSON.parse(readFileSync(join(out, "package", "dist", "index.js.map"), "utf8")) as { sources: string[]; sourcesContent?: unknown };
    expect(map.sourcesContent).toBeUndefined();
    expect(map.sources.length).toBeGreaterThan(0);
  });
});

// sum over k of a[127, k]^2 with a[i, k] = (128 i + k) * 1e-4
let bigWant = 0;
for (let k = 0; k < 128; k++) bigWant += ((128 * 127 + k) * 1e-4) ** 2;

interface Result {
  sum: number[];
  loop: number[];
  grad: number[];
  big: number;
  adamFirst: number[];
  lossBefore: number;
  lossAfter: number;
  device: string;
  reason: string;
  oneCore?: boolean;
  oneOptim?: boolean;
}

function expectRun(out: Result): void {
  expect(out.sum).toEqual([3, 5, 7]);
  expect(out.loop).toEqual([3, 3]);
  expect(out.grad).toEqual([2, 4]);
  expect(out.big).toBeCloseTo(bigWant, 0);
  // adam's first step from zeros: lr against the sign of the gradient 2 (p - target)
  out.adamFirst.forEach((v, i) => expect(v).toBeCloseTo([0.1, -0.1, 0.1][i]!, 5));
  expect(out.lossBefore).toBe(14);
  expect(out.lossAfter).toBeLessThan(out.lossBefore / 2);
  // The optional peer "webgpu" is not installed: the CPU is used and the reason says how to get WebGPU.
  expect(out.device).toBe("cpu");
  expect(out.reason).toMatch(/npm install webgpu/);
}

test("an ESM program imports tsjax-core and tsjax-optim from the installed tarballs", () => {
  expectRun(JSON.parse(run("node", ["esm.mjs"], dir)) as Result);
}, 120_000);

test("a CommonJS program requires tsjax-core, then imports tsjax-optim: one copy of core, adam works", () => {
  const out = JSON.parse(run("node", ["cjs.cjs"], dir)) as Result;
  expectRun(out);
  expect(out.oneCore).toBe(true);
  expect(out.oneOptim).toBe(true);
}, 120_000);

describe.each(["nodenext", "bundler"])("tsc --noEmit with skipLibCheck: false, %s resolution", (mode) => {
  test("type-checks a program against the published types, with no WebGPU declarations installed", () => {
    const config = JSON.parse(readFileSync(join(dir, `tsconfig.${mode}.json`), "utf8")) as { compilerOptions: Record<string, unknown> };
    // @types/node comes from the workspace (the only types outside the two tarballs); nothing provides GPU* types.
    config.compilerOptions.typeRoots = [join(ROOT, "node_modules", "@types")];
    writeFileSync(join(dir, `tsconfig.${mode}.json`), JSON.stringify(config));
    expect(existsSync(join(dir, "node_modules", "@webgpu"))).toBe(false);
    let output = "";
    try {
      run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", `tsconfig.${mode}.json`], dir);
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe("");
  }, 120_000);
});
