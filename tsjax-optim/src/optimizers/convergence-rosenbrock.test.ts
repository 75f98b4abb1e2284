import { describe, it } from "vitest";
import { CASES, ROSENBROCK, runCase } from "../../test/convergence.js";

describe("every optimizer reaches the Rosenbrock optimum (jitted, no retrace, stable state)", () => {
  // Cases with `skipRosen` stall in the valley by their formulas; rosenbrock-reference.test.ts
  // checks them step by step against float64 references instead.
  for (const c of CASES.filter((c) => c.skipRosen === undefined)) {
    it(c.name, () => runCase((c.makeRosen ?? c.make)(), ROSENBROCK, c.steps?.[1] ?? 10000));
  }
});
