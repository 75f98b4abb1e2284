/**
 * The README's coverage table against JAX's names, the exports and api-coverage/<namespace>.json
 * (see test/coverage.ts). `npm run coverage` (TSJAX_WRITE_COVERAGE=1) rewrites the table.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { README, coverageReport, withTable } from "./coverage.js";

test("every JAX function of a strict namespace is exported or listed as out of scope, and the out-of-scope list is current", () => {
  const { problems } = coverageReport();
  expect(problems, problems.join("\n")).toEqual([]);
});

test("the README's coverage table is current", () => {
  const { table } = coverageReport();
  const readme = readFileSync(README, "utf8");
  const want = withTable(readme, table);
  if (process.env.TSJAX_WRITE_COVERAGE === "1" && want !== readme) writeFileSync(README, want);
  else expect(readme === want, "README.md's coverage table is stale: run `npm run coverage -w tsjax-core`").toBe(true);
});
