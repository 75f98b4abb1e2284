import { describe, expect, it } from "vitest";
import { type Array, customVjp, grad, jit, memoryStats, np, random, scope } from "tsjax-core";
import { type Params, transform, transformWithState } from "../transform/transform.js";
import { getState, nextRngKey, runningInit, setState } from "../base/params.js";
import { zeros } from "../initializers/constant.js";
import { Linear } from "../modules/linear.js";
import { dropout } from "../modules/dropout.js";
import { cond, foriLoop, jit as hkJit, map, remat, scan, switch_, vmap, whileLoop } from "./lift-state.js";
import { close, rand, treeClose, v } from "../testing/helpers.js";

/** A counter in state: returns x + count and increments it. */
function counted(x: Array): Array {
  const c = getState("count", [], "float32", zeros);
  setState("count", c.add(1));
  return x.add(c);
}

describe("vmap", () => {
  it("params are shared (not batched); equals a loop over examples", () => {
    const f = transform((x: Array) => vmap((r: Array) => new Linear(3).call(r), { splitRng: false })(x));
    const x = rand([4, 2], 1);
    const params = f.init(random.key(0), x);
    expect(params.linear!.w!.shape).toEqual([2, 3]);
    const direct = transform((r: Array) => new Linear(3).call(r));
    close(f.apply(params, null, x), v(direct.apply(params, null, x)), { atol: 1e-6 });
  });

  it("splitRng: true gives each example its own key; false the same", () => {
    const f = (split: boolean) => transform((x: Array) => vmap((r: Array) => dropout(nextRngKey(), 0.5, r), { splitRng: split })(x));
    const x = np.ones([3, 64]);
    const same = v(f(false).apply({}, random.key(1), x));
    const rows = (a: number[]) => [0, 1, 2].map((i) => a.slice(i * 64, i * 64 + 64).join());
    expect(new Set(rows(same)).size).toBe(1);
    expect(new Set(rows(v(f(true).apply({}, random.key(1), x)))).size).toBe(3);
    expect(() => vmap((r: Array) => r, {} as never)).toThrow(/give splitRng/);
  });

  it("inAxes per argument", () => {
    const f = transform((a: Array, b: Array) => vmap((r: Array, s: Array) => r.add(s), { inAxes: [0, null], splitRng: false })(a, b));
    close(f.apply({}, null, np.ones([2, 3]), np.array([1, 2, 3])), [2, 3, 4, 2, 3, 4]);
  });
});

describe("scan and map", () => {
  it("threads state through the loop; params created once in init", () => {
    const f = transformWithState((xs: Array) => {
      const cell = new Linear(2, { name: "cell" }); // created outside the body, as with haiku's scan
      return scan((c: Array, x: Array) => {
        const y = cell.call(counted(x)).add(c);
        return [y, y] as const;
      }, np.zeros([2]), xs);
    });
    const xs = rand([4, 3], 2);
    const [params, state] = f.init(random.key(0), xs);
    expect(Object.keys(params)).toEqual(["cell"]);
    const [[carry, ys], s] = f.apply(params, state, null, xs);
    // A plain loop of the same step.
    let c = np.zeros([2]);
    const w = params.cell!.w!;
    const b = params.cell!.b!;
    const outs: Array[] = [];
    for (let t = 0; t < 4; t++) {
      c = xs.get(t).add(t).matmul(w).add(b).add(c);
      outs.push(c);
    }
    close(ys, v(np.stack(outs)), { atol: 1e-5 });
    close(carry, v(c), { atol: 1e-5 });
    expect(v(s["~"]!.count!)).toEqual([4]);
  });

  it("a module created inside the body is an error (its params would be new at every step)", () => {
    const f = transform((xs: Array) => scan((c: Array, x: Array) => [new Linear(2).call(x).add(c), c] as const, np.zeros([2]), xs));
    expect(() => f.init(random.key(0), rand([3, 2], 7))).toThrow(/the body created parameters inside the loop \(linear_1\/w, linear_1\/b\)/);
  });

  it("reverse and map", () => {
    const f = transform((xs: Array) => [scan((c: Array, x: Array) => [c.add(x), c.add(x)] as const, np.zeros([]), xs, { reverse: true })[1], map((x: Array) => x.mul(2), xs)]);
    const [cum, doubled] = f.apply({}, null, np.array([1, 2, 3]));
    expect(v(cum)).toEqual([6, 5, 3]);
    expect(v(doubled)).toEqual([2, 4, 6]);
  });
});

