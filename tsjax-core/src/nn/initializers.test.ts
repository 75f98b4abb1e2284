import { expect, test } from "vitest";
import { np, random } from "../index.js";
import * as nn from "./index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { NN_RANDOM as R } from "../../test/refs/laxlib/nn-random.js";

const I = nn.initializers;
const INITS: Record<string, nn.initializers.Initializer> = {
  uniform: I.uniform(), uniform10: I.uniform(10), normal: I.normal(), normal5: I.normal(5),
  truncatedNormal: I.truncatedNormal(), truncatedNormal3: I.truncatedNormal(3, { lower: -1, upper: 0.5 }),
  glorotUniform: I.glorotUniform(), glorotNormal: I.glorotNormal(), heUniform: I.heUniform(), heNormal: I.heNormal(),
  lecunUniform: I.lecunUniform(), lecunNormal: I.lecunNormal(), vsFanOutNormal: I.varianceScaling(0.5, "fan_out", "normal"),
  vsGeoUniform: I.varianceScaling(1.5, "fan_geo_avg", "uniform"), orthogonal: I.orthogonal(),
  orthogonal2: I.orthogonal(2, { columnAxis: 0 }), constant: I.constant(-7), zeros: I.zeros, ones: I.ones,
};

describeDevices("nn.initializers: JAX's draws for the same key", (device) => {
  // The samplers give JAX's bits; the QR of orthogonal rounds differently (a few ulps).
  const tol = { rtol: device === "webgpu" ? 1e-5 : 2e-6, atol: 1e-6 };
  test("every builder, shape [4, 6]", async () => {
    const key = random.key(42);
    for (const [name, init] of Object.entries(INITS)) {
      // (the QR behind orthogonal is checked on WebGPU by the linalg suites; compiling it here is slow)
      if (device === "webgpu" && name.startsWith("orthogonal")) continue;
      const w = init(key, [4, 6]);
      expect(w.shape, name).toEqual([4, 6]);
      await expectFlat(name, w, R.init[name as keyof typeof R.init], name.startsWith("orthogonal") ? { rtol: 2e-5, atol: 2e-6 } : tol);
    }
  });
  test("fans of convolution kernels and batch axes; orthogonal and delta-orthogonal kernels", async () => {
    const key = random.key(42);
    await expectFlat("convHe", I.heNormal({ inAxis: -2, outAxis: -1 })(key, [3, 3, 2, 4]), R.init.convHe, tol);
    await expectFlat("batchAxis", I.lecunNormal({ inAxis: 1, outAxis: 2, batchAxis: 0 })(key, [2, 3, 5]), R.init.batchAxis, tol);
    if (device === "webgpu") return;
    await expectFlat("orthogonal3d", I.orthogonal()(key, [2, 3, 4]), R.init.orthogonal3d, { rtol: 2e-5, atol: 2e-6 });
    await expectFlat("deltaOrthogonal", I.deltaOrthogonal()(key, [3, 3, 4]), R.init.deltaOrthogonal, { rtol: 2e-5, atol: 2e-6 });
    await expectFlat("deltaOrthogonal4", I.deltaOrthogonal()(key, [2, 3, 2, 2]), R.init.deltaOrthogonal4, { rtol: 2e-5, atol: 2e-6 });
  });
});

test("nn.initializers: dtypes, errors", () => {
  const key = random.key(0);
  expect(I.normal(1, { dtype: "float16" })(key, [2]).dtype).toBe("float16");
  expect(I.zeros(key, [2], "int32").dtype).toBe("int32");
  expect(I.constant(3, { dtype: "int32" })(key, [2, 2]).dtype).toBe("int32");
  expect(() => I.glorotUniform()(key, [5])).toThrow(/1-dimensional weights tensor with the default inAxis/);
  expect(() => I.varianceScaling(1, "fan_sum" as never, "normal")).toThrow(/invalid mode "fan_sum"/);
  expect(() => I.varianceScaling(1, "fan_in", "cauchy" as never)).toThrow(/invalid distribution "cauchy"/);
  expect(() => I.normal(1, { dtpye: "float32" } as never)).toThrow(/did you mean "dtype"/);
  expect(() => I.orthogonal()(key, [3])).toThrow(/at least a 2-D shape/);
  expect(() => I.deltaOrthogonal()(key, [3, 3])).toThrow(/3-D, 4-D or 5-D/);
  expect(() => I.deltaOrthogonal()(key, [3, 4, 2])).toThrow(/fan_in/);
  expect(I.orthogonal()(key, [0, 3]).shape).toEqual([0, 3]);
  void np;
});
