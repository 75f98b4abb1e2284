/**
 * The frame's params, state and key as a pytree (haiku's `InternalState`), so that module
 * transforms can pass them into a core transformation and take the changes back out.
 * @internal
 */
import type { Array } from "tsjax-core";
import { type Params, type StateBundle, currentFrame, withFrame, withTraceLevel } from "../base/frame.js";
import { PRNGSequence } from "../base/rng.js";

/** Params (or null when left out), state pairs, and the current key (or null). */
export interface InternalState {
  params: Params | null;
  state: StateBundle;
  rng: Array | null;
}

/** A copy of the nested records (the arrays themselves are shared). */
function copyRecords<T>(x: T): T {
  if (x === null || typeof x !== "object" || !isPlainRecord(x)) return x;
  return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, copyRecords(v)])) as T;
}

function isPlainRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype;
}

/** The current frame's internal state (a fresh structure around the same arrays). */
export function internalState(opts: { params?: boolean } = {}): InternalState {
  const frame = currentFrame("internalState");
  return {
    params: opts.params ?? true ? copyRecords(frame.params) : null,
    state: copyRecords(frame.state),
    rng: frame.rng?.key ?? null,
  };
}

/** Writes `src`'s non-null entries into `dst`, recursing into plain records (pairs are leaves). */
function updateRecursive(dst: Record<string, unknown>, src: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(src)) {
    if (isPlainRecord(v)) {
      const d = (dst[k] ??= {}) as Record<string, unknown>;
      updateRecursive(d, v);
    } else if (v !== null && v !== undefined) {
      dst[k] = v;
    }
  }
}

/** Merges a (difference) internal state back into the current frame. */
export function updateInternalState(s: InternalState): void {
  const frame = currentFrame("updateInternalState");
  if (!frame.freezeParams && s.params) updateRecursive(frame.params, s.params);
  updateRecursive(frame.state, s.state);
  if (s.rng !== null && frame.rng) frame.rng.replaceKey(s.rng);
}

/**
 * Runs `fn` in a frame holding `s` (the params, state and key a core transformation passed in),
 * at the current trace level. `sharePythonState` keeps the naming counters shared.
 */
export function withInternalState<T>(s: InternalState, fn: () => T, opts: { sharePythonState?: boolean } = {}): T {
  const frame = currentFrame("withInternalState");
  const copy = { params: copyRecords(s.params), state: copyRecords(s.state) };
  const params = copy.params ?? copyRecords(frame.params);
  const evolved = frame.evolve(params, copy.state, s.rng !== null ? new PRNGSequence(s.rng) : null, !(opts.sharePythonState ?? false));
  return withFrame(evolved, () => withTraceLevel(evolved, fn));
}

/** The entries of `after` that differ from `before` (by identity); the rest are null. */
export function difference(before: InternalState, after: InternalState): InternalState {
  const params: Params | null = after.params
    ? Object.fromEntries(
        Object.entries(after.params).map(([m, bundle]) => [
          m,
          Object.fromEntries(Object.entries(bundle).map(([k, v]) => [k, before.params?.[m]?.[k] === v ? null : v])),
        ]),
      ) as Params
    : null;
  const state = Object.fromEntries(
    Object.entries(after.state).map(([m, bundle]) => [
      m,
      Object.fromEntries(
        Object.entries(bundle).map(([k, pair]) => {
          const b = before.state[m]?.[k];
          return [k, b && b[0] === pair[0] && b[1] === pair[1] ? null : pair];
        }),
      ),
    ]),
  ) as StateBundle;
  const rng = before.rng === null || before.rng !== after.rng ? after.rng : null;
  return { params, state, rng };
}
