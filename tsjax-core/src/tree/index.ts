/**
 * `tree`: pytree utilities (`jax.tree_util` / `jax.tree`).
 *
 * @example
 * import { tree } from "tsjax-core";
 * const grads = tree.map((p, g) => p.sub(g.mul(0.1)), params, grads);
 */
import {
  type KeyPath,
  type PathEntry,
  TreeDef,
  assertSameStructure,
  flatten as flattenTree,
  leafPaths,
  unflatten as unflattenTree,
} from "./treedef.js";

export { TreeDef, keystr, registerPytreeNode, treeNode, assertSameStructure } from "./treedef.js";
export type { KeyPath, KeystrOptions, PathEntry, PytreeNodeDef, TreeNodeProtocol } from "./treedef.js";

/**
 * Leaves in order, and the structure.
 *
 * @example
 * const [leaves, def] = tree.flatten({ w: x, b: [y, z] });
 */
export function flatten(t: unknown, opts: { isLeaf?: (x: unknown) => boolean } = {}): [unknown[], TreeDef] {
  return flattenTree(t, opts.isLeaf);
}

/**
 * Rebuilds a tree from its structure and leaves.
 *
 * @example
 * tree.unflatten(def, leaves.map((l) => l.mul(2)));
 */
export function unflatten<T = unknown>(def: TreeDef, leaves: readonly unknown[]): T {
  return unflattenTree<T>(def, leaves);
}

/**
 * The leaves of a tree, in order (object keys sorted).
 *
 * @example
 * tree.leaves({ b: 2, a: [1, null] }); // [1, 2]
 */
export function leaves(t: unknown, opts: { isLeaf?: (x: unknown) => boolean } = {}): unknown[] {
  return flattenTree(t, opts.isLeaf)[0];
}

/**
 * The structure of a tree.
 *
 * @example
 * tree.structure({ a: 1, b: [2, 3] }).toString(); // "{a: *, b: [*, *]}"
 */
export function structure(t: unknown, opts: { isLeaf?: (x: unknown) => boolean } = {}): TreeDef {
  return flattenTree(t, opts.isLeaf)[1];
}

function flattenAll(op: string, t: unknown, rest: readonly unknown[]): [TreeDef, unknown[][]] {
  const [l0, def] = flattenTree(t);
  const all = [l0];
  rest.forEach((r, i) => {
    const [li, di] = flattenTree(r);
    assertSameStructure(op, def, di, ["first tree", `tree ${i + 2}`]);
    all.push(li);
  });
  return [def, all];
}

/**
 * Applies `f` to each leaf (and the matching leaves of `rest`, which must have the same
 * structure), keeping the structure.
 *
 * @example
 * tree.map((x) => x.mul(2), { a: x, b: [y] });
 * tree.map((p, g) => p.sub(g), params, grads);
 */
export function map<T>(f: (leaf: any, ...rest: any[]) => unknown, t: T, ...rest: unknown[]): T {
  const [def, all] = flattenAll("tree.map", t, rest);
  return unflattenTree<T>(def, all[0]!.map((leaf, i) => f(leaf, ...all.slice(1).map((l) => l[i]))));
}

/**
 * Like `map`, with each leaf's key path as the first argument.
 *
 * @example
 * tree.mapWithPath((path, x) => (path.at(-1) === "b" ? x : x.mul(0.9)), params);
 */
export function mapWithPath<T>(f: (path: KeyPath, leaf: any, ...rest: any[]) => unknown, t: T, ...rest: unknown[]): T {
  const [def, all] = flattenAll("tree.mapWithPath", t, rest);
  const paths = leafPaths(def);
  return unflattenTree<T>(def, all[0]!.map((leaf, i) => f(paths[i]!, leaf, ...all.slice(1).map((l) => l[i]))));
}

/**
 * Leaves with their key paths, and the structure.
 *
 * @example
 * const [pairs] = tree.flattenWithPath({ a: [x] }); // [[["a", 0], x]]
 */
export function flattenWithPath(t: unknown): [[PathEntry[], unknown][], TreeDef] {
  const [l, def] = flattenTree(t);
  const paths = leafPaths(def);
  return [l.map((leaf, i) => [paths[i]!, leaf]), def];
}

/**
 * Folds the leaves with `f`, starting from `initial`.
 *
 * @example
 * tree.reduce((acc, x) => acc + x.size, params, 0); // parameter count
 */
export function reduce<A>(f: (acc: A, leaf: any) => A, t: unknown, initial: A): A {
  return flattenTree(t)[0].reduce(f, initial);
}

/**
 * Turns a tree of structure `outer` whose leaves are trees of structure `inner` inside out.
 *
 * @example
 * // [{a: 1, b: 2}, {a: 3, b: 4}] -> {a: [1, 3], b: [2, 4]}
 * tree.transpose(tree.structure([0, 0]), tree.structure({ a: 0, b: 0 }), xs);
 */
export function transpose(outer: TreeDef, inner: TreeDef, t: unknown): unknown {
  const [flat, def] = flattenTree(t, () => false);
  const expectedLeaves = outer.numLeaves * inner.numLeaves;
  if (flat.length !== expectedLeaves) {
    throw new TypeError(
      `tree.transpose: expected ${outer.numLeaves} x ${inner.numLeaves} = ${expectedLeaves} leaves (outer ${outer}, inner ${inner}), ` +
        `got a tree ${def} with ${flat.length}.`,
    );
  }
  const groups: unknown[][] = Array.from({ length: inner.numLeaves }, () => []);
  for (let o = 0; o < outer.numLeaves; o++) {
    for (let i = 0; i < inner.numLeaves; i++) groups[i]!.push(flat[o * inner.numLeaves + i]);
  }
  return unflattenTree(inner, groups.map((g) => unflattenTree(outer, g)));
}

/**
 * True when every leaf satisfies `pred` (default: truthy).
 *
 * @example
 * tree.all({ a: true, b: [true] }); // true
 */
export function all(t: unknown, pred: (leaf: any) => boolean = Boolean): boolean {
  return flattenTree(t)[0].every(pred);
}

