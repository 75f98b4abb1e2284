import { expect, test } from "vitest";
import { type Array, type ArrayLike, ShapeError, checkGrads, grad, np, vmap } from "../index.js";
import * as nn from "./index.js";
import { describeDevices, expectClose, nested, randomValues } from "../../test/helpers.js";

const f32 = Math.fround;
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const SELU_A = 1.6732632423543772848170429916717;
const SELU_S = 1.0507009873554804934193349852946;
const C = Math.sqrt(2 / Math.PI);

/** erfc in float64: positive-term series below 2.5, continued fraction above (test reference only). */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) {
    // erf(x) = 2/sqrt(pi) e^{-x^2} sum 2^n x^{2n+1} / (1*3*...*(2n+1))
    let term = x;
    let s = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      s += term;
      if (term < 1e-17 * s) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * s;
  }
  // erfc(x) = e^{-x^2}/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
const Phi = (x: number) => 0.5 * erfc(-x / Math.SQRT2);
const phi = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);

interface Case {
  fn: (x: ArrayLike) => Array;
  /** float64 value reference. */
  ref: (x: number) => number;
  /** float64 derivative reference (JAX's one-sided choice at kinks). */
  dref: (x: number) => number;
  /** Special inputs with their known results (JAX's). */
  special: [number, number][];
  /** Points where the function is not twice differentiable (checkGrads avoids them). */
  kinks: number[];
  rtol?: number;
}

const hs = (x: number) => Math.min(Math.max(x + 3, 0), 6) / 6;
/** The tanh form, as x * sigmoid(2u) (0.5 * (1 + tanh(u)) cancels in float64 for x below about -6). */
const geluTanh = (x: number) => x * sig(2 * C * (x + 0.044715 * x ** 3));

