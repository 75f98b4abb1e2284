/**
 * The packaging rules every published package (`tsjax-*` at the repository root) follows, in
 * one place: `problems(pkg)` lists where a package breaks them and `fix(pkg)` applies them.
 * `node scripts/packages/check.mjs [--fix]` runs both over every package, and
 * `tests/pack/packaging.test.ts` runs the checks in `npm test`.
 *
 * The rules, and why:
 * - ESM only (`"type": "module"`, one `exports` entry with types first): Node >= 20.19 loads it
 *   from CommonJS too (`require(esm)`), so a program that `require`s one package and
 *   `import`s another gets one copy of each package's state. Hence `engines.node >= 20.19`.
 * - Apache-2.0, with the LICENSE file in every tarball (npm takes it from the package folder).
 * - A package never released (no CHANGELOG.md yet) is at 0.0.0: its first release is 0.1.0.
 * - `repository` (with the package's folder), `homepage`, `bugs`.
 * - Ranges on other tsjax packages: peers accept every later 0.x release (`0.x`, or a floor
 *   such as `>=0.3.0 <1.0.0`), so a 0.x minor of tsjax-core does not force changesets to make
 *   every dependent a major (1.0.0) release; workspace devDependencies are `*`.
 * - The build is `tsup` with the shared config (`scripts/packages/tsup-config.ts`): ESM, types,
 *   source maps without the source text.
 */
import { readFileSync, readdirSync, existsSync, writeFileSync, copyFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
/** Where the repository lives: the one place to change it. */
const REPOSITORY = "https://github.com/tsjax/tsjax";
const NODE_RANGE = ">=20.19";
const LICENSE = "Apache-2.0";

const EXPORTS = {
  ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
  "./package.json": "./package.json",
};
const TSUP_CONFIG = `import { packageConfig } from "../scripts/packages/tsup-config.js";

export default packageConfig();
`;

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));

/** Every workspace package: { dir (relative), json }. */
export function workspacePackages() {
  const out = [];
  const add = (dir) => {
    const file = join(ROOT, dir, "package.json");
    if (existsSync(file)) out.push({ dir, json: readJson(file) });
  };
  for (const pattern of readJson(join(ROOT, "package.json")).workspaces) {
    if (pattern.endsWith("/*")) {
      const parent = pattern.slice(0, -2);
      if (existsSync(join(ROOT, parent))) for (const d of readdirSync(join(ROOT, parent)).sort()) add(`${parent}/${d}`);
    } else if (pattern.endsWith("*")) {
      for (const d of readdirSync(ROOT).sort()) if (d.startsWith(pattern.slice(0, -1))) add(d);
    } else add(pattern);
  }
  return out;
}

/** The packages that are published: `tsjax-*` folders whose package.json is not private. */
export function publishedPackages() {
  return workspacePackages().filter((p) => /^tsjax-[a-z0-9-]+$/.test(p.dir) && !p.json.private);
}

/** Whether `range` accepts `version` (plain x.y.z versions; ranges: *, x, a.x, ^a.b.c, >=a.b.c <d.e.f). */
export function accepts(range, version) {
  const v = version.split(".").map(Number);
  const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  const parse = (s) => s.replace(/^v/, "").split(".").map((x) => Number(x) || 0);
  return range.split("||").some((alt) =>
    alt.trim().split(/\s+/).every((c) => {
      if (c === "*" || c === "x" || c === "") return true;
      let m;
      if ((m = /^(\d+)\.x$/.exec(c))) return v[0] === Number(m[1]);
      if ((m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(c))) {
        const b = [Number(m[1]), Number(m[2]), Number(m[3])];
        if (cmp(v, b) < 0) return false;
        return b[0] > 0 ? v[0] === b[0] : b[1] > 0 ? v[0] === 0 && v[1] === b[1] : cmp(v, b) === 0;
      }
      if ((m = /^(>=|>|<=|<)(.+)$/.exec(c))) {
        const d = cmp(v, parse(m[2]));
        return { ">=": d >= 0, ">": d > 0, "<=": d <= 0, "<": d < 0 }[m[1]];
      }
      return cmp(v, parse(c)) === 0;
    }),
  );
}

