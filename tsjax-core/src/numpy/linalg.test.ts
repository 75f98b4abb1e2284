import { expect, test } from "vitest";
import { ShapeError, np } from "../index.js";
import { describeDevices, expectClose, expectEqual, nested, randomValues } from "../../test/helpers.js";
import { contiguousStrides as stridesOf } from "../shape.js";

/** float64 reference of a row-major [m, k] @ [k, n] product. */
function refMatmul(a: readonly number[], b: readonly number[], m: number, k: number, n: number): number[] {
  const out = new globalThis.Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p]!;
      for (let j = 0; j < n; j++) out[i * n + j] += av * b[p * n + j]!;
    }
  }
  return out;
}

/** Row-major values of the transpose of a [rows, cols] list. */
function transpose2(values: readonly number[], rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) out.push(values[i * cols + j]!);
  return out;
}

/**
 * Brute-force Einstein summation reference over row-major operands: every assignment of the
 * letters, product of the operands, accumulated into the output.
 */
function refEinsum(spec: string, ops: { values: readonly number[]; shape: readonly number[] }[]): { values: number[]; shape: number[] } {
  const [lhs, out] = spec.split("->") as [string, string];
  const ins = lhs.split(",");
  const size = new Map<string, number>();
  ins.forEach((s, k) => [...s].forEach((l, d) => size.set(l, ops[k]!.shape[d]!)));
  const letters = [...size.keys()];
  const outShape = [...out].map((l) => size.get(l)!);
  const outStrides = stridesOf(outShape);
  const result = new globalThis.Array<number>(outShape.reduce((a, b) => a * b, 1)).fill(0);
  const inStrides = ops.map((o) => stridesOf(o.shape));
  const val = new Map<string, number>();
  const rec = (li: number): void => {
    if (li === letters.length) {
      let p = 1;
      ins.forEach((s, k) => {
        let off = 0;
        [...s].forEach((l, d) => (off += val.get(l)! * inStrides[k]![d]!));
        p *= ops[k]!.values[off]!;
      });
      let o = 0;
      [...out].forEach((l, d) => (o += val.get(l)! * outStrides[d]!));
      result[o] += p;
      return;
    }
    for (let v = 0; v < size.get(letters[li]!)!; v++) {
      val.set(letters[li]!, v);
      rec(li + 1);
    }
  };
  rec(0);
  return { values: result, shape: outShape };
}

function operand(shape: number[], seed: number) {
  const values = randomValues(shape.reduce((a, b) => a * b, 1), seed);
  return { values, shape, array: np.array(nested(values, shape)) };
}

