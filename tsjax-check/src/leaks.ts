/** `assertNoTracerLeaks`: catches traced values that escape the function that traced them. */
import { type Array as JArray, type TraceInfo, introspect } from "tsjax-core";
import { assertsEnabled } from "./config.js";
import { fail } from "./errors.js";
import { collectGarbage } from "./gc.js";
import { findTracers } from "./snapshot.js";

interface Pending {
  ref: WeakRef<TraceInfo>;
  owner: Function;
  fnName: string;
  label: string;
}

let pending: Pending[] = [];

/** A function wrapped by `assertNoTracerLeaks`. */
export type LeakChecked<F> = F & {
  /** Collects garbage and fails if a finished trace of this function is still referenced. */
  check(): Promise<void>;
};

function describe(t: JArray): string {
  return introspect.describeTracer(t) ?? "a tracer";
}

/** Records a trace of `owner` to be checked once it finished. */
export function watchTrace(trace: TraceInfo, owner: Function, fnName: string): void {
  if (trace.level === 0 || pending.some((p) => p.ref.deref() === trace && p.owner === owner)) return;
  pending.push({ ref: new WeakRef(trace), owner, fnName, label: trace.label });
}

/** Fails for every finished, still-referenced trace of `owner` (of any owner when undefined). */
export async function checkWatched(assertion: string, owner?: Function): Promise<void> {
  if (!pending.some((p) => !owner || p.owner === owner)) return;
  if (!(await collectGarbage())) {
    throw new Error(`${assertion}: needs a garbage collector to see escaped tracers; run Node (which exposes one through node:v8) or start the runtime with --expose-gc.`);
  }
  const leaks: Pending[] = [];
  pending = pending.filter((p) => {
    if (owner && p.owner !== owner) return true;
    const t = p.ref.deref();
    if (!t) return false;
    if (!t.finished) return true;
    leaks.push(p);
    return false;
  });
  if (leaks.length) {
    const l = leaks[0]!;
    fail(
      assertion,
      `a value traced inside ${l.fnName} escaped ${l.label}: the trace finished, but one of its tracers is still referenced ` +
        "(stored in an outer variable, a closure, a global or an object outside the function). Using it later throws " +
        `UnexpectedTracerError; return the value from the function instead.${leaks.length > 1 ? ` (${leaks.length} leaking traces in all.)` : ""}`,
    );
  }
}

/**
 * Wraps `fn` so that traced values escaping it are reported. Use it under any
 * transformation: `jit(assertNoTracerLeaks(f))`, `grad(...)`, `vmap(...)`.
 *
 * - At each call (synchronously): fails if `fn` stored a new tracer into its arguments or
 *   `this`, or returned a tracer of a transformation that already finished (leaked from an
 *   inner transformation).
 * - `await wrapped.check()` (or `checkTracerLeaks()` for every wrapped function): collects
 *   garbage and fails if a finished trace of `fn` is still referenced, i.e. a tracer was kept
 *   in an outer variable, closure or object (JAX's `checking_leaks`).
 *
 * @example
 * let saved: Array | undefined;
 * const f = assertNoTracerLeaks((x: Array) => { saved = x.mul(2); return x.sin(); });
 * jit(f)(np.ones([3]));
 * await f.check(); // CheckError: a value traced inside f escaped jit(f) ...
 */
export function assertNoTracerLeaks<F extends (...args: any[]) => any>(fn: F): LeakChecked<F> {
  const name = fn.name || "(anonymous)";
  const wrapped = function (this: unknown, ...args: unknown[]) {
    if (!assertsEnabled()) return fn.apply(this, args);
    const trace = introspect.currentTrace();
    const before = new Set(findTracers([args, this], "").map((t) => t.tracer));
    const out = fn.apply(this, args);
    for (const [root, label] of [[args, "arguments"], [this, "this"]] as const) {
      const found = findTracers(root, label === "this" ? "this" : "args").filter((t) => !before.has(t.tracer));
      if (found.length) {
        const f = found[0]!;
        fail("assertNoTracerLeaks", `${name} stored ${describe(f.tracer)} in ${f.path}: a traced value escaped through its ${label}. Return it instead of storing it.`);
      }
    }
    const stale = findTracers(out, "result").filter((t) => introspect.traceOf(t.tracer)?.finished);
    if (stale.length) {
      const s = stale[0]!;
      fail("assertNoTracerLeaks", `${name} returned ${describe(s.tracer)} at ${s.path}, a tracer of a transformation that already finished: it leaked out of an inner transformation.`);
    }
    watchTrace(trace, wrapped, name);
    return out;
  } as unknown as LeakChecked<F>;
  Object.defineProperty(wrapped, "name", { value: fn.name });
  wrapped.check = () => checkWatched("assertNoTracerLeaks", wrapped);
  return wrapped;
}

/**
 * Checks every function wrapped with `assertNoTracerLeaks` (and traced by `assertPure`) for
 * tracers kept after their transformation finished.
 *
 * @example
 * afterEach(async () => { await checkTracerLeaks(); });
 */
export async function checkTracerLeaks(): Promise<void> {
  await checkWatched("assertNoTracerLeaks");
}
