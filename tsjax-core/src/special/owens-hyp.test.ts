import { test } from "vitest";
import { type Array, grad, jit, np, special, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { SPECIAL_MORE as R } from "../../test/refs/laxlib/special-more.js";

const arr = (v: readonly number[]) => np.array([...v]);

describeDevices("special: owensT and hyp1f1 against JAX 0.10.2", (device) => {
  const rtol = device === "webgpu" ? 3e-5 : 1e-5;

  test("owensT and its gradients in h and a", async () => {
    const [h, a] = [arr(R.h), arr(R.a)];
    await expectFlat("owensT", special.owensT(h, a), R.owensT, { rtol, atol: 1e-8 });
    const g = vmap(grad(special.owensT, { argnums: [0, 1] }))(h, a) as [Array, Array];
    await expectFlat("d h", g[0], R.owensTGrad[0]!, { rtol, atol: 1e-8 });
    await expectFlat("d a", g[1], R.owensTGrad[1]!, { rtol, atol: 1e-8 });
    await expectFlat("jit", jit(special.owensT)(h, a), R.owensT, { rtol, atol: 1e-8 });
  });

  test("hyp1f1: series, asymptotic expansion, special cases, gradients", async () => {
    await expectFlat("hyp1f1", special.hyp1f1(arr(R.ha), arr(R.hb), arr(R.hx)), R.hyp1f1, { rtol: rtol * 5, atol: 1e-7 });
    const g = vmap(grad(special.hyp1f1, { argnums: [0, 1, 2] }))(arr(R.gha), arr(R.ghb), arr(R.ghx)) as Array[];
    for (let i = 0; i < 3; i++) await expectFlat(`d arg ${i}`, g[i]!, R.hyp1f1Grad[i]!, { rtol: rtol * 5, atol: 1e-6 });
  });
});