describe("remat", () => {
  const block = (h: Array) => np.tanh(new Linear(128).call(h));
  const build = (useRemat: boolean, probe: (x: Array) => Array) =>
    transform((x: Array) => {
      let h = x;
      for (let i = 0; i < 4; i++) h = useRemat ? remat(block)(h) : block(h);
      return probe(h).sum();
    });

  it("gives the same gradients and holds less memory at the start of the backward pass", () => {
    // The probe's backward runs first in the backward pass, when every residual is held.
    let liveAtBackward = 0;
    const probe = customVjp((x: Array) => x);
    probe.defvjp((x: Array) => [x, null], (_r: unknown, ct: Array) => {
      liveAtBackward = memoryStats().liveBytes;
      return [ct];
    });
    const x = rand([256, 128], 3);
    const plain = build(false, probe);
    const params = plain.init(random.key(0), x);
    // scope() frees the step's temporaries when it returns, so that nothing left over from one
    // measurement (waiting for the garbage collector) counts in the next.
    const measure = (f: typeof plain) => {
      const before = memoryStats().liveBytes;
      const g = scope(() => grad((p: Params) => f.apply(p, null, x))(params));
      return [g, liveAtBackward - before] as const;
    };
    const [gPlain, memPlain] = measure(plain);
    const [gRemat, memRemat] = measure(build(true, probe));
    treeClose(gRemat, gPlain, { atol: 1e-5 });
    // Without remat each block keeps its pre-activation and tanh output ([256, 128] floats, 128 KiB
    // each); with it, only the block inputs: at least one array per block less.
    expect(memPlain - memRemat).toBeGreaterThanOrEqual(4 * 256 * 128 * 4);
  });

  it("threads state and keys", () => {
    const f = transformWithState((x: Array) => remat((y: Array) => dropout(nextRngKey(), 0.5, counted(y)))(x));
    const [p, s] = f.init(random.key(0), np.ones([8]));
    const [, s2] = f.apply(p, s, random.key(1), np.ones([8]));
    expect(v(s2["~"]!.count!)).toEqual([1]);
  });
});

describe("jit inside a transform", () => {
  it("equals eager and updates state", () => {
    const f = transformWithState((x: Array) => hkJit((y: Array) => counted(new Linear(2).call(y)))(x));
    const x = rand([3, 2], 4);
    const [params, state] = f.init(random.key(0), x);
    const [y, s] = f.apply(params, state, null, x);
    close(y, v(x.matmul(params.linear!.w!).add(params.linear!.b!)), { atol: 1e-6 });
    expect(v(s["~"]!.count!)).toEqual([1]);
  });
});

