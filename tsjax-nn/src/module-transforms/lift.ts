/** `lift` and `liftWithState`: nest an inner transform's `init` inside an outer transform. */
import { NnError } from "../base/errors.js";
import { type Params, type State, currentFrame } from "../base/frame.js";
import { Module } from "../base/module.js";
import { runningInit } from "../base/params.js";
import { checkOptions } from "../util.js";

function packInto(src: Params, dst: Record<string, Record<string, unknown>>, prefix: string, asState: boolean, checkReuse: boolean): void {
  for (const [key, value] of Object.entries(src)) {
    const name = prefix ? `${prefix}/${key}` : key;
    if (checkReuse && name in dst) {
      throw new NnError(`lift: '${name}' already exists in the outer params; a lifted init cannot reuse an outer parameter (pass allowReuse: true to allow it).`);
    }
    const bundle = (dst[name] ??= {});
    for (const [k, v] of Object.entries(value)) bundle[k] = asState ? [v, v] : v;
  }
}

function unpackFrom(src: Record<string, Record<string, unknown>>, prefix: string, asState: boolean): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(src)) {
    if (prefix && !k.startsWith(prefix)) continue;
    out[k.slice(prefix.length)] = Object.fromEntries(Object.entries(v).map(([n, x]) => [n, asState ? (x as [unknown, unknown])[1] : x])) as never;
  }
  return out;
}

/** The module that gives lifted params their name prefix. @internal */
class LiftingModule extends Module {
  static override readonly defaultName: string = "lifted";

  constructor(readonly initFn: (...args: any[]) => [Params, State], readonly allowReuse: boolean, name: string) {
    super(name);
  }

  call(...args: unknown[]): [Params, State] {
    const frame = currentFrame("lift");
    if (runningInit()) {
      const [params, state] = this.initFn(...args);
      packInto(params, frame.params, this.moduleName, false, !this.allowReuse);
      packInto(state, frame.state, this.moduleName, true, !this.allowReuse);
      return [params, state];
    }
    const prefix = `${this.moduleName}/`;
    return [unpackFrom(frame.params, prefix, false), unpackFrom(frame.state, prefix, true)];
  }
}

/** Writes a lifted function's new state back into the outer frame (haiku's `LiftWithStateUpdater`). @example const [fn, updater] = liftWithState(inner.init); updater.update(newInnerState); */
export class LiftWithStateUpdater {
  #used = false;

  constructor(readonly prefix: string) {}

  /** Stores `state` (as returned by the inner apply) as the current lifted state. */
  update(state: State): void {
    this.#use();
    const frame = currentFrame("LiftWithStateUpdater.update");
    for (const [m, bundle] of Object.entries(state)) {
      const name = `${this.prefix}/${m}`;
      const dst = (frame.state[name] ??= {});
      for (const [k, v] of Object.entries(bundle)) dst[k] = [dst[k]?.[0] ?? v, v];
    }
  }

  /** Declares that the state does not change. */
  ignoreUpdate(): void {
    this.#use();
  }

  #use(): void {
    if (this.#used) throw new NnError("LiftWithStateUpdater: update or ignoreUpdate may be called only once.");
    this.#used = true;
  }
}

/**
 * Registers the params and state of an inner `init` in the current (outer) transform, under a
 * name scope (haiku's `lift_with_state`): in the outer init it runs `initFn` and stores what it
 * returns; in the outer apply it returns those params and state back. Use the updater to store
 * the inner apply's new state.
 *
 * @example
 * const inner = transformWithState((x: Array) => new BatchNorm(true, true, 0.9).call(x, true));
 * const [paramsAndState, updater] = liftWithState(inner.init, { name: "inner" });
 * const [p, s] = paramsAndState(nextRngKey(), x);
 * const [y, s2] = inner.apply(p, s, null, x);
 * updater.update(s2);
 */
export function liftWithState<A extends unknown[]>(
  initFn: (...args: A) => [Params, State],
  opts: { allowReuse?: boolean; name?: string } = {},
): [(...args: A) => [Params, State], LiftWithStateUpdater] {
  checkOptions("liftWithState", opts, ["allowReuse", "name"]);
  currentFrame("liftWithState");
  const module = new LiftingModule(initFn as (...args: any[]) => [Params, State], opts.allowReuse ?? false, opts.name ?? "lifted");
  const updater = new LiftWithStateUpdater(module.moduleName);
  return [(...args: A) => module.call(...args), updater];
}

/**
 * Registers the params of an inner transform's `init` in the current transform (haiku's
 * `lift`): in the outer init it runs `initFn`; in the outer apply it returns the stored params.
 *
 * @example
 * const inner = transform((x: Array) => new Linear(3).call(x));
 * const outer = transform((x: Array) => {
 *   const params = lift(inner.init, { name: "inner" })(nextRngKey(), x);
 *   return inner.apply(params, null, x);
 * });
 */
export function lift<A extends unknown[]>(initFn: (...args: A) => Params, opts: { allowReuse?: boolean; name?: string } = {}): (...args: A) => Params {
  checkOptions("lift", opts, ["allowReuse", "name"]);
  const withState = (...args: A): [Params, State] => {
    const p = initFn(...args);
    if (globalThis.Array.isArray(p)) throw new NnError("lift: the init function returned [params, state]; use liftWithState for stateful functions.");
    return [p, {}];
  };
  const [fn, updater] = liftWithState(withState, opts);
  updater.ignoreUpdate();
  return (...args: A) => fn(...args)[0];
}
