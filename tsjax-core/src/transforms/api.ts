/**
 * Public transformations: jvp, linearize, vjp, grad, valueAndGrad, vmap, makeJaxpr, evalShape,
 * jacfwd, jacrev, hessian. Arguments and results are pytrees of arrays; they compose in any
 * order and nest to any depth.
 */
import { Array } from "../array/array.js";
import type { DType } from "../dtype.js";
import { isInexactDType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { fmtShape } from "../shape.js";
import type { ClosedJaxpr } from "../core/jaxpr.js";
import { avalStr } from "../core/jaxpr.js";
import type { BatchDim, Tangent } from "../core/primitive.js";
import { traceToJaxpr } from "../core/staging.js";
import { eye, onesLike, zerosLike } from "../numpy/creation.js";
import { moveaxis, reshape } from "../numpy/shape-ops.js";
import { type KeyPath, type TreeDef, assertSameStructure, keyPathText, keystr } from "../tree/treedef.js";
import * as tree from "../tree/index.js";
import { checkSync, isList } from "../util.js";
import { checkOptions } from "../util/options.js";
import { jvpFlat } from "./jvp.js";
import { type Linearized, applyLinear, applyTranspose, linearizeFlat } from "./linearize.js";
import { splitArrays, valueArray } from "./values.js";
import { openFrame, reclaiming, recordInto } from "../array/frames.js";
import { moveBatchAxis } from "../core/batching.js";
import { vmapFlat } from "./vmap.js";

/**
 * Gradients have the structure of their inputs, with every leaf an Array. Methods of class
 * instances (registered pytree nodes) are kept: the gradient is an instance of the same class.
 */
export type Grads<T> = T extends Array
  ? Array
  : T extends number
    ? Array
    : T extends (...args: any[]) => any
      ? T
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Grads<T[K]> }
        : T extends object
          ? { -readonly [K in keyof T]: Grads<T[K]> }
          : T;

/** The gradients of a list of arguments: a tuple of `Grads`, one per argument. */
export type GradsTuple<A extends readonly unknown[]> = { -readonly [K in keyof A]: Grads<A[K]> };

type Fn = (...args: any[]) => any;

function leafArray(op: string, leaf: unknown, path: KeyPath, what: string): Array {
  if (leaf instanceof Array) return leaf;
  if (typeof leaf === "number" || typeof leaf === "boolean") return valueArray(op, leaf);
  throw new TypeError(`${op}: ${what} at ${keyPathText(path)} is ${leaf === null ? "null" : typeof leaf}, not an array or number.`);
}

/** Flattens a list of pytrees of arrays (JS numbers become weak arrays). */
function flattenArrays(op: string, trees: readonly unknown[], what: string): [Array[], TreeDef] {
  const [pairs, def] = tree.flattenWithPath(trees);
  return [pairs.map(([p, l]) => leafArray(op, l, p, what)), def];
}

/** "argument 1", "argument 0.w[2]": where a leaf sits among a function's arguments. */
function argumentAt(argIndex: number, rest: KeyPath): string {
  return `argument ${argIndex}${rest.length > 0 ? keystr(rest) : ""}`;
}

/**
 * Checks the dtypes of the differentiated inputs, as JAX: float or complex (reverse mode),
 * float only (`jacfwd`), complex only (`holomorphic`).
 */
function checkDifferentiable(op: string, xs: readonly Array[], def: TreeDef, argnums: readonly number[], holomorphic = false): void {
  const [pairs] = tree.flattenWithPath(tree.unflatten(def, xs));
  pairs.forEach(([p, x]) => {
    const a = x as Array;
    const [argIndex, ...rest] = p;
    const where = argumentAt(argnums[argIndex as number]!, rest);
    if (holomorphic) {
      if (a.dtype !== "complex64") {
        throw new TypeError(`${op} with holomorphic: true requires complex inputs, but ${where} has dtype ${a.dtype}. Convert it with x.astype("complex64").`);
      }
      return;
    }
    if (op === "jacfwd" && a.dtype === "complex64") {
      throw new TypeError(
        `jacfwd requires real-valued inputs, but ${where} has dtype complex64. For holomorphic differentiation pass ` +
          "{ holomorphic: true }; for non-holomorphic functions of complex inputs use jvp directly.",
      );
    }
    if (!isInexactDType(a.dtype)) {
      throw new TypeError(
        `${op} requires float inputs, but ${where} has dtype ${a.dtype}. ` +
          'Convert it with x.astype("float32"), or leave it out of argnums.',
      );
    }
  });
}

