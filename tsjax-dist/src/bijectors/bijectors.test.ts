/**
 * Every bijector: `inverse(forward(x)) ≈ x`, the forward log-determinant against
 * `log|det jacfwd(forward)|` (per event, determinants in float64 here), the inverse
 * log-determinant against `-forwardLogDet(inverse(y))`, and `forwardAndLogDet` against the
 * separate methods.
 */
import { describe, expect, it } from "vitest";
import { type Array, jacfwd, nn, np, random } from "tsjax-core";
import { close, f32, v } from "../test-utils.js";
import type { Bijector } from "./bijector.js";
import { Block } from "./block.js";
import { Chain } from "./chain.js";
import { DiagLinear } from "./diag-linear.js";
import { GumbelCDF } from "./gumbel-cdf.js";
import { Inverse } from "./inverse.js";
import { Lambda } from "./lambda.js";
import { LowerUpperTriangularAffine } from "./lower-upper-triangular-affine.js";
import { MaskedCoupling } from "./masked-coupling.js";
import { Permute } from "./permute.js";
import { RationalQuadraticSpline } from "./rational-quadratic-spline.js";
import { ScalarAffine, Shift } from "./scalar-affine.js";
import { Sigmoid } from "./sigmoid.js";
import { SplitCoupling } from "./split-coupling.js";
import { Tanh } from "./tanh.js";
import { TriangularLinear } from "./triangular-linear.js";
import { UnconstrainedAffine } from "./unconstrained-affine.js";
import { DiagPlusLowRankLinear } from "./diag-plus-low-rank-linear.js";