const CASES: Record<string, Case> = {
  relu: {
    fn: nn.relu, ref: (x) => Math.max(x, 0), dref: (x) => (x > 0 ? 1 : 0), kinks: [0],
    special: [[-Infinity, 0], [Infinity, Infinity], [NaN, NaN], [0, 0], [-3, 0], [1e30, 1e30]],
  },
  relu6: {
    fn: nn.relu6, ref: (x) => Math.min(Math.max(x, 0), 6), dref: (x) => (x > 0 && x < 6 ? 1 : 0), kinks: [0, 6],
    special: [[-Infinity, 0], [Infinity, 6], [NaN, NaN], [6, 6], [7, 6], [0, 0]],
  },
  leakyRelu: {
    fn: (x) => nn.leakyRelu(x), ref: (x) => (x >= 0 ? x : 0.01 * x), dref: (x) => (x >= 0 ? 1 : 0.01), kinks: [0],
    special: [[-Infinity, -Infinity], [Infinity, Infinity], [NaN, NaN], [-2, f32(-0.02)]],
  },
  hardTanh: {
    fn: nn.hardTanh, ref: (x) => Math.min(Math.max(x, -1), 1), dref: (x) => (x >= -1 && x <= 1 ? 1 : 0), kinks: [-1, 1],
    special: [[-Infinity, -1], [Infinity, 1], [NaN, NaN], [0.5, 0.5]],
  },
  hardSigmoid: {
    fn: nn.hardSigmoid, ref: hs, dref: (x) => (x > -3 && x < 3 ? 1 / 6 : 0), kinks: [-3, 3],
    special: [[-Infinity, 0], [Infinity, 1], [NaN, NaN], [0, 0.5]],
  },
  hardSilu: {
    fn: nn.hardSilu, ref: (x) => x * hs(x), dref: (x) => hs(x) + (x > -3 && x < 3 ? x / 6 : 0), kinks: [-3, 3],
    special: [[-Infinity, NaN], [Infinity, Infinity], [NaN, NaN], [4, 4], [-4, -0]],
  },
  elu: {
    fn: (x) => nn.elu(x), ref: (x) => (x > 0 ? x : Math.expm1(x)), dref: (x) => (x > 0 ? 1 : Math.exp(x)), kinks: [0],
    special: [[-Infinity, -1], [Infinity, Infinity], [NaN, NaN], [-1e-7, f32(Math.expm1(f32(-1e-7)))], [-100, -1]],
  },
  celu: {
    fn: (x) => nn.celu(x, 0.5), ref: (x) => Math.max(x, 0) + 0.5 * Math.expm1(Math.min(x, 0) / 0.5),
    dref: (x) => (x > 0 ? 1 : x < 0 ? Math.exp(x / 0.5) : 1), kinks: [0],
    special: [[-Infinity, -0.5], [Infinity, Infinity], [NaN, NaN], [-100, -0.5]],
  },
  selu: {
    fn: nn.selu, ref: (x) => SELU_S * (x > 0 ? x : SELU_A * Math.expm1(x)), dref: (x) => SELU_S * (x > 0 ? 1 : SELU_A * Math.exp(x)),
    kinks: [0], special: [[-Infinity, f32(-SELU_S * SELU_A)], [Infinity, Infinity], [NaN, NaN], [1, f32(SELU_S)]],
  },
  sigmoid: {
    fn: nn.sigmoid, ref: sig, dref: (x) => sig(x) * sig(-x), kinks: [],
    special: [[-Infinity, 0], [Infinity, 1], [NaN, NaN], [0, 0.5], [100, 1]],
  },
  logSigmoid: {
    fn: nn.logSigmoid, ref: (x) => -softplus(-x), dref: (x) => sig(-x), kinks: [],
    special: [[-Infinity, -Infinity], [Infinity, 0], [NaN, NaN], [-100, -100], [-1e30, -1e30], [0, f32(-Math.LN2)]],
  },
  softplus: {
    fn: nn.softplus, ref: softplus, dref: sig, kinks: [],
    special: [[-Infinity, 0], [Infinity, Infinity], [NaN, NaN], [100, 100], [1e30, 1e30], [0, f32(Math.LN2)], [-20, f32(softplus(-20))]],
  },
  silu: {
    fn: nn.silu, ref: (x) => x * sig(x), dref: (x) => sig(x) * (1 + x * sig(-x)), kinks: [],
    special: [[-Infinity, NaN], [Infinity, Infinity], [NaN, NaN], [0, 0], [100, 100]],
  },
  softSign: {
    fn: nn.softSign, ref: (x) => x / (Math.abs(x) + 1), dref: (x) => 1 / (Math.abs(x) + 1) ** 2, kinks: [0],
    special: [[-Infinity, NaN], [Infinity, NaN], [NaN, NaN], [3, 0.75], [-1e30, -1]],
  },
  gelu: {
    fn: (x) => nn.gelu(x), ref: geluTanh,
    dref: (x) => {
      const u = C * (x + 0.044715 * x ** 3);
      const t = Math.tanh(u);
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * C * (1 + 3 * 0.044715 * x * x);
    },
    kinks: [], special: [[-Infinity, NaN], [Infinity, Infinity], [NaN, NaN], [0, 0], [1e4, 1e4], [-1e4, -0]],
  },
  geluExact: {
    fn: (x) => nn.gelu(x, false), ref: (x) => x * Phi(x), dref: (x) => Phi(x) + x * phi(x), kinks: [],
    special: [[-Infinity, NaN], [Infinity, Infinity], [NaN, NaN], [0, 0], [1e4, 1e4], [1, f32(Phi(1))]],
  },
};

/** Inputs checked against the references: a spread, moderately large values and tiny ones. */
const INPUTS = [
  ...randomValues(160, 7, -8, 8),
  ...[-40, -25, -12, 12, 25, 40, -6.5, 6.5, 5.99, 6.01, -2.99, 3.01].map(f32),
  ...[1e-6, -1e-6, 3e-9, -2e-8, 0].map(f32),
];

/** Points for checkGrads: random, kept 0.05 away from the case's kinks. */
function smoothPoints(kinks: number[], n: number, seed: number, lo = -4, hi = 4): number[] {
  return randomValues(n * 3, seed, lo, hi).filter((v) => kinks.every((k) => Math.abs(v - k) > 0.05)).slice(0, n);
}

