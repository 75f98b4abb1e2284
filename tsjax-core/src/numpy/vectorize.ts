/**
 * `np.vectorize`: a function of scalars (or of core blocks named by a gufunc `signature`) applied
 * across broadcast leading axes with nested `vmap`, as JAX.
 */
import { Array, type ArrayLike } from "../array/array.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape } from "../shape.js";
import { checkOptions } from "../util/options.js";
import { vmap } from "../transforms/api.js";
import { asArray } from "./convert.js";
import { broadcastTo } from "./shape-ops.js";

/** Options of `vectorize`. */
export interface VectorizeOptions {
  /** Positions of the arguments passed through unchanged (not vectorized). */
  excluded?: readonly number[];
  /** A gufunc signature such as `"(n),(n)->()"`: the trailing core axes of each input. */
  signature?: string | null;
}

function parseSignature(op: string, sig: string): string[][] {
  const m = /^\s*(.*?)\s*->\s*(.*?)\s*$/.exec(sig);
  const dims = (s: string) => [...s.matchAll(/\(([^()]*)\)/g)].map((g) => g[1]!.split(",").map((d) => d.trim()).filter((d) => d.length > 0));
  if (!m || dims(m[1]!).length === 0) throw new TypeError(`${op}: invalid signature ${JSON.stringify(sig)}; write it as "(m,n),(n)->(m)".`);
  return dims(m[1]!);
}

/**
 * `pyfunc` mapped over the broadcast leading axes of its array arguments (all axes, or those
 * before the core axes of `signature`).
 *
 * @example
 * const f = np.vectorize((a, b) => np.where(a.gt(b), a.sub(b), a.add(b)));
 * f(np.array([1, 2, 3]), 2); // [3, 4, 1]
 * np.vectorize((x, y) => np.dot(x, y), { signature: "(n),(n)->()" })(np.ones([4, 3]), np.ones([3]));
 */
export function vectorize<R>(pyfunc: (...args: never[]) => R, options?: VectorizeOptions): (...args: unknown[]) => R {
  const op = "np.vectorize";
  const o = checkOptions(op, options, { accepted: ["excluded", "signature"], signature: `${op}(f, { excluded, signature })` });
  if (typeof pyfunc !== "function") throw new TypeError(`${op}: needs a function, got ${typeof pyfunc}.`);
  const excluded = new Set(o.excluded ?? []);
  const core = o.signature ? parseSignature(op, o.signature) : null;
  return (...args: unknown[]): R => {
    const vec = args.map((_, i) => i).filter((i) => !excluded.has(i));
    if (core && core.length !== vec.length) {
      throw new TypeError(`${op}: the signature ${JSON.stringify(o.signature)} names ${core.length} input(s), but ${vec.length} were given.`);
    }
    const arrays = vec.map((i) => asArray(op, args[i] as ArrayLike));
    const coreNd = arrays.map((_, j) => (core ? core[j]!.length : 0));
    arrays.forEach((a, j) => {
      if (a.ndim < coreNd[j]!) throw new ShapeError(`${op}: input ${vec[j]} has shape ${fmtShape(a.shape)}, fewer axes than its core dimensions (${core![j]!.join(", ")}).`);
    });
    const loop = broadcastShapes(op, ...arrays.map((a, j) => a.shape.slice(0, a.ndim - coreNd[j]!)));
    const inputs = arrays.map((a, j) => broadcastTo(a, [...loop, ...a.shape.slice(a.ndim - coreNd[j]!)]));
    const call = (...xs: Array[]): R => {
      const full = [...args];
      vec.forEach((i, j) => (full[i] = xs[j]));
      return (pyfunc as (...a: unknown[]) => R)(...full);
    };
    let f = call as (...xs: Array[]) => R;
    for (let d = 0; d < loop.length; d++) f = vmap(f) as unknown as (...xs: Array[]) => R;
    return f(...inputs);
  };
}
