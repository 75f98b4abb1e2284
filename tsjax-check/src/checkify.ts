/**
 * Runtime value checks that work inside `jit`, `vmap` and `grad` (JAX's `checkify`): the
 * checks' failure flags become extra outputs of the traced (and compiled) function, and are
 * read after the call.
 */
import { Array as JArray, type ArrayLike as JArrayLike, introspect, makeJaxpr, np, tree } from "tsjax-core";
import { CheckError } from "./errors.js";
import { shapeStr } from "./util.js";

/** Which checks `checkify` adds: `user` (`check` calls), NaN/Inf produced by any operation, integer/float division by zero. */
export type ErrorKind = "user" | "nan" | "inf" | "div";
/** `["user"]`: only explicit `check` calls. */
export const userChecks: readonly ErrorKind[] = ["user"];
/** `["nan", "inf", "div"]`. */
export const floatChecks: readonly ErrorKind[] = ["nan", "inf", "div"];
/** Every kind of check. */
export const allChecks: readonly ErrorKind[] = ["user", "nan", "inf", "div"];

interface Recorded {
  /** True (per batch element under vmap) where the check failed. */
  failed: JArray;
  message: string;
  fmt: Record<string, JArray>;
  order: number;
}

interface Context {
  records: Recorded[];
  level: number;
}

const contexts: Context[] = [];

