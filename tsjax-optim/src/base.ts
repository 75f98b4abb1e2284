/**
 * The core abstraction of tsjax-optim (optax's `GradientTransformation`): a pair of pure
 * functions `init(params) -> state` and `update(updates, state, params?, extra?) ->
 * [updates, state]`. State is a plain pytree of tsjax arrays, so it passes through `jit`,
 * `vmap` and serialization.
 */
import { type Array, type ArrayLike, np, tree } from "tsjax-core";
import { checkSameTree } from "./validate.js";

/** A schedule maps a step count (JS number or int32 array) to a value. Must be traceable. */
export type Schedule = (count: Array | number) => ArrayLike;
/** A learning rate (or other hyperparameter): a constant, an array, or a schedule of the step. */
export type ScalarOrSchedule = number | Array | Schedule;
/** A hyperparameter that may be an array (so `injectHyperparams` can change it between steps). */
export type Hyper = number | Array;

/** Extra keyword arguments of `update` (used by `polyakSgd`, `lbfgs`, ...). */
export interface UpdateExtra {
  /** The loss value at `params`. */
  value?: Array;
  /** The gradient at `params` (`lbfgs` reuses it). */
  grad?: unknown;
  /** The objective, for optimizers that do a line search. */
  valueFn?: (params: any) => Array;
  [key: string]: unknown;
}

/**
 * A gradient transformation: optax's `GradientTransformation`. `S` is the state's type.
 *
 * @example
 * const opt: GradientTransformation = adam(1e-3);
 * let state = opt.init(params);
 * const [updates, next] = opt.update(grads, state, params);
 */
export interface GradientTransformation<S = any> {
  /** Builds the initial state from the parameters. */
  init(params: any): S;
  /** Transforms `updates` (gradients) and returns them with the new state. */
  update<U = any>(updates: U, state: S, params?: any, extra?: UpdateExtra): [U, S];
}

/** A state with no leaves (optax `EmptyState`). */
export type EmptyState = Record<string, never>;

/** The parameters: any pytree of arrays (optax `Params`). */
export type Params = any;
/** Updates (gradients) shaped like the params (optax `Updates`). */
export type Updates = any;
/** An optimizer state: a pytree of arrays (optax `OptState`). */
export type OptState = any;
/** `init` of a gradient transformation (optax `TransformInitFn`). */
export type TransformInitFn<S = any> = (params: Params) => S;
/** `update` without extra arguments (optax `TransformUpdateFn`). */
export type TransformUpdateFn<S = any> = <U = any>(updates: U, state: S, params?: Params) => [U, S];
/** `update` with extra arguments (optax `TransformUpdateExtraArgsFn`). */
export type TransformUpdateExtraArgsFn<S = any> = <U = any>(updates: U, state: S, params?: Params, extra?: UpdateExtra) => [U, S];
/**
 * A gradient transformation whose `update` takes extra arguments (optax
 * `GradientTransformationExtraArgs`). Every tsjax-optim transformation takes them, so this is
 * `GradientTransformation`.
 */
export type GradientTransformationExtraArgs<S = any> = GradientTransformation<S>;
/** A masked-out leaf: `null` (optax `MaskedNode`); `masked` and `partition` put it in inner states. */
export type MaskedNode = null;

/** The state type of a gradient transformation. */
export type StateOf<T> = T extends GradientTransformation<infer S> ? S : never;

/**
 * Builds a gradient transformation from `init` and `update` functions (typed helper).
 *
 * @example
 * const negate = gradientTransformation(() => ({}), (u) => [tree.map((x) => x.neg(), u), {}]);
 */
export function gradientTransformation<S>(
  init: (params: any) => S,
  update: (updates: any, state: S, params?: any, extra?: UpdateExtra) => [any, S],
): GradientTransformation<S> {
  return { init, update: update as GradientTransformation<S>["update"] };
}

/**
 * A transformation without state whose update maps each (non-null) update leaf.
 * @internal
 */
export function statelessMap(f: (u: Array, p?: Array) => Array, needsParams = false, op = "transform"): GradientTransformation<EmptyState> {
  return gradientTransformation(
    () => ({}),
    (updates, state, params) => {
      if (needsParams) {
        if (params === undefined) throw new TypeError(`${op}: this transformation needs params; pass them as update(updates, state, params).`);
        checkSameTree(op, updates, params, ["updates", "params"]);
        return [tree.map((u: Array, p: Array) => f(u, p), updates, params), state];
      }
      return [tree.map((u: Array) => f(u), updates), state];
    },
  );
}

/**
 * Applies transformations in sequence; the state is the tuple of their states.
 *
 * @example
 * const opt = chain(clipByGlobalNorm(1.0), scaleByAdam(), scaleByLearningRate(1e-3));
 */
