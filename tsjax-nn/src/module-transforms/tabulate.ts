/**
 * `evalSummary` and `tabulate` (haiku's `experimental.eval_summary`/`tabulate`): run a
 * transformed function abstractly (no computation) and report every module method call.
 */
import { type Array, type DType, evalShape, random, tree } from "tsjax-core";
import { currentFrame } from "../base/frame.js";
import { type MethodContext, interceptMethods } from "../base/module.js";
import { checkOptions } from "../util.js";
import { originalFunction, transformWithState } from "../transform/transform.js";

const DTYPE_SHORT: Record<DType, string> = {
  float32: "f32", float16: "f16", int32: "s32", uint32: "u32", int16: "s16", uint16: "u16", int8: "s8", uint8: "u8", bool: "bool", complex64: "c64",
};

/** `f32[8,784]`. */
function formatArray(x: { dtype: DType; shape: readonly number[] }): string {
  return `${DTYPE_SHORT[x.dtype]}[${x.shape.join(",")}]`;
}

/** `1.07 MB`, as haiku's `format_bytes` (powers of 1000). */
export function formatBytes(n: number): string {
  let v = n;
  let suffix = "B";
  for (const s of ["KB", "MB", "GB", "TB"]) {
    if (v < 1000) break;
    v /= 1000;
    suffix = s;
  }
  return `${v.toFixed(2)} ${suffix}`;
}

const isArray = (x: unknown): x is Array => !!x && typeof x === "object" && "shape" in x && "dtype" in x;

/** Arrays as `f32[2,3]`, the rest as JSON-ish text. */
function formatTree(x: unknown): string {
  if (isArray(x)) return formatArray(x);
  if (globalThis.Array.isArray(x)) return `[${x.map(formatTree).join(", ")}]`;
  if (x && typeof x === "object") return `{${Object.entries(x).map(([k, v]) => `${k}: ${formatTree(v)}`).join(", ")}}`;
  return String(x);
}

/** One module method call seen by `evalSummary`. */
export interface MethodInvocation {
  /** The module's path, e.g. `"mlp/~/linear_0"`. */
  moduleName: string;
  /** The module's class name. */
  className: string;
  methodName: string;
  /** The module's own parameters (not its children's), name → `f32[...]`. */
  ownedParams: Record<string, string>;
  /** Parameter count and bytes of the module and its submodules. */
  paramCount: number;
  paramBytes: number;
  /** The arguments and the output, arrays written as `f32[8,784]`. */
  input: string;
  output: string;
  /** The modules whose methods were running, outermost first (`"mlp (MLP)"`). */
  callStack: string[];
}

function runAbstract(f: (...args: any[]) => unknown, args: unknown[]): MethodInvocation[] {
  const log: (MethodInvocation | null)[] = [];
  const logged = (...a: unknown[]) =>
    interceptMethods((next, callArgs, ctx: MethodContext) => {
      const idx = log.length;
      log.push(null);
      const out = next(...callArgs);
      const frame = currentFrame("tabulate");
      const params = ctx.module.paramsDict();
      const owned: Record<string, string> = {};
      const own = frame.params[ctx.module.moduleName] ?? {};
      for (const [k, v] of Object.entries(own).sort((p, q) => q[1].size - p[1].size || (p[0] < q[0] ? -1 : 1))) owned[k] = formatArray(v);
      const leaves = Object.values(params);
      log[idx] = {
        moduleName: ctx.module.moduleName,
        className: ctx.module.constructor.name,
        methodName: ctx.methodName,
        ownedParams: owned,
        paramCount: leaves.reduce((n, x) => n + x.size, 0),
        paramBytes: leaves.reduce((n, x) => n + x.size * (x.dtype === "float16" ? 2 : x.dtype === "bool" ? 1 : 4), 0),
        input: callArgs.map(formatTree).join(", "),
        output: formatTree(out),
        callStack: frame.scopes
          .filter((s) => s.module)
          .map((s) => `${s.module!.moduleName} (${s.module!.constructor.name}${s.methodName === "call" ? "" : `.${s.methodName}`})`),
      };
      return out;
    }, () => f(...a));
  const original = transformWithState(f);
  const withLog = transformWithState(logged);
  // Array leaves of the arguments are traced (nothing is computed); the rest stay as they are.
  const [leaves, def] = tree.flatten(args);
  const arrayIdx = leaves.map((l, i) => (isArray(l) ? i : -1)).filter((i) => i >= 0);
  const run = (key: Array, ...arrays: Array[]) => {
    const ls = [...leaves];
    arrayIdx.forEach((li, j) => (ls[li] = arrays[j]));
    const a = tree.unflatten<unknown[]>(def, ls);
    const keys = random.split(key);
    const [params, state] = original.init(keys.get(0), ...a);
    withLog.apply(params, state, keys.get(1), ...a);
    return null;
  };
  evalShape(run as (...x: unknown[]) => unknown, random.key(42), ...(arrayIdx.map((i) => leaves[i]) as Array[]));
  return log.filter((x): x is MethodInvocation => x !== null);
}

