/** Module transforms that pass params/state/keys through core transformations. */
import { type Array, type AxisSpec, checkpoint, jit as coreJit, lax, np, tree, vmap as coreVmap } from "tsjax-core";
import { NnError } from "../base/errors.js";
import { currentFrame } from "../base/frame.js";
import { nextRngKeys } from "../base/params.js";
import { checkOptions } from "../util.js";
import { type InternalState, difference, internalState, updateInternalState, withInternalState } from "./internal-state.js";

type Fn = (...args: any[]) => any;

function assertInside(op: string): void {
  currentFrame(`${op} (tsjax-nn's; outside a transform use tsjax-core's ${op})`);
}

/** Options of the module-aware `vmap`. */
export interface ModuleVmapOptions {
  inAxes?: AxisSpec;
  outAxes?: AxisSpec;
  axisSize?: number;
  /**
   * Required: `true` gives each example its own random keys (e.g. independent dropout), `false`
   * the same keys for every example. Params and state are never mapped.
   */
  splitRng: boolean;
}

/**
 * `vmap` for code that uses modules: parameters and state are shared across the mapped axis
 * (not batched), and random keys are split per example when `splitRng` is true.
 *
 * @example
 * const f = transform((xs: Array) => vmap((x: Array) => new Linear(3).call(x), { splitRng: false })(xs));
 */
export function vmap<F extends Fn>(fun: F, opts: ModuleVmapOptions): F {
  checkOptions("vmap", opts, ["inAxes", "outAxes", "axisSize", "splitRng"]);
  if (typeof opts?.splitRng !== "boolean") {
    throw new TypeError("vmap (tsjax-nn): give splitRng: true (a different random key per example) or false (the same keys), as haiku requires.");
  }
  const splitRng = opts.splitRng;
  const stateAxes = { params: null, state: null, rng: splitRng ? 0 : null };
  return ((...args: unknown[]) => {
    assertInside("vmap");
    const pure = (a: unknown[], stateIn: InternalState) =>
      withInternalState(stateIn, () => {
        const out = fun(...a);
        return [out, difference(stateIn, internalState())] as const;
      });
    let state = internalState();
    let savedRng: Array | null = null;
    if (splitRng) {
      const size = opts.axisSize ?? mappedSize(args, opts.inAxes ?? 0);
      const rng = nextRngKeys(size);
      state = internalState();
      savedRng = state.rng;
      state = { ...state, rng };
    }
    const inAxes = opts.inAxes ?? 0;
    const mapped = coreVmap(pure, {
      inAxes: [inAxes, stateAxes] as AxisSpec,
      outAxes: [opts.outAxes ?? 0, stateAxes] as AxisSpec,
      ...(opts.axisSize !== undefined ? { axisSize: opts.axisSize } : {}),
    });
    let out: unknown;
    let stateOut: InternalState;
    try {
      [out, stateOut] = mapped(args, state) as unknown as [unknown, InternalState];
    } catch (e) {
      if (splitRng && !currentFrame("vmap").freezeParams && /outAxes|depends on the batch/.test((e as Error).message)) {
        throw new NnError(
          "vmap (tsjax-nn): splitRng: true during init gives each example its own parameters, but parameters are shared across the mapped axis. " +
            "Use splitRng: !runningInit() (or false) during init.",
        );
      }
      throw e;
    }
    if (splitRng) stateOut = { ...stateOut, rng: savedRng };
    updateInternalState(stateOut);
    return out;
  }) as F;
}

function mappedSize(args: unknown[], inAxes: AxisSpec): number {
  const sizes = new Set<number>();
  const walk = (spec: AxisSpec, sub: unknown) => {
    if (spec === null) return;
    if (typeof spec === "number") {
      for (const leaf of tree.leaves(sub) as Array[]) sizes.add(leaf.shape.at(spec)!);
      return;
    }
    if (globalThis.Array.isArray(spec)) spec.forEach((s, i) => walk(s as AxisSpec, (sub as unknown[])[i]));
    else for (const [k, s] of Object.entries(spec)) walk(s as AxisSpec, (sub as Record<string, unknown>)[k]);
  };
  walk(globalThis.Array.isArray(inAxes) ? inAxes : args.map(() => inAxes), args);
  if (sizes.size !== 1) throw new TypeError(`vmap (tsjax-nn): the mapped inputs must have one size along the mapped axis, got ${[...sizes].join(", ") || "no mapped input"}.`);
  return [...sizes][0]!;
}

/**
 * `lax.scan` for code that uses modules: state and random keys are threaded through the loop;
 * parameters are shared by every step (in `init`, the first step runs outside the loop so that
 * parameters are created once).
 *
 * @example
 * const [h, ys] = scan((h, x) => { const y = core.call(x, h); return [y[1], y[0]]; }, h0, xs);
 */
