import { expect, test } from "vitest";
import { type Array, grad, jit, lax, np, special, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { WOFZ as R } from "../../test/refs/lax2/wofz.js";

/** complex64 from interleaved [re0, im0, re1, im1, ...]. */
const cplx = (ri: readonly number[]) => lax.complex(np.array(ri.filter((_, i) => i % 2 === 0)), np.array(ri.filter((_, i) => i % 2 === 1)));

describeDevices("special.wofz", () => {
  test("values in both half planes, real input, jit, vmap", async () => {
    const w = special.wofz(cplx(R.z));
    expect(w.dtype).toBe("complex64");
    await expectFlat("wofz", w, R.w, { rtol: 1e-5, atol: 1e-6 });
    await expectFlat("real input", special.wofz(np.array([...R.xr])), R.wReal, { rtol: 1e-5, atol: 1e-6 });
    await expectFlat("jit", jit(special.wofz)(cplx(R.z)), R.w, { rtol: 1e-5, atol: 1e-6 });
    const v = vmap((z: Array) => special.wofz(z))(cplx(R.z).reshape([2, 4]));
    await expectFlat("vmap", v, R.w, { rtol: 1e-5, atol: 1e-6 });
  });

  test("grad of Re and Im through x + iy (JAX's derivative)", async () => {
    const f = (x: Array, y: Array) => {
      const w = special.wofz(lax.complex(x, y));
      return np.add(np.sum(lax.real(w)), np.multiply(np.sum(lax.imag(w)), 2));
    };
    const [gx, gy] = grad(f, { argnums: [0, 1] })(np.array([...R.gx]), np.array([...R.gy])) as [Array, Array];
    await expectFlat("d/dx", gx, R.grad[0]!, { rtol: 1e-4, atol: 1e-6 });
    await expectFlat("d/dy", gy, R.grad[1]!, { rtol: 1e-4, atol: 1e-6 });
  });
});
