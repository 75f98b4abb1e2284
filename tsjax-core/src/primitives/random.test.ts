import { expect, test } from "vitest";
import { type Array, DTypeError, ShapeError, grad, jvp, lax, np, vmap } from "../index.js";
import { bind } from "../core/bind.js";
import { threefry2x32, threefry2x32Host } from "./random.js";
import { describeDevices, expectEqual, rng } from "../../test/helpers.js";

const u32 = (v: number[]) => np.array(v, { dtype: "uint32" });
const tf = (k0: Array, k1: Array, x0: Array, x1: Array) => bind(threefry2x32, [k0, k1, x0, x1], {}) as [Array, Array];

/** Random123's known-answer vectors for threefry2x32_20: key, counter, result. */
const KAT: [number, number, number, number, number, number][] = [
  [0, 0, 0, 0, 0x6b200159, 0x99ba4efe],
  [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x1cb996fc, 0xbb002be7],
  [0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3, 0xc4923a9c, 0x483df7a0],
];

test("host reference matches the Random123 vectors", () => {
  for (const [k0, k1, x0, x1, y0, y1] of KAT) expect(threefry2x32Host(k0, k1, x0, x1)).toEqual([y0, y1]);
});

describeDevices("threefry2x32 primitive", () => {
  test("Random123 known-answer vectors (both words from one kernel)", async () => {
    const col = (i: number) => u32(KAT.map((r) => r[i]!));
    const [y0, y1] = tf(col(0), col(1), col(2), col(3));
    await expectEqual(y0, KAT.map((r) => r[4]!), "uint32");
    await expectEqual(y1, KAT.map((r) => r[5]!), "uint32");
  });

  test("matches the host reference on random keys and counters, any shape", async () => {
    const r = rng(7);
    const n = 257;
    const cols = [0, 1, 2, 3].map(() => globalThis.Array.from({ length: n }, () => Math.floor(r() * 2 ** 32)));
    const want = cols[0]!.map((_, i) => threefry2x32Host(cols[0]![i]!, cols[1]![i]!, cols[2]![i]!, cols[3]![i]!));
    const [y0, y1] = tf(...(cols.map((c) => u32(c).reshape(1, n)) as [Array, Array, Array, Array]));
    expect(y0.shape).toEqual([1, n]);
    expect(globalThis.Array.from(await y0.data())).toEqual(want.map((w) => w[0]));
    expect(globalThis.Array.from(await y1.data())).toEqual(want.map((w) => w[1]));
    // Strided (transposed, broadcast) operands.
    const k = u32([1, 2, 3, 4, 5, 6]).reshape(2, 3).transpose();
    const z = np.zeros([3, 2], { dtype: "uint32" });
    const c = np.broadcastTo(u32([9, 10]), [3, 2]);
    const [a, b] = tf(k, z, c, k);
    const kk = [[1, 4], [2, 5], [3, 6]];
    const expected = kk.map((row) => row.map((v, j) => threefry2x32Host(v, 0, [9, 10][j]!, v)));
    await expectEqual(a, expected.map((row) => row.map((p) => p[0])));
    await expectEqual(b, expected.map((row) => row.map((p) => p[1])));
  });

  test("abstract evaluation checks dtypes and shapes", () => {
    const a = u32([1, 2]);
    expect(() => tf(a, a, a, np.array([1, 2], { dtype: "int32" }))).toThrow(DTypeError);
    expect(() => tf(a, a, a, np.array([1, 2]))).toThrow(/x1 must be uint32/);
    expect(() => tf(a, a, a, u32([1, 2, 3]))).toThrow(ShapeError);
    expect(() => bind(threefry2x32, [a, a, a], {})).toThrow(/4 operands/);
  });

  test("no tangents: integer outputs under jvp and grad", async () => {
    const k = u32([5, 6]);
    const f = (x: Array) => {
      const [y0] = tf(k, k, k, lax.bitcastConvertType(x, "uint32"));
      return x.mul(2).add(y0.astype("float32").mul(0));
    };
    const [y, t] = jvp(f, [np.array([1, 2])], [np.array([1, 1])]);
    await expectEqual(y, [2, 4]);
    await expectEqual(t, [2, 2]);
    await expectEqual(grad((x: Array) => f(x).sum())(np.array([1, 2])), [2, 2]);
  });

  test("vmap: batched and unbatched operands, any batch axis, equals a loop", async () => {
    const keys = u32([1, 2, 3, 4, 5, 6]).reshape(3, 2);
    const ctr = u32([7, 8]);
    const f = (k: Array) => {
      const [a, b] = tf(np.broadcastTo(k.get(0), [2]), np.broadcastTo(k.get(1), [2]), np.zeros([2], { dtype: "uint32" }), ctr);
      return np.stack([a, b]);
    };
    const batched = vmap(f)(keys);
    for (let i = 0; i < 3; i++) {
      expect(globalThis.Array.from(await batched.get(i).data())).toEqual(globalThis.Array.from(await f(keys.get(i)).data()));
    }
    // Operands batched along different axes.
    const g = (k0: Array, x1: Array) => tf(k0, k0, x1, x1)[1];
    const k0 = u32([1, 2, 3, 4, 5, 6]).reshape(2, 3); // batch axis 1
    const x1 = u32([9, 8, 7, 6, 5, 4]).reshape(3, 2); // batch axis 0
    const out = vmap(g, { inAxes: [1, 0] })(k0, x1);
    for (let i = 0; i < 3; i++) {
      expect(globalThis.Array.from(await out.get(i).data())).toEqual(globalThis.Array.from(await g(k0.get(np.s(), i), x1.get(i)).data()));
    }
  });
});