describeDevices("np linalg", () => {
  test("matmul: 2-D against hand values, int32, mixed dtypes", async () => {
    const a = np.array([[1, 2], [3, 4], [5, 6]]);
    const b = np.array([[1, 0, -1], [2, 1, 0]]);
    await expectEqual(np.matmul(a, b), [[5, 2, -1], [11, 4, -3], [17, 6, -5]], "float32");
    await expectEqual(a.matmul(b), [[5, 2, -1], [11, 4, -3], [17, 6, -5]]);
    const ai = np.array([[1, 2], [3, 4]], { dtype: "int32" });
    await expectEqual(np.matmul(ai, ai), [[7, 10], [15, 22]], "int32");
    // int32 products wrap like int32
    await expectEqual(np.matmul(np.array([[65536, 65536]], { dtype: "int32" }), np.array([[65536], [1]], { dtype: "int32" })), [[65536]], "int32");
    await expectEqual(np.matmul(ai, np.array([[0.5], [1]])), [[2.5], [5.5]], "float32");
    // bool products are bool (true where any product is), as in JAX
    await expectEqual(np.matmul(np.array([[true, true]]), np.array([[true], [true]])), [[true]], "bool");
    await expectEqual(np.matmul(np.array([[true, false]]), np.array([[false], [true]])), [[false]], "bool");
    await expectEqual(np.einsum("ij,jk", np.array([[true, false]]), np.array([[true], [true]])), [[true]], "bool");
    await expectEqual(np.dot(np.array([true, false]), np.array([false, true])), false, "bool");
    const u = np.array(new Uint32Array([3, 4000000000])).reshape(1, 2);
    await expectEqual(np.matmul(u, np.array(new Uint32Array([1, 1])).reshape(2, 1)), [[4000000003]], "uint32");
  });

  test("matmul: 1-D operands", async () => {
    const v = np.array([1, 2, 3]);
    const m = np.array([[1, 2], [3, 4], [5, 6]]);
    await expectEqual(np.matmul(v, m), [22, 28]);
    await expectEqual(np.matmul(m.T, v), [22, 28]);
    await expectEqual(np.matmul(v, v), 14);
    expect(np.matmul(v, v).shape).toEqual([]);
    // stacks with vectors
    const s = np.array([[[1, 0, 0], [0, 1, 0]], [[0, 0, 1], [1, 1, 1]]]); // [2, 2, 3]
    await expectEqual(np.matmul(s, v), [[1, 2], [3, 6]]);
    await expectEqual(np.matmul(np.array([1, 2]), s), [[1, 2, 0], [2, 2, 3]]);
  });

  test("matmul: batched and broadcast batch dims", async () => {
    const A = operand([2, 3, 4, 5], 1);
    const B = operand([2, 3, 5, 6], 2);
    const want: number[] = [];
    for (let b = 0; b < 6; b++) {
      want.push(...refMatmul(A.values.slice(b * 20, b * 20 + 20), B.values.slice(b * 30, b * 30 + 30), 4, 5, 6));
    }
    await expectClose(np.matmul(A.array, B.array), nested(want, [2, 3, 4, 6]));
    // broadcast: [2, 1, 4, 5] @ [3, 5, 6] -> [2, 3, 4, 6]
    const C = operand([2, 1, 4, 5], 3);
    const D = operand([3, 5, 6], 4);
    const want2: number[] = [];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        want2.push(...refMatmul(C.values.slice(i * 20, i * 20 + 20), D.values.slice(j * 30, j * 30 + 30), 4, 5, 6));
      }
    }
    await expectClose(np.matmul(C.array, D.array), nested(want2, [2, 3, 4, 6]));
    // a shared 2-D weight: [3, 4, 5] @ [5, 6]
    const E = operand([3, 4, 5], 5);
    const W = operand([5, 6], 6);
    await expectClose(np.matmul(E.array, W.array), nested(refMatmul(E.values, W.values, 12, 5, 6), [3, 4, 6]));
    // a shared 2-D left operand: [4, 5] @ [3, 5, 6]
    const L = operand([4, 5], 7);
    const want3: number[] = [];
    for (let j = 0; j < 3; j++) want3.push(...refMatmul(L.values, D.values.slice(j * 30, j * 30 + 30), 4, 5, 6));
    await expectClose(np.matmul(L.array, D.array), nested(want3, [3, 4, 6]));
  });

  test("matmul: transposed, sliced and broadcast views as inputs", async () => {
    const A = operand([7, 5], 11); // use A.T: [5, 7]
    const B = operand([9, 7], 12); // use B.T: [7, 9]
    const at = transpose2(A.values, 7, 5);
    const bt = transpose2(B.values, 9, 7);
    await expectClose(np.matmul(A.array.T, B.array.T), nested(refMatmul(at, bt, 5, 7, 9), [5, 9]));
    await expectClose(np.matmul(B.array, A.array), nested(refMatmul(B.values, A.values, 9, 7, 5), [9, 5]));
    // reversed rows of the left operand
    const rev: number[] = [];
    for (let i = 8; i >= 0; i--) rev.push(...B.values.slice(i * 7, i * 7 + 7));
    await expectClose(np.matmul(B.array.get("::-1"), A.array), nested(refMatmul(rev, A.values, 9, 7, 5), [9, 5]));
    // a row slice with an offset
    await expectClose(np.matmul(B.array.get("3:6"), A.array), nested(refMatmul(B.values.slice(21, 42), A.values, 3, 7, 5), [3, 5]));
    // a batched operand made by a transpose: [3, 4, 5] -> [4, 3, 5]
    const S = operand([3, 4, 5], 13);
    const W = operand([5, 2], 14);
    const st: number[] = [];
    for (let j = 0; j < 4; j++) for (let i = 0; i < 3; i++) st.push(...S.values.slice(i * 20 + j * 5, i * 20 + j * 5 + 5));
    await expectClose(np.matmul(S.array.transpose(1, 0, 2), W.array), nested(refMatmul(st, W.values, 12, 5, 2), [4, 3, 2]));
    // a broadcast operand: every row equal
    const row = np.broadcastTo(np.array([1, 2, 3]), [4, 3]);
    await expectEqual(np.matmul(row, np.array([[1], [1], [1]])), [[6], [6], [6], [6]]);
  });

  test("matmul: [64,128]@[128,32] and [256,256]@[256,256] against float64", async () => {
    const A = operand([64, 128], 21);
    const B = operand([128, 32], 22);
    await expectClose(np.matmul(A.array, B.array), nested(refMatmul(A.values, B.values, 64, 128, 32), [64, 32]), { atol: 1e-4, rtol: 1e-4 });
    const n = 256;
    const x = randomValues(n * n, 23);
    const y = randomValues(n * n, 24);
    const X = np.array(new Float32Array(x)).reshape(n, n);
    const Y = np.array(new Float32Array(y)).reshape(n, n);
    const want = refMatmul(x, y, n, n, n);
    await expectClose(np.matmul(X, Y), nested(want, [n, n]), { atol: 2e-4, rtol: 1e-4 });
    // transposed right operand (X @ Y.T)
    await expectClose(np.matmul(X, Y.T), nested(refMatmul(x, transpose2(y, n, n), n, n, n), [n, n]), { atol: 2e-4, rtol: 1e-4 });
  });

  test("matmul: float16 accumulates in float32", async () => {
    // 2048 products of 0.1 (as float16) would stall well below 204.75 if accumulated in float16.
    const a = np.full([1, 2048], 0.1, { dtype: "float16" });
    const b = np.ones([2048, 1], { dtype: "float16" });
    await expectClose(np.matmul(a, b), [[0.0999755859375 * 2048]], { dtype: "float16", rtol: 1e-3 });
  });

  test("matmul and dot with empty axes", async () => {
    await expectEqual(np.matmul(np.zeros([2, 0]), np.zeros([0, 3])), [[0, 0, 0], [0, 0, 0]]);
    expect(np.matmul(np.zeros([0, 3]), np.zeros([3, 2])).shape).toEqual([0, 2]);
    expect(np.matmul(np.zeros([4, 0, 3]), np.zeros([3, 2])).shape).toEqual([4, 0, 2]);
    await expectEqual(np.dot(np.zeros([0]), np.zeros([0])), 0);
    await expectEqual(np.einsum("ij,jk->ik", np.zeros([1, 0]), np.zeros([0, 2])), [[0, 0]]);
  });

  test("matmul errors name np.matmul and both shapes", () => {
    const a = np.zeros([2, 3]);
    const b = np.zeros([4, 5]);
    expect(() => np.matmul(a, b)).toThrow(ShapeError);
    expect(() => np.matmul(a, b)).toThrow(/np\.matmul: shapes \[2,3\] and \[4,5\] are not aligned/);
    expect(() => np.matmul(np.zeros([3]), np.zeros([4]))).toThrow(/np\.matmul: shapes \[3\] and \[4\]/);
    expect(() => np.matmul(np.zeros([2, 3]), np.zeros([2]))).toThrow(/np\.matmul: shapes \[2,3\] and \[2\]/);
    expect(() => np.matmul(np.zeros([5, 2, 3]), np.zeros([4, 3, 2]))).toThrow(ShapeError);
    expect(() => np.matmul(np.zeros([5, 2, 3]), np.zeros([4, 3, 2]))).toThrow(/np\.matmul/);
    expect(() => np.matmul(np.array(2), a)).toThrow(/np\.matmul: scalar operands/);
  });

  test("dot: every numpy case", async () => {
    await expectEqual(np.dot(np.array([1, 2]), np.array([3, 4])), 11);
    await expectEqual(np.dot(2, np.array([1, 2])), [2, 4]);
    await expectEqual(np.dot(np.array([[1, 2], [3, 4]]), 3), [[3, 6], [9, 12]]);
    const m = np.array([[1, 2, 3], [4, 5, 6]]);
    await expectEqual(np.dot(m, np.array([1, 0, -1])), [-2, -2]);
    await expectEqual(np.dot(np.array([1, -1]), m), [-3, -3, -3]);
    await expectEqual(np.dot(m, m.T), [[14, 32], [32, 77]]);
    await expectEqual(m.dot(m.T), [[14, 32], [32, 77]]);
    await expectEqual(np.dot(np.array([1, 2], { dtype: "int32" }), np.array([3, 4], { dtype: "int32" })), 11, "int32");
    // N-D . 1-D: contracts the last axis
    const A = operand([2, 3, 4], 31);
    const v = operand([4], 32);
    await expectClose(np.dot(A.array, v.array), nested(refMatmul(A.values, v.values, 6, 4, 1), [2, 3]));
    // N-D . M-D: dot(a, b)[i,j,k,m] = sum(a[i,j,:] * b[k,:,m])
    const B = operand([5, 4, 3], 33);
    const want: number[] = [];
    for (let i = 0; i < 6; i++) {
      for (let k = 0; k < 5; k++) {
        for (let mm = 0; mm < 3; mm++) {
          let s = 0;
          for (let p = 0; p < 4; p++) s += A.values[i * 4 + p]! * B.values[k * 12 + p * 3 + mm]!;
          want.push(s);
        }
      }
    }
    await expectClose(np.dot(A.array, B.array), nested(want, [2, 3, 5, 3]));
    expect(() => np.dot(m, m)).toThrow(ShapeError);
    expect(() => np.dot(m, m)).toThrow(/np\.dot: shapes \[2,3\] and \[2,3\] are not aligned/);
  });

  test("vdot, inner and outer", async () => {
    await expectEqual(np.vdot(np.array([[1, 2], [3, 4]]), np.array([1, 1, 1, 2])), 14);
    await expectEqual(np.vdot(np.array([[1, 2], [3, 4]]).T, np.array([1, 2, 3, 4])), 29);
    expect(() => np.vdot(np.zeros([3]), np.zeros([4]))).toThrow(/np\.vdot: operands have 3 and 4 elements/);
    await expectEqual(np.inner(np.array([1, 2, 3]), np.array([0, 1, 0])), 2);
    const a = np.array([[1, 2], [3, 4]]);
    const b = np.array([[1, 0], [0, 1], [1, 1]]);
    await expectEqual(np.inner(a, b), [[1, 2, 3], [3, 4, 7]]);
    await expectEqual(np.inner(a, 2), [[2, 4], [6, 8]]);
    const A = operand([2, 3, 4], 41);
    const B = operand([5, 4], 42);
    const bt = transpose2(B.values, 5, 4);
    await expectClose(np.inner(A.array, B.array), nested(refMatmul(A.values, bt, 6, 4, 5), [2, 3, 5]));
    expect(() => np.inner(a, np.zeros([3]))).toThrow(/np\.inner: last axes differ: \[2,2\] and \[3\]/);
    await expectEqual(np.outer(np.array([1, 2]), np.array([3, 4, 5])), [[3, 4, 5], [6, 8, 10]]);
    await expectEqual(np.outer(np.array([[1, 2], [3, 4]]), np.array([1, -1])), [[1, -1], [2, -2], [3, -3], [4, -4]]);
    await expectEqual(np.outer(np.array([1, 2], { dtype: "int32" }), np.array([3], { dtype: "int32" })), [[3], [6]], "int32");
  });

  test("tensordot with int and list axes", async () => {
    const A = operand([2, 3, 4], 51);
    const B = operand([3, 4, 5], 52);
    // axes = 2: contract A's last two with B's first two
    await expectClose(np.tensordot(A.array, B.array, 2), nested(refMatmul(A.values, B.values, 2, 12, 5), [2, 5]));
    await expectClose(np.tensordot(A.array, B.array), nested(refMatmul(A.values, B.values, 2, 12, 5), [2, 5]));
    // axes = 1 on matrices is matmul
    const M = operand([4, 6], 53);
    const N = operand([6, 3], 54);
    await expectClose(np.tensordot(M.array, N.array, 1), nested(refMatmul(M.values, N.values, 4, 6, 3), [4, 3]));
    // axes = 0: outer product
    const o = np.tensordot(np.array([1, 2]), np.array([3, 4, 5]), 0);
    await expectEqual(o, [[3, 4, 5], [6, 8, 10]]);
    // list axes: contract A axis 1 with B axis 0, and A axis 2 with B axis 1
    await expectClose(np.tensordot(A.array, B.array, [[1, 2], [0, 1]]), nested(refMatmul(A.values, B.values, 2, 12, 5), [2, 5]));
    // single-number pairs and negative axes: A axis 0 with C axis -1
    const C = operand([5, 2], 55);
    const r = refEinsum("ijk,li->jkl", [A, C]);
    await expectClose(np.tensordot(A.array, C.array, [0, -1]), nested(r.values, r.shape));
    // pairs in a different order: A axes [2, 1] with D axes [0, 1]  (D: [4, 3, 2])
    const D = operand([4, 3, 2], 56);
    const r2 = refEinsum("ijk,kjl->il", [A, D]);
    await expectClose(np.tensordot(A.array, D.array, [[2, 1], [0, 1]]), nested(r2.values, r2.shape));
    expect(() => np.tensordot(A.array, B.array, [[0], [0]])).toThrow(ShapeError);
    expect(() => np.tensordot(A.array, B.array, [[0], [0]])).toThrow(/np\.tensordot: axes \[0\] of \[2,3,4\] and \[0\] of \[3,4,5\]/);
    expect(() => np.tensordot(A.array, B.array, [[1, 2], [0]])).toThrow(ShapeError);
    expect(() => np.tensordot(A.array, B.array, 4)).toThrow(/np\.tensordot: axes=4 .*\[2,3,4\] and \[3,4,5\]/);
    expect(() => np.tensordot(A.array, B.array, -1)).toThrow(/np\.tensordot: axes=-1/);
    expect(() => np.tensordot(A.array, B.array, [[5], [0]])).toThrow(/np\.tensordot: axis 5 is out of bounds/);
  });

  test("einsum: matmul, batched, transpose, trace, diagonal, sums, outer", async () => {
    const A = operand([3, 4], 61);
    const B = operand([4, 5], 62);
    await expectClose(np.einsum("ij,jk->ik", A.array, B.array), nested(refMatmul(A.values, B.values, 3, 4, 5), [3, 5]));
    await expectClose(np.einsum("ij,jk", A.array, B.array), nested(refMatmul(A.values, B.values, 3, 4, 5), [3, 5]));
    await expectClose(np.einsum(" ij , jk -> ki ", A.array, B.array), nested(transpose2(refMatmul(A.values, B.values, 3, 4, 5), 3, 5), [5, 3]));
    const X = operand([2, 3, 4], 63);
    const Y = operand([2, 4, 5], 64);
    const bm = refEinsum("bij,bjk->bik", [X, Y]);
    await expectClose(np.einsum("bij,bjk->bik", X.array, Y.array), nested(bm.values, bm.shape));
    await expectEqual(np.einsum("ij->ji", np.array([[1, 2, 3], [4, 5, 6]])), [[1, 4], [2, 5], [3, 6]]);
    const sq = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    await expectEqual(np.einsum("ii", sq), 15);
    await expectEqual(np.einsum("ii->", sq), 15);
    await expectEqual(np.einsum("ii->i", sq), [1, 5, 9]);
    await expectEqual(np.einsum("ij->", sq), 45);
    await expectEqual(np.einsum("ij->i", sq), [6, 15, 24]);
    await expectEqual(np.einsum("ij->j", sq), [12, 15, 18]);
    await expectEqual(np.einsum("i,j->ij", np.array([1, 2]), np.array([3, 4, 5])), [[3, 4, 5], [6, 8, 10]]);
    await expectEqual(np.einsum("i,i->", np.array([1, 2, 3]), np.array([4, 5, 6])), 32);
    await expectEqual(np.einsum("i,i", np.array([1, 2, 3]), np.array([4, 5, 6])), 32);
    await expectEqual(np.einsum("ij,ij->ij", sq, sq), [[1, 4, 9], [16, 25, 36], [49, 64, 81]]);
    await expectEqual(np.einsum("ij,j->i", sq, np.array([1, 0, -1])), [-2, -2, -2]);
    await expectEqual(np.einsum("ij", sq.T), [[1, 4, 7], [2, 5, 8], [3, 6, 9]]);
    await expectEqual(np.einsum("ji", sq), [[1, 4, 7], [2, 5, 8], [3, 6, 9]]);
    await expectEqual(np.einsum("ii->i", np.array([[1, 2], [3, 4]], { dtype: "int32" })), [1, 4], "int32");
  });

  test("einsum: diagonals ignore off-diagonal infinities and NaNs", async () => {
    const m = np.array([[1, Infinity], [NaN, 2]]);
    await expectEqual(np.einsum("ii->i", m), [1, 2]);
    await expectEqual(np.einsum("ii", m), 3);
  });

  test("einsum: ellipsis, three operands, implicit output order", async () => {
    const X = operand([2, 3, 4, 5], 71);
    const Y = operand([3, 5, 2], 72);
    const want: number[] = [];
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 3; b++) {
        want.push(...refMatmul(X.values.slice(a * 60 + b * 20, a * 60 + b * 20 + 20), Y.values.slice(b * 10, b * 10 + 10), 4, 5, 2));
      }
    }
    await expectClose(np.einsum("...ij,...jk->...ik", X.array, Y.array), nested(want, [2, 3, 4, 2]));
    await expectClose(np.einsum("...ij,...jk", X.array, Y.array), nested(want, [2, 3, 4, 2]));
    // ellipsis on one side only
    const W = operand([5, 6], 73);
    const r = refMatmul(X.values, W.values, 24, 5, 6);
    await expectClose(np.einsum("...j,jk->...k", X.array, W.array), nested(r, [2, 3, 4, 6]));
    // sum over the ellipsis axes
    const s = operand([2, 3, 4], 74);
    const rs = refEinsum("abi->i", [s]);
    await expectClose(np.einsum("...i->i", s.array), nested(rs.values, rs.shape));
    // three operands
    const A = operand([3, 4], 75);
    const B = operand([4, 5], 76);
    const C = operand([5, 2], 77);
    const r3 = refEinsum("ij,jk,kl->il", [A, B, C]);
    await expectClose(np.einsum("ij,jk,kl->il", A.array, B.array, C.array), nested(r3.values, r3.shape));
    const r3b = refEinsum("ij,jk,kl->li", [A, B, C]);
    await expectClose(np.einsum("ij,jk,kl->li", A.array, B.array, C.array), nested(r3b.values, r3b.shape));
    const v = operand([4], 78);
    const r3c = refEinsum("ij,j,jk->ik", [A, v, B]);
    await expectClose(np.einsum("ij,j,jk->ik", A.array, v.array, B.array), nested(r3c.values, r3c.shape));
    // implicit output: letters appearing once, in alphabetical order
    const P = operand([3, 4], 79);
    const Q = operand([3, 5], 80);
    const ri = refEinsum("ji,jk->ik", [P, Q]);
    await expectClose(np.einsum("ji,jk", P.array, Q.array), nested(ri.values, ri.shape));
    const rk = refEinsum("ba->ab", [P]);
    await expectClose(np.einsum("ba", P.array), nested(rk.values, rk.shape));
  });

  test("einsum errors", () => {
    const a = np.zeros([2, 3]);
    expect(() => np.einsum("ij,jk->ik", a)).toThrow(/names 2 operands but 1 were given/);
    expect(() => np.einsum("ij,jk->ik", a, np.zeros([4, 5]))).toThrow(/np\.einsum: index "j" has sizes 3 and 4/);
    expect(() => np.einsum("ijk", a)).toThrow(ShapeError);
    expect(() => np.einsum("ij->ik", a)).toThrow(/output index "k"/);
    expect(() => np.einsum("ii", a)).toThrow(/index "i" has sizes 2 and 3/);
  });

  test("products promote mixed dtypes (only lax.dotGeneral requires equal dtypes)", async () => {
    await expectEqual(np.dot(np.array([1, 2], { dtype: "int32" }), np.array([0.5, 0.25])), 1, "float32");
    await expectEqual(np.inner(np.array([1, 2], { dtype: "int32" }), 0.5), [0.5, 1], "float32");
    await expectEqual(np.einsum("i,i->", np.array([1, 2], { dtype: "int32" }), np.array([true, true])), 3, "int32");
    await expectEqual(np.tensordot(np.array([1, 2], { dtype: "float16" }), np.array([2, 2]), 1), 6, "float32");
  });
});