/** The fields a published package must have, given its folder. */
function expectedFields(dir) {
  return {
    license: LICENSE,
    type: "module",
    sideEffects: false,
    main: "./dist/index.js",
    types: "./dist/index.d.ts",
    exports: EXPORTS,
    files: ["dist"],
    engines: { node: NODE_RANGE },
    repository: { type: "git", url: `git+${REPOSITORY}.git`, directory: dir },
    homepage: `${REPOSITORY}/tree/main/${dir}#readme`,
    bugs: { url: `${REPOSITORY}/issues` },
  };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Internal (tsjax-*) dependency ranges that break the rules, as messages. */
function rangeProblems(pkg, published) {
  const versions = new Map(published.map((p) => [p.json.name, p.json.version]));
  const out = [];
  for (const field of ["dependencies", "peerDependencies", "devDependencies", "optionalDependencies"]) {
    for (const [name, range] of Object.entries(pkg.json[field] ?? {})) {
      if (!versions.has(name)) continue;
      const current = versions.get(name);
      if (field === "devDependencies" || pkg.json.private) {
        if (range !== "*") out.push(`${field}.${name} is "${range}": use "*" (the workspace copy, whatever its version)`);
        continue;
      }
      const [major] = current.split(".").map(Number);
      const laterMinor = major === 0 ? "0.999.0" : `${major}.999.0`;
      if (!accepts(range, current) || !accepts(range, laterMinor)) {
        out.push(
          `${field}.${name} is "${range}": it must accept the workspace's ${current} and every later ` +
            `${major}.x release (use "${major}.x", or a floor such as ">=${current} <${major + 1}.0.0"), or a ` +
            `${major}.x minor of ${name} makes changesets release this package as a new major`,
        );
      }
    }
  }
  return out;
}

/** Where the published package at `pkg.dir` breaks the rules, as messages (empty when none). */
export function problems(pkg, published = publishedPackages()) {
  const out = [];
  const { dir, json } = pkg;
  if (json.name !== dir) out.push(`name is "${json.name}": it must be the folder name "${dir}"`);
  if (neverReleased(dir) && json.version !== "0.0.0") {
    out.push(`version is ${json.version} but the package was never released (no CHANGELOG.md): it must be 0.0.0, so that its first release is 0.1.0`);
  }
  for (const [key, want] of Object.entries(expectedFields(dir))) {
    if (!same(json[key], want)) out.push(`${key} is ${JSON.stringify(json[key])}: expected ${JSON.stringify(want)}`);
  }
  for (const key of ["module", "browser"]) if (key in json) out.push(`"${key}" is set: the exports map says it all (remove it)`);
  if (json.scripts?.build !== "tsup") out.push(`scripts.build is ${JSON.stringify(json.scripts?.build)}: expected "tsup"`);
  if (!lintsWithPublint(json.scripts?.lint)) out.push(`scripts.lint is ${JSON.stringify(json.scripts?.lint)}: expected "publint --strict" (other checks may follow it with &&)`);
  const license = join(ROOT, dir, "LICENSE");
  if (!existsSync(license) || readFileSync(license, "utf8") !== readFileSync(join(ROOT, "LICENSE"), "utf8")) {
    out.push("LICENSE is missing or differs from the repository's LICENSE (npm ships it from the package folder)");
  }
  const tsup = join(ROOT, dir, "tsup.config.ts");
  if (!existsSync(tsup) || readFileSync(tsup, "utf8") !== TSUP_CONFIG) {
    out.push("tsup.config.ts must be the shared one-liner (scripts/packages/tsup-config.ts)");
  }
  out.push(...rangeProblems(pkg, published));
  return out;
}

/** Whether a lint script runs publint first (tsjax-core's also checks its layers after it). */
function lintsWithPublint(lint) {
  return lint === "publint --strict" || (typeof lint === "string" && lint.startsWith("publint --strict && "));
}

/** Whether changesets never versioned the package (it writes CHANGELOG.md on the first release). */
function neverReleased(dir) {
  return !existsSync(join(ROOT, dir, "CHANGELOG.md"));
}

/** Rewrites the package (package.json, LICENSE, tsup.config.ts) to follow the rules. */
export function fix(pkg, published = publishedPackages()) {
  const { dir } = pkg;
  const json = { ...pkg.json, name: dir, ...expectedFields(dir) };
  if (neverReleased(dir)) json.version = "0.0.0";
  delete json.module;
  delete json.browser;
  const lint = lintsWithPublint(json.scripts?.lint) ? json.scripts.lint : "publint --strict";
  json.scripts = { ...json.scripts, build: "tsup", lint };
  fixRanges(json, published);
  writeFileSync(join(ROOT, dir, "package.json"), `${JSON.stringify(json, null, 2)}\n`);
  copyFileSync(join(ROOT, "LICENSE"), join(ROOT, dir, "LICENSE"));
  writeFileSync(join(ROOT, dir, "tsup.config.ts"), TSUP_CONFIG);
}

/** Sets the ranges on tsjax packages: `0.x` peers and dependencies, `*` devDependencies and private users. */
export function fixRanges(json, published = publishedPackages()) {
  if (json.name === readJson(join(ROOT, PACK_TESTS, "package.json")).name) {
    json.devDependencies ??= {};
    for (const p of published) json.devDependencies[p.json.name] = "*";
  }
  const names = new Set(published.map((p) => p.json.name));
  for (const field of ["dependencies", "peerDependencies", "devDependencies", "optionalDependencies"]) {
    for (const name of Object.keys(json[field] ?? {})) {
      if (!names.has(name)) continue;
      if (field === "devDependencies" || json.private) json[field][name] = "*";
      else if (rangeProblems({ json: { [field]: { [name]: json[field][name] } } }, published).length) json[field][name] = "0.x";
    }
  }
}

/** The workspace of the pack-and-install test: it lists every published package, so that turbo builds them first. */
const PACK_TESTS = "tests/pack";

/** Private workspaces (examples, bench, tests) whose ranges on tsjax packages break the rules. */
export function privateProblems(published = publishedPackages()) {
  const out = workspacePackages()
    .filter((p) => p.json.private)
    .flatMap((p) => rangeProblems(p, published).map((m) => `${p.dir}: ${m}`));
  const packTests = readJson(join(ROOT, PACK_TESTS, "package.json"));
  for (const p of published) {
    if (!packTests.devDependencies?.[p.json.name]) out.push(`${PACK_TESTS}: devDependencies must list ${p.json.name} ("*") so that it is built and packed`);
  }
  return out;
}
