import { describe, expect, it } from "vitest";
import { type Array, grad, jit, np, tree } from "tsjax-core";
import { adam, adamax, adamaxw, adamw, amsgrad, nadam, nadamw, radam } from "./adam.js";
import { type GradientTransformation, applyUpdates } from "../base.js";
import { close, f32, v } from "../../test/helpers.js";

const grads = [[0.5, -1.0, 2.0], [-0.3, 0.2, 1.5], [1.0, 1.0, -2.0]];
const p0 = [1.0, -2.0, 0.5];

/** Runs an optimizer three steps with the fixed gradients; returns each step's updates. */
function run3(opt: GradientTransformation): number[][] {
  let params = f32(p0);
  let state = opt.init(params);
  const out: number[][] = [];
  for (const g of grads) {
    const [u, s] = opt.update(f32(g), state, params);
    state = s;
    params = applyUpdates(params, u);
    out.push(v(u));
  }
  return out;
}

/** Optax's Adam (optionally Nesterov, weight decay) in float64. */
function adamByHand(lr: number, o: { b1?: number; b2?: number; eps?: number; epsRoot?: number; nesterov?: boolean; wd?: number } = {}): number[][] {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, nesterov = false, wd = 0 } = o;
  let mu = [0, 0, 0], nu = [0, 0, 0];
  const p = [...p0];
  return grads.map((g, k) => {
    const t = k + 1;
    mu = mu.map((m, i) => (1 - b1) * g[i]! + b1 * m);
    nu = nu.map((n, i) => (1 - b2) * g[i]! ** 2 + b2 * n);
    const u = mu.map((m, i) => {
      const mh = nesterov ? (b1 * m) / (1 - b1 ** (t + 1)) + ((1 - b1) * g[i]!) / (1 - b1 ** t) : m / (1 - b1 ** t);
      const nh = nu[i]! / (1 - b2 ** t);
      return -lr * (mh / (Math.sqrt(nh + epsRoot) + eps) + wd * p[i]!);
    });
    u.forEach((x, i) => (p[i] = p[i]! + x));
    return u;
  });
}

describe("adam family: the first three updates equal optax's formulas", () => {
  it("adam", () => run3(adam(0.1)).forEach((u, k) => close(u, adamByHand(0.1)[k]!)));
  it("adam with epsRoot and custom betas", () => {
    const o = { b1: 0.8, b2: 0.99, eps: 1e-3, epsRoot: 1e-4 };
    run3(adam(0.05, o)).forEach((u, k) => close(u, adamByHand(0.05, o)[k]!));
  });
  it("nadam (Nesterov form)", () => run3(nadam(0.1)).forEach((u, k) => close(u, adamByHand(0.1, { nesterov: true })[k]!)));
  it("adamw: decoupled decay, default 1e-4", () => {
    run3(adamw(0.1)).forEach((u, k) => close(u, adamByHand(0.1, { wd: 1e-4 })[k]!));
    run3(adamw(0.1, { weightDecay: 0.5 })).forEach((u, k) => close(u, adamByHand(0.1, { wd: 0.5 })[k]!));
  });
  it("nadamw", () => run3(nadamw(0.1, { weightDecay: 0.1 })).forEach((u, k) => close(u, adamByHand(0.1, { wd: 0.1, nesterov: true })[k]!)));
  it("adamax", () => {
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    let mu = [0, 0, 0], nu = [0, 0, 0];
    const want = grads.map((g, k) => {
      mu = mu.map((m, i) => (1 - b1) * g[i]! + b1 * m);
      nu = nu.map((n, i) => Math.max(b2 * n, Math.abs(g[i]!) + eps));
      return mu.map((m, i) => (-0.1 * (m / (1 - b1 ** (k + 1)))) / nu[i]!);
    });
    run3(adamax(0.1)).forEach((u, k) => close(u, want[k]!));
    expect(adamaxw(0.1).init(f32(p0))).toHaveLength(3);
  });
  it("amsgrad", () => {
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    let mu = [0, 0, 0], nu = [0, 0, 0], nuMax = [0, 0, 0];
    const want = grads.map((g, k) => {
      mu = mu.map((m, i) => (1 - b1) * g[i]! + b1 * m);
      nu = nu.map((n, i) => (1 - b2) * g[i]! ** 2 + b2 * n);
      nuMax = nuMax.map((x, i) => Math.max(x, nu[i]! / (1 - b2 ** (k + 1))));
      return mu.map((m, i) => (-0.1 * (m / (1 - b1 ** (k + 1)))) / (Math.sqrt(nuMax[i]!) + eps));
    });
    run3(amsgrad(0.1)).forEach((u, k) => close(u, want[k]!));
  });
  it("radam: plain momentum while the SMA length is below the threshold", () => {
    // ro_t < 5 for the first steps with b2 = 0.999, so the update is -lr * mu_hat.
    const b1 = 0.9;
    let mu = [0, 0, 0];
    const want = grads.map((g, k) => {
      mu = mu.map((m, i) => (1 - b1) * g[i]! + b1 * m);
      return mu.map((m) => -0.1 * (m / (1 - b1 ** (k + 1))));
    });
    run3(radam(0.1)).forEach((u, k) => close(u, want[k]!));
  });
  it("radam: the rectified step once ro_t >= threshold", () => {
    const b1 = 0.9, b2 = 0.5, eps = 1e-8; // ro_inf = 3: never >= 5 -> lower the threshold
    let mu = [0, 0, 0], nu = [0, 0, 0];
    const roInf = 2 / (1 - b2) - 1;
    const want = grads.map((g, k) => {
      const t = k + 1;
      mu = mu.map((m, i) => (1 - b1) * g[i]! + b1 * m);
      nu = nu.map((n, i) => (1 - b2) * g[i]! ** 2 + b2 * n);
      const b2t = b2 ** t;
      const ro = roInf - (2 * t * b2t) / (1 - b2t);
      return mu.map((m, i) => {
        const mh = m / (1 - b1 ** t);
        if (ro < 0.5) return -0.1 * mh;
        const r = Math.sqrt(((ro - 4) * (ro - 2) * roInf) / ((roInf - 4) * (roInf - 2) * ro));
        return (-0.1 * r * mh) / (Math.sqrt(nu[i]! / (1 - b2t)) + eps);
      });
    });
    run3(radam(0.1, { b2, threshold: 0.5 })).forEach((u, k) => close(u, want[k]!, { rtol: 1e-4 }));
  });
});

