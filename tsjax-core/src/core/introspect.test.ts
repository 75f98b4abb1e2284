import { describe, expect, it } from "vitest";
import { type Array, grad, introspect, jit, makeJaxpr, np, vmap } from "../index.js";

describe("introspect", () => {
  it("tells tracers from concrete arrays", () => {
    expect(introspect.isTracer(np.ones([2]))).toBe(false);
    expect(introspect.isTracer(3)).toBe(false);
    let seen = false;
    jit((x: Array) => {
      seen = introspect.isTracer(x);
      return x;
    })(np.ones([2]));
    expect(seen).toBe(true);
  });

  it("reports the open trace and a tracer's trace", () => {
    expect(introspect.isTracing()).toBe(false);
    expect(introspect.currentTrace().level).toBe(0);
    const infos: { label: string; level: number; tracing: boolean }[] = [];
    let handle: object | undefined;
    vmap((x: Array) => {
      const t = introspect.traceOf(x)!;
      handle = t;
      infos.push({ label: t.label, level: t.level, tracing: introspect.isTracing() });
      expect(introspect.currentTrace()).toBe(t);
      expect(introspect.describeTracer(x)).toBe("Traced<f32[3]> in vmap");
      return x;
    })(np.ones([2, 3]));
    expect(infos).toEqual([{ label: "vmap", level: 1, tracing: true }]);
    expect((handle as { finished: boolean }).finished).toBe(true);
    expect(introspect.traceOf(np.ones([2]))).toBeUndefined();
  });

  it("evaluates a jaxpr with an observer, also under grad", async () => {
    const f = (x: Array) => x.log().mul(2).sum();
    const x = np.array([1, 2, 3]);
    const closed = makeJaxpr(f)(x);
    const prims: string[] = [];
    const [y] = introspect.evalJaxpr(closed, [x], (e) => prims.push(e.primitive));
    expect(prims).toContain("log");
    expect(await y!.item()).toBeCloseTo(2 * Math.log(6), 4);
    const g = grad((x: Array) => introspect.evalJaxpr(closed, [x])[0]!)(x);
    const gv = await g.toArray();
    expect(gv).toEqual([2, 1, 2 / 3].map((v) => expect.closeTo(v, 5)));
  });
});
