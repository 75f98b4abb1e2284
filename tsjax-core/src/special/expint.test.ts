import { expect, test } from "vitest";
import { type Array, grad, jit, np, special, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { SPECIAL_EXPINT as R } from "../../test/refs/laxlib/special-expint.js";

const arr = (v: readonly number[]) => np.array([...v]);
const egrad = (f: (x: Array) => Array, x: Array) => vmap(grad(f))(x);

describeDevices("special: expi, exp1, expn, dawsn, spence against JAX 0.10.2", (device) => {
  // WebGPU's exp/log are a few ulps less accurate than the CPU backend's.
  const rtol = device === "webgpu" ? 2e-5 : 5e-6;

  test("expi and exp1 across their ranges", async () => {
    await expectFlat("expi", special.expi(arr(R.ex)), R.expi, { rtol, atol: 0 });
    await expectFlat("exp1", special.exp1(arr(R.e1x)), R.exp1, { rtol, atol: 0 });
  });

  test("expn: series, continued fraction, large n, and JAX's special cases", async () => {
    await expectFlat("expn", special.expn(arr(R.nn), arr(R.nx)), R.expn, { rtol: rtol * 4, atol: 0 });
    await expectFlat("jit", jit(special.expn)(arr(R.nn), arr(R.nx)), R.expn, { rtol: rtol * 4, atol: 0 });
    await expectFlat("int n", special.expn(np.array([2, 3], { dtype: "int32" }), np.array([0.7, 2.5])), [R.expn[2]!, R.expn[7]!], { rtol: rtol * 4 });
  });

  test("gradients", async () => {
    await expectFlat("expi'", egrad(special.expi, arr(R.gx)), R.expiGrad, { rtol: rtol * 2 });
    const gn = vmap(grad((x: Array, n: Array) => special.expn(n, x)))(arr(R.gnx), arr(R.gn));
    await expectFlat("expn'", gn, R.expnGrad, { rtol: rtol * 4 });
  });

  test("dawsn and spence, with gradients", async () => {
    await expectFlat("dawsn", special.dawsn(arr(R.dx)), R.dawsn, { rtol, atol: 1e-7 });
    await expectFlat("dawsn'", egrad(special.dawsn, arr(R.dx)), R.dawsnGrad, { rtol: rtol * 4, atol: 1e-6 });
    await expectFlat("spence", special.spence(arr(R.sx)), R.spence, { rtol, atol: 1e-7 });
    await expectFlat("spence'", egrad(special.spence, np.array([0.1, 0.4, 0.9, 1.2, 1.6, 2.5, 10])), R.spenceGrad, { rtol: rtol * 4, atol: 1e-6 });
  });

  test("float16 inputs compute in float32 and return float16", async () => {
    const y = special.expi(np.array([1], { dtype: "float16" }));
    expect(y.dtype).toBe("float16");
    await expectFlat("expi(1) in float16", y, [R.expi[7]!], { rtol: 1e-3 });
  });
});
