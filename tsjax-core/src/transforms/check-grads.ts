/**
 * `checkGrads`: checks derivatives against finite differences, as `jax.test_util.check_grads`.
 *
 * Forward mode: the JVP along a random direction must match central differences.
 * Reverse mode: `<u, jvp(v)>` must equal `<vjp(u), v>` for random u, v (the VJP is the
 * transpose of the JVP), and the JVP is itself checked numerically. Higher orders apply the
 * same checks to the JVP and VJP functions.
 */
import { Array } from "../array/array.js";
import { isFloatDType } from "../dtype.js";
import * as tree from "../tree/index.js";
import { array } from "../numpy/creation.js";
import { jvp, vjp } from "./api.js";
import { mulberry32 } from "../util/mulberry32.js";

/** Options of `checkGrads`. */
export interface CheckGradsOptions {
  /** Highest derivative order to check (default 1). */
  order?: number;
  /** "fwd", "rev" or both (default both). */
  modes?: readonly ("fwd" | "rev")[];
  /** Finite-difference step (default 1e-3 for float32, 1e-2 for float16). */
  eps?: number;
  /** Tolerances of the comparisons (default atol 1e-2, rtol 1e-2 for float32). */
  atol?: number;
  rtol?: number;
  /** Seed of the random directions. */
  seed?: number;
}

type Fn = (...args: any[]) => any;

function randomLike(x: Array, rand: () => number): Array {
  if (!isFloatDType(x.dtype)) return x.mul(0);
  const n = x.size;
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    // standard normal (Box-Muller)
    const u = Math.max(rand(), 1e-12);
    v[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  }
  return array(v, { dtype: x.dtype, device: x.device }).reshape(x.shape);
}

function mapArrays<T>(t: T, f: (x: Array) => Array): T {
  return tree.map((x: unknown) => (x instanceof Array ? f(x) : x), t);
}

function axpy(a: number, x: unknown, y: unknown): unknown {
  return tree.map((xi: unknown, yi: unknown) => (xi instanceof Array ? (xi as Array).mul(a).add(yi as Array) : yi), x, y);
}

function vdotTrees(a: unknown, b: unknown): Array {
  const la = tree.leaves(a).filter((x): x is Array => x instanceof Array && isFloatDType(x.dtype));
  const lb = tree.leaves(b).filter((x): x is Array => x instanceof Array && isFloatDType(x.dtype));
  let acc: Array | undefined;
  la.forEach((x, i) => {
    const d = x.astype("float32").mul(lb[i]!.astype("float32")).sum();
    acc = acc ? acc.add(d) : d;
  });
  return acc ?? array(0);
}

async function flatValues(t: unknown): Promise<number[]> {
  const out: number[] = [];
  for (const x of tree.leaves(t)) {
    if (x instanceof Array && isFloatDType(x.dtype)) for (const v of await x.astype("float32").data()) out.push(v);
  }
  return out;
}

async function assertClose(what: string, got: unknown, want: unknown, atol: number, rtol: number): Promise<void> {
  const g = await flatValues(got);
  const w = await flatValues(want);
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const wi = w[i]!;
    const ok = (Number.isNaN(gi) && Number.isNaN(wi)) || Math.abs(gi - wi) <= atol + rtol * Math.abs(wi);
    if (!ok) {
      throw new Error(
        `checkGrads: ${what} mismatch at element ${i}: got ${gi}, expected ${wi} (atol ${atol}, rtol ${rtol}).\n` +
          `  got:      [${g.slice(0, 16).map((v) => v.toPrecision(6)).join(", ")}${g.length > 16 ? ", ..." : ""}]\n` +
          `  expected: [${w.slice(0, 16).map((v) => v.toPrecision(6)).join(", ")}${w.length > 16 ? ", ..." : ""}]`,
      );
    }
  }
}

async function checkJvp(f: Fn, args: unknown[], o: Required<Omit<CheckGradsOptions, "order" | "modes" | "seed">>, rand: () => number, label: string): Promise<unknown[]> {
  const tangents = mapArrays(args, (x) => randomLike(x, rand));
  const [, analytic] = jvp(f, args as never, tangents as never);
  const plus = f(...(axpy(o.eps, tangents, args) as unknown[]));
  const minus = f(...(axpy(-o.eps, tangents, args) as unknown[]));
  const numeric = tree.map((p: unknown, m: unknown) => (p instanceof Array ? (p as Array).sub(m as Array).div(2 * o.eps) : p), plus, minus);
  await assertClose(`${label} JVP vs finite differences`, analytic, numeric, o.atol, o.rtol);
  return tangents as unknown[];
}

async function checkVjp(f: Fn, args: unknown[], o: Required<Omit<CheckGradsOptions, "order" | "modes" | "seed">>, rand: () => number, label: string): Promise<unknown> {
  const [out, vjpFn] = vjp(f, ...(args as never[]));
  const u = mapArrays(out, (x) => randomLike(x, rand));
  const cts = vjpFn(u as never);
  const tangents = mapArrays(args, (x) => randomLike(x, rand));
  const [, tOut] = jvp(f, args as never, tangents as never);
  const lhs = vdotTrees(u, tOut);
  const rhs = vdotTrees(tangents, cts);
  await assertClose(`${label} VJP (<u, J v> vs <J^T u, v>)`, rhs, lhs, o.atol * 10, o.rtol);
  // and J itself against finite differences
  const plus = f(...(axpy(o.eps, tangents, args) as unknown[]));
  const minus = f(...(axpy(-o.eps, tangents, args) as unknown[]));
  const numeric = vdotTrees(u, tree.map((p: unknown, m: unknown) => (p instanceof Array ? (p as Array).sub(m as Array).div(2 * o.eps) : p), plus, minus));
  await assertClose(`${label} VJP vs finite differences`, rhs, numeric, o.atol * 10, o.rtol);
  return u;
}

/**
 * Checks `f`'s derivatives at `args` to `order`, in forward and/or reverse mode; throws an
 * error describing the first mismatch.
 *
 * @example
 * await checkGrads((x: Array) => x.sin().mul(x), [np.array([0.3, 1.2])], { order: 2 });
 */
export async function checkGrads(f: Fn, args: readonly unknown[], opts: CheckGradsOptions = {}): Promise<void> {
  const order = opts.order ?? 1;
  const modes = opts.modes ?? ["fwd", "rev"];
  const rand = mulberry32(opts.seed ?? 0);
  const half = tree.leaves(args).some((x) => x instanceof Array && x.dtype === "float16");
  const o = {
    eps: opts.eps ?? (half ? 1e-2 : 1e-3),
    atol: opts.atol ?? (half ? 5e-2 : 1e-2),
    rtol: opts.rtol ?? (half ? 5e-2 : 1e-2),
  };
  const go = async (g: Fn, a: unknown[], k: number, label: string): Promise<void> => {
    if (modes.includes("fwd")) {
      const t = await checkJvp(g, a, o, rand, label);
      if (k > 1) {
        const gJvp = (...xs: unknown[]) => jvp(g, xs as never, t as never)[1];
        await go(gJvp, a, k - 1, `jvp(${label})`);
      }
    }
    if (modes.includes("rev")) {
      const u = await checkVjp(g, a, o, rand, label);
      if (k > 1) {
        const gVjp = (...xs: unknown[]) => vjp(g, ...(xs as never[]))[1](u as never);
        await go(gVjp, a, k - 1, `vjp(${label})`);
      }
    }
  };
  await go(f, [...args], order, "f");
}
