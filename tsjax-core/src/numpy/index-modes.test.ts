/**
 * Out-of-range indices as JAX treats them (reads clamp, updates drop; `mode`, `fillValue`,
 * `wrapNegativeIndices`), static integers like index arrays; boolean masks outside jit;
 * `nonzero`, one-argument `where`, `argwhere`, `flatnonzero` (with `size` under jit); `divmod`.
 * Oracle: JAX 0.10.2 (test/refs/semantics.ts).
 */
import { expect, test } from "vitest";
import { type Array, ConcretizationError, jit, np } from "../index.js";
import { describeDevices, expectClose, expectEqual } from "../../test/helpers.js";
import { JAX } from "../../test/refs/semantics.js";

const I = JAX.indexing;
const list = <T>(xs: readonly T[]) => [...xs];
const idx = (v: number[]) => np.array(v, { dtype: "int32" });

describeDevices("out-of-range indices (JAX's modes)", () => {
  test("static integers: reads clamp, updates drop (x.get(11), x.at(10).add(10))", async () => {
    const x = np.arange(10);
    await expectEqual(x.get(11), I.get11, "int32");
    await expectEqual(x.get(-11), I.getMinus11, "int32");
    await expectEqual(x.at(10).add(10), list(I.at10add), "int32");
    await expectEqual(np.arange(12).reshape(3, 4).get(5, -9), 8, "int32");
    // the same index as an int32 array behaves the same
    await expectEqual(x.get(np.array(11, { dtype: "int32" })), I.get11, "int32");
  });

  test("get modes: fill (default fill values), fillValue, wrapNegativeIndices", async () => {
    const f = np.arange(10).astype("float32");
    await expectClose(f.at(idx([1, 11, -1, -11])).get({ mode: "fill" }), list(I.getFill));
    await expectClose(f.at(idx([1, 11])).get({ mode: "fill", fillValue: -5 }), list(I.getFillValue));
    await expectEqual(np.arange(10).at(idx([-1, 2])).get({ wrapNegativeIndices: false }), list(I.getNoWrap), "int32");
    await expectEqual(np.arange(10).at(idx([-1, 2])).get({ mode: "fill", wrapNegativeIndices: false }), list(I.getNoWrapFill), "int32");
    await expectEqual(np.arange(10).at(11).get({ mode: "drop" }), -2147483648, "int32");
    await expectEqual(np.arange(10).at(11).get({ mode: "promise_in_bounds" }), 9, "int32");
    expect(() => f.at(0).get({ mode: "wrap" } as never)).toThrow(/unknown mode "wrap"/);
    expect(() => f.at(0).get({ fill: 0 } as never)).toThrow(/unknown option "fill"/);
  });

  test("update modes: drop (default), clip; wrapNegativeIndices; under jit", async () => {
    const x = np.arange(10);
    await expectEqual(x.at(idx([1, 11, -1])).set(100, { mode: "clip" }), list(I.setClip), "int32");
    await expectEqual(x.at(idx([1, 11, -1])).set(100, { mode: "drop" }), list(I.setDrop), "int32");
    await expectEqual(x.at(idx([1, -1])).set(100, { wrapNegativeIndices: false }), list(I.setNoWrap), "int32");
    await expectEqual(x.at(idx([1, -1])).set(100, { mode: "clip", wrapNegativeIndices: false }), list(I.setNoWrapClip), "int32");
    await expectEqual(jit((a: Array, i: Array) => a.at(i).set(100, { mode: "clip" }))(x, idx([1, 11, -1])), list(I.setClip), "int32");
    expect(() => x.at(0).set(1, { mode: "wrap" } as never)).toThrow(/unknown mode "wrap"/);
  });

  test("take: modes and options checked", async () => {
    await expectClose(np.take(np.arange(5).astype("float32"), idx([7])), [NaN]);
    await expectClose(np.take(np.arange(5).astype("float32"), idx([7]), null, { mode: "clip" }), [4]);
    expect(() => np.take(np.arange(5), idx([1]), null, { mod: "clip" } as never)).toThrow(/unknown option "mod"/);
  });
});

