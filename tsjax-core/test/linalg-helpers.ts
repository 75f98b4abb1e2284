/**
 * Helpers of the linear-algebra tests: comparisons with JAX reference cases, and matrices whose
 * columns are defined up to sign (eigenvectors, singular vectors).
 */
import { type Array, np } from "../src/index.js";
import { type RefCase, shapeOf, values } from "../src/numpy/linalg/refs/types.js";
import { expectClose, nested } from "./helpers.js";

export interface Tol {
  rtol?: number;
  atol?: number;
  /**
   * Where the reference is not finite, accept any non-finite value: which of NaN and ±inf a
   * division by a zero pivot yields depends on the order of operations.
   */
  anyNonFinite?: boolean;
}

/** Asserts that `actual` matches the reference entry `key` of case `c`. */
export async function expectRef(actual: Array, c: RefCase, key: string, tol: Tol = {}): Promise<void> {
  let want = values(c, key);
  if (tol.anyNonFinite) {
    const got = globalThis.Array.from(await actual.data(), Number);
    want = want.map((w, i) => (!Number.isFinite(w) && !Number.isFinite(got[i]!) ? got[i]! : w));
  }
  await expectClose(actual, nested(want, shapeOf(c, key)) as never, { rtol: tol.rtol ?? 1e-4, atol: tol.atol ?? 1e-5 });
}

/** Asserts that two arrays match elementwise (NaN matches NaN). */
export async function expectSame(actual: Array, expected: Array, tol: Tol = {}): Promise<void> {
  const want = await expected.toArray();
  await expectClose(actual, want as never, { rtol: tol.rtol ?? 1e-5, atol: tol.atol ?? 1e-6 });
}

/** `x` with each column's sign chosen so that its entry of largest magnitude is positive. */
export function fixColumnSigns(x: Array): Array {
  const idx = np.argmax(np.abs(x), -2);
  const pick = np.takeAlongAxis(x, np.expandDims(idx, -2), -2);
  return x.mul(np.where(pick.lt(0), -1, 1));
}

/**
 * `[u, vh]` with each singular pair's sign chosen so that the largest-magnitude entry of the
 * column of `u` is positive (the same flip applied to the row of `vh`).
 */
export function fixSvdSigns(u: Array, vh: Array): [Array, Array] {
  const k = Math.min(u.shape[u.ndim - 1]!, vh.shape[vh.ndim - 2]!);
  const uk = u.get("...", np.s(0, k));
  const idx = np.argmax(np.abs(uk), -2);
  const pick = np.takeAlongAxis(uk, np.expandDims(idx, -2), -2); // [..., 1, k]
  const sign = np.where(pick.lt(0), -1, 1);
  return [uk.mul(sign), vh.get("...", np.s(0, k), np.s()).mul(np.swapaxes(sign, -1, -2))];
}

/** Largest `|xᵀ x - I|` over the columns of `x` (orthonormality). */
export async function orthoError(x: Array): Promise<number> {
  const k = x.shape[x.ndim - 1]!;
  return np.abs(np.matmul(np.swapaxes(x, -1, -2), x).sub(np.eye(k))).max().item() as Promise<number>;
}
