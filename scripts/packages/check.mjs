#!/usr/bin/env node
/**
 * Checks the packaging rules (see rules.mjs) on every published package, the ranges of the
 * private workspaces on them, and the release plan of the pending changesets.
 * `--fix` rewrites the packages to follow the rules first (then run `npm install`).
 *
 *   node scripts/packages/check.mjs          # prints what is wrong; exit code 1 if anything
 *   node scripts/packages/check.mjs --fix    # applies the rules to every package, then checks
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, fix, fixRanges, privateProblems, problems, publishedPackages, workspacePackages } from "./rules.mjs";
import { planProblems, releasePlan } from "./release-plan.mjs";

if (process.argv.includes("--fix")) {
  const published = publishedPackages();
  for (const pkg of published) fix(pkg, published);
  for (const p of workspacePackages().filter((w) => w.json.private)) {
    const file = join(ROOT, p.dir, "package.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    fixRanges(json, published);
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  }
}

const found = [];
for (const pkg of publishedPackages()) for (const m of problems(pkg)) found.push(`${pkg.dir}: ${m}`);
found.push(...privateProblems());
const { plan } = await releasePlan();
found.push(...planProblems(plan).map((m) => `release plan: ${m}`));
for (const m of found) console.error(m);
const released = plan.releases.filter((r) => r.type !== "none").map((r) => `${r.name} ${r.oldVersion} -> ${r.newVersion}`);
console.log(`${publishedPackages().length} published packages checked; pending release: ${released.join(", ") || "none"}`);
process.exit(found.length ? 1 : 0);
