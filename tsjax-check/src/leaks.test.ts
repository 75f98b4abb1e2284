import { describe, expect, it } from "vitest";
import { type Array, UnexpectedTracerError, grad, jit, np, vmap } from "tsjax-core";
import { CheckError } from "./errors.js";
import { assertNoTracerLeaks, checkTracerLeaks } from "./leaks.js";

async function fails(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(CheckError);
  if (!pattern.test((e as Error).message)) throw new Error(`message did not match ${pattern}:\n${(e as Error).message}`);
}

let leaked: unknown;

describe("assertNoTracerLeaks", () => {
  it("passes for functions that keep nothing, under jit, vmap and grad", async () => {
    const f = assertNoTracerLeaks((x: Array) => x.mul(2).sin().sum());
    jit(f)(np.ones([3]));
    vmap(f)(np.ones([2, 3]));
    grad(f)(np.ones([3]));
    f(np.ones([3]));
    await f.check();
    await checkTracerLeaks();
  });

  for (const [name, run] of [
    ["jit", (f: (x: Array) => Array) => jit(f)(np.ones([3]))],
    ["vmap", (f: (x: Array) => Array) => vmap(f)(np.ones([2, 3]))],
    ["grad", (f: (x: Array) => Array) => grad(f)(np.ones([3]))],
  ] as const) {
    it(`catches a tracer stored in an outer variable under ${name}`, async () => {
      const f = assertNoTracerLeaks(function keeps(x: Array) {
        leaked = x.mul(2);
        return x.sin().sum();
      });
      run(f);
      await fails(f.check(), new RegExp(`a value traced inside keeps escaped ${name === "grad" ? "\\w+" : name}.*still referenced.*UnexpectedTracerError`));
      // and the leaked tracer is dead: using it throws core's error
      expect(() => (leaked as Array).add(1)).toThrow(UnexpectedTracerError);
      leaked = undefined;
    });
  }

  it("catches a tracer stored into an argument object", () => {
    const f = assertNoTracerLeaks(function caches(x: Array, cache: { last?: Array }) {
      cache.last = x.sum();
      return x;
    });
    expect(() => vmap((x: Array) => f(x, {}))(np.ones([2, 3]))).toThrow(/assertNoTracerLeaks failed: caches stored Traced<f32\[\]> in vmap in args\[1\]\.last/);
  });

  it("catches a tracer leaked from an inner transformation and returned", () => {
    let inner: unknown;
    const f = assertNoTracerLeaks(function nested(x: Array) {
      vmap((y: Array) => ((inner = y.mul(2)), y))(x);
      return [x.sum(), inner];
    });
    expect(() => jit(f)(np.ones([2, 3]))).toThrow(/nested returned Traced<f32\[3\]> in vmap at result\[1\], a tracer of a transformation that already finished/);
  });

  it("checkTracerLeaks checks every wrapped function", async () => {
    const f = assertNoTracerLeaks((x: Array) => ((leaked = x), x.sum()));
    jit(f)(np.ones([4]));
    await fails(checkTracerLeaks(), /escaped jit/);
    leaked = undefined;
    await checkTracerLeaks();
  });
});
