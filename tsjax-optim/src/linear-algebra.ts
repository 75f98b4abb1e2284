/** Linear algebra (optax `linear_algebra`): `powerIteration`, `matrixInversePthRoot`, `nnls`. */
import { type Array, type ArrayLike, lax, np, random } from "tsjax-core";
import { options } from "./options.js";
import { linalgNorm } from "./numerics.js";
import { treeNorm, treeScale, treeSub, treeVdot } from "./tree-math.js";

const normalize = <T>(x: T): T => treeScale(np.divide(1, treeNorm(x)), x);

/** Options of `powerIteration`. */
export interface PowerIterationOptions<T = any> {
  /** The starting vector (default: uniform in [-1, 1) from `key`; required when `matrix` is a function). */
  v0?: T | null;
  /** Most iterations (default 100). */
  numIters?: number;
  /** Stops when `||M v - lambda v|| / |lambda|` is below this (default 1e-6). */
  errorTolerance?: ArrayLike;
  /** Accepted for optax compatibility (matrix products are float32 here). */
  precision?: unknown;
  /** The key of the default `v0` (default `random.key(0)`). */
  key?: Array | null;
}

/**
 * The dominant eigenvalue and eigenvector of a symmetric matrix (or of a linear map given as a
 * function of a tree, with `v0`), by power iteration (optax `power_iteration`).
 *
 * @example
 * const [eig, v] = powerIteration(np.array([[2, 0], [0, 1]])); // eig ~ 2
 */
export function powerIteration<T = Array>(matrix: Array | ((v: T) => T), opts: PowerIterationOptions<T> = {}): [Array, T] {
  const o = options("powerIteration", opts, { v0: null as T | null, numIters: 100, errorTolerance: 1e-6 as ArrayLike, precision: null as unknown, key: null as Array | null });
  let mvp: (v: T) => T;
  let v0 = o.v0;
  if (typeof matrix === "function") {
    mvp = matrix;
    if (v0 === null) throw new TypeError("powerIteration: pass v0 when matrix is a function.");
  } else {
    mvp = (v: T) => np.matmul(matrix, v as unknown as Array) as unknown as T;
    v0 ??= random.uniform(o.key ?? random.key(0), [matrix.shape[matrix.ndim - 1]!], { minval: -1, maxval: 1 }) as unknown as T;
  }
  const start = normalize(v0 as T);
  type Loop = [T, T, Array, Array];
  const cond = ([normalized, unnormalized, eig, i]: Loop) => {
    const residual = treeNorm(treeSub(unnormalized, treeScale(eig, normalized)));
    const converged = np.less(np.abs(np.divide(residual, eig)), o.errorTolerance);
    return np.logicalAnd(np.logicalNot(converged), np.less(i, o.numIters));
  };
  const body = ([, z, , i]: Loop): Loop => {
    const eigvec = normalize(z);
    const next = mvp(eigvec);
    return [eigvec, next, treeVdot(eigvec, next), i.add(1)];
  };
  const [, z, eig] = lax.whileLoop(cond, body, [start, mvp(start), np.array(0), np.array(0, { dtype: "int32" })] as Loop);
  return [eig, normalize(z)];
}

/** Options of `matrixInversePthRoot`. */
export interface MatrixInversePthRootOptions {
  numIters?: number;
  /** Relative ridge added to the matrix (times its largest eigenvalue; default 1e-6). */
  ridgeEpsilon?: number;
  errorTolerance?: number;
  /** Accepted for optax compatibility (matrix products are float32 here). */
  precision?: unknown;
}

/**
 * `matrix^(-1/p)` of a symmetric positive semi-definite matrix by the coupled Newton iteration
 * (Shampoo; optax `matrix_inverse_pth_root`). Returns the root and the final error.
 *
 * @example
 * const [root, error] = matrixInversePthRoot(covariance, 2); // the inverse square root
 */
