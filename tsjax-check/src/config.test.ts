import { afterEach, describe, expect, it } from "vitest";
import { type Array, jit, np } from "tsjax-core";
import { assertsEnabled, disableAsserts, enableAsserts } from "./config.js";
import { assertMaxTraces, clearTraceCounter } from "./max-traces.js";
import { assertScalarPositive } from "./scalar.js";
import { assertShape } from "./shape.js";
import { assertTreesAllClose } from "./tree-values.js";

afterEach(() => {
  enableAsserts();
  clearTraceCounter();
});

describe("disableAsserts", () => {
  it("turns assertions into no-ops and back", async () => {
    disableAsserts();
    expect(assertsEnabled()).toBe(false);
    assertShape(np.ones([2]), [3]);
    assertScalarPositive(-1);
    await assertTreesAllClose(np.ones([2]), np.zeros([2]));
    const f = assertMaxTraces((x: Array) => x, 1);
    jit(f)(np.ones([1]));
    jit(f)(np.ones([2]));
    enableAsserts();
    expect(() => assertShape(np.ones([2]), [3])).toThrow(/assertShape failed/);
  });
});
