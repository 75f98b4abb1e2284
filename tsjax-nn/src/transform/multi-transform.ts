/** `multiTransform`: several apply functions sharing one params tree (e.g. an encoder and a decoder). */
import type { Params, State } from "../base/frame.js";
import { type RngArg, assertNoState, markWithState, transformImpl } from "./transform.js";

type Fn = (...args: any[]) => any;
/** A tree (record or list, nested) of functions. */
export type FnTree = Fn | readonly FnTree[] | { readonly [k: string]: FnTree };

/** Each function `(...a) => R` of the tree as `apply(params, key, ...a) => R`. */
export type ApplyTree<T> = T extends (...a: infer A) => infer R
  ? (params: Params, key: RngArg, ...args: A) => R
  : { [K in keyof T]: ApplyTree<T[K]> };
/** Each function `(...a) => R` of the tree as `apply(params, state, key, ...a) => [R, State]`. */
export type ApplyTreeWithState<T> = T extends (...a: infer A) => infer R
  ? (params: Params, state: State, key: RngArg, ...args: A) => [R, State]
  : { [K in keyof T]: ApplyTreeWithState<T[K]> };

function mapTree(t: unknown, f: (path: (string | number)[]) => unknown, path: (string | number)[] = []): unknown {
  if (typeof t === "function") return f(path);
  if (globalThis.Array.isArray(t)) return t.map((x, i) => mapTree(x, f, [...path, i]));
  if (t && typeof t === "object") return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, mapTree(v, f, [...path, k])]));
  throw new TypeError(`multiTransform: the second element must be a tree of functions; found ${t === null ? "null" : typeof t} at ${path.join(".") || "the root"}.`);
}

function pick(t: unknown, path: (string | number)[]): Fn {
  return path.reduce((acc: any, k) => acc[k], t) as Fn;
}

/**
 * Like `multiTransform`, for functions that use state.
 *
 * @example
 * const f = multiTransformWithState(() => { const bn = new BatchNorm(true, true, 0.9); return [(x: Array) => bn.call(x, true), { eval: (x: Array) => bn.call(x, false) }]; });
 */
export function multiTransformWithState<A extends unknown[], T extends FnTree>(
  f: () => readonly [(...args: A) => unknown, T],
): { init(key: RngArg, ...args: A): [Params, State]; apply: ApplyTreeWithState<T> } {
  return multiImpl(f, true) as never;
}

function multiImpl(f: () => readonly [Fn, FnTree], withState: boolean): unknown {
  const init = transformImpl((...args: unknown[]) => f()[0](...args), withState ? "multiTransformWithState" : "multiTransform", withState).init;
  // The structure of the apply functions: build the modules once in a throwaway frame.
  let fns: FnTree | undefined;
  transformImpl(() => void (fns = f()[1]), "multiTransform", withState).init(null);
  const apply = mapTree(fns, (path) => {
    const t = transformImpl((...args: unknown[]) => pick(f()[1], path)(...args), withState ? "multiTransformWithState" : "multiTransform", withState);
    if (withState) return t.apply;
    return (params: Params, key: RngArg, ...args: unknown[]) => t.apply(params, {}, key, ...args)[0];
  });
  if (withState) return markWithState({ init, apply });
  return {
    init: (key: RngArg, ...args: unknown[]) => {
      const [params, state] = init(key, ...args);
      assertNoState("multiTransform.init", state);
      return params;
    },
    apply,
  };
}

/**
 * Transforms several functions that share modules (haiku's `multi_transform`): `f` creates the
 * modules and returns `[template, applyFns]`; `init` runs `template` to create every parameter,
 * and `apply` has one pure function per function of `applyFns`, all taking the same params.
 *
 * @example
 * const ae = multiTransform(() => {
 *   const encoder = new MLP([64, 8]);
 *   const decoder = new MLP([64, 784]);
 *   return [(x: Array) => decoder.call(encoder.call(x)), { encode: (x: Array) => encoder.call(x), decode: (z: Array) => decoder.call(z) }];
 * });
 * const params = ae.init(random.key(0), x);
 * const z = ae.apply.encode(params, null, x);
 */
export function multiTransform<A extends unknown[], T extends FnTree>(
  f: () => readonly [(...args: A) => unknown, T],
): { init(key: RngArg, ...args: A): Params; apply: ApplyTree<T> } {
  return multiImpl(f, false) as never;
}
