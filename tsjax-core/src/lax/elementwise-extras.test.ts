import { expect, test } from "vitest";
import { type Array, DTypeError, grad, jit, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { LAX as R } from "../../test/refs/laxlib/lax.js";

describeDevices("lax: selectN, reducePrecision and the special functions against JAX 0.10.2", () => {
  const cases = () => [np.array([1, 2, 3, 4, 5, 6]), np.array([10, 20, 30, 40, 50, 60]), np.array([100, 200, 300, 400, 500, 600])];
  const which = () => np.array([0, 2, 1, 2, 0, 1], { dtype: "int32" });

  test("selectN with int32 and bool selectors, a scalar selector, and its gradient", async () => {
    const [a, b, c] = cases();
    await expectFlat("selectN", lax.selectN(which(), a!, b!, c!), R.selectN, { rtol: 0 });
    await expectFlat("bool", lax.selectN(np.array([true, false, true, false, true, true]), a!, b!), R.selectNBool, { rtol: 0 });
    await expectFlat("scalar", lax.selectN(np.array(2, { dtype: "int32" }), a!, b!, c!), [100, 200, 300, 400, 500, 600], { rtol: 0 });
    const g = grad((x: Array, y: Array, z: Array) => lax.selectN(which(), x, y, z).sum(), { argnums: [0, 1, 2] })(a!, b!, c!);
    for (let i = 0; i < 3; i++) await expectFlat(`grad ${i}`, g[i]!, R.selectNGrad[i]!, { rtol: 0 });
    const v = vmap((w: Array, x: Array, y: Array) => lax.selectN(w, x, y))(np.array([1, 0], { dtype: "int32" }), np.array([[1, 2], [3, 4]]), np.array([[5, 6], [7, 8]]));
    await expectFlat("vmap scalar which", v, [5, 6, 3, 4], { rtol: 0 });
  });

  test("reducePrecision to float16, bfloat16 and e3m2, and its gradient", async () => {
    const v = np.array([...R.rp]);
    await expectFlat("f16", lax.reducePrecision(v, 5, 10), R.reducePrecision.f16, { rtol: 0, atol: 0 });
    await expectFlat("bf16", lax.reducePrecision(v, 8, 7), R.reducePrecision.bf16, { rtol: 0, atol: 0 });
    await expectFlat("e3m2", lax.reducePrecision(v, 3, 2), R.reducePrecision.e3m2, { rtol: 0, atol: 0 });
    await expectFlat("jit", jit((a: Array) => lax.reducePrecision(a, 5, 10))(v), R.reducePrecision.f16, { rtol: 0, atol: 0 });
    const g = vmap(grad((a: Array) => lax.reducePrecision(a.mul(3), 5, 3)))(np.array(R.rp.slice(0, 6)));
    await expectFlat("grad", g, R.reducePrecision.grad, { rtol: 0 });
    expect(() => lax.reducePrecision(np.array([1], { dtype: "int32" }), 5, 10)).toThrow(DTypeError);
  });

  test("square, reciprocal, bitwiseNot and the special functions", async () => {
    const f = (v: number[]) => np.array(v);
    const got: Record<keyof typeof R.sqLike, Array> = {
      square: lax.square(f([-3, 0.5])),
      reciprocal: lax.reciprocal(f([4, -0.5])),
      bitwiseNot: lax.bitwiseNot(np.array([0, 5, -1], { dtype: "int32" })),
      lgamma: lax.lgamma(f([0.5, 3, 10])),
      digamma: lax.digamma(f([0.5, 3, 10])),
      igamma: lax.igamma(f([0.5, 3, 10]), f([1, 2, 12])),
      igammac: lax.igammac(f([0.5, 3, 10]), f([1, 2, 12])),
      betainc: lax.betainc(f([0.5, 3, 10]), f([1, 2, 12]), f([0.2, 0.5, 0.7])),
      besselI0e: lax.besselI0e(f([0.5, 3, 10])),
      besselI1e: lax.besselI1e(f([0.5, 3, 10])),
      erf: lax.erf(f([0.5, -1, 2])),
      erfc: lax.erfc(f([0.5, -1, 2])),
      erfInv: lax.erfInv(f([0.5, -0.9, 0])),
      zeta: lax.zeta(f([2, 3, 4.5]), f([1, 2, 0.5])),
      polygamma: lax.polygamma(f([1, 2, 1.5]), f([1, 1, 1])),
    };
    for (const [name, a] of Object.entries(got)) await expectFlat(name, a, R.sqLike[name as keyof typeof R.sqLike], { rtol: 2e-5, atol: 1e-6 });
    expect(() => lax.lgamma(np.array([1], { dtype: "int32" }))).toThrow(/lax\.lgamma: operands must be floating point/);
    expect(() => lax.selectN(np.array([0.5]), np.array([1]))).toThrow(/lax\.selectN: which must be bool or an integer dtype/);
  });
});