describeDevices("boolean masks and nonzero", (device) => {
  if (device === "cpu") {
    test("boolean masks outside jit (x.get(x.gt(5)), 2-d masks, masks over leading axes)", async () => {
      const x = np.arange(10);
      await expectEqual(x.get(x.gt(5)), list(I.mask), "int32");
      const m = np.arange(6).reshape(2, 3);
      await expectEqual(m.get(np.array([[true, false, true], [false, false, true]])), list(I.mask2d), "int32");
      await expectEqual(m.get(np.array([true, false])), I.maskRows.map((r) => [...r]), "int32");
      await expectEqual(x.at(x.gt(5)).set(0), list(I.atMaskSet), "int32");
      await expectEqual(x.at(x.gt(5)).add(np.array([1, 2, 3, 4], { dtype: "int32" })), [0, 1, 2, 3, 4, 5, 7, 9, 11, 13], "int32");
      const nz = np.nonzero(np.array([[0, 1], [1, 1]]));
      await expectEqual(nz[0]!, list(I.nonzero2d[0]), "int32");
      await expectEqual(nz[1]!, list(I.nonzero2d[1]), "int32");
      await expectEqual(np.argwhere(x.gt(7)), I.argwhere.map((r) => [...r]), "int32");
      await expectEqual(np.flatnonzero(x.gt(7)), list(I.flatnonzero), "int32");
      const [w] = np.where(x.gt(7));
      await expectEqual(w!, [8, 9], "int32");
    });
  } else {
    test("boolean masks need readable values: on WebGPU the error names the static-size form", () => {
      const x = np.arange(10);
      expect(() => x.get(x.gt(5))).toThrow(/reads only asynchronously.*np\.nonzero\(mask, \{ size: n \}\)/);
    });
  }

  test("a full-shape mask update with one value works under jit (an elementwise select)", async () => {
    const x = np.arange(10);
    await expectEqual(jit((a: Array) => a.at(a.gt(5)).set(0))(x), list(I.atMaskSet), "int32");
    await expectEqual(jit((a: Array) => a.at(a.gt(5)).mul(2))(x), [0, 1, 2, 3, 4, 5, 12, 14, 16, 18], "int32");
  });

  test("nonzero / where / argwhere with a static size, eager and under jit", async () => {
    const x = np.arange(10);
    for (const run of [(f: (a: Array) => Array[]) => f(x), (f: (a: Array) => Array[]) => jit(f)(x)]) {
      const [nz] = run((a) => np.nonzero(a.gt(5), { size: 6, fillValue: -1 }));
      await expectEqual(nz!, list(I.nonzeroSize[0]), "int32");
      const [w] = run((a) => np.where(a.gt(5), { size: 2 }));
      await expectEqual(w!, list(I.whereSize[0]), "int32");
    }
    await expectEqual(jit((a: Array) => np.argwhere(a.gt(7), { size: 3, fillValue: 0 }))(x), [[8], [9], [0]], "int32");
    // without a size under jit: the error says how to give one
    expect(() => jit((a: Array) => np.nonzero(a.gt(5)))(x)).toThrow(ConcretizationError);
    expect(() => jit((a: Array) => np.nonzero(a.gt(5)))(x)).toThrow(/Give a static size \(\{ size: n \}\)/);
    expect(() => jit((a: Array) => a.get(a.gt(5)))(x)).toThrow(/np\.where\(mask, x, fill\)/);
    expect(() => np.where(x.gt(1), 1 as never)).toThrow(/either only the condition/);
  });
});

describeDevices("np.divmod", () => {
  test("floats and integers, as jnp.divmod", async () => {
    const [q, r] = np.divmod(np.array([7, -7, 7.5, -0.5]), np.array([2, 2, -2, 3]));
    await expectClose(q, list(JAX.divmod.q));
    await expectClose(r, list(JAX.divmod.r));
    const [qi, ri] = np.divmod(idx([7, -7, 7, -7]), idx([2, 2, -2, -2]));
    await expectEqual(qi, list(JAX.divmod.qi), "int32");
    await expectEqual(ri, list(JAX.divmod.ri), "int32");
  });
});
