/** `scaleByLbfgs`: the L-BFGS two-loop recursion over a fixed-size memory kept in the state. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { defineSignature, options } from "../options.js";
import { treeAddScale, treeNorm, treeScale, treeSub, treeVdot, treeZerosLike } from "../tree-math.js";
import { checkSameTree, needParams } from "../validate.js";

/**
 * State of `scaleByLbfgs` (optax `ScaleByLBFGSState`): the last params and updates, and
 * `memorySize` differences of params and of updates (one `[memorySize, ...shape]` array per
 * leaf) with their weights `1 / <s, y>`.
 */
export interface ScaleByLBFGSState<P = any> {
  count: Array;
  params: P;
  updates: P;
  diffParamsMemory: P;
  diffUpdatesMemory: P;
  weightsMemory: Array;
}

const LBFGS_PRECOND_DEFAULTS = { memorySize: 10, scaleInitPrecond: true };

/** Row `i` (a traced index) of each leaf of a memory tree. */
const row = (mem: unknown, i: Array) => tree.map((x: Array) => np.take(x, i, 0), mem);

/**
 * L-BFGS preconditioning (optax `scale_by_lbfgs`): turns the gradient into the quasi-Newton
 * direction `H g` (not negated) from the last `memorySize` parameter/gradient differences; the
 * initial inverse Hessian is `<s, y> / <y, y>` times the identity (`min(1, 1 / ||g||)` at the
 * first step) with `scaleInitPrecond`, else the identity.
 *
 * @example
 * const opt = chain(scaleByLbfgs(), scaleByLearningRate(1));
 */
export function scaleByLbfgs(opts: { memorySize?: number; scaleInitPrecond?: boolean } = {}): GradientTransformation<ScaleByLBFGSState> {
  const { memorySize: m, scaleInitPrecond } = options("scaleByLbfgs", opts, LBFGS_PRECOND_DEFAULTS);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`scaleByLbfgs: memorySize must be a positive integer, got ${m}.`);
  return gradientTransformation<ScaleByLBFGSState>(
    (params) => {
      const stacked = () => tree.map((p: Array) => np.zeros([m, ...p.shape], { dtype: p.dtype }), params);
      return {
        count: zeroCount(params), params: treeZerosLike(params), updates: treeZerosLike(params),
        diffParamsMemory: stacked(), diffUpdatesMemory: stacked(), weightsMemory: np.zeros([m]),
      };
    },
    (updates, state, params) => {
      needParams("scaleByLbfgs", params);
      checkSameTree("scaleByLbfgs", updates, state.params, ["updates", "state.params"]);
      const started = state.count.gt(0);
      const memIdx = np.mod(state.count, m);
      const prevIdx = np.mod(np.subtract(state.count, 1), m);
      const gate = (t: unknown) => tree.map((x: Array) => np.where(started, x, np.zerosLike(x)), t);
      const dParams = gate(treeSub(params, state.params));
      const dUpdates = gate(treeSub(updates, state.updates));
      const sy = treeVdot(treeSub(updates, state.updates), treeSub(params, state.params));
      const weight = np.where(started, np.where(sy.eq(0), 0, np.divide(1, sy)), 0);
      const slots = np.array([...globalThis.Array(m).keys()], { dtype: "int32" });
      const put = (mem: unknown, v: unknown) => tree.map((x: Array, y: Array) => np.where(np.equal(slots, prevIdx).reshape([m, ...y.shape.map(() => 1)]), np.expandDims(y, 0), x), mem, v);
      const dpMem = put(state.diffParamsMemory, dParams);
      const duMem = put(state.diffUpdatesMemory, dUpdates);
      const wMem = np.where(np.equal(slots, prevIdx), weight, state.weightsMemory);
      let identityScale: Array | number = 1;
      if (scaleInitPrecond) {
        const den = treeNorm(dUpdates, { squared: true });
        const s = np.where(den.gt(0), np.divide(treeVdot(dUpdates, dParams), np.where(den.gt(0), den, 1)), 1);
        identityScale = np.where(started, s, np.minimum(1, np.divide(1, treeNorm(updates))));
      }
      // The two-loop recursion (optax `_precondition_by_lbfgs`): newest to oldest, then back.
      const indices = [...globalThis.Array(m).keys()].map((j) => np.mod(np.add(memIdx, j), m));
      let vec: unknown = updates;
      const alphas: Array[] = [];
      for (let j = m - 1; j >= 0; j--) {
        const i = indices[j]!;
        const alpha = np.multiply(np.take(wMem, i), treeVdot(row(dpMem, i), vec));
        alphas[j] = alpha;
        vec = treeAddScale(vec, np.negative(alpha), row(duMem, i));
      }
      vec = treeScale(identityScale, vec);
      for (let j = 0; j < m; j++) {
        const i = indices[j]!;
        const beta = np.multiply(np.take(wMem, i), treeVdot(row(duMem, i), vec));
        vec = treeAddScale(vec, np.subtract(alphas[j]!, beta), row(dpMem, i));
      }
      return [vec, { count: safeIncrement(state.count), params, updates, diffParamsMemory: dpMem, diffUpdatesMemory: duMem, weightsMemory: wMem }];
    },
  );
}
defineSignature(scaleByLbfgs, [], LBFGS_PRECOND_DEFAULTS, { static: ["memorySize"] });
