/**
 * JAX's `ad_util`: adding two tangents and making zeros, for the differentiation interpreters
 * (`transforms/linearize.ts`, `transforms/jaxpr-transforms.ts`). Both are written with
 * primitives, which `primitives/ops.ts` registers here when it loads (as JAX's lax fills
 * `ad_util`'s tables), so that the interpreters import only the core.
 */
import type { Array } from "../array/array.js";
import type { ShapedArray } from "./primitive.js";
import { lateBound } from "../util/late-bound.js";

interface AdUtil {
  /** `a + b` for two tangents of the same shape and dtype (JAX's `add_jaxvals`). */
  add(a: Array, b: Array): Array;
  /** Zeros of an abstract value, on its device (JAX's `zeros_like_aval`). */
  zerosLike(like: ShapedArray & { device?: Array["device"] }): Array;
}

const registered = lateBound<AdUtil>("primitives/ops.ts");

/** Installs the primitives' implementation (called once, by `primitives/ops.ts`). */
export function _setAdUtil(impl: AdUtil): void {
  registered.set(impl);
}

/** `a + b` for two tangents (JAX's `add_jaxvals`). */
export function addJaxvals(a: Array, b: Array): Array {
  return registered.get().add(a, b);
}

/** Zeros shaped like `like` (JAX's `zeros_like_aval`). */
export function zerosLikeAval(like: ShapedArray & { device?: Array["device"] }): Array {
  return registered.get().zerosLike(like);
}
