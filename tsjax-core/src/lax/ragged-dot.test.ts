import { expect, test } from "vitest";
import { type Array, DTypeError, ShapeError, grad, jit, lax, np, vmap } from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { expectFlat } from "../../test/flat-helpers.js";
import { RAGGED_DOT as R } from "../../test/refs/lax2/ragged-dot.js";

const f32 = (v: readonly number[], shape: number[]) => np.array([...v]).reshape(shape);
const i32 = (v: number[]) => np.array(v, { dtype: "int32" });

describeDevices("lax.raggedDot", () => {
  test("values, rows past the groups, int operands, raggedDotGeneral layouts", async () => {
    const lhs = f32(R.lhs, [5, 3]);
    const rhs = f32(R.rhs, [3, 3, 2]);
    const gs = i32([2, 0, 2]);
    const out = lax.raggedDot(lhs, rhs, gs);
    expect(out.shape).toEqual([5, 2]);
    await expectFlat("raggedDot", out, R.out);
    await expectFlat("sizes past m", lax.raggedDot(lhs, rhs, i32([1, 3, 4])), R.over);
    const ia = np.array([...R.ia], { dtype: "int32" }).reshape([4, 2]);
    const ib = np.array([...R.ib], { dtype: "int32" }).reshape([2, 2, 2]);
    const io = lax.raggedDot(ia, ib, i32([3, 1]));
    expect(io.dtype).toBe("int32");
    await expectFlat("int", io, R.int, { rtol: 0 });
    const dn = { dotDimensionNumbers: [[[1], [2]], [[], []]], lhsRaggedDimensions: [0], rhsGroupDimensions: [1] } as const;
    await expectFlat("raggedDotGeneral", lax.raggedDotGeneral(lhs, np.transpose(rhs, [2, 0, 1]), gs, dn), R.general);
  });

  test("grad, jit, vmap over lhs and over groupSizes", async () => {
    const lhs = f32(R.lhs, [5, 3]);
    const rhs = f32(R.rhs, [3, 3, 2]);
    const gs = i32([2, 0, 2]);
    const w = f32(R.w, [5, 2]);
    const f = (a: Array, b: Array) => np.sum(np.multiply(lax.raggedDot(a, b, gs), w));
    const [ga, gb] = jit(grad(f, { argnums: [0, 1] }))(lhs, rhs) as [Array, Array];
    await expectFlat("grad lhs", ga, R.gradLhs);
    await expectFlat("grad rhs", gb, R.gradRhs);
    await expectFlat("vmap lhs", vmap((a: Array) => lax.raggedDot(a, rhs, gs))(np.stack([lhs, np.multiply(lhs, 2)])), R.vmap);
    await expectFlat("vmap groupSizes", vmap((g: Array) => lax.raggedDot(lhs, rhs, g))(np.array([[2, 0, 2], [1, 1, 1]], { dtype: "int32" })), R.vmapGroups);
  });
});

test("lax.raggedDot / raggedDotGeneral errors", () => {
  const lhs = np.ones([4, 2], { device: "cpu" });
  const rhs = np.ones([2, 2, 3], { device: "cpu" });
  const gs = np.array([1, 2], { dtype: "int32", device: "cpu" });
  expect(() => lax.raggedDot(lhs, np.ones([2, 3, 3], { device: "cpu" }), gs)).toThrow(ShapeError);
  expect(() => lax.raggedDot(lhs, rhs, np.array([1, 2, 1], { dtype: "int32", device: "cpu" }))).toThrow(/groupSizes must have shape \[2\]/);
  expect(() => lax.raggedDot(lhs, rhs, np.array([1, 2], { device: "cpu" }))).toThrow(DTypeError);
  expect(() => lax.raggedDot(lhs, rhs, gs, { groupOfset: null } as never)).toThrow(/unknown option "groupOfset"/);
  expect(() => lax.raggedDot(lhs, rhs, gs, { groupOffset: gs })).toThrow(/groupOffset is not supported/);
  const ragContract = { dotDimensionNumbers: [[[0], [1]], [[], []]], lhsRaggedDimensions: [0], rhsGroupDimensions: [0] } as const;
  expect(() => lax.raggedDotGeneral(lhs, rhs, gs, ragContract)).toThrow(/only the ragged-dot layout is supported/);
});
