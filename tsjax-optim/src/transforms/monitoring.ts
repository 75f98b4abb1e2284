/** Monitoring: `snapshot`, `monitor` and `measureWithEma` record measurements of the updates in the state. */
import { type GradientTransformation, chain, gradientTransformation, stateless } from "../base.js";
import { options } from "../options.js";
import { type EmaOptions, type EmaState, ema } from "./trace.js";

/** State of `snapshot`: the last measurement, under its name. */
export interface SnapshotState {
  measurement: Record<string, unknown>;
}

/**
 * Records `measure(updates)` in the state under `measureName` and passes the updates through
 * (the state holds `measure(params)` after `init`).
 *
 * @example
 * const opt = chain(snapshot("gradNorm", (u) => treeNorm(u)), adam(1e-3));
 */
export function snapshot(measureName: string, measure: (updates: any) => unknown): GradientTransformation<SnapshotState> {
  if (typeof measure !== "function") throw new TypeError("snapshot: measure must be a function of the updates.");
  return gradientTransformation<SnapshotState>(
    (params) => ({ measurement: { [measureName]: measure(params) } }),
    (updates) => [updates, { measurement: { [measureName]: measure(updates) } }],
  );
}

/** State of `monitor`: the last measurements by name, and the measures' own states. */
export interface MonitorState {
  measurements: Record<string, unknown>;
  measureStates: unknown[];
}

/**
 * Measures the updates with each of `measures` (a function of the updates, or a transformation
 * whose output is the measurement, like `measureWithEma`) and records the results in the
 * state; the updates pass through unchanged.
 *
 * @example
 * const opt = chain(monitor({ norm: (u) => treeNorm(u), smoothNorm: measureWithEma((u) => treeNorm(u), 0.9) }), adam(1e-3));
 */
export function monitor(measures: Record<string, GradientTransformation | ((updates: any) => unknown)>): GradientTransformation<MonitorState> {
  const names = Object.keys(measures);
  const txs = names.map((n) => {
    const m = measures[n]!;
    if (typeof m === "function") return stateless((u) => (m as (u: unknown) => unknown)(u));
    if (m && typeof m.init === "function" && typeof m.update === "function") return m;
    throw new TypeError(`monitor: the measure "${n}" must be a function of the updates or a gradient transformation.`);
  });
  return gradientTransformation<MonitorState>(
    (params) => ({ measurements: {}, measureStates: txs.map((t) => t.init(params)) }),
    (updates, state, params, extra) => {
      const measurements: Record<string, unknown> = {};
      const measureStates = txs.map((t, i) => {
        const [m, s] = t.update(updates, state.measureStates[i], params, extra);
        measurements[names[i]!] = m;
        return s;
      });
      return [updates, { measurements, measureStates }];
    },
  );
}

/**
 * An exponential moving average of `measure(updates)`: a transformation whose output is the
 * average (for `monitor`) (optax `measure_with_ema`).
 *
 * @example
 * const smoothNorm = measureWithEma((u) => treeNorm(u), 0.9);
 */
export function measureWithEma(measure: (updates: any) => unknown, decay: number, opts: EmaOptions = {}): GradientTransformation<[Record<string, never>, EmaState]> {
  const o = options("measureWithEma", opts, { debias: true, accumulatorDtype: null } as EmaOptions);
  const base = ema(decay, o);
  const averaged = gradientTransformation<EmaState>((params) => base.init(measure(params)), base.update);
  return chain(stateless((u) => measure(u)), averaged);
}
