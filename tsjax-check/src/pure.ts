/** `assertPure`: a function must trace to the same program each time and leave its inputs alone. */
import { Array as JArray, type ClosedJaxpr, UnexpectedTracerError, introspect, makeJaxpr } from "tsjax-core";
import { assertsEnabled } from "./config.js";
import { fail } from "./errors.js";
import { checkWatched, watchTrace } from "./leaks.js";
import { diffSnapshots, snapshot } from "./snapshot.js";
import { shapeStr } from "./util.js";

function firstLineDiff(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `first difference at line ${i + 1}:\n  trace 1: ${la[i]?.trim() ?? "(end)"}\n  trace 2: ${lb[i]?.trim() ?? "(end)"}`;
  }
  return "";
}

function preview(v: ArrayLike<number>): string {
  const xs = Array.from(v).slice(0, 8);
  return `[${xs.join(", ")}${v.length > 8 ? ", ..." : ""}]`;
}

/**
 * Checks that `fn` behaves as a pure function of its arguments: it is traced twice (with
 * `makeJaxpr`; a `jit`-wrapped function has its cache cleared in between) and fails when
 * - the two traces differ (the function read state that changes: a module-level counter,
 *   `Math.random()`, `Date.now()`, an outer array that grew) — the message shows the first
 *   differing equation, or the captured constant whose value changed;
 * - the function mutated its JS arguments (a deep snapshot is compared; the message names
 *   the argument path);
 * - a traced value escaped into an outer variable (see `assertNoTracerLeaks`).
 * Works for functions wrapped in `jit`, `grad` and `vmap` too.
 *
 * @example
 * await assertPure((x: Array) => x.mul(2).sin(), np.ones([3]));           // passes
 * let calls = 0;
 * await assertPure((x: Array) => x.mul(++calls), np.ones([3]));           // CheckError: traced to different programs ...
 */
export async function assertPure(fn: (...args: any[]) => unknown, ...args: unknown[]): Promise<void> {
  if (!assertsEnabled()) return;
  const name = fn.name || "(anonymous)";
  const owner = () => undefined;
  let k = 0;
  const watched = (...a: unknown[]) => {
    watchTrace(introspect.currentTrace(), owner, name);
    // makeJaxpr rebuilds containers around the tracers: compare what fn itself received
    const before = snapshot(a, "args");
    const out = fn(...a);
    const d = diffSnapshots(before, snapshot(a, "args"));
    if (d) fail("assertPure", `${name} mutated its arguments (trace ${k}): ${d}. Pure functions return new values instead of changing their inputs.`);
    return out;
  };
  const clear = (fn as { clearCache?: () => void }).clearCache;
  const traces: ClosedJaxpr[] = [];
  let snap = snapshot(args, "args");
  for (k = 1; k <= 2; k++) {
    if (k === 2 && typeof clear === "function") clear.call(fn);
    try {
      traces.push(makeJaxpr(watched)(...(args as never[])));
    } catch (e) {
      if (!(e instanceof UnexpectedTracerError)) throw e;
      fail(
        "assertPure",
        `${name} used a traced value from an earlier trace (trace ${k}): it keeps traced values in outer state (a variable, ` +
          `closure or object) and reads them back on later calls. ${e.message}`,
      );
    }
    const after = snapshot(args, "args");
    const d = diffSnapshots(snap, after);
    if (d) fail("assertPure", `${name} mutated its arguments (trace ${k}): ${d}. Pure functions return new values instead of changing their inputs.`);
    snap = after;
  }
  const [t1, t2] = traces as [ClosedJaxpr, ClosedJaxpr];
  const s1 = String(t1);
  const s2 = String(t2);
  if (s1 !== s2) {
    fail(
      "assertPure",
      `${name} traced to different programs on two calls with the same arguments: it depends on something besides its ` +
        "arguments that changed between the calls (a module-level variable, Math.random(), Date.now(), an outer object it " +
        `mutates). ${firstLineDiff(s1, s2)}`,
    );
  }
  for (let i = 0; i < t1.consts.length; i++) {
    const [a, b] = [t1.consts[i]!, t2.consts[i]!];
    if (a === b || !(a instanceof JArray) || !(b instanceof JArray) || introspect.isTracer(a) || introspect.isTracer(b)) continue;
    const [va, vb] = [await a.data(), await b.data()];
    const same = va.length === vb.length && Array.from(va).every((v, j) => Object.is(v, vb[j]) || v === vb[j]);
    if (!same) {
      fail(
        "assertPure",
        `${name} captured an array (constant ${i} of the jaxpr, ${a.dtype}${shapeStr(a.shape)}) whose values differ between the two traces: ` +
          `${preview(va as ArrayLike<number>)} vs ${preview(vb as ArrayLike<number>)}. It reads an outer array that changes between calls; pass it as an argument.`,
      );
    }
  }
  await checkWatched("assertPure", owner);
}