describe("cond and switch", () => {
  it("runs one branch; its state update is kept; init creates every branch's params", () => {
    const f = transformWithState((x: Array, pred: Array) => {
      const a = new Linear(2, { name: "a" });
      const b = new Linear(2, { name: "b" });
      if (runningInit()) {
        b.call(x);
        return a.call(x);
      }
      return cond(pred, (y: Array) => counted(a.call(y)), (y: Array) => b.call(y), x);
    });
    const x = rand([1, 3], 5);
    const [params, state] = f.init(random.key(0), x, np.array(true));
    expect(Object.keys(params)).toEqual(["b", "a"]);
    const [yt, st] = f.apply(params, { "~": { count: np.array(5) } }, null, x, np.array(true));
    close(yt, v(x.matmul(params.a!.w!).add(params.a!.b!).add(5)), { atol: 1e-5 });
    expect(v(st["~"]!.count!)).toEqual([6]);
    const [yf, sf] = f.apply(params, { "~": { count: np.array(5) } }, null, x, np.array(false));
    close(yf, v(x.matmul(params.b!.w!).add(params.b!.b!)), { atol: 1e-5 });
    expect(v(sf["~"]!.count!)).toEqual([5]);
    expect(state).toEqual({});
  });

  it("switch picks the branch by index", () => {
    const f = transform((i: Array, x: Array) => switch_(i, [(y: Array) => y.add(1), (y: Array) => y.mul(10), (y: Array) => y.neg()], x));
    expect([0, 1, 2].map((i) => v(f.apply({}, null, np.array(i, { dtype: "int32" }), np.array([2])))[0])).toEqual([3, 20, -2]);
  });

  it("branches creating different params in init get haiku's hint", () => {
    const f = transform((x: Array) => cond(x.sum().gt(0), (y: Array) => new Linear(2).call(y), (y: Array) => y.get(":", ":2"), x));
    expect(() => f.init(random.key(0), np.ones([1, 3]))).toThrow(/create the parameters of every branch unconditionally/);
  });
});

describe("loops", () => {
  it("foriLoop: in init the body runs once outside; apply loops with state", () => {
    const f = transformWithState((x: Array) => {
      const l = new Linear(2, { name: "l" });
      return foriLoop(0, 3, (_i: Array, h: Array) => counted(l.call(h)), x);
    });
    const x = rand([1, 2], 6);
    const [params, state] = f.init(random.key(0), x);
    expect(v(state["~"]!.count!)).toEqual([0]);
    const [y, s] = f.apply(params, state, null, x);
    let h = x;
    for (let i = 0; i < 3; i++) h = h.matmul(params.l!.w!).add(params.l!.b!).add(i);
    close(y, v(h), { atol: 1e-5 });
    expect(v(s["~"]!.count!)).toEqual([3]);
  });

  it("whileLoop: apply only; condFn must not change state", () => {
    const body = (h: Array) => counted(h.mul(2));
    const f = transformWithState((x: Array) => (runningInit() ? body(x) : whileLoop((h: Array) => h.lt(100).all(), body, x)));
    const [p, s] = f.init(null, np.array([1]));
    const [y, s2] = f.apply(p, s, null, np.array([1]));
    // h -> 2h + count: 1 -> 2 -> 5 -> 12 -> 27 -> 58 -> 121
    expect(v(y)).toEqual([121]);
    expect(v(s2["~"]!.count!)).toEqual([6]);
    expect(() => transform((x: Array) => whileLoop((h: Array) => h.lt(1).all(), (h: Array) => h, x)).init(null, np.ones([1]))).toThrow(
      /does not run in init/,
    );
    const bad = transformWithState((x: Array) => (runningInit() ? counted(x) : whileLoop((h: Array) => counted(h).lt(3).all(), (h: Array) => h.add(1), x)));
    const [bp, bs] = bad.init(null, np.ones([1]));
    expect(() => bad.apply(bp, bs, null, np.ones([1]))).toThrow(/condFn must not set state/);
  });
});

describe("module transforms outside a transform", () => {
  it("are errors pointing at the core function", () => {
    expect(() => scan((c: Array, x: Array) => [c, x] as const, np.zeros([]), np.ones([2]))).toThrow(/scan \(tsjax-nn's; outside a transform use tsjax-core's scan\)/);
    expect(() => vmap((x: Array) => x, { splitRng: false })(np.ones([2]))).toThrow(/outside a transform use tsjax-core's vmap/);
  });

  it("jit of a whole apply with module transforms inside equals eager", () => {
    const f = transform((xs: Array) => {
      const l = new Linear(2);
      return scan((c: Array, x: Array) => [l.call(x).add(c), c] as const, np.zeros([2]), xs)[0];
    });
    const xs = rand([3, 2], 7);
    const params = f.init(random.key(0), xs);
    close(jit((p: Params, x: Array) => f.apply(p, null, x))(params, xs), v(f.apply(params, null, xs)), { atol: 1e-6 });
  });
});
