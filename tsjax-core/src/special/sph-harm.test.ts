import { expect, test } from "vitest";
import { type Array, grad, jit, lax, np, special, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { SPH_HARM as R } from "../../test/refs/lax2/sph-harm.js";

const i32 = (v: readonly number[]) => np.array([...v], { dtype: "int32" });
const f32 = (v: readonly number[]) => np.array([...v]);

describeDevices("special.sphHarmY", () => {
  test("values (negative orders, |m| > n), jit, grad in theta and phi", async () => {
    const y = special.sphHarmY(i32(R.n), i32(R.m), f32(R.theta), f32(R.phi), { nMax: 4 });
    expect(y.dtype).toBe("complex64");
    await expectFlat("sphHarmY", y, R.y, { rtol: 1e-5, atol: 1e-6 });
    const j = jit((t: Array, p: Array) => special.sphHarmY(i32(R.n), i32(R.m), t, p, { nMax: 4 }))(f32(R.theta), f32(R.phi));
    await expectFlat("jit", j, R.y, { rtol: 1e-5, atol: 1e-6 });
    const v = vmap((t: Array) => special.sphHarmY(i32(R.n), i32(R.m), t, f32(R.phi), { nMax: 4 }))(np.stack([f32(R.theta), f32(R.theta)]));
    await expectFlat("vmap", v, [...R.y, ...R.y], { rtol: 1e-5, atol: 1e-6 });
    const f = (t: Array, p: Array) => {
      const y = special.sphHarmY(i32(R.n), i32(R.m), t, p, { nMax: 4 });
      return np.add(np.sum(lax.real(y)), np.multiply(np.sum(lax.imag(y)), 2));
    };
    const [gt, gp] = grad(f, { argnums: [0, 1] })(f32(R.theta), f32(R.phi)) as [Array, Array];
    await expectFlat("d/dtheta", gt, R.grad[0]!, { rtol: 1e-4, atol: 1e-5 });
    await expectFlat("d/dphi", gp, R.grad[1]!, { rtol: 1e-4, atol: 1e-5 });
  });
});

test("special.sphHarmY: nMax from n on the CPU; options checked", async () => {
  const cpu = (v: readonly number[], dtype: "int32" | "float32") => np.array([...v], { dtype, device: "cpu" });
  const args = [cpu(R.n, "int32"), cpu(R.m, "int32"), cpu(R.theta, "float32"), cpu(R.phi, "float32")] as const;
  await expectFlat("nMax = max(n)", special.sphHarmY(...args), R.y, { rtol: 1e-5, atol: 1e-6 });
  expect(() => special.sphHarmY(...args, { diffN: 1 })).toThrow(/diffN is not supported/);
  expect(() => special.sphHarmY(...args, { nmax: 4 } as never)).toThrow(/unknown option "nmax"/);
});