export function scan<C, X, Y>(f: (carry: C, x: X) => readonly [C, Y], init: C, xs: X, opts: { length?: number; reverse?: boolean } = {}): [C, Y] {
  assertInside("scan");
  checkOptions("scan", opts, ["length", "reverse"]);
  const frame = currentFrame("scan");
  const leaves = tree.leaves(xs) as Array[];
  let length = opts.length ?? leaves[0]?.shape[0];
  if (length === undefined) throw new TypeError("scan (tsjax-nn): give opts.length when there are no scanned inputs.");
  let carry0 = init;
  let xsRest = xs;
  let y0: Y | undefined;
  const runningInitNow = !frame.freezeParams;
  if (runningInitNow) {
    // Run one step outside the loop so that parameters (and state) are created before it.
    if (length === 0) throw new TypeError("scan (tsjax-nn): cannot initialize with zero steps.");
    const reverse = opts.reverse ?? false;
    const pick = (x: Array) => x.get(reverse ? -1 : 0);
    const rest = (x: Array) => (reverse ? x.get(np.s(0, -1)) : x.get(np.s(1, null)));
    const x0 = tree.map(pick, xs);
    xsRest = tree.map(rest, xs);
    [carry0, y0] = f(init, x0) as [C, Y];
    length -= 1;
    if (length === 0) return [carry0, tree.map((y: Array) => y.expandDims(0), y0)];
  }
  const body = ([c, s]: readonly [C, InternalState], x: X): readonly [readonly [C, InternalState], Y] =>
    withInternalState(s, () => {
      const [c2, y] = noNewParams("scan", () => f(c, x));
      return [[c2, internalState({ params: false })], y] as const;
    });
  const [[carry, stateOut], ys] = lax.scan(body, [carry0, internalState({ params: false })] as const, xsRest, { length, reverse: opts.reverse ?? false });
  updateInternalState(stateOut);
  if (y0 !== undefined) {
    const joined = tree.map((a: Array, b: Array) => (opts.reverse ? np.concatenate([b, a.expandDims(0)]) : np.concatenate([a.expandDims(0), b])), y0, ys);
    return [carry, joined as Y];
  }
  return [carry, ys];
}

function paramNames(): string[] {
  const frame = currentFrame("scan");
  return Object.entries(frame.params).flatMap(([m, b]) => Object.keys(b).map((k) => `${m}/${k}`));
}

/** Runs a loop body, throwing when it creates parameters (each step would get new ones). */
function noNewParams<T>(op: string, body: () => T): T {
  const before = paramNames();
  const out = body();
  const added = paramNames().filter((n) => !before.includes(n));
  if (added.length) {
    throw new NnError(
      `${op} (tsjax-nn): the body created parameters inside the loop (${added.join(", ")}); every step must use the same parameters. ` +
        "Create the modules before the loop and call them inside it.",
    );
  }
  return out;
}

/**
 * `lax.map` for code that uses modules (a `scan` with no carry).
 *
 * @example
 * const ys = map((x: Array) => new Linear(2).call(x), xs);
 */
export function map<X, Y>(f: (x: X) => Y, xs: X): Y {
  return scan((c: null, x: X) => [c, f(x)] as const, null, xs)[1];
}

/** Wraps a core function transformation so that `fun` sees (and updates) the frame's state. */
function threadState<F extends Fn>(op: string, decorate: (g: Fn) => Fn, fun: F): F {
  const stateful = (...args: unknown[]) => {
    const stateIn = args.pop() as InternalState;
    return withInternalState(stateIn, () => [fun(...args), difference(stateIn, internalState())] as const, { sharePythonState: true });
  };
  const decorated = decorate(stateful);
  return ((...args: unknown[]) => {
    assertInside(op);
    const [out, state] = decorated(...args, internalState()) as [unknown, InternalState];
    updateInternalState(state);
    return out;
  }) as F;
}

/**
 * Gradient checkpointing for module code (haiku's `remat`, through core's `checkpoint`): the
 * intermediates of `fun` are recomputed in the backward pass instead of being kept.
 *
 * @example
 * const block = remat((x: Array) => new MLP([512, 512]).call(x));
 */
export function remat<F extends Fn>(fun: F): F {
  return threadState("remat", (g) => checkpoint(g), fun);
}

/**
 * `jit` for module code inside a transformed function (jit `f.apply` itself when you can).
 *
 * @example
 * const y = jit((x: Array) => new Linear(3).call(x))(x);
 */
