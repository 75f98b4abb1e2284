/** `assertMaxTraces`: catches functions that jit retraces more often than expected. */
import { assertsEnabled } from "./config.js";
import { fail } from "./errors.js";
import { type Signature, diffSignatures, signatureOf } from "./signature.js";

interface Counter {
  count: number;
  signatures: Signature[];
}

const counters = new Map<string, Counter>();
const wrappedKeys = new WeakMap<Function, string>();

function identityKey(fn: Function): string {
  return wrappedKeys.get(fn) ?? `${fn.name}\u0000${fn.toString()}`;
}

/**
 * Wraps `fn` so that calling it more than `n` times fails; wrap *before* `jit`
 * (`jit(assertMaxTraces(fn, 1))`), where the function body only runs when jit traces it.
 * The count is shared by every function with the same name and source, so re-creating a
 * closure (or re-jitting it) in a loop is caught, as in chex. The failure names what changed
 * in the arguments since the previous trace: a shape, a dtype, a static value or the tree
 * structure. Reset with `clearTraceCounter()`.
 *
 * @example
 * const step = jit(assertMaxTraces((x: Array, n: number) => x.mul(n), 1), { staticArgnums: 1 });
 * step(np.ones([3]), 2);
 * step(np.ones([3]), 3); // CheckError: ... argument 1: static value changed from 2 to 3
 */
export function assertMaxTraces<F extends (...args: any[]) => any>(fn: F, n: number): F {
  const key = identityKey(fn);
  const name = fn.name || "(anonymous)";
  const wrapped = function (this: unknown, ...args: unknown[]) {
    if (assertsEnabled()) {
      let c = counters.get(key);
      if (!c) counters.set(key, (c = { count: 0, signatures: [] }));
      const sig = signatureOf(args);
      c.count++;
      const prev = c.signatures[c.signatures.length - 1];
      c.signatures.push(sig);
      if (c.count > n) {
        const diff = prev ? diffSignatures(prev, sig) : [];
        const why = diff.length
          ? `Trace ${c.count} differs from trace ${c.count - 1}: ${diff.join("; ")}.`
          : `Trace ${c.count} has the same argument signature as trace ${c.count - 1} (${sig.leaves.map((l) => l.desc).join(", ") || "no arguments"}): ` +
            "the function was re-wrapped (a new jit or closure per call, e.g. inside a loop) or is called without jit. Create the jitted function once and reuse it.";
        fail("assertMaxTraces", `function ${name} was traced ${c.count} times (max ${n}). ${why}`);
      }
    }
    return fn.apply(this, args);
  };
  Object.defineProperty(wrapped, "name", { value: fn.name });
  wrappedKeys.set(wrapped, key);
  return wrapped as unknown as F;
}

/**
 * Forgets every trace count of `assertMaxTraces` (or only `fn`'s), for test isolation.
 *
 * @example
 * afterEach(() => clearTraceCounter());
 */
export function clearTraceCounter(fn?: Function): void {
  if (fn) counters.delete(identityKey(fn));
  else counters.clear();
}

/**
 * How many times functions with `fn`'s identity (`fn` or its `assertMaxTraces` wrapper) were
 * traced so far.
 *
 * @example
 * expect(traceCountOf(step)).toBe(1);
 */
export function traceCountOf(fn: Function): number {
  return counters.get(identityKey(fn))?.count ?? 0;
}