function formatMessage(message: string, values: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

function preview(v: number[], shape: readonly number[]): string {
  if (shape.length === 0) return String(v[0]);
  return `[${v.slice(0, 16).join(", ")}${v.length > 16 ? ", ..." : ""}]`;
}

/**
 * Adds a runtime check: inside a `checkify`-ed function, `pred` must be true everywhere or
 * the returned error reports `message` (with `{name}` replaced by the values of `fmt`).
 * Outside `checkify`, a concrete `pred` is checked at once (CPU: synchronous read).
 *
 * @example
 * const safeLog = checkify((x: Array) => {
 *   check(x.gt(0), "log of a non-positive value: {x}", { x });
 *   return x.log();
 * });
 */
export function check(pred: JArray | boolean, message: string, fmt: Record<string, JArrayLike> = {}): void {
  const ctx = contexts[contexts.length - 1];
  if (!ctx) {
    if (typeof pred === "boolean") {
      if (!pred) throw new CheckError("check", formatMessage(message, Object.fromEntries(Object.entries(fmt).map(([k, v]) => [k, String(v)]))));
      return;
    }
    if (introspect.isTracer(pred)) {
      throw new TypeError(
        `check: ${introspect.describeTracer(pred)} is traced, so the check must be functionalized: call the function through checkify ` +
          "(e.g. jit(checkify(f))) and read the returned error (await err.throw()).",
      );
    }
    const ok = (np.all(pred).dataSync() as ArrayLike<number>)[0];
    if (!ok) {
      const vals = Object.fromEntries(Object.entries(fmt).map(([k, v]) => [k, v instanceof JArray ? preview(Array.from(v.dataSync() as ArrayLike<number>, Number), v.shape) : String(v)]));
      throw new CheckError("check", formatMessage(message, vals));
    }
    return;
  }
  const p = typeof pred === "boolean" ? np.asarray(pred) : pred;
  const level = introspect.traceOf(p)?.level ?? 0;
  if (level > ctx.level) {
    throw new TypeError(
      `check: the predicate is ${introspect.describeTracer(p)}, a value of a transformation nested inside checkify. ` +
        "Move checkify inside that transformation (jit(checkify(f)), vmap(checkify(f)), not checkify(jit(f))).",
    );
  }
  const failed = np.logicalNot(np.all(p));
  ctx.records.push({ failed, message, fmt: Object.fromEntries(Object.entries(fmt).map(([k, v]) => [k, np.asarray(v)])), order: ctx.records.length });
}

interface ErrorMeta {
  messages: string[];
  fmtKeys: string[][];
}

/**
 * The error value of a `checkify`-ed function: a pytree (so `jit` and `vmap` can return it)
 * of failure flags and message arguments. Read it with `await err.get()` or `await err.throw()`.
 *
 * @example
 * const [err, y] = jit(checkify(f))(x);
 * await err.throw(); // throws a CheckError with the first failing check's message
 */
export class CheckifyError {
  readonly #meta: ErrorMeta;
  readonly #flags: JArray[];
  readonly #fmt: JArray[][];

  constructor(meta: ErrorMeta, flags: JArray[], fmt: JArray[][]) {
    this.#meta = meta;
    this.#flags = flags;
    this.#fmt = fmt;
  }

  /** @internal Builds an error from recorded checks (in program order). */
  static fromRecords(records: readonly Recorded[]): CheckifyError {
    const sorted = [...records].sort((a, b) => a.order - b.order);
    return new CheckifyError(
      { messages: sorted.map((r) => r.message), fmtKeys: sorted.map((r) => Object.keys(r.fmt)) },
      sorted.map((r) => r.failed),
      sorted.map((r) => Object.values(r.fmt)),
    );
  }

  [tree.treeNode]() {
    const meta = this.#meta;
    const counts = this.#fmt.map((f) => f.length);
    return {
      children: [...this.#flags, ...this.#fmt.flat()],
      aux: { ...meta, counts },
      rebuild: (children: unknown[]) => {
        const flags = children.slice(0, meta.messages.length) as JArray[];
        let k = meta.messages.length;
        const fmt = counts.map((c) => children.slice(k, (k += c)) as JArray[]);
        return new CheckifyError(meta, flags, fmt);
      },
    };
  }

  /** Number of checks recorded. */
  get numChecks(): number {
    return this.#flags.length;
  }

  /**
   * The message of the first failing check (program order), or undefined when all passed.
   *
   * @example
   * const msg = await err.get();
   */
  async get(): Promise<string | undefined> {
    for (let i = 0; i < this.#flags.length; i++) {
      const flag = this.#flags[i]!;
      if (introspect.isTracer(flag)) throw new TypeError("CheckifyError.get: the error is traced; return it from the transformation and read it outside.");
      const f = Array.from(await flag.data(), Number);
      const b = f.findIndex((v) => v !== 0);
      if (b < 0) continue;
      const values: Record<string, string> = {};
      for (const [j, key] of this.#meta.fmtKeys[i]!.entries()) {
        const a = this.#fmt[i]![j]!;
        const v = Array.from(await a.data(), Number);
        // under vmap, flags and arguments carry a leading batch axis: show the failing element
        if (flag.shape.length > 0 && a.shape.length >= flag.shape.length && a.shape.slice(0, flag.shape.length).join() === flag.shape.join()) {
          const inner = a.shape.slice(flag.shape.length);
          const n = inner.reduce((x, y) => x * y, 1);
          values[key] = preview(v.slice(b * n, (b + 1) * n), inner);
        } else values[key] = preview(v, a.shape);
      }
      const where = flag.shape.length ? ` (at batch index ${b})` : "";
      return formatMessage(this.#meta.messages[i]!, values) + where;
    }
    return undefined;
  }

  /**
   * Throws a `CheckError` with the first failing check's message, if any.
   *
   * @example
   * await err.throw();
   */
  async throw(): Promise<void> {
    const msg = await this.get();
    if (msg !== undefined) throw new CheckError("check", msg);
  }

  toString(): string {
    return `CheckifyError(${this.#meta.messages.length} check(s): ${this.#meta.messages.join("; ")})`;
  }
}

/** Options of `checkify`. */
export interface CheckifyOptions {
  /** The checks to add (default `userChecks`: only `check` calls). */
  errors?: readonly ErrorKind[];
}

function autoChecks(kinds: Set<ErrorKind>, e: { primitive: string; inputs: JArray[]; outputs: JArray[] }, order: number, out: Recorded[]): void {
  for (const o of e.outputs) {
    if (o.dtype !== "float32" && o.dtype !== "float16") continue;
    const at = `(equation ${order}, output ${o.dtype}${shapeStr(o.shape)})`;
    if (kinds.has("nan")) out.push({ failed: np.any(np.isnan(o)), message: `nan generated by primitive ${e.primitive} ${at}`, fmt: {}, order: order + 0.1 });
    if (kinds.has("inf")) out.push({ failed: np.any(np.isinf(o)), message: `inf generated by primitive ${e.primitive} ${at}`, fmt: {}, order: order + 0.2 });
  }
  if (kinds.has("div") && (e.primitive === "div" || e.primitive === "rem") && e.inputs[1]) {
    out.push({ failed: np.any(np.equal(e.inputs[1], 0)), message: `division by zero in primitive ${e.primitive} (equation ${order})`, fmt: {}, order: order + 0.05 });
  }
}

/**
 * Functionalizes runtime checks: returns a function giving `[err, out]`, where `err` records
 * every `check` made by `fn` (and, with `errors`, NaN/Inf produced by any operation and
 * divisions by zero). Put `checkify` inside `jit`/`vmap` (`jit(checkify(f))`): the checks then
 * run in the compiled program and the error comes back as an output.
 *
 * @example
 * const f = (x: Array) => { check(x.gt(0).all(), "x must be positive, got {x}", { x }); return x.log(); };
 * const [err, y] = jit(checkify(f))(np.array([1, -2]));
 * await err.throw(); // CheckError: [tsjax-check] check failed: x must be positive, got [1, -2]
 * const [err2] = checkify((x: Array) => x.log(), { errors: floatChecks })(np.array([-1]));
 * await err2.get(); // "nan generated by primitive log (equation 0, output float32[1])"
 */
export function checkify<A extends unknown[], R>(fn: (...args: A) => R, opts: CheckifyOptions = {}): (...args: A) => [CheckifyError, R] {
  const kinds = new Set<ErrorKind>(opts.errors ?? userChecks);
  const auto = kinds.has("nan") || kinds.has("inf") || kinds.has("div");
  const run = (args: A): [Recorded[], R] => {
    const ctx: Context = { records: [], level: introspect.currentTrace().level };
    contexts.push(ctx);
    try {
      return [ctx.records, fn(...args)];
    } finally {
      contexts.pop();
    }
  };
  const checked = (...args: A): [CheckifyError, R] => {
    if (!auto) {
      const [records, out] = run(args);
      return [CheckifyError.fromRecords(records), out];
    }
    const [leaves, def] = tree.flatten(args);
    const arrayIdx = leaves.map((l, i) => (l instanceof JArray ? i : -1)).filter((i) => i >= 0);
    let outDef: ReturnType<typeof tree.structure> | undefined;
    let nOut = 0;
    let meta: { message: string; keys: string[] }[] = [];
    const flat = (...xs: JArray[]): JArray[] => {
      const ls = [...leaves];
      arrayIdx.forEach((li, j) => (ls[li] = xs[j]));
      const [records, out] = run(tree.unflatten<A>(def, ls));
      const [outs, od] = tree.flatten(out);
      outDef = od;
      nOut = outs.length;
      meta = records.map((r) => ({ message: r.message, keys: Object.keys(r.fmt) }));
      return [...outs.map((o) => (o instanceof JArray ? o : np.asarray(o as number))), ...records.flatMap((r) => [r.failed, ...Object.values(r.fmt)])];
    };
    const arrays = arrayIdx.map((i) => leaves[i] as JArray);
    const closed = makeJaxpr(flat)(...arrays);
    const produced = new Map<JArray, number>();
    const autoRecords: Recorded[] = [];
    let eqn = 0;
    const results = introspect.evalJaxpr(closed, arrays, (e) => {
      e.outputs.forEach((o) => produced.set(o, eqn));
      autoChecks(kinds, e, eqn, autoRecords);
      eqn++;
    });
    const userRecords: Recorded[] = [];
    let k = nOut;
    for (const m of meta) {
      const failed = results[k++]!;
      const fmt: Record<string, JArray> = {};
      for (const key of m.keys) fmt[key] = results[k++]!;
      userRecords.push({ failed, message: m.message, fmt, order: (produced.get(failed) ?? -1) + 0.5 });
    }
    const out = tree.unflatten<R>(outDef!, results.slice(0, nOut));
    return [CheckifyError.fromRecords([...(kinds.has("user") ? userRecords : []), ...autoRecords]), out];
  };
  return checked;
}
