import { describe, expect, it } from "vitest";
import { type Array, introspect, np } from "tsjax-core";
import { fakeJit, isFakeJit, variantList, variants, withJit } from "./variants.js";

const seen: string[] = [];

variants(["jit", "nojit"], (variant) => {
  it("runs the body once per variant", async () => {
    let traced = false;
    const f = variant((x: Array) => {
      traced = introspect.isTracer(x);
      return x.mul(2);
    });
    expect(await f(np.ones([2])).toArray()).toEqual([2, 2]);
    expect(traced).toBe(variant.variantName === "jit");
    seen.push(variant.variantName);
  });
}, { describe });

await variants(["nojit"], (variant) => {
  it("imports vitest lazily when no describe is given", () => {
    expect(variant.variantName).toBe("nojit");
  });
});

describe("fakeJit", () => {
  it("both variants ran", () => {
    expect(seen.sort()).toEqual(["jit", "nojit"]);
  });
  it("runs withJit functions eagerly inside, also across await", async () => {
    const tracedFlags: boolean[] = [];
    const f = withJit((x: Array) => {
      tracedFlags.push(introspect.isTracer(x));
      return x.add(1);
    });
    f(np.ones([1]));
    await fakeJit(async () => {
      expect(isFakeJit()).toBe(true);
      await Promise.resolve();
      f(np.ones([1]));
    });
    expect(isFakeJit()).toBe(false);
    f(np.ones([2]));
    expect(tracedFlags).toEqual([true, false, true]);
    expect(() => fakeJit(() => { throw new Error("boom"); })).toThrow("boom");
    expect(isFakeJit()).toBe(false);
  });
  it("variantList gives plain wrappers", async () => {
    const [j, n] = variantList(["jit", "nojit"]);
    expect(j!.variantName).toBe("jit");
    expect(await n!((x: Array) => x.neg())(np.ones([1])).toArray()).toEqual([-1]);
  });
});
