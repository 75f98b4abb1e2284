import { expect, test } from "vitest";
import { type Array, grad, jit, np, vmap } from "../index.js";
import * as nn from "./index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { NN_RANDOM as R } from "../../test/refs/laxlib/nn-random.js";

const ACTS: Record<keyof typeof R.act, (x: Array) => Array> = {
  mish: nn.mish, squareplus: (x) => nn.squareplus(x), squareplus1: (x) => nn.squareplus(x, 1), sparsePlus: nn.sparsePlus,
  sparseSigmoid: nn.sparseSigmoid, tanh: nn.tanh, identity: nn.identity,
};

describeDevices("nn: mish, squareplus, sparsePlus, sparseSigmoid, tanh, identity, log1mexp, logmeanexp against JAX", (device) => {
  const tol = { rtol: device === "webgpu" ? 2e-5 : 4e-6, atol: 1e-6 };
  test("values and derivatives (grad under vmap)", async () => {
    const x = np.array(R.x as unknown as number[]);
    for (const [name, f] of Object.entries(ACTS)) {
      await expectFlat(name, f(x), R.act[name as keyof typeof R.act], tol);
      await expectFlat(`grad ${name}`, vmap(grad((v: Array) => f(v)))(x), R.actGrad[name as keyof typeof R.act], tol);
    }
  });

  test("log1mexp: values, its custom derivative, jit", async () => {
    const p = np.array(R.pos as unknown as number[]);
    await expectFlat("log1mexp", nn.log1mexp(p), R.log1mexp, tol);
    await expectFlat("jit log1mexp", jit(nn.log1mexp)(p), R.log1mexp, tol);
    await expectFlat("grad log1mexp", vmap(grad((v: Array) => nn.log1mexp(v)))(p), R.log1mexpGrad, { rtol: 2e-5 });
  });

  test("logmeanexp: axes, keepdims, where, grad", async () => {
    const m = np.array([[0.5, -1, 3, 2], [-100, -101, -99, -100.5], [1, 1, 1, 1]]);
    const w = np.array([[true, false, true, true], [true, true, false, false], [false, false, false, true]]);
    await expectFlat("all", nn.logmeanexp(m), R.lme.all, tol);
    await expectFlat("axis1", nn.logmeanexp(m, 1), R.lme.axis1, tol);
    const kept = nn.logmeanexp(m, { axis: 0, keepdims: true });
    expect(kept.shape).toEqual([1, 4]);
    await expectFlat("axis0keep", kept, R.lme.axis0keep, tol);
    await expectFlat("where", nn.logmeanexp(m, 1, { where: w }), R.lme.where, tol);
    await expectFlat("grad", grad((a: Array) => nn.logmeanexp(a, 1).sum())(m), R.lme.grad, tol);
  });
});

test("nn options are checked: unknown keys name the accepted ones", () => {
  const x = np.array([1, 2]);
  expect(() => nn.logmeanexp(x, { axes: 0 } as never)).toThrow(/unknown option "axes".*Accepted options: axis, where, keepdims/);
  expect(() => nn.softmax(x, { axs: 0 } as never)).toThrow(/nn.softmax: unknown option "axs" \(did you mean "axis"\?\)/);
  expect(() => nn.logsumexp(x, { keepdim: true } as never)).toThrow(/did you mean "keepdims"/);
  expect(() => nn.standardize(x, { eps: 1 } as never)).toThrow(/Accepted options: axis, mean, variance, epsilon, where/);
  expect(() => nn.oneHot(np.array([0]), 2, { dtyp: "int32" } as never)).toThrow(/did you mean "dtype"/);
  expect(() => nn.gelu(x, { approx: false } as never)).toThrow(/unknown option "approx"/);
  expect(() => nn.softmax(x, { axis: 0 }, { axis: 0 })).toThrow(/options come last/);
});
