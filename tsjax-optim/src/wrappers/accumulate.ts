/** Gradient accumulation: `MultiSteps` / `multiSteps`, the skip functions, and `applyEvery`. */
import { type Array, type ArrayLike, type DType, np, tree } from "tsjax-core";
import { type GradientTransformation, type UpdateExtra, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { options } from "../options.js";
import { treeCastLike, treeZerosLike } from "../tree-math.js";
import { checkSameTree } from "../validate.js";

/** State of `multiSteps`. */
export interface MultiStepsState<S = any, P = any> {
  /** Steps accumulated since the last inner update. */
  miniStep: Array;
  /** Inner updates so far. */
  gradientStep: Array;
  innerOptState: S;
  accGrads: P;
  /** What `shouldSkipUpdateFn` returned besides its decision. */
  skipState: unknown;
}

/**
 * Decides whether `multiSteps` skips these updates (optax `ShouldSkipUpdateFunction`): returns a
 * boolean scalar array and a tree of values kept in `state.skipState`.
 */
export type ShouldSkipUpdateFunction = (updates: any, gradientStep: Array, params?: any) => [Array, unknown];

/**
 * Skips updates that contain NaN or Inf (for `multiSteps`' `shouldSkipUpdateFn`).
 *
 * @example
 * const opt = multiSteps(adam(1e-3), 4, { shouldSkipUpdateFn: skipNotFinite });
 */
export function skipNotFinite(updates: unknown, _gradientStep?: Array, _params?: unknown): [Array, { shouldSkip: Array; numNotFinite: Array }] {
  const numNotFinite = (tree.leaves(updates) as Array[]).reduce<Array>((n, p) => np.add(n, np.logicalNot(np.isfinite(p)).astype("int32").sum()), np.array(0, { dtype: "int32" }));
  const shouldSkip = np.greater(numNotFinite, 0);
  return [shouldSkip, { shouldSkip, numNotFinite }];
}

/**
 * Skips updates whose squared global norm is not below `maxSquaredNorm` (NaN included; for
 * `multiSteps`' `shouldSkipUpdateFn`).
 *
 * @example
 * const opt = multiSteps(adam(1e-3), 4, { shouldSkipUpdateFn: (u, s, p) => skipLargeUpdates(u, s, p, 100) });
 */
export function skipLargeUpdates(updates: unknown, _gradientStep: Array | undefined, _params: unknown, maxSquaredNorm: ArrayLike): [Array, { shouldSkip: Array; normSquared: Array }] {
  const normSquared = (tree.leaves(updates) as Array[]).reduce<Array>((n, p) => np.add(n, np.square(p).sum()), np.array(0));
  const shouldSkip = np.logicalNot(np.less(normSquared, maxSquaredNorm));
  return [shouldSkip, { shouldSkip, normSquared }];
}

/** Options of `multiSteps`. */
export interface MultiStepsOptions {
  /** Average the accumulated gradients (default true); false sums them. */
  useGradMean?: boolean;
  /** Decides per step whether to skip the updates (see `skipNotFinite`, `skipLargeUpdates`). */
  shouldSkipUpdateFn?: ShouldSkipUpdateFunction | null;
  /** Dtype of the accumulated gradients (default float32). */
  accumulatorDtype?: DType;
}

const MULTI_STEPS_DEFAULTS = { useGradMean: true, shouldSkipUpdateFn: null as ShouldSkipUpdateFunction | null, accumulatorDtype: "float32" as DType };

/**
 * Gradient accumulation (optax `MultiSteps`): accumulates `everyKSchedule` gradients (a number,
 * or a function of the number of inner updates so far), then applies `opt` once to their mean
 * (or sum); the steps in between return zero updates.
 *
 * @example
 * const ms = new MultiSteps(adam(1e-3), 4);
 * const opt = ms.gradientTransformation();
 */
export class MultiSteps<S = any> implements GradientTransformation<MultiStepsState<S>> {
  readonly innerOpt: GradientTransformation<S>;
  private readonly k: (step: Array) => ArrayLike;
  private readonly o: typeof MULTI_STEPS_DEFAULTS;

  constructor(opt: GradientTransformation<S>, everyKSchedule: number | ((gradientStep: Array) => ArrayLike), opts: MultiStepsOptions = {}) {
    if (typeof everyKSchedule === "number") {
      if (!Number.isInteger(everyKSchedule) || everyKSchedule < 1) throw new RangeError(`MultiSteps: everyKSchedule must be a positive integer or a schedule, got ${everyKSchedule}.`);
    } else if (typeof everyKSchedule !== "function") throw new TypeError("MultiSteps: everyKSchedule must be a positive integer or a function of the gradient step.");
    this.innerOpt = opt;
    this.k = typeof everyKSchedule === "number" ? () => everyKSchedule : everyKSchedule;
    this.o = options("MultiSteps", opts, MULTI_STEPS_DEFAULTS);
    this.init = this.init.bind(this);
    this.update = this.update.bind(this) as GradientTransformation<MultiStepsState<S>>["update"];
  }

  /** The initial state. */
  init(params: any): MultiStepsState<S> {
    const gradientStep = zeroCount(params);
    const skipState = this.o.shouldSkipUpdateFn ? this.o.shouldSkipUpdateFn(treeZerosLike(params), gradientStep, params)[1] : {};
    return { miniStep: zeroCount(params), gradientStep, innerOptState: this.innerOpt.init(params), accGrads: treeZerosLike(params, this.o.accumulatorDtype), skipState };
  }

  /** Accumulates `updates`; every k-th step, returns the inner optimizer's update of the accumulation. */
  update<U = any>(updates: U, state: MultiStepsState<S>, params?: any, extra?: UpdateExtra): [U, MultiStepsState<S>] {
    checkSameTree("MultiSteps", updates, state.accGrads, ["updates", "state.accGrads"]);
    const k = np.asarray(this.k(state.gradientStep));
    let skip: Array = np.array(false);
    let skipState = state.skipState;
    if (this.o.shouldSkipUpdateFn) {
      [skip, skipState] = this.o.shouldSkipUpdateFn(updates, state.gradientStep, params);
      if (skip.dtype !== "bool" || skip.ndim !== 0) throw new TypeError(`MultiSteps: shouldSkipUpdateFn must return a boolean scalar array, got ${skip.dtype}[${skip.shape.join(",")}].`);
    }
    const n = state.miniStep.astype("float32");
    const acc = tree.map((u: Array, a: Array) => (this.o.useGradMean ? np.add(a, np.divide(np.subtract(u, a), np.add(n, 1))) : np.add(u, a)), updates, state.accGrads);
    const [fu, fs] = this.innerOpt.update(treeCastLike(acc, updates), state.innerOptState, params, extra);
    const emit = np.logicalAnd(state.miniStep.eq(np.subtract(k, 1)), np.logicalNot(skip));
    const keep = (a: Array, b: Array) => np.where(skip, b, a);
    const next: MultiStepsState<S> = {
      miniStep: keep(np.mod(safeIncrement(state.miniStep), k).astype("int32"), state.miniStep),
      gradientStep: np.where(emit, safeIncrement(state.gradientStep), state.gradientStep),
      innerOptState: tree.map((st: Array, nst: Array) => np.where(emit, nst, st).astype(st.dtype), state.innerOptState, fs),
      accGrads: tree.map((a: Array, old: Array) => keep(np.where(emit, np.zerosLike(a), a), old).astype(this.o.accumulatorDtype), acc, state.accGrads),
      skipState,
    };
    return [tree.map((u: Array) => np.where(emit, u, np.zerosLike(u)), fu) as U, next];
  }

  /** Whether the last `update` applied the inner optimizer. */
  hasUpdated(state: MultiStepsState<S>): Array {
    return np.logicalAnd(state.miniStep.eq(0), state.gradientStep.gt(0));
  }

  /** This as a plain `{ init, update }` transformation. */
  gradientTransformation(): GradientTransformation<MultiStepsState<S>> {
    return gradientTransformation(this.init, this.update);
  }
}

/**
 * Gradient accumulation (optax `MultiSteps`) as a transformation with `hasUpdated(state)`.
 *
 * @example
 * const opt = multiSteps(adam(1e-3), 4);
 */
export function multiSteps<S>(opt: GradientTransformation<S>, everyKSchedule: number | ((gradientStep: Array) => ArrayLike), opts: MultiStepsOptions = {}): GradientTransformation<MultiStepsState<S>> & { hasUpdated(state: MultiStepsState<S>): Array } {
  const ms = new MultiSteps(opt, everyKSchedule, opts);
  return Object.assign(ms.gradientTransformation(), { hasUpdated: (s: MultiStepsState<S>) => ms.hasUpdated(s) });
}

/** State of `applyEvery` (optax's state class is also named `ApplyEvery`). */
export interface ApplyEvery<P = any> {
  count: Array;
  gradAcc: P;
}

/** State of `applyEvery`. */
export type ApplyEveryState<P = any> = ApplyEvery<P>;

/**
 * Sums updates over `k` steps and emits the sum every `k`-th step (zeros otherwise).
 *
 * @example
 * const opt = chain(applyEvery(4), sgd(0.1));
 */
export function applyEvery(k = 1): GradientTransformation<ApplyEvery> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`applyEvery: k must be a positive integer, got ${k}.`);
  return gradientTransformation<ApplyEvery>(
    (params) => ({ count: zeroCount(params), gradAcc: treeZerosLike(params) }),
    (updates, state) => {
      checkSameTree("applyEvery", updates, state.gradAcc, ["updates", "state.gradAcc"]);
      const c = state.count.mod(k);
      const acc = c.ne(0);
      const gradAcc = tree.map((g: Array, ga: Array) => np.add(np.multiply(acc.astype(ga.dtype), ga), g), updates, state.gradAcc);
      const emit = c.eq(k - 1);
      return [tree.map((ga: Array) => np.multiply(emit.astype(ga.dtype), ga), gradAcc), { count: safeIncrement(state.count).mod(k), gradAcc }];
    },
  );
}