/**
 * Records every module method call that `f` (a function using modules, or the result of
 * `transform`) makes on these arguments, without computing anything.
 *
 * @example
 * const calls = evalSummary(forward)(x);
 * calls.map((c) => `${c.moduleName}: ${c.input} -> ${c.output}`);
 */
export function evalSummary<A extends unknown[]>(f: ((...args: A) => unknown) | { init: (...a: any[]) => unknown; apply: (...a: any[]) => unknown }) {
  const fn = typeof f === "function" ? f : originalFunction(f);
  if (!fn) throw new TypeError("evalSummary: expected a function using modules, or the result of transform/transformWithState.");
  return (...args: A): MethodInvocation[] => runAbstract(fn as (...a: unknown[]) => unknown, args);
}

/** Draws rows of multi-line cells as a grid (as the `tabulate` package's "grid" format). */
function grid(headers: string[], rows: string[][], alignRight: boolean[]): string {
  const cells = [headers, ...rows].map((r) => r.map((c) => c.split("\n")));
  const widths = headers.map((_, j) => Math.max(...cells.map((r) => Math.max(...r[j]!.map((l) => l.length)))));
  const line = (ch: string) => `+${widths.map((w) => ch.repeat(w + 2)).join("+")}+`;
  const render = (r: string[][]) => {
    const height = Math.max(...r.map((c) => c.length));
    return globalThis.Array.from({ length: height }, (_, i) =>
      `|${r.map((c, j) => ` ${alignRight[j] ? (c[i] ?? "").padStart(widths[j]!) : (c[i] ?? "").padEnd(widths[j]!)} `).join("|")}|`,
    ).join("\n");
  };
  return [line("-"), render(cells[0]!), line("="), ...cells.slice(1).flatMap((r) => [render(r), line("-")])].join("\n");
}

const COLUMNS = {
  module: { header: "Module", right: false, f: (m: MethodInvocation) => m.callStack.join("\n └ ") },
  owned_params: { header: "Module params", right: false, f: (m: MethodInvocation) => Object.entries(m.ownedParams).map(([k, v]) => `${k}: ${v}`).join("\n") },
  input: { header: "Input", right: false, f: (m: MethodInvocation) => m.input },
  output: { header: "Output", right: false, f: (m: MethodInvocation) => m.output },
  params_size: { header: "Param count", right: true, f: (m: MethodInvocation) => m.paramCount.toLocaleString("en-US") },
  params_bytes: { header: "Param bytes", right: true, f: (m: MethodInvocation) => formatBytes(m.paramBytes) },
} as const;

/** A column of `tabulate`. */
export type TabulateColumn = keyof typeof COLUMNS;

const FILTERS = {
  has_output: (m: MethodInvocation) => m.output !== "undefined",
  has_params: (m: MethodInvocation) => m.paramCount > 0,
} as const;

/** A row filter of `tabulate`: calls that return something (default), or modules that have parameters. */
export type TabulateFilter = keyof typeof FILTERS;

/**
 * A table of every module method call of `f` on these arguments: the module path (with the
 * modules calling it), its own parameters, input and output shapes, and parameter count and
 * bytes (of the module and its children). Nothing is computed. `filters` keep calls that return
 * something (`"has_output"`, the default) and/or modules with parameters (`"has_params"`).
 *
 * @example
 * console.log(tabulate(transform((x: Array) => new MLP([300, 100, 10]).call(x)))(np.ones([8, 784])));
 * // +---------------------------+----------------+-----------+----------+-------------+-------------+
 * // | Module                    | Module params  | Input     | Output   | Param count | Param bytes |
 * // ...
 */
export function tabulate<A extends unknown[]>(
  f: ((...args: A) => unknown) | { init: (...a: any[]) => unknown; apply: (...a: any[]) => unknown },
  opts: { columns?: readonly TabulateColumn[]; filters?: readonly TabulateFilter[] } = {},
) {
  checkOptions("tabulate", opts, ["columns", "filters"]);
  const filters = opts.filters ?? ["has_output"];
  const badFilters = filters.filter((c) => !(c in FILTERS));
  if (badFilters.length) throw new TypeError(`tabulate: unknown filter(s) ${badFilters.join(", ")}; the filters are ${Object.keys(FILTERS).join(", ")}.`);
  const columns = opts.columns ?? (Object.keys(COLUMNS) as TabulateColumn[]);
  const bad = columns.filter((c) => !(c in COLUMNS));
  if (bad.length) throw new TypeError(`tabulate: unknown column(s) ${bad.join(", ")}; the columns are ${Object.keys(COLUMNS).join(", ")}.`);
  const summary = evalSummary(f);
  return (...args: A): string => {
    const rows = summary(...args).filter((m) => filters.every((f) => FILTERS[f](m)));
    if (!rows.length) return "No modules matching filters.";
    return grid(
      columns.map((c) => COLUMNS[c].header),
      rows.map((r) => columns.map((c) => COLUMNS[c].f(r))),
      columns.map((c) => COLUMNS[c].right),
    );
  };
}
