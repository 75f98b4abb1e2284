/**
 * Derivatives of the np library (broadcasting, promotion, reductions, linear algebra, shape
 * ops and indexing), checked against finite differences to second order in forward and
 * reverse mode, through the public API only.
 */
import { test } from "vitest";
import { describeDevices } from "../../test/helpers.js";
import { checkAll } from "../../test/grad-helpers.js";
import { NP_ELEMENTWISE, NP_INDEXING, NP_LINALG, NP_REDUCTIONS, NP_SHAPES } from "../../test/op-cases.js";

describeDevices("checkGrads of np functions", () => {
  test("elementwise, broadcasting and promotion", () => checkAll(NP_ELEMENTWISE));
  test("reductions", () => checkAll(NP_REDUCTIONS));
  test("linear algebra", () => checkAll(NP_LINALG));
  test("shape ops", () => checkAll(NP_SHAPES));
  test("indexing and sorting", () => checkAll(NP_INDEXING));
});

