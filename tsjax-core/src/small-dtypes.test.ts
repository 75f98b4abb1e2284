/**
 * int8, uint8, int16, uint16: wrapping arithmetic, saturating float conversion, JAX's promotion
 * lattice and reduction dtypes, eager and under jit, on every device (WebGPU stores them in
 * 32-bit words). Oracle: JAX 0.10.2 (test/refs/semantics.ts).
 */
import { expect, test } from "vitest";
import { type Array, type DType, jit, lax, np, promoteTypes } from "./index.js";
import { describeDevices, expectEqual } from "../test/helpers.js";
import { JAX } from "../test/refs/semantics.js";

const S = JAX.small;
const list = <T>(xs: readonly T[]) => [...xs];

describeDevices("8- and 16-bit integers", () => {
  const i8 = () => np.array([100, -128, 127, 5], { dtype: "int8" });
  const u8 = () => np.array([200, 0, 255, 5], { dtype: "uint8" });

  test("arithmetic wraps to the width, eager and under jit", async () => {
    for (const run of [<T>(f: () => T) => f(), <T>(f: () => T) => jit(f)()]) {
      await expectEqual(run(() => i8().mul(3)), list(S.mul3), "int8");
      await expectEqual(run(() => i8().neg()), list(S.neg), "int8");
      await expectEqual(run(() => np.abs(i8())), list(S.abs), "int8");
      await expectEqual(run(() => np.floorDivide(i8(), -1)), list(S.floordivNeg1), "int8");
      await expectEqual(run(() => lax.shiftRightLogical(i8(), np.full([4], 1, { dtype: "int8" }))), list(S.srl), "int8");
      await expectEqual(run(() => np.invert(u8())), list(S.invertU8), "uint8");
      await expectEqual(run(() => lax.populationCount(i8())), list(S.popcount), "int8");
      await expectEqual(run(() => lax.clz(i8())), list(S.clz), "int8");
      await expectEqual(run(() => u8().sub(6)), list(S.u8minus6), "uint8");
      await expectEqual(run(() => i8().at(np.array([0, 0], { dtype: "int32" })).add(100)), list(S.scatterAdd), "int8");
      await expectEqual(run(() => np.array([30000], { dtype: "int16" }).add(np.array([30000], { dtype: "int16" }))), list(S.int16), "int16");
      await expectEqual(run(() => np.array([1], { dtype: "uint16" }).sub(2)), list(S.uint16), "uint16");
    }
  });

  test("conversions: floats saturate (NaN to 0), integers wrap; typed arrays keep their type", async () => {
    await expectEqual(np.array([1.7e9, -300.5, NaN, 3.9]).astype("int8"), list(S.fromFloat), "int8");
    await expectEqual(np.array([263, -1], { dtype: "int32" }).astype("uint8"), list(S.fromInt), "uint8");
    await expectEqual(jit((x: Array) => x.astype("int8"))(np.array([1.7e9, -300.5, NaN, 3.9])), list(S.fromFloat), "int8");
    expect(np.array(new Int8Array([1])).dtype).toBe("int8");
    expect(np.array(new Uint16Array([1])).dtype).toBe("uint16");
    const back = await np.array(new Int16Array([-2, 3])).data();
    expect(back).toBeInstanceOf(Int16Array);
    expect(globalThis.Array.from(back)).toEqual([-2, 3]);
    expect(() => i8().add(300)).toThrow(/the JS number 300 does not fit in int8 \(-128\.\.127\)/);
  });

  test("promotion and reduction dtypes follow JAX", async () => {
    const [a, b, c, d, e] = S.promote;
    expect((u8().add(i8())).dtype).toBe(a);
    expect(u8().mul(np.array(2, { dtype: "uint16" })).dtype).toBe(b);
    expect(i8().add(np.array(1, { dtype: "uint32" })).dtype).toBe(c);
    expect(i8().add(1.5).dtype).toBe(d);
    expect(u8().add(1).dtype).toBe(e);
    const s = np.sum(i8());
    expect([s.dtype, await s.item()]).toEqual([S.sum[0], S.sum[1]]);
    const su = np.sum(u8());
    expect([su.dtype, await su.item()]).toEqual([S.sum[2], S.sum[3]]);
    expect(np.cumsum(i8()).dtype).toBe(S.cumsumDtype);
    await expectEqual(np.sort(i8()), [-128, 5, 100, 127], "int8");
    await expectEqual(np.max(u8()), 255, "uint8");
  });
});

test("the promotion table (JAX's lattice with 64-bit types off)", () => {
  const t = (x: DType, y: DType) => promoteTypes({ dtype: x, weakType: false }, { dtype: y, weakType: false }).dtype;
  expect([t("uint8", "int8"), t("uint16", "int8"), t("uint32", "int16"), t("uint8", "uint16"), t("int8", "int16"), t("uint16", "int16")]).toEqual(
    ["int16", "int32", "int32", "uint16", "int16", "int32"],
  );
  expect([t("bool", "uint8"), t("int8", "float16"), t("uint32", "int32"), t("int16", "float32")]).toEqual(["uint8", "float16", "int32", "float32"]);
  expect(promoteTypes({ dtype: "int8", weakType: false }, { dtype: "int32", weakType: true })).toEqual({ dtype: "int8", weakType: false });
});