/** Checks an output's dtype, as JAX: real for reverse mode, complex with `holomorphic`. */
function checkOutputDtype(op: string, out: Array, holomorphic: boolean): void {
  if (holomorphic && out.dtype !== "complex64") {
    throw new TypeError(`${op} with holomorphic: true requires complex outputs, got ${avalStr(out)}.`);
  }
  if (!holomorphic && out.dtype === "complex64" && op !== "jacfwd") {
    throw new TypeError(
      `${op} requires real-valued outputs, got ${avalStr(out)}. For holomorphic differentiation pass { holomorphic: true }; ` +
        "for non-holomorphic functions with complex outputs use vjp directly (or differentiate np.real / np.abs of the output).",
    );
  }
}

function replaceArgs(args: readonly unknown[], argnums: readonly number[], values: readonly unknown[]): unknown[] {
  const out = [...args];
  argnums.forEach((n, j) => (out[n] = values[j]));
  return out;
}

function checkFunction(op: string, f: unknown): void {
  if (typeof f !== "function") {
    throw new TypeError(`${op}: expected a function to transform as the first argument, got ${f === null ? "null" : typeof f}.`);
  }
}

function checkArgnums(op: string, argnums: readonly number[], nargs: number): void {
  for (const n of argnums) {
    if (!Number.isInteger(n) || n < 0 || n >= nargs) {
      throw new RangeError(`${op}: argnums ${n} is out of range for a function called with ${nargs} argument(s).`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// jvp / linearize

function materialize(ts: readonly Tangent[], primals: readonly Array[]): Array[] {
  return ts.map((t, i) => t ?? zerosLike(primals[i]!));
}

/**
 * Forward-mode derivative: `f`'s outputs and their directional derivatives along `tangents`.
 *
 * @example
 * const [y, dy] = jvp(np.sin, [x], [np.onesLike(x)]);   // dy = cos(x)
 */
export function jvp<F extends Fn>(f: F, primals: Parameters<F>, tangents: Parameters<F>): [ReturnType<F>, ReturnType<F>] {
  return reclaiming(() => jvpEager(f, primals, tangents));
}

function jvpEager<F extends Fn>(f: F, primals: Parameters<F>, tangents: Parameters<F>): [ReturnType<F>, ReturnType<F>] {
  const [ps, pdef] = flattenArrays("jvp", primals, "a primal");
  const [ts, tdef] = flattenArrays("jvp", tangents, "a tangent");
  assertSameStructure("jvp", pdef, tdef, ["primals", "tangents"]);
  ps.forEach((p, i) => {
    const t = ts[i]!;
    if (t.dtype !== p.dtype || fmtShape(t.shape) !== fmtShape(p.shape)) {
      throw new TypeError(`jvp: the tangent ${avalStr(t)} must have the shape and dtype of its primal ${avalStr(p)}.`);
    }
  });
  let outDef: TreeDef | undefined;
  const fFlat = (...xs: Array[]) => {
    const [outs, od] = flattenArrays("jvp", [f(...tree.unflatten<unknown[]>(pdef, xs))], "an output");
    outDef = od;
    return outs;
  };
  const [po, to] = jvpFlat(fFlat, ps, ts);
  return [tree.unflatten<[ReturnType<F>]>(outDef!, po)[0], tree.unflatten<[ReturnType<F>]>(outDef!, materialize(to, po))[0]];
}

/**
 * Linearizes `f` at `primals`: returns the outputs and the linear function of tangents
 * (the JVP at this point, reusable without re-running the forward pass).
 *
 * @example
 * const [y, fJvp] = linearize(f, x);
 * const dy = fJvp(v);
 */
export function linearize<F extends Fn>(f: F, ...primals: Parameters<F>): [ReturnType<F>, (...tangents: Parameters<F>) => ReturnType<F>] {
  let residuals: readonly Array[] = [];
  return reclaiming(() => {
    const [out, fJvp, lin] = linearizeEager(f, primals);
    residuals = lin.jaxpr.consts;
    return [out, fJvp];
  }, { alsoKeep: () => residuals });
}

function linearizeEager<F extends Fn>(f: F, primals: Parameters<F>): [ReturnType<F>, (...tangents: Parameters<F>) => ReturnType<F>, Linearized] {
  const [ps, pdef] = flattenArrays("linearize", primals, "a primal");
  let outDef: TreeDef | undefined;
  const fFlat = (...xs: Array[]) => {
    const [outs, od] = flattenArrays("linearize", [f(...tree.unflatten<unknown[]>(pdef, xs))], "an output");
    outDef = od;
    return outs;
  };
  const lin = linearizeFlat(fFlat, ps);
  const fJvp = (...tangents: Parameters<F>) =>
    reclaiming(() => {
      const [ts, tdef] = flattenArrays("linearize", tangents, "a tangent");
      assertSameStructure("linearize", pdef, tdef, ["primals", "tangents"]);
      const outs = applyLinear(lin, ts);
      return tree.unflatten<[ReturnType<F>]>(outDef!, materialize(outs, lin.primalsOut))[0];
    }, { record: true });
  return [tree.unflatten<[ReturnType<F>]>(outDef!, lin.primalsOut)[0], fJvp, lin];
}

// ---------------------------------------------------------------------------------------------
// vjp / grad

/**
 * Reverse-mode derivative: `f`'s output and a function mapping an output cotangent to the
 * cotangents of every argument.
 *
 * @example
 * const [y, vjpFn] = vjp((a, b) => a.mul(b), x, w);
 * const [dx, dw] = vjpFn(np.onesLike(y));
 */
export function vjp<F extends Fn>(f: F, ...primals: Parameters<F>): [ReturnType<F>, (ct: ReturnType<F>) => GradsTuple<Parameters<F>>] {
  const [out, fn] = vjpImpl("vjp", f, primals, false);
  return [out as ReturnType<F>, fn as never];
}

/**
 * `vjp` for a function returning `[output, aux]`: returns `[output, vjpFn, aux]`; `aux` is not
 * differentiated.
 *
 * @example
 * const [loss, vjpFn, stats] = vjpWithAux((p) => [lossFn(p), { acc }], params);
 */
export function vjpWithAux<F extends Fn>(f: F, ...primals: Parameters<F>): [ReturnType<F>[0], (ct: ReturnType<F>[0]) => GradsTuple<Parameters<F>>, ReturnType<F>[1]] {
  const [out, fn, aux] = vjpImpl("vjp", f, primals, true);
  return [out, fn as never, aux];
}

function splitAux(op: string, out: unknown): [unknown, unknown] {
  if (!isList(out) || out.length !== 2) {
    throw new TypeError(`${op} with hasAux: the function must return a pair [output, aux], got ${isList(out) ? `a list of length ${out.length}` : typeof out}.`);
  }
  return [out[0], out[1]];
}

function vjpImpl(op: string, f: Fn, primals: readonly unknown[], hasAux: boolean): [unknown, (ct: unknown) => unknown[], unknown] {
  let residuals: readonly Array[] = [];
  return reclaiming(() => {
    const [out, vjpFn, aux, lin] = vjpEager(op, f, primals, hasAux);
    residuals = lin.jaxpr.consts;
    return [out, vjpFn, aux] as [unknown, (ct: unknown) => unknown[], unknown];
  }, { alsoKeep: () => residuals });
}

function vjpEager(op: string, f: Fn, primals: readonly unknown[], hasAux: boolean): [unknown, (ct: unknown) => unknown[], unknown, Linearized] {
  const [ps, pdef] = flattenArrays(op, primals, "a primal");
  let outDef: TreeDef | undefined;
  let rebuildAux: ((arrays: readonly Array[]) => unknown) | undefined;
  let numOut = 0;
  const fFlat = (...xs: Array[]) => {
    let out = f(...tree.unflatten<unknown[]>(pdef, xs));
    let aux: unknown = null;
    if (hasAux) [out, aux] = splitAux(op, out);
    const [outs, od] = flattenArrays(op, [out], "an output");
    const { arrays: auxs, rebuild } = splitArrays(aux);
    outDef = od;
    rebuildAux = rebuild;
    numOut = outs.length;
    return [...outs, ...auxs];
  };
  const lin = linearizeFlat(fFlat, ps, op);
  const outs = lin.primalsOut.slice(0, numOut);
  const vjpFn = (ct: unknown) => reclaiming(() => {
    const [cts, cdef] = flattenArrays(op, [ct], "a cotangent");
    assertSameStructure(op, outDef!, cdef, ["output", "cotangent"]);
    cts.forEach((c, i) => {
      const o = outs[i]!;
      if (c.dtype !== o.dtype || fmtShape(c.shape) !== fmtShape(o.shape)) {
        throw new TypeError(`${op}: the cotangent ${avalStr(c)} must have the shape and dtype of the output ${avalStr(o)}.`);
      }
    });
    const ctsIn = applyTranspose(lin, [...cts, ...lin.primalsOut.slice(numOut).map(() => null)]);
    return tree.unflatten<unknown[]>(pdef, materialize(ctsIn, ps));
  }, { record: true });
  const aux = rebuildAux!(lin.primalsOut.slice(numOut));
  return [tree.unflatten<[unknown]>(outDef!, outs)[0], vjpFn, aux, lin];
}

/** Options of `grad` and `valueAndGrad`. */
export interface GradOptions<N extends number | readonly number[] = number | readonly number[]> {
  /** Which positional arguments to differentiate (default 0). */
  argnums?: N;
  /**
   * The function returns `[value, aux]`; aux is returned alongside, not differentiated (its
   * arrays come back concrete, other values unchanged).
   */
  hasAux?: boolean;
  /**
   * The function is holomorphic (complex inputs and a complex output): the gradient is its
   * complex derivative `f'(z)`, as JAX's `holomorphic=True`.
   */
  holomorphic?: boolean;
}

type GradOf<A extends readonly unknown[], N> = N extends readonly number[]
  ? { -readonly [K in keyof N]: Grads<A[N[K] & number]> }
  : N extends number
    ? Grads<A[N]>
    : Grads<A[0]>;

type Scalar = Array | number;

function valueAndGradImpl(op: string, f: Fn, opts: GradOptions): (...args: unknown[]) => [unknown, unknown, unknown] {
  checkOptions(op, opts, { accepted: ["argnums", "hasAux", "holomorphic"], signature: `${op}(f, { argnums, hasAux, holomorphic })` });
  checkFunction(op, f);
  const argnums = opts.argnums ?? 0;
  const nums = typeof argnums === "number" ? [argnums] : [...argnums];
  return (...args: unknown[]) => {
    checkArgnums(op, nums, args.length);
    const [xs, def] = flattenArrays(op, nums.map((n) => args[n]), "an argument");
    checkDifferentiable(op, xs, def, nums, opts.holomorphic);
    let rebuildAux: ((arrays: readonly Array[]) => unknown) | undefined;
    const fFlat = (...ls: Array[]) => {
      let out = f(...replaceArgs(args, nums, tree.unflatten<unknown[]>(def, ls)));
      checkSync(op, out);
      let aux: unknown = null;
      if (opts.hasAux) [out, aux] = splitAux(op, out);
      if (!(out instanceof Array) && typeof out !== "number") {
        throw new TypeError(`${op}: the function must return a scalar array, got ${out === null ? "null" : typeof out}${opts.hasAux ? "" : " (return [value, aux] with hasAux: true to return more)"}.`);
      }
      const value = valueArray(op, out as Scalar);
      checkOutputDtype(op, value, opts.holomorphic ?? false);
      if (value.shape.length !== 0 || !isInexactDType(value.dtype)) {
        throw new TypeError(
          `${op} requires a float scalar output (shape []), got ${avalStr(value)}. ` +
            "Reduce it first (x.sum() or x.mean()), or use vjp or jacrev for non-scalar outputs.",
        );
      }
      const { arrays: auxs, rebuild } = splitArrays(aux);
      rebuildAux = rebuild;
      return [value, ...auxs];
    };
    const lin = linearizeFlat(fFlat, xs, op);
    const [value, ...auxs] = lin.primalsOut;
    // the backward pass runs no user code: every array it makes is this call's own
    const cts = recordInto(openFrame(), () => applyTranspose(lin, [onesLike(value!), ...auxs.map(() => null)]));
    const grads = tree.unflatten<unknown[]>(def, materialize(cts, xs));
    const g = typeof argnums === "number" ? grads[0] : grads;
    return [value, g, rebuildAux!(auxs)];
  };
}

/**
 * The gradient of a scalar function with respect to argument `argnums` (default 0), with the
 * structure and types of that argument.
 *
 * @example
 * const loss = (p: { w: Array; b: Array }, x: Array) => x.matmul(p.w).add(p.b).square().mean();
 * const g = grad(loss)(params, x);          // { w: Array; b: Array }
 * const [gw, gx] = grad(loss, { argnums: [0, 1] })(params, x);
 */
export function grad<A extends readonly unknown[], const N extends number | readonly number[] = 0>(
  f: (...args: A) => Scalar,
  opts?: GradOptions<N> & { hasAux?: false },
): (...args: A) => GradOf<A, N>;
export function grad<A extends readonly unknown[], Aux, const N extends number | readonly number[] = 0>(
  f: (...args: A) => readonly [Scalar, Aux],
  opts: GradOptions<N> & { hasAux: true },
): (...args: A) => [GradOf<A, N>, Aux];
export function grad(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => unknown {
  const vg = valueAndGradImpl("grad", f, opts);
  return (...args) =>
    reclaiming(() => {
      const [, g, aux] = vg(...args);
      return opts.hasAux ? [g, aux] : g;
    });
}

/**
 * The value and the gradient of a scalar function: `[value, grads]`, or with `hasAux`,
 * `[[value, aux], grads]`.
 *
 * @example
 * const [loss, grads] = valueAndGrad(lossFn)(params, batch);
 */
export function valueAndGrad<A extends readonly unknown[], const N extends number | readonly number[] = 0>(
  f: (...args: A) => Scalar,
  opts?: GradOptions<N> & { hasAux?: false },
): (...args: A) => [Array, GradOf<A, N>];
export function valueAndGrad<A extends readonly unknown[], Aux, const N extends number | readonly number[] = 0>(
  f: (...args: A) => readonly [Scalar, Aux],
  opts: GradOptions<N> & { hasAux: true },
): (...args: A) => [[Array, Aux], GradOf<A, N>];
export function valueAndGrad(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => unknown {
  const vg = valueAndGradImpl("valueAndGrad", f, opts);
  return (...args) =>
    reclaiming(() => {
      const [v, g, aux] = vg(...args);
      return opts.hasAux ? [[v, aux], g] : [v, g];
    });
}

// ---------------------------------------------------------------------------------------------
// vmap

/** A batch axis spec: an axis, `null` (not batched), or a tree of them matching an argument. */
export type AxisSpec = number | null | readonly AxisSpec[] | { readonly [key: string]: AxisSpec };

/** Options of `vmap`. */
export interface VmapOptions {
  /** Batch axis of each argument: one spec for all, or one per argument (default 0). */
  inAxes?: AxisSpec;
  /** Batch axis of the outputs (default 0); `null` for outputs that must be the same across the batch. */
  outAxes?: AxisSpec;
  /** The batch size, needed when no input is batched. */
  axisSize?: number;
}

/** Leaf-wise axes for a tree, from a spec that is a prefix of it. */
function expandAxes(op: string, spec: AxisSpec, t: unknown, where: string): (number | null)[] {
  if (spec === null || (typeof spec === "number" && Number.isInteger(spec))) return tree.leaves(t).map(() => spec);
  const out: (number | null)[] = [];
  const walk = (s: AxisSpec, sub: unknown, path: string) => {
    if ((typeof s !== "number" || !Number.isInteger(s)) && (s === undefined || typeof s !== "object")) {
      throw new TypeError(
        `${op}: the axis spec of ${where}${path} is ${typeof s === "string" ? JSON.stringify(s) : String(s)}; ` +
          "use an integer axis, null (not batched), or a list or object of those shaped like the value.",
      );
    }
    if (s === null || typeof s === "number") {
      for (let i = 0; i < tree.leaves(sub).length; i++) out.push(s);
      return;
    }
    if (isList(s)) {
      if (!isList(sub) || sub.length !== s.length) {
        throw new TypeError(`${op}: ${where}${path} is ${describeTree(sub)} but its axis spec is a list of length ${s.length}.`);
      }
      s.forEach((c, i) => walk(c as AxisSpec, sub[i], `${path}[${i}]`));
      return;
    }
    if (sub === null || typeof sub !== "object") {
      throw new TypeError(`${op}: ${where}${path} is ${describeTree(sub)} but its axis spec is an object.`);
    }
    for (const k of Object.keys(s).sort()) walk((s as Record<string, AxisSpec>)[k]!, (sub as Record<string, unknown>)[k], `${path}.${k}`);
  };
  walk(spec, t, "");
  return out;
}

function describeTree(x: unknown): string {
  if (x instanceof Array) return `an array ${fmtShape(x.shape)}`;
  if (isList(x)) return `a list of length ${x.length}`;
  return x === null ? "null" : typeof x;
}

/**
 * Vectorizes `f` over a batch axis of its inputs (default: axis 0 of every argument).
 *
 * @example
 * const batchedDot = vmap((a: Array, b: Array) => np.dot(a, b));       // [B,n],[B,n] -> [B]
 * const perExampleGrads = vmap(grad(loss), { inAxes: [null, 0] })(params, batch);
 */
export function vmap<F extends Fn>(f: F, opts: VmapOptions = {}): (...args: Parameters<F>) => ReturnType<F> {
  checkOptions("vmap", opts, { accepted: ["inAxes", "outAxes", "axisSize"], signature: "vmap(f, { inAxes, outAxes, axisSize })" });
  checkFunction("vmap", f);
  return ((...args: unknown[]) => reclaiming(() => {
    // `null` is a spec (not batched), so only a missing option defaults to 0
    const inAxes = opts.inAxes === undefined ? 0 : opts.inAxes;
    if (isList(inAxes) && inAxes.length !== args.length) {
      throw new TypeError(`vmap: inAxes has ${inAxes.length} entries but the function was called with ${args.length} argument(s).`);
    }
    const perArg = args.map((a, i) => expandAxes("vmap", isList(inAxes) ? (inAxes[i] as AxisSpec) : inAxes, a, `argument ${i}`));
    const [pairs, def] = tree.flattenWithPath(args);
    const axes = perArg.flat();
    let size = opts.axisSize;
    const sizes: string[] = [];
    const leaves = pairs.map(([path, leaf], i) => {
      const ax = axes[i] ?? null;
      if (ax === null) return leaf;
      const a = leafArray("vmap", leaf, path, "a batched input");
      const axis = ax < 0 ? ax + a.ndim : ax;
      if (axis < 0 || axis >= a.ndim) {
        throw new RangeError(`vmap: in axis ${ax} is out of range for ${argumentAt(path[0] as number, path.slice(1))} of shape ${fmtShape(a.shape)}.`);
      }
      const n = a.shape[axis]!;
      sizes.push(`${argumentAt(path[0] as number, path.slice(1))} has size ${n} on axis ${axis}`);
      if (size === undefined) size = n;
      else if (size !== n) throw new ShapeError(`vmap got inconsistent sizes for the mapped axis: ${sizes.join("; ")}${opts.axisSize !== undefined ? `; axisSize is ${opts.axisSize}` : ""}.`);
      return a;
    });
    if (size === undefined) throw new TypeError("vmap: no input is batched; give axisSize to set the batch size.");
    const arrayIdx = leaves.map((l, i) => (l instanceof Array && axes[i] !== null ? i : -1)).filter((i) => i >= 0);
    let outDef: TreeDef | undefined;
    const fFlat = (...xs: Array[]) => {
      const ls = [...leaves];
      arrayIdx.forEach((li, j) => (ls[li] = xs[j]));
      const [outs, od] = flattenArrays("vmap", [f(...tree.unflatten<unknown[]>(def, ls))], "an output");
      outDef = od;
      return outs;
    };
    const inDims: BatchDim[] = arrayIdx.map((li) => {
      const a = leaves[li] as Array;
      const ax = axes[li]!;
      return ax < 0 ? ax + a.ndim : ax;
    });
    const [outs, outDims] = vmapFlat(fFlat, arrayIdx.map((li) => leaves[li] as Array), inDims, size);
    const outTree = tree.unflatten<[unknown]>(outDef!, outs)[0];
    const outAxes = expandAxes("vmap", opts.outAxes === undefined ? 0 : opts.outAxes, outTree, "the output");
    const placed = outs.map((o, i) => {
      const want = outAxes[i] ?? null;
      const have = outDims[i] ?? null;
      if (want === null) {
        if (have !== null) {
          throw new TypeError(`vmap: output ${i} depends on the batch axis, but its outAxes entry is null. Give it an axis, or make it independent of the batched inputs.`);
        }
        return o;
      }
      const nd = o.ndim - (have === null ? 0 : 1) + 1;
      const to = want < 0 ? want + nd : want;
      if (to < 0 || to >= nd) throw new RangeError(`vmap: out axis ${want} is out of range for an output with ${nd - 1} axes plus the batch axis.`);
      return moveBatchAxis(o, have, to, size!);
    });
    return tree.unflatten<[unknown]>(outDef!, placed)[0];
  })) as (...args: Parameters<F>) => ReturnType<F>;
}

// ---------------------------------------------------------------------------------------------
// makeJaxpr / evalShape

/** Shape and dtype of an array, without data (`evalShape` returns these). */
export interface ShapeDtype {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** A pytree whose arrays may also be given as `{ shape, dtype }` specs. */
type WithSpecs<T> = T extends Array
  ? T | ShapeDtype
  : T extends (...args: any[]) => any
    ? T
    : T extends object
      ? { [K in keyof T]: WithSpecs<T[K]> }
      : T;

/** Arguments whose arrays (anywhere in their pytrees) may be given as `{ shape, dtype }` specs. */
export type OrShape<A extends unknown[]> = { [K in keyof A]: WithSpecs<A[K]> };

function isShapeDtype(x: unknown): x is ShapeDtype {
  return !(x instanceof Array) && x !== null && typeof x === "object" && isList((x as ShapeDtype).shape) && typeof (x as ShapeDtype).dtype === "string";
}

function traceTree(op: string, f: Fn, args: readonly unknown[]): { jaxpr: ClosedJaxpr; outDef: TreeDef } {
  // ShapeDtype specs are plain objects: keep them whole (as leaves) rather than flattening them.
  const [leaves, def] = tree.flatten(args, { isLeaf: isShapeDtype });
  // Arrays and ShapeDtype specs are traced; anything else is a static value.
  const traced = leaves.map((l, i) => (l instanceof Array || isShapeDtype(l) ? i : -1)).filter((i) => i >= 0);
  const avals = traced.map((i) => {
    const l = leaves[i] as Array | ShapeDtype;
    return { shape: l.shape, dtype: l.dtype, weakType: l instanceof Array ? l.weakType : false };
  });
  let outDef: TreeDef | undefined;
  const jaxpr = traceToJaxpr(
    (...xs) => {
      const ls = [...leaves];
      traced.forEach((li, j) => (ls[li] = xs[j]));
      const [outs, od] = flattenArrays(op, [f(...tree.unflatten<unknown[]>(def, ls))], "an output");
      outDef = od;
      return outs;
    },
    avals,
    { label: op, dynamic: true, device: leaves.find((l): l is Array => l instanceof Array)?.device },
  );
  return { jaxpr, outDef: outDef! };
}

/**
 * Traces `f` and returns its jaxpr (printable with `String(...)`), as `jax.make_jaxpr`.
 * Arguments may be arrays or `{ shape, dtype }` specs; other values are static.
 *
 * @example
 * console.log(String(makeJaxpr((x: Array) => x.mul(2).sin())({ shape: [3], dtype: "float32" })));
 * // { lambda a:f32[3]. let
 * //     b:f32[3] = broadcast_in_dim[shape=(3) broadcastDimensions=()] 2.0
 * //     c:f32[3] = mul a b
 * //     d:f32[3] = sin c
 * //   in (d) }
 */
export function makeJaxpr<A extends unknown[]>(f: (...args: A) => unknown): (...args: OrShape<A>) => ClosedJaxpr {
  return (...args) => traceTree("makeJaxpr", f as Fn, args).jaxpr;
}

/**
 * The shapes and dtypes of `f`'s outputs, computed without running it.
 *
 * @example
 * evalShape((x: Array) => x.sum(0), { shape: [3, 4], dtype: "float32" }); // { shape: [4], dtype: "float32" }
 */
export function evalShape<A extends unknown[]>(f: (...args: A) => unknown, ...args: OrShape<A>): unknown {
  const { jaxpr, outDef } = traceTree("evalShape", f as Fn, args);
  return tree.unflatten<[unknown]>(outDef, jaxpr.outAvals.map((a) => ({ shape: [...a.shape], dtype: a.dtype })))[0];
}

// ---------------------------------------------------------------------------------------------
// Jacobians

/** Options of `jacfwd`, `jacrev`, `jacobian` and `hessian`. */
export interface JacobianOptions {
  /** Which positional arguments to differentiate (default 0). */
  argnums?: number | readonly number[];
  /** The function is holomorphic (complex inputs and outputs), as JAX's `holomorphic=True`. */
  holomorphic?: boolean;
}

function checkJacobianArgs(op: string, f: unknown, opts: JacobianOptions): void {
  checkOptions(op, opts, { accepted: ["argnums", "holomorphic"], signature: `${op}(f, { argnums, holomorphic })` });
  checkFunction(op, f);
}

function argsFor(op: string, argnums: number | readonly number[], nargs: number): number[] {
  const nums = typeof argnums === "number" ? [argnums] : [...argnums];
  checkArgnums(op, nums, nargs);
  return nums;
}

/** Standard basis of a flat input space, as one tangent array per leaf. */
function basisFor(xs: readonly Array[], j: number): Array {
  const n = xs[j]!.size;
  return reshape(eye(n, n, 0, { dtype: xs[j]!.dtype, device: xs[j]!.device }), [n, ...xs[j]!.shape]);
}

/** Assembles `J[out][in]` blocks into the result tree: out structure of in structures. */
function assemble(blocks: Array[][], outDef: TreeDef, inDef: TreeDef, single: boolean): unknown {
  const perOut = blocks.map((row) => {
    const inTree = tree.unflatten<unknown[]>(inDef, row);
    return single ? inTree[0] : inTree;
  });
  return tree.unflatten<[unknown]>(outDef, perOut)[0];
}

/**
 * Jacobian by forward mode (one JVP per input element, vectorized): `out.shape + in.shape`.
 *
 * @example
 * jacfwd((x: Array) => x.sin())(np.array([0, 1])); // diag(cos x)
 */
export function jacfwd<F extends Fn>(f: F, opts: JacobianOptions = {}): (...args: Parameters<F>) => unknown {
  checkJacobianArgs("jacfwd", f, opts);
  return (...args: unknown[]) => reclaiming(() => {
    const nums = argsFor("jacfwd", opts.argnums ?? 0, args.length);
    const [xs, inDef] = flattenArrays("jacfwd", nums.map((n) => args[n]), "an argument");
    checkDifferentiable("jacfwd", xs, inDef, nums, opts.holomorphic);
    let outDef: TreeDef | undefined;
    const fFlat = (...ls: Array[]) => {
      const [outs, od] = flattenArrays("jacfwd", [f(...replaceArgs(args, nums, tree.unflatten<unknown[]>(inDef, ls)))], "an output");
      outDef = od;
      if (opts.holomorphic) outs.forEach((o) => checkOutputDtype("jacfwd", o, true));
      return outs;
    };
    const cols: Array[][] = xs.map((x, j) => {
      const push = (t: Array) => {
        const tangents = xs.map((_, k) => (k === j ? t : null));
        const [primalsOut, tOut] = jvpFlat(fFlat, xs, tangents, "jacfwd");
        return materialize(tOut, primalsOut);
      };
      // vmap over the basis; each output gets the basis axis in front: [n, ...outShape]
      const stacked = vmap((t: Array) => push(t))(basisFor(xs, j)) as Array[];
      return stacked.map((s) => {
        const outShape = s.shape.slice(1);
        return reshape(moveaxis(s, 0, -1), [...outShape, ...x.shape]);
      });
    });
    const blocks = cols[0]!.map((_, o) => cols.map((c) => c[o]!));
    return assemble(blocks, outDef!, inDef, typeof (opts.argnums ?? 0) === "number");
  });
}

/**
 * Jacobian by reverse mode (one VJP per output element, vectorized): `out.shape + in.shape`.
 *
 * @example
 * jacrev((x: Array) => x.square())(np.array([1, 2])); // [[2, 0], [0, 4]]
 */
export function jacrev<F extends Fn>(f: F, opts: JacobianOptions = {}): (...args: Parameters<F>) => unknown {
  checkJacobianArgs("jacrev", f, opts);
  return (...args: unknown[]) => reclaiming(() => {
    const nums = argsFor("jacrev", opts.argnums ?? 0, args.length);
    const [xs, inDef] = flattenArrays("jacrev", nums.map((n) => args[n]), "an argument");
    checkDifferentiable("jacrev", xs, inDef, nums, opts.holomorphic);
    let outDef: TreeDef | undefined;
    const fFlat = (...ls: Array[]) => {
      const [outs, od] = flattenArrays("jacrev", [f(...replaceArgs(args, nums, tree.unflatten<unknown[]>(inDef, ls)))], "an output");
      outDef = od;
      outs.forEach((o) => checkOutputDtype("jacrev", o, opts.holomorphic ?? false));
      return outs;
    };
    const lin = linearizeFlat(fFlat, xs, "jacrev");
    const outs = lin.primalsOut;
    const blocks = outs.map((o, k) => {
      const pull = (ct: Array) => materialize(applyTranspose(lin, outs.map((_, i) => (i === k ? ct : null))), xs);
      const stacked = vmap((ct: Array) => pull(ct))(basisFor(outs, k)) as Array[];
      return stacked.map((s, j) => reshape(s, [...o.shape, ...xs[j]!.shape]));
    });
    return assemble(blocks, outDef!, inDef, typeof (opts.argnums ?? 0) === "number");
  });
}

/**
 * Hessian of a scalar function: `jacfwd(jacrev(f))`.
 *
 * @example
 * hessian((x: Array) => x.square().sum())(np.ones([3])); // 2 * eye(3)
 */
export function hessian<F extends Fn>(f: F, opts: JacobianOptions = {}): (...args: Parameters<F>) => unknown {
  checkJacobianArgs("hessian", f, opts);
  return jacfwd(jacrev(f, opts) as F, opts);
}

/**
 * The Jacobian of `f` (`jax.jacobian`, an alias of `jacrev`): `out.shape + in.shape` per
 * output and differentiated argument.
 *
 * @example
 * jacobian((x: Array) => x.square())(np.array([1, 2])); // [[2, 0], [0, 4]]
 */
export function jacobian<F extends Fn>(f: F, opts: JacobianOptions = {}): (...args: Parameters<F>) => unknown {
  checkJacobianArgs("jacobian", f, opts);
  return jacrev(f, opts);
}
