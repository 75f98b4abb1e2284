import { test } from "vitest";
import { type Array, grad, jit, np, special, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { SPECIAL_MORE as R } from "../../test/refs/laxlib/special-more.js";

const arr = (v: readonly number[]) => np.array([...v]);

describeDevices("special: owensT, hyp1f1, sici and fresnel against JAX 0.10.2", (device) => {
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

  test("sici and fresnel, with gradients", async () => {
    const [si, ci] = special.sici(arr(R.sx));
    await expectFlat("si", si, R.si, { rtol, atol: 1e-7 });
    await expectFlat("ci", ci, R.ci, { rtol: rtol * 4, atol: 2e-7 });
    const gx = arr(R.gsx);
    await expectFlat("si'", vmap(grad((v: Array) => special.sici(v)[0]))(gx), R.siGrad, { rtol, atol: 1e-7 });
    await expectFlat("ci'", vmap(grad((v: Array) => special.sici(v)[1]))(gx), R.ciGrad, { rtol, atol: 1e-7 });
    const [fs, fc] = special.fresnel(arr(R.fx));
    await expectFlat("S", fs, R.fs, { rtol, atol: 1e-7 });
    await expectFlat("C", fc, R.fc, { rtol, atol: 1e-7 });
    const fx = arr(R.gfx);
    await expectFlat("S'", vmap(grad((v: Array) => special.fresnel(v)[0]))(fx), R.fsGrad, { rtol, atol: 1e-6 });
    await expectFlat("C'", vmap(grad((v: Array) => special.fresnel(v)[1]))(fx), R.fcGrad, { rtol, atol: 1e-6 });
  });
});
