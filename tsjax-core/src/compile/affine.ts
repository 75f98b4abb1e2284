/**
 * Affine index analysis: the WebAssembly paths of the CPU backend (GEMM packing, prologues,
 * epilogues, reductions) need a load's index as constant strides along their loop variables.
 */
import { type Exp, add, i32, mul, sub } from "./exp.js";

/**
 * `e` as `rest + sum of coef[i] * var(vars[i])` with constant coefficients and `rest` free of
 * those variables, or undefined when it is not affine in them.
 */
export function affineIn(e: Exp, vars: readonly string[]): { coef: number[]; rest: Exp } | undefined {
  const zero = () => vars.map(() => 0);
  const uses = (x: Exp): boolean => (x.op === "var" ? vars.includes(x.attr as string) : x.args.some(uses));
  if (!uses(e)) return { coef: zero(), rest: e };
  if (e.op === "var") return { coef: vars.map((v) => (v === e.attr ? 1 : 0)), rest: i32(0) };
  if (e.dtype !== "int32") return undefined;
  if (e.op === "add" || e.op === "sub") {
    const [p, q] = e.args.map((x) => affineIn(x, vars));
    if (!p || !q) return undefined;
    const sign = e.op === "add" ? 1 : -1;
    return { coef: p.coef.map((c, i) => c + sign * q.coef[i]!), rest: e.op === "add" ? add(p.rest, q.rest) : sub(p.rest, q.rest) };
  }
  if (e.op === "mul" && e.args[1]!.op === "const") {
    const p = affineIn(e.args[0]!, vars);
    const c = e.args[1]!.value as number;
    return p ? { coef: p.coef.map((x) => x * c), rest: mul(p.rest, e.args[1]!) } : undefined;
  }
  return undefined;
}


/**
 * The elements `sum of coef[i] * v[i]` reaches for `0 <= v[i] < count[i]`, relative to the
 * constant part: from `lo` (at most 0) over `span` elements. WebAssembly kernels copy just this
 * window of an input into their memory, not the whole array.
 */
export function indexWindow(count: readonly number[], coef: readonly number[]): { lo: number; span: number } {
  let lo = 0;
  let span = 1;
  count.forEach((n, i) => {
    const reach = (n - 1) * coef[i]!;
    lo += Math.min(0, reach);
    span += Math.abs(reach);
  });
  return { lo, span };
}