/** log|det m| by Gaussian elimination with partial pivoting, in float64. */
function logAbsDet(m: number[][]): number {
  const a = m.map((r) => [...r]);
  const n = a.length;
  let s = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const piv = a[c]![c]!;
    s += Math.log(Math.abs(piv));
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / piv;
      for (let k = c; k < n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return s;
}

/**
 * log|det J| of `f` at each event of `x`, from the dense Jacobian of the whole flattened map:
 * its diagonal (elementwise maps) or its diagonal blocks (events of one or more axes).
 */
function numericLogDet(b: Bijector, x: Array): number[] {
  const flat = x.reshape([x.size]);
  const j = jacfwd((t: Array) => b.forward(t.reshape(x.shape)).reshape([x.size]))(flat) as Array;
  const m = v(j);
  const n = x.size;
  const d = b.eventNdimsIn === 0 ? 1 : x.shape.slice(x.ndim - b.eventNdimsIn).reduce((a, c) => a * c, 1);
  return globalThis.Array.from({ length: n / d }, (_, e) =>
    logAbsDet(globalThis.Array.from({ length: d }, (_, r) => m.slice((e * d + r) * n + e * d, (e * d + r) * n + e * d + d))),
  );
}

function checkBijector(b: Bijector, x: Array, tol = { atol: 1e-4, rtol: 1e-4 }): void {
  const [y, ld] = b.forwardAndLogDet(x);
  close(y, v(b.forward(x)), { atol: 1e-6 });
  close(ld, v(b.forwardLogDetJacobian(x)), { atol: 1e-6 });
  close(b.inverse(y), v(x), tol);
  close(ld, numericLogDet(b, x), tol);
  const [xBack, ild] = b.inverseAndLogDet(y);
  close(xBack, v(b.inverse(y)), { atol: 1e-6 });
  close(ild, v(ld.neg()), tol);
  close(b.inverseLogDetJacobian(y), v(ild), { atol: 1e-6 });
}

const x2 = f32([[0.3, -1.2, 0.7], [2.1, 0.05, -0.4]]);
const sq = f32([[1.5, 0.2, -0.3], [0.4, -2, 0.1], [0.7, 0.5, 0.8]]);

describe("bijectors: inverse, log-determinant against autodiff Jacobians", () => {
  const cases: [string, () => Bijector, Array][] = [
    ["ScalarAffine (scale)", () => new ScalarAffine(f32([1, -2, 0.5]), { scale: f32([2, -0.5, 3]) }), x2],
    ["ScalarAffine (logScale)", () => new ScalarAffine(0.3, { logScale: f32([0.1, -1, 2]) }), x2],
    ["Shift", () => new Shift(f32([1, 2, 3])), x2],
    ["Tanh", () => new Tanh(), x2],
    ["Sigmoid", () => new Sigmoid(), x2],
    ["GumbelCDF", () => new GumbelCDF(), x2],
    ["Lambda (log-det by autodiff)", () => new Lambda({ forward: (x) => np.sinh(x), inverse: (y) => np.arcsinh(y) }), x2],
    ["Lambda (given log-det)", () => new Lambda({ forward: np.exp, inverse: np.log, forwardLogDetJacobian: (x) => x, eventNdimsIn: 0 }), x2],
    ["Inverse(Sigmoid)", () => new Inverse(new Sigmoid()), f32([0.1, 0.5, 0.97])],
    ["Chain(Tanh, ScalarAffine)", () => new Chain([new Tanh(), new ScalarAffine(0.5, { scale: 0.3 })]), x2],
    ["Block(Tanh, 1)", () => new Block(new Tanh(), 1), x2],
    ["Permute", () => new Permute([2, 0, 1]), x2],
    ["DiagLinear", () => new DiagLinear(f32([2, -0.5, 3])), x2],
    ["TriangularLinear (lower)", () => new TriangularLinear(sq), x2],
    ["TriangularLinear (upper, batched)", () => new TriangularLinear(np.stack([sq, sq.T]), false), x2],
    ["LowerUpperTriangularAffine", () => new LowerUpperTriangularAffine(sq, f32([1, 0, -1])), x2],
    ["UnconstrainedAffine", () => new UnconstrainedAffine(sq, f32([1, 0, -1])), x2],
    ["UnconstrainedAffine (batched, needs pivoting)", () => new UnconstrainedAffine(np.stack([sq, f32([[0, 1, 0], [1, 0, 0], [0, 0, 2]])]), f32([0.5, 0, 0])), x2],
    ["DiagPlusLowRankLinear", () => new DiagPlusLowRankLinear(f32([1.5, -0.7, 2]), f32([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.6]]), f32([[1, 0.5], [0, -0.3], [0.2, 0.1]])), x2],
    ["Chain of vector bijectors", () => new Chain([new Permute([1, 2, 0]), new TriangularLinear(sq), new Block(new Sigmoid(), 1)]), x2],
    [
      "SplitCoupling (affine inner bijector from a conditioner)",
      () =>
        new SplitCoupling({
          splitIndex: 1,
          eventNdims: 1,
          conditioner: (x1: Array) => x1.mul(0.7).add(0.1),
          bijector: (p: Array) => new ScalarAffine(p, { logScale: p.mul(0.5) }),
        }),
      x2,
    ],
    [
      "SplitCoupling (swap, spline inner bijector)",
      () =>
        new SplitCoupling({
          splitIndex: 2,
          eventNdims: 1,
          swap: true,
          conditioner: (x1: Array) => np.broadcastTo(x1.sum(-1, { keepdims: true }).expandDims(-1), [...x1.shape.slice(0, -1), 2, 13]).mul(0.3),
          bijector: (p: Array) => new RationalQuadraticSpline(p, { rangeMin: -3, rangeMax: 3 }),
        }),
      x2,
    ],
    [
      "MaskedCoupling",
      () =>
        new MaskedCoupling({
          mask: np.array([true, false, true]),
          conditioner: (x: Array) => np.broadcastTo(x.sum(-1, { keepdims: true }), x.shape),
          bijector: (p: Array) => new ScalarAffine(p.mul(0.2), { logScale: np.tanh(p) }),
        }),
      x2,
    ],
    ["RationalQuadraticSpline (one spline per element, points outside the range)", () => new RationalQuadraticSpline(random.normal(random.key(3), [3, 25]), { rangeMin: -2, rangeMax: 2 }), f32([[0.3, -2.5, 1.9], [3.5, -1.2, 0]])],
  ];
  for (const [name, make, x] of cases) {
    it(name, () => checkBijector(make(), x));
  }
});

