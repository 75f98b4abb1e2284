/** `flatten`: run a transformation on all the params as one flat vector. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, gradientTransformation } from "../base.js";

/** All leaves raveled and concatenated. @internal */
export function flattenTree(t: unknown): Array {
  const leaves = tree.leaves(t) as Array[];
  if (!leaves.length) return np.zeros([0]);
  return np.concatenate(leaves.map((x) => x.ravel()));
}

/** Splits a flat vector back into the leaves of `like`. @internal */
export function unflattenLike<T>(flat: Array, like: T): T {
  const [leaves, def] = tree.flatten(like) as [Array[], ReturnType<typeof tree.structure>];
  let off = 0;
  return tree.unflatten(def, leaves.map((x) => {
    const piece = flat.get(np.s(off, off + x.size)).reshape(x.shape);
    off += x.size;
    return piece;
  }));
}

/**
 * Runs `inner` on the params and updates flattened into one vector (optax `flatten`): fewer,
 * larger arrays in the state, at the cost of a concatenation each step.
 *
 * @example
 * const opt = flatten(adam(1e-3));
 */
export function flatten<S>(inner: GradientTransformation<S>): GradientTransformation<S> {
  return gradientTransformation<S>(
    (params) => inner.init(flattenTree(params)),
    (updates, state, params, extra) => {
      const [u, s] = inner.update(flattenTree(updates), state, params === undefined || params === null ? params : flattenTree(params), extra);
      return [unflattenLike(u as Array, updates), s];
    },
  );
}