export function matrixInversePthRoot(matrix: Array, p: number, opts: MatrixInversePthRootOptions = {}): [Array, Array] {
  const o = options("matrixInversePthRoot", opts, { numIters: 100, ridgeEpsilon: 1e-6, errorTolerance: 1e-6, precision: null as unknown });
  const n = matrix.shape[0]!;
  const alpha = Math.fround(-1 / p);
  const eye = np.eye(n);
  const [maxEv] = powerIteration(matrix, { numIters: 100, errorTolerance: 1e-6 });
  const ridge = np.multiply(o.ridgeEpsilon, np.maximum(maxEv, 1e-16));
  if (n === 1) return [np.power(np.add(matrix, ridge), alpha), np.array(0)];
  const k = Math.min(Math.max(Math.round(Math.log2(p)), 0), 3);
  const matPower = (m: Array) => {
    let r = m;
    for (let i = 0; i < k; i++) r = np.matmul(r, r);
    return r;
  };
  const damped = np.add(matrix, np.multiply(ridge, eye));
  const z = np.divide(1 + p, np.multiply(2, linalgNorm(damped)));
  const m0 = np.multiply(damped, z);
  const h0 = np.multiply(eye, np.power(z, 1 / p));
  type Loop = [Array, Array, Array, Array, Array, Array];
  const init: Loop = [np.array(0, { dtype: "int32" }), m0, h0, h0, np.abs(np.subtract(m0, eye)).max(), np.array(true)];
  const [, matM, matH, oldH, , converged] = lax.whileLoop(
    ([i, , , , error, run]: Loop) => np.logicalAnd(np.less(i, o.numIters), np.logicalAnd(np.greater(error, o.errorTolerance), run)),
    ([i, matM, matH, , error]: Loop): Loop => {
      const mi = np.add(np.multiply(1 - alpha, eye), np.multiply(alpha, matM));
      const newM = np.matmul(matPower(mi), matM);
      const newH = np.matmul(matH, mi);
      const newError = np.abs(np.subtract(newM, eye)).max();
      return [i.add(1), newM, newH, matH, newError, np.less(newError, np.multiply(error, 1.2))];
    },
    init,
  );
  const error = np.abs(np.subtract(matM, eye)).max();
  const c = converged.astype("float32");
  return [np.add(np.multiply(c, matH), np.multiply(np.subtract(1, c), oldH)).astype(matrix.dtype), error];
}

/** Options of `nnls`. */
export interface NnlsOptions {
  /** Accepted for optax compatibility (the scan is not unrolled here). */
  unroll?: number | boolean;
  /** A Lipschitz constant of the gradient (default: a bound on the spectral radius of `A^T A`). */
  L?: ArrayLike | null;
}

/**
 * Non-negative least squares `min ||A x - b||^2, x >= 0` by `iters` steps of accelerated
 * projected gradient (optax `nnls`); `b` may have a second axis of right-hand sides.
 *
 * @example
 * const x = nnls(A, b, 100);
 */
export function nnls(A: Array, b: Array, iters: number, opts: NnlsOptions = {}): Array {
  const o = options("nnls", opts, { unroll: 1 as number | boolean, L: null as ArrayLike | null });
  if (A.ndim !== 2 || (b.ndim !== 1 && b.ndim !== 2) || b.shape[0] !== A.shape[0]) throw new RangeError(`nnls: expected A [m, n] and b [m] or [m, k], got [${A.shape.join(",")}] and [${b.shape.join(",")}].`);
  const At = np.transpose(A);
  const Q = np.matmul(At, A), q = np.matmul(At, b);
  const bound = () => (Q.size === 0 ? np.array(0) : np.minimum(linalgNorm(Q, "fro"), linalgNorm(Q, 1)));
  const L0 = o.L === null ? bound() : np.asarray(o.L);
  const L = np.where(np.equal(L0, 0), 1, L0);
  const x0 = np.zeros([A.shape[1]!, ...b.shape.slice(1)], { dtype: b.dtype });
  type Carry = [Array, Array, Array];
  const [[x]] = lax.scan(([x, p, c]: Carry): [Carry, null] => {
    const cn = np.divide(np.add(1, np.sqrt(np.add(1, np.multiply(4, np.square(c))))), 2);
    const s = np.divide(np.subtract(c, 1), cn);
    const xn = np.maximum(np.subtract(p, np.divide(np.subtract(np.matmul(Q, p), q), L)), 0);
    return [[xn, np.add(xn, np.multiply(s, np.subtract(xn, x))), cn], null];
  }, [x0, x0, np.array(0)] as Carry, null, { length: iters });
  return x;
}
