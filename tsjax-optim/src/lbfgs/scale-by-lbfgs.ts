/** `scaleByLbfgs`: the L-BFGS two-loop recursion over a fixed-size memory kept in the state. */
import { type Array, np, tree } from "tsjax-core";
import { type GradientTransformation, gradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { defineSignature, options } from "../options.js";
import { checkSameTree, needParams } from "../validate.js";

const LBFGS_PRECOND_DEFAULTS = { memorySize: 10, scaleInitPrecond: true };

/**
 * State of `scaleByLbfgs` (optax `ScaleByLBFGSState`): the last params and updates and
 * `memorySize` (s, y, rho) triples, the differences kept flat (`[memorySize, number of params]`).
 */
export interface ScaleByLBFGSState<P = any> {
  count: Array;
  params: P;
  updates: P;
  diffParamsMemory: Array;
  diffUpdatesMemory: Array;
  weightsMemory: Array;
}

const flat = (t: unknown): Array => {
  const l = tree.leaves(t) as Array[];
  return l.length ? np.concatenate(l.map((x) => x.astype("float32").ravel())) : np.zeros([0]);
};

const unflat = (v: Array, like: unknown): unknown => {
  const [l, def] = tree.flatten(like) as [Array[], ReturnType<typeof tree.structure>];
  let off = 0;
  return tree.unflatten(def, l.map((x) => {
    const piece = v.get(np.s(off, off + x.size)).reshape(x.shape).astype(x.dtype);
    off += x.size;
    return piece;
  }));
};

/**
 * L-BFGS preconditioning (optax `scale_by_lbfgs`): turns the gradient into the quasi-Newton
 * direction `H g` (not negated) from the last `memorySize` parameter/gradient differences.
 *
 * @example
 * const opt = chain(scaleByLbfgs(), scaleByLearningRate(1));
 */
export function scaleByLbfgs(opts: { memorySize?: number; scaleInitPrecond?: boolean } = {}): GradientTransformation<ScaleByLBFGSState> {
  const { memorySize: m, scaleInitPrecond: scaleInit } = options("scaleByLbfgs", opts, LBFGS_PRECOND_DEFAULTS);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`scaleByLbfgs: memorySize must be a positive integer, got ${m}.`);
  // Built outside the traced update: jit of np.arange currently fails in tsjax-core (see README).
  let slotIds: Array | undefined;
  return gradientTransformation<ScaleByLBFGSState>(
    (params) => {
      const n = flat(params).size;
      return {
        count: zeroCount(params),
        params: tree.map((p: Array) => np.zerosLike(p), params),
        updates: tree.map((p: Array) => np.zerosLike(p), params),
        diffParamsMemory: np.zeros([m, n]),
        diffUpdatesMemory: np.zeros([m, n]),
        weightsMemory: np.zeros([m]),
      };
    },
    (updates, state, params) => {
      needParams("scaleByLbfgs", params);
      checkSameTree("scaleByLbfgs", updates, state.params, ["updates", "state.params"]);
      const g = flat(updates);
      const x = flat(params);
      const started = state.count.gt(0);
      const s = x.sub(flat(state.params));
      const y = g.sub(flat(state.updates));
      const sy = np.vdot(s, y);
      const w = np.where(sy.eq(0), 0, np.divide(1, np.where(sy.eq(0), 1, sy)));
      const prevIdx = state.count.add(m - 1).mod(m);
      slotIds ??= np.array([...globalThis.Array(m).keys()], { dtype: "int32" });
      const slot = np.equal(slotIds, prevIdx);
      const put = np.logicalAnd(slot, started);
      const S0 = np.where(started, s, 0), Y0 = np.where(started, y, 0);
      const S = np.where(put.reshape(m, 1), np.broadcastTo(s, [m, s.size]), state.diffParamsMemory);
      const Y = np.where(put.reshape(m, 1), np.broadcastTo(y, [m, y.size]), state.diffUpdatesMemory);
      const W = np.where(put, w, state.weightsMemory);
      // Two-loop recursion, newest to oldest then back (empty slots have weight 0).
      const memIdx = state.count.mod(m);
      const order = [...globalThis.Array(m).keys()].map((j) => memIdx.add(2 * m - 1 - j).mod(m));
      let q = g;
      const alphas: Array[] = [];
      for (const k of order) {
        const sk = np.take(S, k, 0), yk = np.take(Y, k, 0), wk = np.take(W, k, 0);
        const a = np.multiply(wk, np.vdot(sk, q));
        alphas.push(a);
        q = q.sub(np.multiply(a, yk));
      }
      // optax: sy / ||y||^2 after the first step; min(1, 1 / ||g||) at the first.
      const yy = np.vdot(Y0, Y0);
      const gamma = scaleInit
        ? np.where(started, np.where(yy.gt(0), np.divide(np.vdot(Y0, S0), np.where(yy.gt(0), yy, 1)), 1), np.minimum(1, np.divide(1, np.sqrt(np.vdot(g, g)))))
        : np.array(1);
      let r = np.multiply(gamma, q);
      for (let j = m - 1; j >= 0; j--) {
        const k = order[j]!;
        const sk = np.take(S, k, 0), yk = np.take(Y, k, 0), wk = np.take(W, k, 0);
        const b = np.multiply(wk, np.vdot(yk, r));
        r = r.add(np.multiply(np.subtract(alphas[j]!, b), sk));
      }
      return [unflat(r, updates), { count: safeIncrement(state.count), params, updates, diffParamsMemory: S, diffUpdatesMemory: Y, weightsMemory: W }];
    },
  );
}
defineSignature(scaleByLbfgs, [], LBFGS_PRECOND_DEFAULTS, { static: ["memorySize"] });
