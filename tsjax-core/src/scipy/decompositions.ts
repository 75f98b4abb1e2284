/**
 * `scipy.linalg` decompositions and constructors: qr, eigh, svd, blockDiag.
 */
import type { Array, ArrayLike } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import * as lax from "../lax/linalg.js";
import * as O from "../primitives/ops.js";
import { zeros as npZeros } from "../numpy/creation.js";
import { concatenate as npConcatenate } from "../numpy/shape-ops.js";
import { pad as npPad } from "../numpy/pad.js";
import { floatOperands, requireMatrix } from "../numpy/linalg/args.js";
import { checkOptions } from "../util/options.js";

/** Options of `scipy.linalg.qr`. */
export interface QrOptions {
  /** "full" (default: `Q [..., m, m]`), "economic" (`Q [..., m, k]`) or "r" (R only, full size). */
  mode?: "full" | "economic" | "r";
  /** Column pivoting (not supported: only false). */
  pivoting?: boolean;
  /** Accepted and ignored. */
  overwriteA?: boolean;
  /** Accepted and ignored. */
  lwork?: unknown;
  /** Accepted and ignored. */
  checkFinite?: boolean;
}

/**
 * QR decomposition, as `jax.scipy.linalg.qr`: `[q, r]`, or `[r]` for mode "r".
 *
 * @example
 * const [q, r] = scipy.linalg.qr(np.array([[1, 2], [3, 4]]));
 */
export function qr(a: ArrayLike, opts: QrOptions = {}): [Array, Array] | [Array] {
  const op = "scipy.linalg.qr";
  checkOptions(op, opts, { accepted: ["mode", "pivoting", "overwriteA", "lwork", "checkFinite"] });
  const mode = opts.mode ?? "full";
  if (!["full", "economic", "r"].includes(mode)) throw new TypeError(`${op}: unsupported mode ${JSON.stringify(mode)}; accepted: "full", "economic", "r".`);
  const [x] = floatOperands(op, a);
  requireMatrix(op, x!);
  const [q, r] = lax.qr(x!, { pivoting: opts.pivoting ?? false, fullMatrices: mode !== "economic" });
  return mode === "r" ? [r] : [q, r];
}

/** Options of `scipy.linalg.eigh` (the standard problem only: `b`, `eigvals` and `type` other than 1 are not implemented, as in JAX). */
export interface EighOptions {
  /** The generalized problem's `b` (only null). */
  b?: ArrayLike | null;
  /** Which triangle (the input is symmetrized first, as JAX does). */
  lower?: boolean;
  /** Return the eigenvalues only (default false). */
  eigvalsOnly?: boolean;
  /** Only null. */
  eigvals?: null;
  /** Only 1. */
  type?: 1;
  /** Accepted and ignored. */
  overwriteA?: boolean;
  /** Accepted and ignored. */
  overwriteB?: boolean;
  /** Accepted and ignored. */
  turbo?: boolean;
  /** Accepted and ignored. */
  checkFinite?: boolean;
}

/**
 * Eigenvalues (ascending) and eigenvectors of symmetric matrices, as `jax.scipy.linalg.eigh`:
 * `[w, v]`, or `w` with `eigvalsOnly`.
 *
 * @example
 * const [w, v] = scipy.linalg.eigh(np.array([[2, 1], [1, 2]])) as [Array, Array]; // w = [1, 3]
 */
export function eigh(a: ArrayLike, opts: EighOptions = {}): [Array, Array] | Array {
  const op = "scipy.linalg.eigh";
  checkOptions(op, opts, { accepted: ["b", "lower", "eigvalsOnly", "eigvals", "type", "overwriteA", "overwriteB", "turbo", "checkFinite"] });
  if (opts.b !== undefined && opts.b !== null) throw new TypeError(`${op}: only b=null is implemented (the generalized problem is not), as in JAX.`);
  if (opts.eigvals !== undefined && opts.eigvals !== null) throw new TypeError(`${op}: only eigvals=null is implemented, as in JAX.`);
  if (opts.type !== undefined && opts.type !== 1) throw new TypeError(`${op}: only type=1 is implemented, as in JAX.`);
  const [x] = floatOperands(op, a);
  requireMatrix(op, x!, true);
  const [v, w] = lax.eigh(x!, { lower: opts.lower ?? true });
  return opts.eigvalsOnly ? w : [w, v];
}

/** Options of `scipy.linalg.svd`. */
export interface SvdOptions {
  /** Full `u` and `vh` (default true). */
  fullMatrices?: boolean;
  /** Return `[u, s, vh]` (default true) or `s`. */
  computeUv?: boolean;
  /** Accepted and ignored. */
  overwriteA?: boolean;
  /** Accepted and ignored. */
  checkFinite?: boolean;
  /** Accepted and ignored (LAPACK driver). */
  lapackDriver?: string;
}

/**
 * Singular value decomposition, as `jax.scipy.linalg.svd`: `[u, s, vh]`, or `s` with
 * `computeUv: false`.
 *
 * @example
 * const [u, s, vh] = scipy.linalg.svd(np.array([[3, 0], [0, -2]])) as [Array, Array, Array];
 */
export function svd(a: ArrayLike, opts: SvdOptions = {}): [Array, Array, Array] | Array {
  const op = "scipy.linalg.svd";
  checkOptions(op, opts, { accepted: ["fullMatrices", "computeUv", "overwriteA", "checkFinite", "lapackDriver"] });
  const [x] = floatOperands(op, a);
  requireMatrix(op, x!);
  const fullMatrices = opts.fullMatrices ?? true;
  return opts.computeUv ?? true ? lax.svd(x!, { fullMatrices }) : lax.svd(x!, { fullMatrices, computeUv: false });
}

/**
 * A block-diagonal matrix of the given blocks (2-D; a 1-D array is one row, a scalar a 1x1
 * block), as `jax.scipy.linalg.block_diag`.
 *
 * @example
 * scipy.linalg.blockDiag(np.eye(2), np.array([[5]])); // 3x3
 */
export function blockDiag(...arrs: ArrayLike[]): Array {
  const op = "scipy.linalg.blockDiag";
  if (arrs.length === 0) return npZeros([1, 0]);
  const blocks = floatOperands(op, ...arrs).map((b) => {
    if (b.ndim > 2) throw new ShapeError(`${op}: blocks must have at most 2 axes, got shape ${fmtShape(b.shape)}.`);
    return b.ndim === 2 ? b : O.reshapeTo(b, [1, b.size]);
  });
  const cols = blocks.reduce((n, b) => n + b.shape[1]!, 0);
  let left = 0;
  const rows = blocks.map((b) => {
    const w = b.shape[1]!;
    const row = npPad(b, [[0, 0], [left, cols - left - w]]);
    left += w;
    return row;
  });
  return npConcatenate(rows, 0);
}