describe("adam: jit, state invariants, errors", () => {
  it("a jitted, donated step does not retrace and converges on a parabola", async () => {
    const target = f32([1, -1, 1]);
    const loss = (p: { x: Array }) => np.square(p.x.sub(target)).sum();
    const opt = adamw(0.1, { weightDecay: 0 });
    const step = jit((params: { x: Array }, state: unknown) => {
      const [u, s] = opt.update(grad(loss)(params), state as never, params);
      return [applyUpdates(params, u), s] as const;
    }, { donate: [0, 1] });
    let params = { x: f32([-1, 10, 1]) };
    let state: unknown = opt.init(params);
    for (let i = 0; i < 500; i++) [params, state] = step(params, state) as unknown as [typeof params, unknown];
    expect(step.traceCount).toBe(1);
    close(params.x, [1, -1, 1], { atol: 1e-2 });
  });
  it("applyUpdates keeps each param's dtype", () => {
    const p = { a: np.array([1, 2], { dtype: "float16" }), b: np.array([1, 2], { dtype: "int32" }) };
    const out = applyUpdates(p, { a: f32([0.5, 0.5]), b: f32([1, 1]) });
    expect(out.a.dtype).toBe("float16");
    expect(out.b.dtype).toBe("int32");
  });
  it("a mismatched updates tree names the op and the path", () => {
    const opt = adam(0.1);
    const state = opt.init({ w: f32([1]), b: f32([1]) });
    expect(() => opt.update({ w: f32([1]), c: f32([1]) }, state)).toThrow(/scaleByAdam.*\(root\)|scaleByAdam/);
    expect(() => opt.update({ w: f32([1]), c: f32([1]) }, state)).toThrow(/keys \[b, w\]/);
    expect(() => opt.update({ w: [f32([1])], b: f32([1]) }, state)).toThrow(/scaleByAdam: tree structures differ at \['w'\]/);
  });
  it("bad hyperparameters throw", () => {
    expect(() => adam(NaN)).toThrow(/adam: learningRate is NaN/);
    expect(() => adamw(-1)).toThrow(/adamw: learningRate must be >= 0/);
    expect(() => adam(0.1, { b1: 1.5 })).toThrow(/b1 must be <= 1/);
  });
  it("adamw's mask decays exactly the selected leaves", () => {
    const params = { w: f32([1, 2]), b: f32([3]) };
    const opt = adamw(1, { weightDecay: 0.5, mask: { w: true, b: false }, eps: 1e30 });
    // eps huge: the adam part is ~0, so the update is -lr * wd * p where masked.
    const [u] = opt.update(tree.map((x: Array) => np.zerosLike(x), params), opt.init(params), params);
    close(u.w, [-0.5, -1]);
    close(u.b, [0]);
    expect(() => adamw(1, { mask: { w: true } }).init(params)).toThrow(/masked: the mask does not match the params at \(root\).*missing in the mask: b/);
  });
});
