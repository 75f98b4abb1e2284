/**
 * User-defined derivatives and rematerialization: `customJvp`, `customVjp`, `checkpoint`.
 *
 * - `custom_jvp_call` runs a traced function; its JVP rule calls the user's JVP function.
 * - `custom_vjp_call` runs the function; its JVP runs the user's forward pass and produces the
 *   tangent with `custom_lin`, a primitive that is linear in the tangents and whose transpose
 *   is the user's backward pass. So reverse mode uses `bwd`; forward mode reports that it is
 *   not available (as in JAX).
 * - `checkpoint` (`remat`) wraps a function so that reverse mode recomputes its intermediate
 *   values in the backward pass instead of storing them.
 *
 * The arrays among the arguments of these functions are traced operands; their other leaves
 * (JS numbers, strings, flags) are static: they reach the function and its rules unchanged,
 * with `null` tangents, and their cotangents from `bwd` are ignored.
 */
import { Array } from "../array/array.js";
import { asUserCode } from "../array/frames.js";
import type { DeviceName } from "../backend/backend.js";
import { ClosedJaxpr } from "../core/jaxpr.js";
import { type BatchDim, type Primitive, type ShapedArray, type Tangent, UndefinedPrimal, definePrimitive } from "../core/primitive.js";
import { traceToJaxpr } from "../core/staging.js";
import { bind } from "../core/trace.js";
import * as tree from "../tree/index.js";
import { type PathEntry, type TreeDef, keyPathText, leafPaths } from "../tree/treedef.js";
import { splitArrays, valueArray } from "./values.js";
import { callJaxpr, instantiateZeros, jvpJaxpr, transposeJaxpr, vmapJaxpr } from "./jaxpr-transforms.js";
import { batchSize, moveBatchAxis } from "../core/batching.js";
import { vmapFlat } from "./vmap.js";
import { range } from "../util.js";
import { sumAxes } from "../primitives/ops.js";
import { zerosLike } from "../numpy/creation.js";

type FlatFn = (...xs: Array[]) => Array[];

function avalOf(x: Array): ShapedArray {
  return { shape: x.shape, dtype: x.dtype, weakType: x.weakType };
}


function closed(fn: FlatFn, avals: readonly ShapedArray[], label: string, device?: DeviceName): ClosedJaxpr {
  return traceToJaxpr(fn, avals, { label, dynamic: true, device });
}

/**
 * Traces `fn` on the arrays among `args` (its other leaves stay static) into a closed jaxpr,
 * and rebuilds outputs in the structure `fn` returned.
 */
function traceArgs<A extends unknown[], R>(fn: (...args: A) => R, args: A, label: string) {
  const split = splitArrays(args);
  const xs = split.arrays;
  let outDef: TreeDef | undefined;
  const call = closed(
    (...ls) => {
      const [outs, od] = tree.flatten(fn(...split.rebuild<A>(ls)));
      outDef = od;
      return outs as Array[];
    },
    xs.map(avalOf),
    label,
    xs[0]?.device,
  );
  return { split, xs, call, rebuild: (outs: readonly unknown[]): R => tree.unflatten<R>(outDef!, outs) };
}

/**
 * The user's rule only covers the function's arguments: differentiating with respect to a
 * value the function closes over cannot use it (as in JAX, this is an error).
 */
