import { describe, it } from "vitest";
import { CASES, PARABOLA, runCase } from "../../test/convergence.js";

describe("every optimizer reaches the parabola's optimum (jitted, no retrace, stable state)", () => {
  for (const c of CASES) it(c.name, () => runCase(c.make(), PARABOLA, c.steps?.[0] ?? 1000));
});
