/**
 * Autodiff with complex values against JAX 0.10.2 (scripts/refs/fft/refs.py, group "ad"), on
 * every device: `grad` of real functions of complex inputs (JAX's convention: the conjugate of
 * the Wirtinger-style cotangent), holomorphic `grad`/`jacfwd`/`jacrev`, real-to-complex and
 * complex-to-real Jacobians, and the JVP and VJP (transpose) rules of every FFT type.
 */
import { describe, expect, test } from "vitest";
import { type Array, grad, jacfwd, jacrev, jit, jvp, np, vjp } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectRef, refArray } from "../../test/fft-helpers.js";

const TOL = { rtol: 1e-4, atol: 1e-5 };
const ad = (key: string) => refArray("ad", key);

describeDevices("complex autodiff (JAX values)", () => {
  test("grad of real functions of complex inputs: products, abs, abs², imag∘exp, angle, sqrt·log/(z+2), matmul", async () => {
    const z = ad("z");
    const cw = ad("cw");
    const cases: [string, (z: Array) => Array][] = [
      ["gradRealMul", (v) => np.real(np.sum(v.mul(cw)))],
      ["gradAbs", (v) => np.sum(np.abs(v))],
      ["gradAbs2", (v) => np.sum(np.abs(v).pow(2))],
      ["gradExpImag", (v) => np.sum(np.imag(np.exp(v)).mul(np.arange(5)))],
      ["gradAngle", (v) => np.sum(np.angle(v))],
      ["gradSqrtLog", (v) => np.sum(np.real(np.sqrt(v).mul(np.log(v)).div(v.add(2))))],
    ];
    for (const [key, f] of cases) {
      await expectRef(grad(f)(z), "ad", key, TOL);
    }
    await expectRef(jit(grad(cases[5]![1]))(z), "ad", "gradSqrtLog", TOL);
    const b = refArray("reduce", "b");
    await expectRef(grad((a: Array) => np.sum(np.abs(np.matmul(a, b)).pow(2)))(refArray("reduce", "a")), "ad", "gradMatmul", TOL);
  });

  test("grad through fft, ifft, rfft2 and irfft2 (real and complex inputs)", async () => {
    const x = ad("x");
    const w = ad("w");
    await expectRef(grad((v: Array) => np.sum(np.abs(np.fft.fft(v)).pow(2).mul(w)))(x), "ad", "gradPower", TOL);
    await expectRef(grad((v: Array) => np.sum(np.real(np.fft.ifft(v)).mul(w.get(":5"))))(ad("z")), "ad", "gradIfft", TOL);
    const x2 = ad("x2");
    await expectRef(grad((v: Array) => np.sum(np.abs(np.fft.rfft2(v)).mul(np.arange(4).reshape(4, 1))))(x2), "ad", "gradRfft2", TOL);
    const irfft2Loss = (v: Array) => np.sum(np.fft.irfft2(v, { s: [4, 6] }).pow(2));
    await expectRef(grad(irfft2Loss)(np.fft.rfft2(x2)), "ad", "gradIrfft2", TOL);
    await expectRef(jit(grad(irfft2Loss))(np.fft.rfft2(x2)), "ad", "gradIrfft2", TOL);
  });

  test("holomorphic grad, jacfwd and jacrev; Jacobians real→complex and complex→real", async () => {
    const z = ad("z");
    await expectRef(grad((v: Array) => np.sin(v).mul(v), { holomorphic: true })(z.get(0)), "ad", "holoSin", TOL);
    const h = (v: Array) => np.exp(v).mul(np.flip(v));
    await expectRef(jacfwd(h, { holomorphic: true })(z) as Array, "ad", "holoJacfwd", TOL);
    await expectRef(jacrev(h, { holomorphic: true })(z) as Array, "ad", "holoJacrev", TOL);
    await expectRef(jacfwd((v: Array) => np.fft.fft(v))(ad("x").get(":4")) as Array, "ad", "jacfwdRealToComplex", TOL);
    await expectRef(jacrev((v: Array) => np.abs(v).pow(2).add(np.real(v)))(z.get(":3")) as Array, "ad", "jacrevComplexToReal", TOL);
  });

  test("JVP and VJP of FFT, RFFT and IRFFT (even and odd lengths)", async () => {
    const z = ad("z");
    const x = ad("x");
    await expectRef(jvp((v: Array) => np.fft.fft(v), [z], [ad("cw")])[1], "ad", "jvpFft", TOL);
    const vjpOf = (f: (v: Array) => Array, at: Array, ct: string) => vjp(f, at)[1](ad(ct))[0];
    await expectRef(vjpOf((v) => np.fft.fft(v), z, "cw"), "ad", "vjpFft", TOL);
    await expectRef(vjpOf((v) => np.fft.rfft(v), x, "ct5"), "ad", "vjpRfft", TOL);
    await expectRef(vjpOf((v) => np.fft.rfft(v, 9), x, "ct5b"), "ad", "vjpRfftOdd", TOL);
    await expectRef(vjpOf((v) => np.fft.irfft(v), ad("zh"), "ct8"), "ad", "vjpIrfft", TOL);
    await expectRef(vjpOf((v) => np.fft.irfft(v, 9), ad("zh"), "ct9"), "ad", "vjpIrfftOdd", TOL);
  });
});

describe("complex autodiff errors", () => {
  test("grad needs a real output; holomorphic needs complex inputs and outputs; jacfwd needs real inputs", () => {
    const z = np.array([{ re: 1, im: 2 }]);
    expect(() => grad((v: Array) => np.sum(v))(z)).toThrow(/grad requires real-valued outputs, got c64\[\].*holomorphic: true/);
    expect(() => grad((v: Array) => np.sum(v), { holomorphic: true })(np.array([1]))).toThrow(/holomorphic: true requires complex inputs.*astype\("complex64"\)/);
    expect(() => grad((v: Array) => np.sum(np.abs(v)), { holomorphic: true })(z)).toThrow(/holomorphic: true requires complex outputs/);
    expect(() => jacfwd((v: Array) => v)(z)).toThrow(/jacfwd requires real-valued inputs.*holomorphic: true/);
  });
});
