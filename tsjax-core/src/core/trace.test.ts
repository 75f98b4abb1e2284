/**
 * Traced values report the device of the values they stand for (not the default device), so
 * library code that creates arrays with `{ device: x.device }` works on any device under every
 * transformation.
 */
import { expect, test } from "vitest";
import { type Array, checkpoint, customJvp, devicePut, grad, hessian, jit, jvp, lax, linearize, makeJaxpr, np, vjp, vmap } from "../index.js";
import { HAS_WEBGPU, describeDevices, expectClose } from "../../test/helpers.js";

describeDevices("traced values on a non-default device", (device) => {
  const other = device === "cpu" ? "webgpu" : "cpu";
  const maybe = HAS_WEBGPU ? test : test.skip;

  maybe("x.device inside jit, makeJaxpr, grad, vmap, jvp, linearize, control flow and custom rules", async () => {
    const x = await devicePut(np.array([1, 2, 3]), other);
    const seen: [string, string][] = [];
    const spy = (what: string) => (v: Array) => {
      seen.push([what, v.device]);
      return v.mul(2);
    };
    jit(spy("jit"))(x);
    jit((v: Array) => spy("jit, computed")(v.add(1)))(x);
    makeJaxpr(spy("makeJaxpr"))(x);
    grad((v: Array) => spy("grad")(v).sum())(x);
    vmap(spy("vmap"))(x);
    jvp(spy("jvp"), [x], [x]);
    linearize(spy("linearize"), x);
    vjp(spy("vjp"), x);
    lax.scan((c: Array, r: Array) => [spy("scan body")(c), r] as const, x, x.reshape(3, 1));
    lax.whileLoop((c: Array) => spy("while cond")(c).sum().lt(0), spy("while body"), x);
    lax.cond(true, spy("cond branch"), spy("cond branch"), x);
    const cj = customJvp(spy("customJvp"));
    cj.defjvp(([p], [t]) => [cj(p), t]);
    cj(x);
    checkpoint(spy("checkpoint"))(x);
    grad((v: Array) => jit(spy("jit under grad"))(v).sum())(x);
    vmap(jit(spy("jit under vmap")))(x);
    for (const [what, dev] of seen) expect(dev, what).toBe(other);
    expect(seen.length).toBeGreaterThanOrEqual(16);
  });

  maybe("arrays made with { device: x.device } in traced library code land beside x", async () => {
    const x = await devicePut(np.array([1, 2, 3]), other);
    // library-style code: constants on the device of its input
    const f = (v: Array) => v.add(np.ones(v.shape, { device: v.device })).mul(np.array(2, { device: v.device })).add(np.arange(3, undefined, 1, { device: v.device }));
    const want = [4, 7, 10];
    for (const [what, got] of [
      ["jit", jit(f)(x)],
      ["jit of jit", jit((v: Array) => jit(f)(v))(x)],
      ["scan body", lax.scan((c: Array, _: null) => [f(c), null] as const, x, null, { length: 1 })[0]],
      ["jit of a while body", jit((v: Array) => lax.foriLoop(0, 1, (_i, c: Array) => f(c), v))(x)],
      ["vmap of jit", vmap(jit(f), { inAxes: 0 })(x.reshape(1, 3)).reshape(3)],
    ] as const) {
      expect(got.device, what).toBe(other);
      expect(await got.toArray(), what).toEqual(want);
    }
    const g = jit(grad((v: Array) => f(v).mul(v).sum()))(x);
    expect(g.device).toBe(other);
    await expectClose(g, [6, 11, 16]);
    // symbolic-zero tangents and cotangents instantiated by rules go beside the operands too
    const h = hessian((v: Array) => lax.scan((c: Array, r: Array) => [c.mul(r), c.sum()] as const, v, np.stack([v, v]))[1].sum())(x);
    expect((h as Array).device).toBe(other);
  });
});
