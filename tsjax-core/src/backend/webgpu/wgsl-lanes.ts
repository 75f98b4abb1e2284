/**
 * Four-lane splits of kernel expressions for the WebGPU reduction and row kernels: a variable
 * `v` becomes `4 * v4 + k` for lanes k < 4, and the loads whose index is `v + rest` (rest a
 * multiple of 4 whatever the other variables) read component k of one `vec4` at `v4 + rest / 4`.
 * On lavapipe every storage load is a per-lane gather, so a `vec4` load moves four elements for
 * the price of about one.
 *
 * A vector load is spelled in the expression as a `load` of argument `arg + VEC_ARG * (k + 1)`
 * at the vector index; `vectorSyntax` renders it, and renders the other loads of an input bound
 * as `vec4`s by splitting their index.
 */
import type { DType } from "../../dtype.js";
import { affineIn } from "../../compile/affine.js";
import { Exp, add, div, i32, mul } from "../../compile/exp.js";
import type { Syntax } from "../../compile/codegen/emitter.js";
import type { Binding } from "./wgsl.js";
import { wgslType } from "./wgsl-ops.js";

/** Elements of one vector. */
export const VEC = 4;
/** Offset of the argument numbers that encode a vector load's lane (see the file comment). */
const VEC_ARG = 1 << 20;
/** Input dtypes whose storage is 32 bits wide, read as `vec4`s. */
export const VEC_STORAGE: ReadonlySet<DType> = new Set<DType>(["float32", "int32", "uint32", "bool"]);

/** Whether an int32 index expression is a multiple of 4 for all values of its variables. */
function multipleOf4(e: Exp): boolean {
  switch (e.op) {
    case "const": return (e.value as number) % VEC === 0;
    case "mul": return multipleOf4(e.args[0]!) || multipleOf4(e.args[1]!);
    case "add": case "sub": return multipleOf4(e.args[0]!) && multipleOf4(e.args[1]!);
    default: return false;
  }
}

/** `rest` when `index` is `v + rest` with rest a multiple of 4, else undefined. */
function contiguousRest(index: Exp, v: string): Exp | undefined {
  const a = affineIn(index, [v]);
  return a && a.coef[0] === 1 && multipleOf4(a.rest) ? a.rest : undefined;
}

const rebuild = (x: Exp, args: Exp[]) => (args.every((a, i) => a === x.args[i]) ? x : new Exp(x.op, x.dtype, args, x.attr));

/**
 * `e` at lane `k` of the split of variable `v` into `4 * v4 + k`, with loads contiguous in `v`
 * turned into vector loads (their inputs are added to `vecArgs`). `memo` is per lane.
 */
export function splitLane(e: Exp, v: string, v4: Exp, k: number, inputs: readonly DType[], vecArgs: Set<number>, memo = new Map<Exp, Exp>()): Exp {
  const at = add(mul(v4, i32(VEC)), i32(k));
  const go = (x: Exp): Exp => {
    const known = memo.get(x);
    if (known) return known;
    let out: Exp;
    if (x.op === "var") out = x.attr === v ? at : x;
    else if (x.op === "load" && (x.attr as number) < VEC_ARG && VEC_STORAGE.has(inputs[x.attr as number]!)) {
      const arg = x.attr as number;
      const rest = contiguousRest(x.args[0]!, v);
      if (rest) {
        vecArgs.add(arg);
        out = new Exp("load", x.dtype, [add(v4, div(rest, i32(VEC)))], arg + VEC_ARG * (k + 1));
      } else out = rebuild(x, x.args.map(go));
    } else out = x.args.length > 0 ? rebuild(x, x.args.map(go)) : x;
    memo.set(x, out);
    return out;
  };
  return go(e);
}

/** Whether some load in `e` is contiguous in `v` (a `splitLane` of it reads vectors). */
export function readsContiguous(e: Exp, v: string, inputs: readonly DType[]): boolean {
  const found = new Set<number>();
  splitLane(e, v, i32(0), 0, inputs, found);
  return found.size > 0;
}

/** The syntax with vector loads (see the file comment); inputs in `vecArgs` are bound as `vec4`s. */
export function vectorSyntax(base: Syntax, vecArgs: ReadonlySet<number>): Syntax {
  const asValue = (v: string, dtype: DType) => (dtype === "bool" ? `(${v} != 0u)` : v);
  // each vector is loaded once, into a `let` named after the first of its lanes to be read
  // (index temporaries are named once per emitter, so a vector's load is never ambiguous)
  const vectors = new Map<string, string>();
  return {
    ...base,
    let(name, dtype, expr) {
      const m = /^\(?(in\d+\[[^\]]+\])\.([xyzw])( != 0u\))?$/.exec(expr);
      if (!m) return base.let(name, dtype, expr);
      const known = vectors.get(m[1]!);
      const lane = `${known ?? `${name}v`}.${m[2]}`;
      const value = base.let(name, dtype, m[3] ? `(${lane} != 0u)` : lane);
      if (known) return value;
      vectors.set(m[1]!, `${name}v`);
      return `let ${name}v = ${m[1]};\n${value}`;
    },
    load(arg, index, dtype) {
      if (arg >= VEC_ARG) return asValue(`in${arg % VEC_ARG}[${index}].${"xyzw"[Math.floor(arg / VEC_ARG) - 1]}`, dtype);
      if (vecArgs.has(arg)) return asValue(`in${arg}[u32(${index}) >> 2u][u32(${index}) & 3u]`, dtype);
      return base.load(arg, index, dtype);
    },
  };
}

/** Input bindings, `vec4`s for the inputs in `vecArgs`. */
export function vectorInputBindings(inputs: readonly DType[], vecArgs: ReadonlySet<number>): Binding[] {
  return inputs.map((d, i) => {
    const t = d === "bool" ? "u32" : wgslType(d);
    return { name: `in${i}`, type: vecArgs.has(i) ? `vec4<${t}>` : t, access: "read" as const };
  });
}

/** A shader from `assemble` given the subgroup builtins `sgid` and `sgsize`. */
export function withSubgroups(src: string): string {
  const sig = "@builtin(local_invocation_index) lid: u32";
  if (!src.includes(sig)) throw new Error("internal: kernel entry point not found");
  const main = src.replace(sig, `${sig}, @builtin(subgroup_invocation_id) sgid: u32, @builtin(subgroup_size) sgsize: u32`);
  return `enable subgroups;\n${main}`;
}