function checkClosureNotDifferentiated(op: string, tangents: readonly Tangent[], numConsts: number): void {
  if (tangents.slice(0, numConsts).some((t) => t !== null)) {
    throw new TypeError(
      `Detected differentiation of a ${op} function with respect to a value it closes over. That isn't supported ` +
        `because the custom rule only says how to differentiate with respect to the function's arguments. ` +
        `Pass the closed-over value to the ${op} function as an argument, and adapt the rule.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// custom_jvp

interface CustomJvpParams {
  call: ClosedJaxpr;
  /** How many leading operands are values the function closes over (not arguments). */
  numConsts: number;
  /** (primals, tangents) -> [outputs, output tangents], flat. */
  jvp: (primals: Array[], tangents: Array[]) => [Array[], Array[]];
}

const customJvpCall: Primitive<CustomJvpParams> = definePrimitive<CustomJvpParams>({
  name: "custom_jvp_call",
  abstractEval: (_ins, { call }) => call.outAvals.map((a) => ({ ...a })),
  impl: (args, { call }) => callJaxpr(call, args) as never,
  jvp(primals, tangents, { jvp, numConsts }) {
    checkClosureNotDifferentiated("customJvp", tangents, numConsts);
    const [outs, tOuts] = jvp([...primals], instantiateZeros(tangents, primals));
    return [outs, tOuts];
  },
  batch(args, dims, { call, jvp, numConsts }) {
    const B = batchSize(args, dims);
    const n = args.length;
    const { jaxpr } = vmapJaxpr(call, B, dims, call.outAvals.map(() => 0));
    // The user's rule, vectorized; outputs aligned with the batched call's (all at axis 0).
    const batchedJvp = (ps: Array[], ts: Array[]): [Array[], Array[]] => {
      const [outs, od] = vmapFlat(
        (...xs) => {
          const [o, t] = jvp(xs.slice(0, n), xs.slice(n));
          return [...o, ...t];
        },
        [...ps, ...ts],
        [...dims, ...dims],
        B,
      );
      const moved = outs.map((o, i) => moveBatchAxis(o, od[i] ?? null, 0, B));
      const m = moved.length / 2;
      return [moved.slice(0, m), moved.slice(m)];
    };
    return [bind(customJvpCall, args, { call: jaxpr, jvp: batchedJvp, numConsts }), call.outAvals.map(() => 0)];
  },
});

/** A function with a user-defined JVP (`jax.custom_jvp`). */
export interface CustomJvpFunction<A extends unknown[], R> {
  (...args: A): R;
  /** Sets the JVP: `(primals, tangents) => [output, outputTangent]` (same structures as args/result). */
  defjvp(rule: (primals: A, tangents: A) => readonly [R, R]): CustomJvpFunction<A, R>;
  /**
   * Sets the JVP from one rule per positional argument (`jax.custom_jvp.defjvps`): rule `i`
   * maps argument `i`'s tangent, the output and the primal arguments to that argument's part of
   * the output tangent; the parts are summed. `null` marks an argument without a derivative.
   */
  defjvps(...rules: (((tangent: any, primalOut: R, ...primals: A) => R) | null)[]): CustomJvpFunction<A, R>;
}

/**
 * Gives a function its own JVP rule (and so its own gradient), as `jax.custom_jvp`. The rule
 * gets the primal arguments and their tangents and returns the output and its tangent.
 *
 * @example
 * const safeLog1pExp = customJvp((x: Array) => np.log1p(np.exp(x)));
 * safeLog1pExp.defjvp(([x], [t]) => [safeLog1pExp(x), t.mul(nn.sigmoid(x))]);
 * // or, one rule per argument:
 * const f = customJvp((x: Array, y: Array) => np.sin(x).mul(y));
 * f.defjvps((xDot, _out, x, y) => np.cos(x).mul(xDot).mul(y), (yDot, _out, x) => np.sin(x).mul(yDot));
 */
export function customJvp<A extends unknown[], R>(fn: (...args: A) => R): CustomJvpFunction<A, R> {
  let rule: ((primals: A, tangents: A) => readonly [R, R]) | undefined;
  const f = ((...args: A): R => {
    if (!rule) throw new TypeError("customJvp: call .defjvp(rule) before using the function.");
    const { split, xs, call, rebuild } = traceArgs(fn, args, "customJvp");
    const r = rule;
    const jvp = (ps: Array[], ts: Array[]): [Array[], Array[]] => {
      // static arguments have no tangent: null in their places
      const [o, t] = asUserCode([ps, ts], () => r(split.rebuild<A>(ps), split.rebuild<A>(ts, () => null)));
      return [tree.leaves(o) as Array[], tree.leaves(t).map((v) => valueArray("customJvp", v as Array | number))];
    };
    const outs = bind(customJvpCall, [...call.consts, ...xs], {
      call: new ClosedJaxpr(call.jaxpr, []),
      numConsts: call.consts.length,
      jvp: (ps, ts) => jvp(ps.slice(call.consts.length), ts.slice(call.consts.length)),
    });
    return rebuild(outs);
  }) as CustomJvpFunction<A, R>;
  f.defjvp = (r) => {
    rule = r;
    return f;
  };
  f.defjvps = (...rules) => {
    if (fn.length > 0 && rules.length > fn.length) {
      throw new TypeError(`customJvp.defjvps: got ${rules.length} rules for a function of ${fn.length} argument(s); give one per argument (null for none).`);
    }
    rule = (primals, tangents) => {
      const out = fn(...primals);
      let total: unknown;
      rules.forEach((ruleI, i) => {
        const t = tangents[i];
        if (!ruleI || t === null || t === undefined) return;
        const part = ruleI(t, out, ...primals);
        total = total === undefined ? part : tree.map((a: unknown, b: unknown) => (a as Array).add(b as Array), total, part);
      });
      const zeros = () => tree.map((o: unknown) => (o instanceof Array ? zerosLike(o) : 0), out);
      return [out, (total ?? zeros()) as R];
    };
    return f;
  };
  return f;
}

// ---------------------------------------------------------------------------------------------
// custom_vjp

interface CustomVjpParams {
  call: ClosedJaxpr;
  /** How many leading operands are values the function closes over (not arguments). */
  numConsts: number;
  /** primals -> [outputs, residuals], flat. */
  fwd: (primals: Array[]) => [Array[], Array[]];
  /** (residuals, output cotangents) -> input cotangents, flat. */
  bwd: (residuals: Array[], cts: Array[]) => Tangent[];
}

interface CustomLinParams {
  numRes: number;
  outAvals: readonly ShapedArray[];
  bwd: CustomVjpParams["bwd"];
}

/** Linear in its tangent inputs; transposes to the user's backward pass. */
const customLin: Primitive<CustomLinParams> = definePrimitive<CustomLinParams>({
  name: "custom_lin",
  abstractEval: (_ins, { outAvals }) => outAvals.map((a) => ({ ...a })),
  impl() {
    throw new TypeError(
      "customVjp functions cannot be differentiated in forward mode (jvp, jacfwd, linearize evaluated forward): " +
        "only reverse mode (grad, vjp, jacrev) uses their bwd. Define a customJvp to support forward mode.",
    );
  },
  transpose(cts, ins, { numRes, bwd, outAvals }) {
    const res = ins.slice(0, numRes) as Array[];
    const ctsIn = bwd(res, instantiateZeros(cts, outAvals));
    return [...res.map(() => null), ...ctsIn.map((c, i) => (ins[numRes + i] instanceof UndefinedPrimal ? c : null))];
  },
});

const customVjpCall: Primitive<CustomVjpParams> = definePrimitive<CustomVjpParams>({
  name: "custom_vjp_call",
  abstractEval: (_ins, { call }) => call.outAvals.map((a) => ({ ...a })),
  impl: (args, { call }) => callJaxpr(call, args) as never,
  jvp(primals, tangents, { call, fwd, bwd, numConsts }) {
    checkClosureNotDifferentiated("customVjp", tangents, numConsts);
    const [outs, res] = fwd([...primals]);
    const tOuts = bind(customLin, [...res, ...instantiateZeros(tangents, primals)], { numRes: res.length, outAvals: call.outAvals, bwd });
    return [outs, tOuts];
  },
  batch(args, dims, { call, fwd, bwd, numConsts }) {
    const B = batchSize(args, dims);
    const { jaxpr } = vmapJaxpr(call, B, dims, call.outAvals.map(() => 0));
    let resDims: BatchDim[] = [];
    const bfwd = (ps: Array[]): [Array[], Array[]] => {
      const [outs, od] = vmapFlat((...xs) => {
        const [o, r] = fwd(xs);
        return [...o, ...r];
      }, ps, dims, B);
      const n = call.outAvals.length;
      resDims = od.slice(n);
      return [outs.slice(0, n).map((o, i) => moveBatchAxis(o, od[i] ?? null, 0, B)), outs.slice(n)];
    };
    const bbwd = (res: Array[], cts: Array[]): Tangent[] => {
      const [outs, od] = vmapFlat(
        (...xs) => instantiateZeros(bwd(xs.slice(0, res.length), xs.slice(res.length)), call.inAvals),
        [...res, ...cts],
        [...resDims, ...cts.map(() => 0)],
        B,
      );
      return outs.map((o, i) => {
        const have = od[i] ?? null;
        const want = dims[i] ?? null;
        // An unbatched input gets the sum of the per-example cotangents.
        if (want === null) return have === null ? o : sumAxes(o, [have]);
        return moveBatchAxis(o, have, want, B);
      });
    };
    return [bind(customVjpCall, args, { call: jaxpr, fwd: bfwd, bwd: bbwd, numConsts }), call.outAvals.map(() => 0)];
  },
});

/**
 * The leaves of bwd's result, matched against the structure of the arguments: `null` (or
 * `undefined`) where the arguments have a leaf or a whole subtree means zero cotangents there
 * (JAX's `None`). Any other difference in structure is an error naming the path.
 */
function cotangentLeaves(inDef: TreeDef, cts: unknown): Tangent[] {
  const isZero = (x: unknown) => x === null || x === undefined;
  const [leaves, def] = tree.flatten(cts, { isLeaf: isZero });
  const paths = leafPaths(def);
  const startsWith = (p: PathEntry[], q: PathEntry[]) => q.length <= p.length && q.every((e, i) => e === p[i]);
  const out: Tangent[] = [];
  let k = 0;
  for (const want of leafPaths(inDef)) {
    // zeros standing for empty subtrees of the arguments match nothing
    while (k < leaves.length && isZero(leaves[k]) && !startsWith(want, paths[k]!)) k++;
    const v = leaves[k];
    const matches = k < leaves.length && (isZero(v) ? startsWith(want, paths[k]!) : startsWith(want, paths[k]!) && want.length === paths[k]!.length);
    if (!matches) {
      tree.assertSameStructure("customVjp bwd", inDef, tree.structure(cts), ["arguments", "bwd result"]);
      throw new TypeError(`customVjp bwd: no cotangent for the argument at ${keyPathText(want)}.`);
    }
    out.push(isZero(v) ? null : valueArray("customVjp", v as Array | number));
    // a zero for a subtree covers every argument leaf under it
    if (!isZero(v)) k++;
  }
  if (leaves.slice(k).some((v) => !isZero(v))) {
    tree.assertSameStructure("customVjp bwd", inDef, tree.structure(cts), ["arguments", "bwd result"]);
  }
  return out;
}

/** A function with a user-defined VJP (`jax.custom_vjp`). */
export interface CustomVjpFunction<A extends unknown[], R> {
  (...args: A): R;
  /**
   * Sets the forward pass (`(...args) => [output, residuals]`) and the backward pass
   * (`(residuals, outputCotangent) => argument cotangents`, one per argument).
   */
  defvjp<Res>(fwd: (...args: A) => readonly [R, Res], bwd: (res: Res, ct: R) => A): CustomVjpFunction<A, R>;
}

/**
 * Gives a function its own reverse-mode rule, as `jax.custom_vjp`.
 *
 * @example
 * const clipGrad = customVjp((x: Array) => x);
 * clipGrad.defvjp((x) => [x, null], (_res, g) => [np.clip(g, -1, 1)]);
 */
export function customVjp<A extends unknown[], R>(fn: (...args: A) => R): CustomVjpFunction<A, R> {
  let fwdFn: ((...args: A) => readonly [R, unknown]) | undefined;
  let bwdFn: ((res: unknown, ct: R) => A) | undefined;
  const f = ((...args: A): R => {
    if (!fwdFn || !bwdFn) throw new TypeError("customVjp: call .defvjp(fwd, bwd) before using the function.");
    const { split, xs, call, rebuild } = traceArgs(fn, args, "customVjp");
    let rebuildRes: ((arrays: readonly Array[]) => unknown) | undefined;
    const nc = call.consts.length;
    const fw = fwdFn;
    const bw = bwdFn;
    const fwd = (ps: Array[]): [Array[], Array[]] => {
      const [o, r] = asUserCode(ps, () => fw(...split.rebuild<A>(ps.slice(nc))));
      // residual arrays travel as operands; other residuals (JS numbers, ...) are kept as they are
      const res = splitArrays(r);
      rebuildRes = (arrays) => res.rebuild(arrays);
      const arrays = res.arrays;
      return [tree.leaves(o) as Array[], arrays];
    };
    const bwd = (res: Array[], cts: Array[]): Tangent[] => {
      const cIn = asUserCode([res, cts], () => bw(rebuildRes!(res), rebuild(cts)));
      // cotangents of the static arguments are dropped
      const ctArgs = cotangentLeaves(split.def, cIn).filter((_, i) => split.isArray[i]);
      return [...range(nc).map(() => null), ...ctArgs];
    };
    const outs = bind(customVjpCall, [...call.consts, ...xs], { call: new ClosedJaxpr(call.jaxpr, []), fwd, bwd, numConsts: nc });
    return rebuild(outs);
  }) as CustomVjpFunction<A, R>;
  f.defvjp = (fwd, bwd) => {
    fwdFn = fwd as never;
    bwdFn = bwd as never;
    return f;
  };
  return f;
}

// ---------------------------------------------------------------------------------------------
// checkpoint

const remat: Primitive<{ jaxpr: ClosedJaxpr }> = definePrimitive<{ jaxpr: ClosedJaxpr }>({
  name: "remat",
  abstractEval: (_ins, { jaxpr }) => jaxpr.outAvals.map((a) => ({ ...a })),
  impl: (args, { jaxpr }) => callJaxpr(jaxpr, args) as never,
  jvp(primals, tangents, { jaxpr }) {
    const outs = bind(remat, primals, { jaxpr });
    const nz = tangents.map((t) => t !== null);
    const { jaxpr: j, outNonzero } = jvpJaxpr(jaxpr, nz, []);
    const n = outs.length;
    // Tangents recompute the primal inside (the residuals are only the inputs).
    const tanOnly = closed((...xs) => callJaxpr(j, xs).slice(n), j.inAvals, "remat_jvp");
    const tOut = bind(remat, [...primals, ...(tangents.filter((t) => t !== null) as Array[])], { jaxpr: tanOnly });
    let k = 0;
    return [outs, outNonzero.map((m) => (m ? tOut[k++]! : null))];
  },
  transpose(cts, ins, { jaxpr }) {
    const linear = ins.map((x) => x instanceof UndefinedPrimal);
    const t = transposeJaxpr(jaxpr, linear);
    const known = ins.filter((x): x is Array => !(x instanceof UndefinedPrimal));
    const res = bind(remat, [...known, ...instantiateZeros(cts, jaxpr.outAvals)], { jaxpr: t });
    let k = 0;
    return linear.map((l) => (l ? res[k++]! : null));
  },
  batch(args, dims, { jaxpr }) {
    const B = batchSize(args, dims);
    const { jaxpr: j } = vmapJaxpr(jaxpr, B, dims, jaxpr.outAvals.map(() => 0));
    return [bind(remat, args, { jaxpr: j }), jaxpr.outAvals.map(() => 0)];
  },
});

/**
 * Rematerialization (`jax.checkpoint`): in reverse mode, intermediate values of `fn` are
 * recomputed during the backward pass instead of being kept in memory.
 *
 * @example
 * const block = checkpoint((x: Array) => np.tanh(x.matmul(w)).matmul(w2));
 */
export function checkpoint<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    const { xs, call: c, rebuild } = traceArgs(fn, args, "checkpoint");
    const outs = bind(remat, [...c.consts, ...xs], { jaxpr: new ClosedJaxpr(c.jaxpr, []) });
    return rebuild(outs);
  };
}