export function jit<F extends Fn>(fun: F): F {
  return threadState("jit", (g) => coreJit(g), fun);
}

const RUNNING_INIT_HINT =
  "In init, create the parameters of every branch unconditionally: " +
  "if (runningInit()) { for (const b of branches) out = b(x); } else { out = switch_(i, branches, x); }";

function withInitHint<T>(op: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!currentFrame(op).freezeParams && /same|structure|differ/i.test((e as Error).message)) {
      throw new NnError(`${op} (tsjax-nn): the branches created different parameters or state. ${RUNNING_INIT_HINT}\n(${(e as Error).message})`);
    }
    throw e;
  }
}

function statefulBranch<Ops extends unknown[], R>(branch: (...ops: Ops) => R) {
  return (s: InternalState, ops: Ops): readonly [R, InternalState] =>
    withInternalState(s, () => [branch(...ops), internalState()] as const);
}

/**
 * `lax.cond` for module code: the branch that runs updates state and draws keys.
 *
 * @example
 * const y = cond(pred, (x: Array) => a.call(x), (x: Array) => b.call(x), x);
 */
export function cond<Ops extends unknown[], R>(pred: Array | boolean | number, trueFn: (...ops: Ops) => R, falseFn: (...ops: Ops) => R, ...operands: Ops): R {
  assertInside("cond");
  return withInitHint("cond", () => {
    const [out, state] = lax.cond(pred, statefulBranch(trueFn), statefulBranch(falseFn), internalState(), operands);
    updateInternalState(state);
    return out;
  });
}

/**
 * `lax.switch` for module code.
 *
 * @example
 * const y = switch_(index, [(x: Array) => e0.call(x), (x: Array) => e1.call(x)], x);
 */
export function switch_<Ops extends unknown[], R>(index: Array | number, branches: readonly ((...ops: Ops) => R)[], ...operands: Ops): R {
  assertInside("switch");
  return withInitHint("switch", () => {
    const [out, state] = lax.switch(index, branches.map(statefulBranch), internalState(), operands);
    updateInternalState(state);
    return out;
  });
}

/**
 * `lax.whileLoop` for module code (apply only: in init, call the body directly when
 * `runningInit()`, since whether the loop runs cannot be known).
 *
 * @example
 * const y = runningInit() ? block.call(x) : whileLoop((v: Array) => v.mean().lt(1), (v: Array) => block.call(v), x);
 */
export function whileLoop<C>(condFn: (carry: C) => Array, bodyFn: (carry: C) => C, init: C): C {
  const frame = currentFrame("whileLoop");
  if (!frame.freezeParams) {
    throw new NnError(
      "whileLoop (tsjax-nn) does not run in init (whether the loop runs at least once cannot be known): " +
        "if (runningInit()) { val = body(val); } else { val = whileLoop(cond, body, val); }",
    );
  }
  const pureCond = ([val, s]: readonly [C, InternalState]) =>
    withInternalState(s, () => {
      const before = internalState();
      const out = condFn(val);
      const after = difference(before, internalState());
      if (after.rng !== null || Object.values(after.state).some((b) => Object.values(b).some((v) => v !== null))) {
        throw new NnError("whileLoop (tsjax-nn): condFn must not set state or draw random keys.");
      }
      return out;
    });
  const pureBody = ([val, s]: readonly [C, InternalState]) =>
    withInternalState(s, () => [noNewParams("whileLoop", () => bodyFn(val)), internalState()] as const);
  const [out, state] = lax.whileLoop(pureCond, pureBody, [init, internalState()] as const);
  updateInternalState(state);
  return out;
}

/**
 * `lax.foriLoop` for module code: in init the first iteration runs outside the loop so that
 * parameters are created once.
 *
 * @example
 * const h = foriLoop(0, 4, (i, h) => block.call(h), x);
 */
export function foriLoop<C>(lower: number | Array, upper: number | Array, body: (i: Array, carry: C) => C, init: C): C {
  const frame = currentFrame("foriLoop");
  let lo = lower;
  let val = init;
  if (!frame.freezeParams) {
    const l = typeof lower === "number" ? np.array(lower, { dtype: "int32" }) : lower;
    val = body(l, init);
    lo = typeof lower === "number" ? lower + 1 : lower.add(1);
    if (typeof lo === "number" && typeof upper === "number" && upper - lo <= 0) return val;
  }
  const pure = (i: Array, [s, v]: readonly [InternalState, C]) =>
    withInternalState(s, () => {
      const next = noNewParams("foriLoop", () => body(i, v));
      return [internalState(), next] as const;
    });
  const [state, out] = lax.foriLoop(lo, upper, pure, [internalState(), val] as const);
  updateInternalState(state);
  return out;
}
