/**
 * Turns of the JavaScript event loop. Work that only happens between tasks (finalization
 * callbacks that free unreachable arrays, Dawn releasing native objects) needs code that runs
 * for long to yield a task now and then; microtasks (`await` of a resolved promise) are not
 * enough.
 */
type Schedule = (fn: () => void) => void;
const g = globalThis as { setImmediate?: Schedule; setTimeout?: (fn: () => void, ms: number) => unknown };

/** Resolves in a later task (Node: after the pending I/O and finalization callbacks). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : g.setTimeout!(resolve, 0)));
}

/** Calls `fn` once, at the first of the next immediate and the next timer (either is a turn). */
export function afterTurn(fn: () => void): void {
  let done = false;
  const once = () => {
    if (!done) fn();
    done = true;
  };
  g.setImmediate?.(once);
  g.setTimeout?.(once, 0);
}