export function chain<T extends readonly GradientTransformation<any>[]>(
  ...transforms: T
): GradientTransformation<{ -readonly [K in keyof T]: StateOf<T[K]> }> {
  type S = { -readonly [K in keyof T]: StateOf<T[K]> };
  return gradientTransformation<S>(
    (params) => transforms.map((t) => t.init(params)) as unknown as S,
    (updates, state, params, extra) => {
      const states = state as unknown as unknown[];
      if (!globalThis.Array.isArray(states) || states.length !== transforms.length) {
        throw new TypeError(`chain: expected a state list of length ${transforms.length}, got ${globalThis.Array.isArray(states) ? `length ${states.length}` : typeof states}.`);
      }
      const next = transforms.map((t, i) => {
        const [u, s] = t.update(updates, states[i], params, extra);
        updates = u;
        return s;
      });
      return [updates, next as unknown as S];
    },
  );
}

/**
 * Like `chain`, with named states: `namedChain(["clip", clipByGlobalNorm(1)], ["adam", scaleByAdam()])`
 * has state `{ clip: ..., adam: ... }`.
 *
 * @example
 * const opt = namedChain(["clip", clipByGlobalNorm(1)], ["adam", adam(1e-3)]);
 * const state = opt.init(params); // { clip: {}, adam: [...] }
 */
export function namedChain<T extends readonly (readonly [string, GradientTransformation<any>])[]>(
  ...transforms: T
): GradientTransformation<{ [K in T[number] as K[0]]: StateOf<K[1]> }> {
  const names = transforms.map(([n]) => n);
  if (new Set(names).size !== names.length) throw new TypeError(`namedChain: names must be unique, got [${names.join(", ")}].`);
  return gradientTransformation<any>(
    (params) => Object.fromEntries(transforms.map(([n, t]) => [n, t.init(params)])),
    (updates, state, params, extra) => {
      const next: Record<string, unknown> = {};
      for (const [n, t] of transforms) {
        if (!(n in state)) throw new TypeError(`namedChain: the state has no entry "${n}".`);
        const [u, s] = t.update(updates, state[n], params, extra);
        updates = u;
        next[n] = s;
      }
      return [updates, next];
    },
  );
}

/**
 * The identity transformation.
 *
 * @example
 * const opt = chain(identity(), scale(-0.1));
 */
export function identity(): GradientTransformation<EmptyState> {
  return gradientTransformation(() => ({}), (updates, state) => [updates, state]);
}

/**
 * The empty state (optax `init_empty_state`): the `init` of stateless transformations.
 *
 * @example
 * const t = gradientTransformation(initEmptyState, (u, s) => [u, s]);
 */
export function initEmptyState(_params?: unknown): EmptyState {
  return {};
}

/**
 * A stateless transformation from `f(updates, params)` (optax `stateless`).
 *
 * @example
 * const decay = stateless((u, p) => tree.map((g: Array, x: Array) => g.add(x.mul(1e-4)), u, p));
 */
export function stateless(f: (updates: any, params?: any) => any): GradientTransformation<EmptyState> {
  if (typeof f !== "function") throw new TypeError("stateless: expected a function f(updates, params).");
  return gradientTransformation(initEmptyState, (updates, _state, params) => [f(updates, params), {}]);
}

/**
 * A stateless transformation that maps `f(update, param)` over the leaves (optax
 * `stateless_with_tree_map`); `param` is undefined when no params are passed.
 *
 * @example
 * const decay = statelessWithTreeMap((g, p) => g.add(p!.mul(1e-4)));
 */
export function statelessWithTreeMap(f: (update: Array, param?: Array) => Array): GradientTransformation<EmptyState> {
  if (typeof f !== "function") throw new TypeError("statelessWithTreeMap: expected a function f(update, param).");
  return gradientTransformation(initEmptyState, (updates, _state, params) => [
    params === undefined || params === null ? tree.map((u: Array) => f(u), updates) : tree.map((u: Array, p: Array) => f(u, p), updates, params),
    {},
  ]);
}

/**
 * The same transformation (optax `with_extra_args_support`): every tsjax-optim
 * transformation already takes extra arguments, and a hand-written one simply ignores them.
 *
 * @example
 * const t = withExtraArgsSupport(gradientTransformation(initEmptyState, (u, s) => [u, s]));
 */
export function withExtraArgsSupport<S>(tx: GradientTransformation<S>): GradientTransformationExtraArgs<S> {
  if (!tx || typeof tx.init !== "function" || typeof tx.update !== "function") throw new TypeError("withExtraArgsSupport: expected a gradient transformation { init, update }.");
  return tx;
}

/**
 * Sets every update to zero (freezes parameters; see `freeze`).
 *
 * @example
 * const [u] = setToZero().update(grads, {}); // zeros like grads
 */
export function setToZero(): GradientTransformation<EmptyState> {
  return statelessMap((u) => np.zerosLike(u));
}

/**
 * Adds updates to params, keeping each param's dtype (`optax.apply_updates`).
 *
 * @example
 * params = applyUpdates(params, updates);
 */
export function applyUpdates<T>(params: T, updates: unknown): T {
  checkSameTree("applyUpdates", params, updates, ["params", "updates"]);
  return tree.map((p: Array | null, u: Array | null) => {
    if (p == null || u == null) return p;
    const s = np.add(p, u);
    return s.dtype === p.dtype ? s : s.astype(p.dtype);
  }, params, updates);
}
