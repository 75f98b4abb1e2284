/** Projections onto convex sets (optax `projections`), for projected gradient methods. */
import { type Array, type ArrayLike, nn, np, tree } from "tsjax-core";
import { projectRowsOnSimplex } from "./losses/util.js";
import { treeAddScale, treeFullLike, treeMul, treeNorm, treeScale, treeVdot, treeWhere } from "./tree-math.js";
import { flattenTree, unflattenLike } from "./wrappers/flatten.js";

/**
 * The projection onto the non-negative orthant: `relu` of each leaf.
 *
 * @example
 * projectionNonNegative({ w: np.array([-1, 2]) }); // { w: [0, 2] }
 */
export function projectionNonNegative<T>(t: T): T {
  return tree.map((x: Array) => nn.relu(x), t);
}

/**
 * The projection onto the box `lower <= x <= upper` (bounds are trees like `t`, or scalars).
 *
 * @example
 * projectionBox(params, treeFullLike(params, -1), treeFullLike(params, 1));
 */
export function projectionBox<T>(t: T, lower: T | ArrayLike, upper: T | ArrayLike): T {
  const full = (b: unknown) => (typeof b === "number" || (b !== null && typeof b === "object" && "shape" in (b as object)) ? treeFullLike(t, b as ArrayLike) : (b as T));
  return tree.map((x: Array, lo: Array, hi: Array) => np.clip(x, lo, hi), t, full(lower), full(upper));
}

/**
 * The projection onto the hypercube `0 <= x <= scale`.
 *
 * @example
 * projectionHypercube(x, 1);
 */
export function projectionHypercube<T>(t: T, scale: ArrayLike = 1): T {
  return projectionBox(t, 0, scale);
}

/**
 * The projection onto the simplex `{x >= 0, sum(x) = scale}` of the whole tree seen as one vector.
 *
 * @example
 * projectionSimplex(np.array([0.5, 2, -1])); // [0, 1, 0]
 */
export function projectionSimplex<T>(t: T, scale: ArrayLike = 1): T {
  const v = flattenTree(t);
  return unflattenLike(np.multiply(scale, projectRowsOnSimplex(np.divide(v, scale))), t);
}

/**
 * The projection onto the L1 sphere `{||x||_1 = scale}`.
 *
 * @example
 * projectionL1Sphere(x, 1);
 */
export function projectionL1Sphere<T>(t: T, scale: ArrayLike = 1): T {
  return treeMul(tree.map((x: Array) => np.sign(x), t), projectionSimplex(tree.map((x: Array) => np.abs(x), t), scale));
}

/**
 * The projection onto the L1 ball `{||x||_1 <= scale}`.
 *
 * @example
 * projectionL1Ball(x, 1);
 */
export function projectionL1Ball<T>(t: T, scale: ArrayLike = 1): T {
  return treeWhere(np.lessEqual(treeNorm(t, { ord: 1 }), scale), t, projectionL1Sphere(t, scale));
}

/**
 * The projection onto the L2 sphere `{||x||_2 = scale}`.
 *
 * @example
 * projectionL2Sphere(x, 1);
 */
export function projectionL2Sphere<T>(t: T, scale: ArrayLike = 1): T {
  return treeScale(np.divide(scale, treeNorm(t)), t);
}

/**
 * The projection onto the L2 ball `{||x||_2 <= scale}`.
 *
 * @example
 * projectionL2Ball(x, 1);
 */
export function projectionL2Ball<T>(t: T, scale: ArrayLike = 1): T {
  const factor = np.divide(scale, np.sqrt(np.maximum(treeNorm(t, { squared: true }), np.square(scale))));
  return treeScale(factor, t);
}

/**
 * The projection onto the L-infinity ball `{max |x| <= scale}`.
 *
 * @example
 * projectionLinfBall(x, 1);
 */
export function projectionLinfBall<T>(t: T, scale: ArrayLike = 1): T {
  return projectionBox(t, treeFullLike(t, np.negative(scale)), treeFullLike(t, scale));
}

/**
 * The projection of `x` onto the line spanned by `a`.
 *
 * @example
 * projectionVector(x, a);
 */
export function projectionVector<T>(x: T, a: T): T {
  return treeScale(np.divide(treeVdot(x, a), treeVdot(a, a)), a);
}

/**
 * The projection onto the hyperplane `{<a, x> = b}`.
 *
 * @example
 * projectionHyperplane(x, a, 0);
 */
export function projectionHyperplane<T>(x: T, a: T, b: ArrayLike): T {
  return treeAddScale(x, np.divide(np.subtract(b, treeVdot(x, a)), treeVdot(a, a)), a);
}

/**
 * The projection onto the half-space `{<a, x> <= b}`.
 *
 * @example
 * projectionHalfspace(x, a, 0);
 */
export function projectionHalfspace<T>(x: T, a: T, b: ArrayLike): T {
  return treeAddScale(x, np.minimum(np.divide(np.subtract(b, treeVdot(x, a)), treeVdot(a, a)), 0), a);
}
