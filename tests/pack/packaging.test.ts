/**
 * The packaging rules (scripts/packages/rules.mjs) on every published package and on the
 * workspaces that use them, and the release plan of the pending changesets (0.x stays 0.x,
 * first releases are 0.1.0). `node scripts/packages/check.mjs --fix` applies the rules.
 */
import { describe, expect, test } from "vitest";
import { privateProblems, problems, publishedPackages } from "../../scripts/packages/rules.mjs";
import { planProblems, releasePlan } from "../../scripts/packages/release-plan.mjs";

const published = publishedPackages();

test("the published packages are found", () => {
  expect(published.map((p) => p.dir)).toEqual(expect.arrayContaining(["tsjax-core", "tsjax-optim", "tsjax-check"]));
});

describe.each(published.map((p) => p.dir))("%s", (dir) => {
  test("follows the packaging rules", () => {
    expect(problems(published.find((p) => p.dir === dir)!)).toEqual([]);
  });
});

test("private workspaces use the workspace copies of the packages", () => {
  expect(privateProblems()).toEqual([]);
});

test("the pending changesets release no package past 0.x, and first releases are 0.1.0", async () => {
  expect(planProblems((await releasePlan()).plan)).toEqual([]);
});

test("a minor release of tsjax-core does not make its dependents majors", async () => {
  const { plan } = await releasePlan([{ releases: [{ name: "tsjax-core", type: "minor" }] }]);
  expect(planProblems(plan)).toEqual([]);
  const core = plan.releases.find((r) => r.name === "tsjax-core")!;
  expect(core.newVersion).toMatch(/^0\./);
});

test("rules.accepts reads the ranges it must (a small semver check)", async () => {
  const { accepts } = await import("../../scripts/packages/rules.mjs");
  expect([accepts("0.x", "0.7.0"), accepts("0.x", "1.0.0"), accepts("^0.1.0", "0.2.0"), accepts("^0.1.0", "0.1.5")]).toEqual([true, false, false, true]);
  expect([accepts(">=0.3.0 <1.0.0", "0.9.1"), accepts(">=0.3.0 <1.0.0", "0.2.9"), accepts("*", "3.1.0"), accepts("^1.2.0", "1.9.0")]).toEqual([true, false, true, true]);
});
