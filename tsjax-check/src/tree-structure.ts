/** Tree assertions on structure, shapes and dtypes (no values read; work under tracing). */
import { tree } from "tsjax-core";
import { assertsEnabled } from "./config.js";
import { fail } from "./errors.js";
import { type ShapeSpec, shapeMismatch } from "./shape.js";
import { describeValue, pathStr, shapeStr, show } from "./util.js";

/** Rethrows core's structure mismatch as a CheckError of `assertion`. */
function checkSameStructure(assertion: string, trees: readonly unknown[]): void {
  const defs = trees.map((t) => tree.structure(t));
  defs.slice(1).forEach((d, i) => {
    try {
      tree.assertSameStructure(assertion, defs[0]!, d, ["first tree", `tree ${i + 2}`]);
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
      fail(assertion, `${e.message.replace(`${assertion}: `, "")}\n  first tree: ${defs[0]}\n  tree ${i + 2}:     ${d}`);
    }
  });
}

/** Leaves of each tree with their paths, after checking the structures agree. */
export function zipLeaves(assertion: string, trees: readonly unknown[]): { path: string; leaves: unknown[] }[] {
  if (trees.length < 1) throw new TypeError(`${assertion}: expected at least one tree.`);
  checkSameStructure(assertion, trees);
  const [pairs] = tree.flattenWithPath(trees[0]);
  const rest = trees.slice(1).map((t) => tree.leaves(t));
  return pairs.map(([path, leaf], i) => ({ path: pathStr(path), leaves: [leaf, ...rest.map((r) => r[i])] }));
}

function shapeOf(assertion: string, path: string, x: unknown) {
  const d = describeValue(x);
  if (!d) fail(assertion, `the leaf at ${path} is ${show(x)}, not an array or number.`);
  return d;
}

/**
 * Checks that all trees have the same structure (containers, keys, node classes).
 *
 * @example
 * assertTreesAllEqualStructs(params, grads);
 */
export function assertTreesAllEqualStructs(...trees: unknown[]): void {
  if (assertsEnabled()) checkSameStructure("assertTreesAllEqualStructs", trees);
}

function leafwise(assertion: string, trees: unknown[], key: (d: { shape: readonly number[]; dtype: string }) => string): void {
  if (!assertsEnabled()) return;
  for (const { path, leaves } of zipLeaves(assertion, trees)) {
    const ds = leaves.map((l) => shapeOf(assertion, path, l));
    ds.forEach((d, i) => {
      if (key(d) !== key(ds[0]!)) fail(assertion, `leaves at ${path} differ: tree 1 has ${key(ds[0]!)}, tree ${i + 1} has ${key(d)}.`);
    });
  }
}

/**
 * Checks that all trees have the same structure and leaf shapes.
 *
 * @example
 * assertTreesAllEqualShapes(params, grads);
 */
export function assertTreesAllEqualShapes(...trees: unknown[]): void {
  leafwise("assertTreesAllEqualShapes", trees, (d) => `shape ${shapeStr(d.shape)}`);
}

/**
 * Checks that all trees have the same structure and leaf dtypes.
 *
 * @example
 * assertTreesAllEqualDtypes(params, updates);
 */
export function assertTreesAllEqualDtypes(...trees: unknown[]): void {
  leafwise("assertTreesAllEqualDtypes", trees, (d) => `dtype ${d.dtype}`);
}

/**
 * Checks that all trees have the same structure, leaf shapes and leaf dtypes.
 *
 * @example
 * assertTreesAllEqualShapesAndDtypes(params, newParams);
 */
export function assertTreesAllEqualShapesAndDtypes(...trees: unknown[]): void {
  leafwise("assertTreesAllEqualShapesAndDtypes", trees, (d) => `${d.dtype}${shapeStr(d.shape)}`);
}

function treeShapes(assertion: string, t: unknown, check: (shape: readonly number[]) => string | undefined, want: string): void {
  if (!assertsEnabled()) return;
  for (const [path, leaf] of tree.flattenWithPath(t)[0]) {
    const p = pathStr(path);
    const d = shapeOf(assertion, p, leaf);
    const why = check(d.shape);
    if (why) fail(assertion, `the leaf at ${p} has shape ${shapeStr(d.shape)} but expected ${want} (${why}).`);
  }
}

/**
 * Checks that every leaf of `t` has shape `shape` (same syntax as `assertShape`).
 *
 * @example
 * assertTreeShape(perExampleLosses, [null]);
 */
export function assertTreeShape(t: unknown, shape: ShapeSpec): void {
  treeShapes("assertTreeShape", t, (s) => shapeMismatch(s, shape), shapeStr(shape));
}

/**
 * Checks that every leaf's shape starts with `prefix`.
 *
 * @example
 * assertTreeShapePrefix(batch, [32]); // every leaf has batch size 32
 */
export function assertTreeShapePrefix(t: unknown, prefix: ShapeSpec): void {
  treeShapes("assertTreeShapePrefix", t, (s) => shapeMismatch(s, [...prefix, "..."]), `a prefix ${shapeStr(prefix)}`);
}

/**
 * Checks that every leaf's shape ends with `suffix`.
 *
 * @example
 * assertTreeShapeSuffix(embeddings, [128]);
 */
export function assertTreeShapeSuffix(t: unknown, suffix: ShapeSpec): void {
  treeShapes("assertTreeShapeSuffix", t, (s) => shapeMismatch(s, ["...", ...suffix]), `a suffix ${shapeStr(suffix)}`);
}

/**
 * Checks that no leaf of `t` is `null` or `undefined` (which pytrees treat as empty nodes).
 *
 * @example
 * assertTreeNoNulls(state);
 */
export function assertTreeNoNulls(t: unknown): void {
  if (!assertsEnabled()) return;
  const [leaves, def] = tree.flatten(t, { isLeaf: (x) => x === null || x === undefined });
  const paths = tree.flattenWithPath(tree.unflatten(def, leaves.map((_, i) => i)))[0];
  const nulls = paths.filter(([, i]) => leaves[i as number] === null || leaves[i as number] === undefined).map(([p, i]) => `${pathStr(p)} (${leaves[i as number]})`);
  if (nulls.length) fail("assertTreeNoNulls", `the tree has ${nulls.length} null leaf/leaves: ${nulls.join(", ")}.`);
}
