/**
 * `nn.dotProductAttention`'s options against JAX 0.10.2 (scripts/refs/numpy/attention.py): bias
 * and mask given positionally, query and key/value sequence lengths, local windows, the
 * logsumexp residual; and `random.uniform`'s positional dtype, minval and maxval.
 */
import { expect, test } from "vitest";
import { nn, np, random } from "../index.js";
import { CASES } from "../../test/refs/numpy/attention.js";
import { caseTests } from "../../test/np-cases.js";
import { describeDevices } from "../../test/helpers.js";

describeDevices("nn.dotProductAttention options, random.uniform arguments", (device) => {
  caseTests("attention", CASES, device, { rtol: 2e-5, atol: 2e-6 });
});

test("attention and uniform options are checked", () => {
  const q = np.ones([1, 2, 2, 3]);
  expect(() => nn.dotProductAttention(q, q, q, { keyValueSeqLength: 1 } as never)).toThrow(/unknown option "keyValueSeqLength" \(did you mean "keyValueSeqLengths"\?\)/);
  expect(() => nn.dotProductAttention(q, q, q, { implementation: "cudnn" as never })).toThrow(/"cudnn" is not available/);
  expect(() => nn.dotProductAttention(q, q, q, { keyValueSeqLengths: np.array([1, 2], { dtype: "int32" }) })).toThrow(/int32 array of shape \[1\]/);
  expect(() => nn.dotProductAttention(q, q, q, np.zeros([1]), { bias: np.zeros([1]) })).toThrow(/bias was given both/);
  expect(() => random.uniform(random.key(0), [2], "float32", 0, 1, { minval: 0 })).toThrow(/minval was given both/);
  expect(() => random.uniform(random.key(0), [2], "int32")).toThrow(/float/);
});
