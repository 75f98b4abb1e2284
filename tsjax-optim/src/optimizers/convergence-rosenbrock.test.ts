import { describe, it } from "vitest";
import { CASES, ROSENBROCK, runCase } from "./convergence.js";

describe("every optimizer reaches the Rosenbrock optimum (jitted, no retrace, stable state)", () => {
  for (const c of CASES) it.skipIf(c.skipRosen !== undefined)(c.name, () => runCase((c.makeRosen ?? c.make)(), ROSENBROCK, c.steps?.[1] ?? 10000));
});