describeDevices("nn elementwise activations", () => {
  for (const [name, c] of Object.entries(CASES)) {
    test(`${name}: values match a float64 reference, special values as JAX`, async () => {
      const rtol = c.rtol ?? 2e-6;
      await expectClose(c.fn(np.array(INPUTS)), INPUTS.map(c.ref), { rtol, atol: 1e-37, dtype: "float32" });
      const sx = c.special.map(([x]) => x);
      await expectClose(c.fn(np.array(sx)), c.special.map(([, y]) => y), { rtol, atol: 1e-37 });
    });

    test(`${name}: derivatives (kinks included) and second-order checkGrads`, async () => {
      const pts = [...randomValues(40, 8, -6, 6), ...c.kinks, 0];
      const g = grad((x: Array) => c.fn(x).sum())(np.array(pts));
      await expectClose(g, pts.map(c.dref), { rtol: 1e-5, atol: 1e-6 });
      await checkGrads(c.fn, [np.array(smoothPoints(c.kinks, 6, 9))], { order: 2 });
    });
  }

  test("float16 inputs keep their dtype and are accurate to float16 rounding", async () => {
    const xs = randomValues(40, 11, -4, 4).map((v) => f32(Math.round(v * 64) / 64));
    const h = np.array(xs, { dtype: "float16" });
    for (const [name, c] of Object.entries(CASES)) {
      const y = c.fn(h);
      expect(y.dtype, name).toBe("float16");
      await expectClose(y, xs.map(c.ref), { rtol: 2e-3, atol: 2e-4 });
    }
    await checkGrads(nn.softplus, [np.array([-1.5, 0.25, 2], { dtype: "float16" })], { order: 2 });
  });

  test("integer inputs: relu/relu6/hardTanh keep integers, the others compute in float32", async () => {
    const i = np.array([-7, 0, 3, 9], { dtype: "int32" });
    expect(nn.relu(i).dtype).toBe("int32");
    await expectClose(nn.relu(i), [0, 0, 3, 9]);
    expect(nn.relu6(i).dtype).toBe("int32");
    await expectClose(nn.relu6(i), [0, 0, 3, 6]);
    expect(nn.hardTanh(i).dtype).toBe("int32");
    await expectClose(nn.hardTanh(i), [-1, 0, 1, 1]);
    for (const f of [nn.sigmoid, nn.softplus, nn.elu, nn.gelu, nn.silu, nn.leakyRelu, nn.hardSigmoid, nn.softSign]) {
      expect(f(i).dtype).toBe("float32");
    }
    await expectClose(nn.sigmoid(i), [-7, 0, 3, 9].map(sig));
    // JS numbers work and stay weakly typed scalars
    await expectClose(nn.softplus(0), f32(Math.LN2));
    expect(nn.relu(np.array([1, -1], { dtype: "float16" })).dtype).toBe("float16");
  });

  test("parameters: leakyRelu slope, elu/celu alpha, gelu forms", async () => {
    await expectClose(nn.leakyRelu(np.array([-2, 3]), 0.2), [-0.4, 3]);
    await expectClose(nn.elu(np.array([-1, 2]), 2), [2 * Math.expm1(-1), 2]);
    await expectClose(nn.celu(np.array([-1, 2]), 2), [2 * Math.expm1(-0.5), 2]);
    // celu with alpha 1 is elu
    const x = np.array(randomValues(20, 12, -3, 3));
    await expectClose(nn.celu(x), await nn.elu(x).toArray(), { rtol: 1e-6 });
    await expectClose(nn.gelu(np.array([-1, 0, 1]), { approximate: false }), [-1 * Phi(-1), 0, Phi(1)]);
    await expectClose(nn.gelu(np.array([-1, 0, 1]), { approximate: true }), [geluTanh(-1), 0, geluTanh(1)]);
    await expectClose(nn.swish(np.array([1])), [sig(1)]);
    await expectClose(nn.hardSwish(np.array([1])), [1 * hs(1)]);
    // the tanh form stays accurate where 1 + tanh(u) cancels
    await expectClose(nn.gelu(np.array([-5, -7])), [geluTanh(-5), geluTanh(-7)], { rtol: 1e-5, atol: 0 });
    await expectClose(nn.gelu(np.array([-5, -7, -12]), false), [-5 * Phi(-5), -7 * Phi(-7), -12 * Phi(-12)], { rtol: 1e-5, atol: 0 });
  });

  test("second derivatives at the kinks follow JAX (relu'' = 0, softplus'' = 1/4 at 0)", async () => {
    const x = np.array([0, 6, -1, 1]);
    const d2 = (f: (x: Array) => Array) => grad((v: Array) => grad((u: Array) => f(u).sum())(v).sum())(x);
    await expectClose(d2(nn.relu), [0, 0, 0, 0]);
    await expectClose(d2(nn.softplus), [0.25, sig(6) * sig(-6), sig(-1) * sig(1), sig(1) * sig(-1)], { rtol: 1e-5 });
    await expectClose(d2(nn.logSigmoid), [-0.25, -sig(6) * sig(-6), -sig(-1) * sig(1), -sig(1) * sig(-1)], { rtol: 1e-5 });
    // relu's derivative at NaN is 0 (its custom rule selects x > 0)
    await expectClose(grad((v: Array) => nn.relu(v).sum())(np.array([NaN, 2])), [0, 1]);
  });

  test("gradients stay finite for large inputs", async () => {
    const x = np.array([-1e4, -100, -30, 30, 100, 1e4]);
    for (const f of [nn.softplus, nn.logSigmoid, nn.sigmoid, nn.elu, nn.selu, nn.celu, nn.silu, nn.gelu]) {
      const g = await grad((v: Array) => f(v).sum())(x).data();
      for (const v of g) expect(Number.isFinite(v)).toBe(true);
    }
    await expectClose(grad((v: Array) => nn.softplus(v).sum())(x), [0, sig(-100), sig(-30), sig(30), 1, 1], { atol: 1e-30 });
  });

  test("vmap equals a loop (with custom-JVP functions and their gradients)", async () => {
    const rows = [randomValues(5, 13, -3, 3), randomValues(5, 14, -3, 3), [0, -1, 6, 2, -0.5].map(f32)];
    const X = np.array(rows);
    for (const f of [nn.relu, nn.relu6, nn.softplus, (x: ArrayLike) => nn.gelu(x), nn.logSigmoid]) {
      const batched = vmap(f)(X);
      await expectClose(batched, await np.stack(rows.map((r) => f(np.array(r)))).toArray());
      const gf = grad((x: Array) => f(x).sum());
      await expectClose(vmap(gf)(X), await np.stack(rows.map((r) => gf(np.array(r)))).toArray(), { rtol: 1e-6 });
    }
  });
});

describeDevices("nn.glu", () => {
  test("splits the axis into value and gate halves", async () => {
    const v = randomValues(2 * 6 * 3, 21, -3, 3);
    const x = np.array(nested(v, [2, 6, 3]));
    // axis -1 of size 3 is odd
    expect(() => nn.glu(x)).toThrow(ShapeError);
    const want: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) {
      want.push(v[i * 18 + j * 3 + k]! * sig(v[i * 18 + (j + 3) * 3 + k]!));
    }
    await expectClose(nn.glu(x, 1), nested(want, [2, 3, 3]), { rtol: 1e-6 });
    await expectClose(nn.glu(x, -2), nested(want, [2, 3, 3]), { rtol: 1e-6 });
    await expectClose(nn.glu(np.array([1, 2, 0, 100])), [0.5, 2]);
    await checkGrads((a: Array) => nn.glu(a, 1), [x], { order: 2 });
    const y = np.array(nested(v.slice(0, 24), [4, 6]));
    await expectClose(vmap((r: Array) => nn.glu(r))(y), await np.stack([0, 1, 2, 3].map((i) => nn.glu(y.get(i)))).toArray());
  });
});
