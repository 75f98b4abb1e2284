/**
 * A reference interpreter for scalar kernel expressions in tests: int32 index arithmetic
 * (truncating division, as the kernels do), comparisons, bool logic, selects and loads.
 */
import type { Exp } from "../src/compile/exp.js";

/** The value of `e` with variables (and `p<slot>` params) from `env` and loads from `inputs`. */
export function evaluate(e: Exp, env: Record<string, number>, inputs: ArrayLike<number>[] = []): number {
  const arg = (i: number) => evaluate(e.args[i]!, env, inputs);
  switch (e.op) {
    case "const": return Number(e.value);
    case "var": return env[e.attr as string]!;
    case "param": return env[`p${e.attr as number}`]!;
    case "load": return inputs[e.attr as number]![arg(0)] ?? NaN;
    case "select": return arg(0) ? arg(1) : arg(2);
    case "add": return e.dtype === "int32" ? (arg(0) + arg(1)) | 0 : arg(0) + arg(1);
    case "sub": return e.dtype === "int32" ? (arg(0) - arg(1)) | 0 : arg(0) - arg(1);
    case "mul": return e.dtype === "int32" ? Math.imul(arg(0), arg(1)) : arg(0) * arg(1);
    case "div": return e.dtype === "int32" ? (arg(0) / arg(1)) | 0 : arg(0) / arg(1);
    case "rem": return arg(0) % arg(1) | 0;
    case "lt": return Number(arg(0) < arg(1));
    case "le": return Number(arg(0) <= arg(1));
    case "gt": return Number(arg(0) > arg(1));
    case "ge": return Number(arg(0) >= arg(1));
    case "eq": return Number(arg(0) === arg(1));
    case "and": return Number(arg(0) && arg(1));
    case "or": return Number(arg(0) || arg(1));
    default: throw new Error(`evaluate: ${e.op}`);
  }
}