describe("bijector numerics and behaviour", () => {
  it("Tanh's log-determinant stays finite and exact for large |x| (softplus form)", () => {
    const x = [0, 5, 20, -30, 50];
    const want = x.map((t) => 2 * (Math.LN2 - Math.abs(t) - Math.log1p(Math.exp(-2 * Math.abs(t)))));
    close(new Tanh().forwardLogDetJacobian(f32(x)), want, { rtol: 1e-6 });
  });

  it("RationalQuadraticSpline: zero parameters give the identity; knots map to knots; every boundary option", () => {
    const id = new RationalQuadraticSpline(np.zeros([3 * 4 + 1]), { rangeMin: -1, rangeMax: 1 });
    const x = f32([-3, -0.5, 0, 0.99, 4]);
    close(id.forward(x), v(x), { atol: 1e-5 });
    close(id.forwardLogDetJacobian(x), 0, { atol: 1e-5 });
    const p = random.normal(random.key(1), [3 * 5 + 1]);
    for (const boundarySlopes of ["unconstrained", "lower_identity", "upper_identity", "identity", "circular"] as const) {
      const s = new RationalQuadraticSpline(p, { rangeMin: -2, rangeMax: 3, boundarySlopes });
      close(s.forward(s.xPos), v(s.yPos), { atol: 1e-5 });
      const ks = v(s.knotSlopes);
      if (boundarySlopes === "lower_identity" || boundarySlopes === "identity") expect(ks[0]).toBe(1);
      if (boundarySlopes === "upper_identity" || boundarySlopes === "identity") expect(ks[5]).toBe(1);
      if (boundarySlopes === "circular") expect(ks[0]).toBe(ks[5]);
      checkBijector(s, f32([-2.5, -1.9, 0.1, 2.9, 3.4]));
    }
    const ys = v(new RationalQuadraticSpline(p, { rangeMin: -2, rangeMax: 3 }).forward(np.linspace(-3, 4, 50)));
    ys.slice(1).forEach((y, i) => expect(y).toBeGreaterThan(ys[i]!));
  });

  it("Lambda derives the inverse log-determinant; Chain applies its last bijector first", () => {
    const softplus = new Lambda({ forward: nn.softplus, inverse: (y) => np.log(np.expm1(y)) });
    close(softplus.inverseLogDetJacobian(f32([1, 2])), [1, 2].map((y) => -Math.log(-Math.expm1(-y))), { rtol: 1e-5 });
    close(new Chain([new Shift(1), new ScalarAffine(0, { scale: 2 })]).forward(1), [3]);
    const b = new Lambda((x) => x.mul(3));
    close(b.forwardLogDetJacobian(f32([1, 2])), [Math.log(3), Math.log(3)], { rtol: 1e-6 });
    expect(() => b.inverse(1)).toThrow(/Lambda: inverse was not given; pass it to new Lambda\(\{ inverse \}\)/);
  });

  it("DiagPlusLowRankLinear's matrix is diag(d) + U V^T; its maps agree with the dense matrix", () => {
    const d = f32([1.5, -0.7, 2]);
    const u = f32([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.6]]);
    const w = f32([[1, 0.5], [0, -0.3], [0.2, 0.1]]);
    const b = new DiagPlusLowRankLinear(d, u, w);
    const dense = d.expandDims(-1).mul(np.eye(3)).add(np.matmul(u, w.T));
    close(b.matrix, v(dense), { atol: 1e-6 });
    close(b.forward(x2), v(np.matmul(x2, dense.T)), { atol: 1e-5 });
    close(new UnconstrainedAffine(dense, np.zeros([3])).forward(x2), v(b.forward(x2)), { atol: 1e-5 });
  });

  it("constant-Jacobian flags propagate through Chain, Inverse and Block", () => {
    expect(new Chain([new Tanh(), new Shift(1)]).isConstantJacobian).toBe(false);
    expect(new Chain([new Block(new Shift(1), 1), new DiagLinear(f32([1, 2]))]).isConstantJacobian).toBe(true);
    expect(new Inverse(new Tanh()).isConstantJacobian).toBe(false);
    expect(new Block(new ScalarAffine(1), 2).isConstantLogDet).toBe(true);
    expect(new Permute([1, 0]).isConstantJacobian).toBe(true);
  });
});
