/**
 * State and key utilities of optax `tree_utils`: looking values up in optimizer states
 * (`treeGet`, `treeSet`), mapping over the params-shaped parts of a state (`treeMapParams`),
 * and random trees (`treeSplitKeyLike`, `treeRandomLike`).
 */
import { type Array, type DType, random, registerPytreeNode, tree } from "tsjax-core";
import type { GradientTransformation } from "./base.js";
import { options } from "./options.js";

/** One step of a path in a state: an object key or a list index. */
export type StatePathEntry = string | number;

const isPlain = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype;

/** The children of a plain object or list, with their keys. */
function children(node: unknown): [StatePathEntry, unknown][] {
  if (globalThis.Array.isArray(node)) return node.map((c, i) => [i, c]);
  if (isPlain(node)) return Object.keys(node).sort().map((k) => [k, node[k]]);
  return [];
}

/**
 * Every value stored under `key` in the objects of `t`, with its path (optax
 * `tree_get_all_with_path`); `filtering(path, value)` keeps only some.
 *
 * @example
 * treeGetAllWithPath(adam(1e-3).init(params), "count"); // [[[0, "count"], count]]
 */
export function treeGetAllWithPath(t: unknown, key: string, filtering?: (path: StatePathEntry[], value: unknown) => boolean): [StatePathEntry[], unknown][] {
  const found: [StatePathEntry[], unknown][] = [];
  const walk = (node: unknown, path: StatePathEntry[]) => {
    if (isPlain(node) && Object.prototype.hasOwnProperty.call(node, key)) found.push([[...path, key], node[key]]);
    for (const [k, c] of children(node)) walk(c, [...path, k]);
  };
  walk(t, []);
  return filtering ? found.filter(([p, v]) => filtering(p, v)) : found;
}

/**
 * The value stored under `key` in `t` (optax `tree_get`): `defaultValue` when there is none,
 * an error when there are several (narrow them with `filtering`).
 *
 * @example
 * const count = treeGet(state, "count");
 */
export function treeGet(t: unknown, key: string, defaultValue: unknown = null, filtering?: (path: StatePathEntry[], value: unknown) => boolean): any {
  const found = treeGetAllWithPath(t, key, filtering);
  if (found.length > 1) throw new TypeError(`treeGet: found ${found.length} values for "${key}" (at ${found.map(([p]) => p.join(".")).join(", ")}); pass a filtering function.`);
  return found.length ? found[0]![1] : defaultValue;
}

/**
 * A copy of `t` with the values under the keys of `values` replaced (optax `tree_set`); each
 * key must exist somewhere in `t`.
 *
 * @example
 * state = treeSet(state, { learningRate: np.array(1e-4) });
 */
export function treeSet<T>(t: T, values: Record<string, unknown>, filtering?: (path: StatePathEntry[], value: unknown) => boolean): T {
  for (const k of Object.keys(values)) {
    if (!treeGetAllWithPath(t, k, filtering).length) throw new TypeError(`treeSet: found no value under "${k}"${filtering ? " matching the filter" : ""} in the tree.`);
  }
  const walk = (node: unknown, path: StatePathEntry[]): unknown => {
    if (globalThis.Array.isArray(node)) return node.map((c, i) => walk(c, [...path, i]));
    if (!isPlain(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, c] of Object.entries(node)) {
      out[k] = k in values && (!filtering || filtering([...path, k], c)) ? values[k] : walk(c, [...path, k]);
    }
    return out;
  };
  return walk(t, []) as T;
}

/** Stands for the params while a transformation's `init` builds a state (see `treeMapParams`). @internal */
export class ParamsPlaceholder {}
registerPytreeNode(ParamsPlaceholder, { flatten: () => [[], null], unflatten: () => new ParamsPlaceholder() });

/** Whether `params` is the placeholder `treeMapParams` passes to `init`. @internal */
export function isParamsPlaceholder(params: unknown): params is ParamsPlaceholder {
  return params instanceof ParamsPlaceholder;
}

/** Options of `treeMapParams`. */
export interface TreeMapParamsOptions {
  /** More params-shaped trees whose leaves `f` also receives. */
  rest?: readonly unknown[];
  /** Applied to every leaf that is not part of a params-shaped tree (default: kept). */
  transformNonParams?: ((value: any) => unknown) | null;
}

/**
 * Maps `f` over the parts of an optimizer state that are shaped like the params (moments,
 * traces, ...), leaving counts and other values alone (optax `tree_map_params`). `initable` is
 * the transformation (or its `init`) that built `state`.
 *
 * @example
 * const halfPrecision = treeMapParams(opt, (x) => x.astype("float16"), state);
 */
export function treeMapParams<S>(initable: GradientTransformation | ((params: unknown) => unknown), f: (leaf: any, ...rest: any[]) => unknown, state: S, opts: TreeMapParamsOptions = {}): S {
  const { rest, transformNonParams } = options("treeMapParams", opts, { rest: [] as readonly unknown[], transformNonParams: null as TreeMapParamsOptions["transformNonParams"] });
  const init = typeof initable === "function" ? initable : initable.init;
  const shape = init(new ParamsPlaceholder());
  const walk = (ph: unknown, value: unknown): unknown => {
    if (ph instanceof ParamsPlaceholder) return tree.map(f, value, ...rest);
    if (globalThis.Array.isArray(ph) && globalThis.Array.isArray(value)) return ph.map((c, i) => walk(c, value[i]));
    if (isPlain(ph) && isPlain(value)) return Object.fromEntries(Object.keys(value).map((k) => [k, walk(ph[k], value[k])]));
    if (value === null || value === undefined) return value;
    return transformNonParams ? tree.map((x: unknown) => transformNonParams(x), value) : value;
  };
  return walk(shape, state) as S;
}

/**
 * One key per leaf of `target`, split from `key`, in a tree of the same structure (optax
 * `tree_split_key_like`).
 *
 * @example
 * const keys = treeSplitKeyLike(random.key(0), params);
 */
export function treeSplitKeyLike<T>(key: Array, target: T): T {
  const [leaves, def] = tree.flatten(target);
  const keys = random.split(key, leaves.length);
  return tree.unflatten(def, leaves.map((_, i) => keys.get(i)));
}

/** Options of `treeRandomLike`. */
export interface TreeRandomLikeOptions {
  /** `(key, shape, dtype) => array` (default `random.normal`). */
  sampler?: (key: Array, shape: number[], dtype: DType) => Array;
  /** The dtype of the samples (default: each leaf's). */
  dtype?: DType | null;
}

/**
 * A random tree shaped like `target`, one split key per leaf (optax `tree_random_like`).
 *
 * @example
 * const noise = treeRandomLike(random.key(0), params);
 */
export function treeRandomLike<T>(key: Array, target: T, opts: TreeRandomLikeOptions = {}): T {
  const o = options("treeRandomLike", opts, { sampler: null as TreeRandomLikeOptions["sampler"] | null, dtype: null as DType | null });
  const sampler = o.sampler ?? ((k: Array, shape: number[], dtype: DType) => random.normal(k, shape, { dtype: dtype as "float32" }));
  const keys = treeSplitKeyLike(key, target);
  return tree.map((x: Array, k: Array) => sampler(k, [...x.shape], o.dtype ?? x.dtype), target, keys);
}

/**
 * The raw data of the keys in a tree (optax `tree_unwrap_random_key_data`): tsjax keys are
 * already raw uint32 arrays, so the tree is returned as it is.
 *
 * @example
 * const raw = treeUnwrapRandomKeyData(state);
 */
export function treeUnwrapRandomKeyData<T>(t: T): T {
  return t;
}
