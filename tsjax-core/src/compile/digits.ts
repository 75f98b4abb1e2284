/**
 * Digits of a reduction variable. Lowering rules that reduce over several axes at once (a
 * convolution over input channels and window taps, a dot over several contracting axes) unravel
 * one variable r into its digits with `r / s` and `r % n`; those are not affine in r, but they
 * are affine in the digits. Rewriting them as separate loop variables lets the CPU backend's
 * WebAssembly packer treat an im2col factor as affine loads under range conditions.
 */
import { Exp, add, i32, mul, variable } from "./exp.js";

export interface DigitSplit {
  /** The digits, most significant first: r = sum of variable(name) * stride, 0 <= digit < size. */
  digits: { name: string; size: number; stride: number }[];
  /** The expression with every use of r written in terms of the digits. */
  value: Exp;
}

/** `r / stride` (undefined for r itself, stride 1) when `e` is r or a positive constant division of it. */
function quotient(e: Exp, r: string): number | undefined {
  if (e.op === "var" && e.attr === r) return 1;
  if (e.op === "div" && e.args[0]!.op === "var" && e.args[0]!.attr === r && e.args[1]!.op === "const" && (e.args[1]!.value as number) > 0) {
    return e.args[1]!.value as number;
  }
  return undefined;
}

/**
 * `e` with r (a variable over [0, K)) replaced by digits whose strides are those its divisions
 * and remainders use (r itself counts as the sum of all digits), or undefined when the strides
 * do not nest (each dividing the next, and the largest dividing K).
 */
export function splitIntoDigits(e: Exp, r: string, K: number, prefix: string): DigitSplit | undefined {
  // strides: each s of r / s and r / s % n, and s * n
  const strides = new Set<number>([1]);
  const seen = new Set<Exp>();
  const scan = (x: Exp) => {
    if (seen.has(x)) return;
    seen.add(x);
    const q = quotient(x, r);
    if (q !== undefined) {
      strides.add(q);
      return;
    }
    if (x.op === "rem" && x.args[1]!.op === "const") {
      const s = quotient(x.args[0]!, r);
      if (s !== undefined) {
        strides.add(s).add(s * (x.args[1]!.value as number));
        return;
      }
    }
    x.args.forEach(scan);
  };
  scan(e);
  const sorted = [...strides].filter((s) => s < K).sort((a, b) => a - b);
  if (sorted.some((s, i) => (i + 1 < sorted.length ? sorted[i + 1]! : K) % s !== 0)) return undefined;
  const digits = sorted
    .map((stride, i) => ({ name: `${prefix}${i}`, size: (i + 1 < sorted.length ? sorted[i + 1]! : K) / stride, stride }))
    .reverse();
  // the value of r / lo % (hi / lo) from the digits of strides in [lo, hi)
  const between = (lo: number, hi: number): Exp | undefined => {
    let sum: Exp | undefined;
    for (const d of digits) {
      if (d.stride < lo || d.stride >= hi) continue;
      const term = d.stride === lo ? variable(d.name) : mul(variable(d.name), i32(d.stride / lo));
      sum = sum ? add(sum, term) : term;
    }
    return sum ?? i32(0);
  };
  const memo = new Map<Exp, Exp>();
  const rewrite = (x: Exp): Exp => {
    const done = memo.get(x);
    if (done) return done;
    let out: Exp | undefined;
    const q = quotient(x, r);
    if (q !== undefined) out = between(q, Infinity);
    else if (x.op === "rem" && x.args[1]!.op === "const" && quotient(x.args[0]!, r) !== undefined) {
      const s = quotient(x.args[0]!, r)!;
      out = between(s, s * (x.args[1]!.value as number));
    } else {
      const args = x.args.map(rewrite);
      out = args.every((a, i) => a === x.args[i]) ? x : new Exp(x.op, x.dtype, args, x.attr);
    }
    memo.set(x, out!);
    return out!;
  };
  return { digits, value: rewrite(e) };
}
