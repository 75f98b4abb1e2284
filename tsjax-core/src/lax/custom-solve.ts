/**
 * `jax.lax.custom_root` and `jax.lax.custom_linear_solve`: solvers whose derivatives come from
 * the implicit function theorem instead of differentiating through the solver's iterations.
 * The user's `f` / `matvec` may close over arrays (parameters): like JAX's `closure_convert`,
 * they are traced once and their closed-over arrays become explicit inputs, so derivatives with
 * respect to those parameters flow.
 */
import { Array } from "../array/array.js";
import { isFloatDType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import type { ShapedArray } from "../core/primitive.js";
import { evalJaxpr, traceToJaxpr } from "../core/staging.js";
import { customJvp, customVjp } from "../transforms/custom.js";
import { jvp, vjp } from "../transforms/api.js";
import * as tree from "../tree/index.js";
import type { TreeDef } from "../tree/treedef.js";
import { neg, sub } from "./lax.js";
import { zerosLike } from "../numpy/creation.js";

function arraysOf(op: string, what: string, t: unknown): [Array[], TreeDef] {
  const [leaves, def] = tree.flatten(t);
  if (leaves.some((l) => !(l instanceof Array))) throw new TypeError(`${op}: ${what} must be an Array or a pytree of Arrays.`);
  return [leaves as Array[], def];
}

/** `f` traced on `like`'s avals: its closed-over arrays and a function of (consts, inputs). */
function closureConvert<T>(op: string, f: (x: T) => unknown, like: Array[], def: TreeDef) {
  let outDef: TreeDef | undefined;
  const avals: ShapedArray[] = like.map((x) => ({ shape: x.shape, dtype: x.dtype, weakType: x.weakType }));
  const c = traceToJaxpr(
    (...xs) => {
      const [outs, od] = arraysOf(op, "the function's result", f(tree.unflatten<T>(def, xs)));
      outDef = od;
      return outs;
    },
    avals,
    { label: op, dynamic: true, device: like[0]?.device },
  );
  const call = (consts: readonly Array[], xs: readonly Array[]): Array[] => evalJaxpr(c.jaxpr, [...consts, ...xs]);
  return { consts: [...c.consts], call, outDef: outDef! };
}

/** Differentiable consts (float ones) and a rebuild of the full list from them. */
function floatConsts(consts: readonly Array[]) {
  const idx = consts.map((c, i) => (isFloatDType(c.dtype) ? i : -1)).filter((i) => i >= 0);
  const rebuild = (fl: readonly Array[]) => consts.map((c, i) => (idx.includes(i) ? fl[idx.indexOf(i)]! : c));
  return { floats: idx.map((i) => consts[i]!), rebuild };
}

/**
 * Finds a root of `f` with `solve(f, initialGuess)` and differentiates the solution implicitly
 * (`jax.lax.custom_root`): the derivative of the root `x*` with respect to arrays `f` closes over
 * is `-tangentSolve(g, df/dparams)`, where `g` is the linear map `v => df/dx(x*) v` and
 * `tangentSolve(g, y)` solves `g(v) = y`. The initial guess gets no gradient. `f` maps a
 * pytree of arrays to one of the same structure.
 *
 * @example
 * // sqrt(a) as the root of x^2 - a, differentiable in a:
 * const sqrt = (a: Array) => lax.customRoot((x: Array) => x.square().sub(a), np.array(1), newton, (g, y) => y.div(g(np.array(1))));
 */
export function customRoot<T>(
  f: (x: T) => T,
  initialGuess: T,
  solve: (f: (x: T) => T, initialGuess: T) => T,
  tangentSolve: (g: (v: T) => T, y: T) => T,
  hasAux = false,
): T {
  const op = "lax.customRoot";
  if (hasAux) throw new TypeError(`${op}: hasAux is not supported; return the auxiliary values from a separate call.`);
  const [guess, def] = arraysOf(op, "initialGuess", initialGuess);
  const { consts, call } = closureConvert(op, f, guess, def);
  const { floats, rebuild } = floatConsts(consts);
  const unflat = (xs: readonly Array[]) => tree.unflatten<T>(def, xs);
  const flat = (t: T) => arraysOf(op, "the solution", t)[0];
  const root = customJvp((params: Array[], x0: Array[]): Array[] => {
    const fc = (x: T) => unflat(call(rebuild(params), flat(x)));
    const sol = flat(solve(fc, unflat(x0)));
    if (sol.length !== x0.length || sol.some((s, i) => s.shape.join() !== x0[i]!.shape.join())) {
      throw new ShapeError(`${op}: solve must return a value with the structure and shapes of initialGuess.`);
    }
    return sol;
  });
  root.defjvp(([params, x0], [tParams]) => {
    const sol = root(params, x0);
    if (params.length === 0) return [sol, sol.map((s) => sub(s, s))];
    const [, rhs] = jvp((...ps: Array[]) => call(rebuild(ps), sol), params, tParams);
    const g = (v: T): T => unflat(jvp((...xs: Array[]) => call(rebuild(params), xs), sol, flat(v))[1]);
    const dx = flat(tangentSolve(g, unflat(rhs)));
    return [sol, dx.map((d) => neg(d))];
  });
  return unflat(root(floats, guess));
}

/**
 * Solves the linear system `matvec(x) = b` with `solve(matvec, b)` and differentiates it
 * implicitly (`jax.lax.custom_linear_solve`): reverse mode solves the transposed system with
 * `transposeSolve(vecmat, ct)` (or `solve` when `symmetric`), and the gradient with respect to
 * arrays `matvec` closes over is `-ct_b^T d(matvec(x))`. The solver's iterations are never
 * differentiated. Forward mode (`jvp`) is not available here (reverse mode and `grad` are).
 *
 * @example
 * const x = lax.customLinearSolve((v: Array) => np.matmul(A, v), b, (mv, r) => np.linalg.solve(A, r), null, true);
 */
export function customLinearSolve<T>(
  matvec: (x: T) => T,
  b: T,
  solve: (matvec: (x: T) => T, b: T) => T,
  transposeSolve: ((vecmat: (x: T) => T, b: T) => T) | null = null,
  symmetric = false,
  hasAux = false,
): T {
  const op = "lax.customLinearSolve";
  if (hasAux) throw new TypeError(`${op}: hasAux is not supported.`);
  const [bs, def] = arraysOf(op, "b", b);
  const { consts, call } = closureConvert(op, matvec, bs, def);
  const { floats, rebuild } = floatConsts(consts);
  const unflat = (xs: readonly Array[]) => tree.unflatten<T>(def, xs);
  const flat = (t: T) => arraysOf(op, "the solution", t)[0];
  const mv = (params: readonly Array[]) => (x: T) => unflat(call(rebuild(params), flat(x)));
  // The solvers are closure-converted too; what they close over gets no gradient (as JAX: x
  // solves the system, so the solver's own constants do not matter).
  const solveC = closureConvert(op, (r: T) => solve(mv(floats), r), bs, def);
  const vecmat = (params: readonly Array[]) => (v: T): T => {
    const [, pull] = vjp((...xs: Array[]) => call(rebuild(params), xs), ...bs);
    return unflat(pull(flat(v)) as Array[]);
  };
  const tsolveC = symmetric ? solveC : transposeSolve ? closureConvert(op, (r: T) => transposeSolve(vecmat(floats), r), bs, def) : null;
  type Res = [Array[], Array[], Array[], Array[]];
  const linsolve = customVjp((_params: Array[], sc: Array[], _tc: Array[], rhs: Array[]) => solveC.call(sc, rhs));
  linsolve.defvjp(
    (params: Array[], sc: Array[], tc: Array[], rhs: Array[]) => {
      const x = solveC.call(sc, rhs);
      return [x, [params, sc, tc, x] as Res];
    },
    ([params, sc, tc, x]: Res, ct: Array[]) => {
      if (!tsolveC) throw new TypeError(`${op}: reverse mode needs transposeSolve (or symmetric: true).`);
      const ctB = symmetric ? solveC.call(sc, ct) : tsolveC.call(tc, ct);
      const zeros = (xs: Array[]) => xs.map((c) => zerosLike(c));
      if (params.length === 0) return [[], zeros(sc), zeros(tc), ctB];
      const [, pullP] = vjp((...ps: Array[]) => call(rebuild(ps), x), ...params);
      const ctP = (pullP(ctB) as Array[]).map((c) => neg(c));
      return [ctP, zeros(sc), zeros(tc), ctB];
    },
  );
  return unflat(linsolve(floats, solveC.consts, tsolveC && !symmetric ? tsolveC.consts : [], bs));
}
