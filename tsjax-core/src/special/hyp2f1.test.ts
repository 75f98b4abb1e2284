import { test } from "vitest";
import { type Array, grad, jit, np, special, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { HYP2F1 as R } from "../../test/refs/lax2/hyp2f1.js";

const v = (x: readonly number[]) => np.array([...x]);

describeDevices("special.hyp2f1", () => {
  test("JAX's values across its cases (series, terminating, Euler, digamma near 1, Gauss, special values)", async () => {
    await expectFlat("hyp2f1", special.hyp2f1(v(R.a), v(R.b), v(R.c), v(R.x)), R.values, { rtol: 2e-5, atol: 1e-6 });
  });

  test("grad in a, b, c, x; jit; vmap", async () => {
    const f = (a: Array, b: Array, c: Array, x: Array) => np.sum(special.hyp2f1(a, b, c, x));
    const gs = jit(grad(f, { argnums: [0, 1, 2, 3] }))(v(R.ga), v(R.gb), v(R.gc), v(R.gx)) as Array[];
    for (let i = 0; i < 4; i++) await expectFlat(`grad ${"abcx"[i]}`, gs[i]!, R.grads[i]!, { rtol: 1e-4, atol: 1e-6 });
    const vm = vmap((x: Array) => special.hyp2f1(v(R.a.slice(0, 4)), v(R.b.slice(0, 4)), v(R.c.slice(0, 4)), x))(np.stack([v(R.x.slice(0, 4)), v(R.x.slice(0, 4))]));
    await expectFlat("vmap", vm, [...R.values.slice(0, 4), ...R.values.slice(0, 4)], { rtol: 2e-5, atol: 1e-6 });
  });
});
