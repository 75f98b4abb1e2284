/**
 * Read-only views of the tracing machinery for tools built on tsjax (tsjax-check's purity and
 * leak assertions, `checkify`). Nothing here changes how tracing works.
 */
import type { Array } from "../array/array.js";
import type { ClosedJaxpr } from "./jaxpr.js";
import { Literal } from "./jaxpr.js";
import { literalArray } from "./staging.js";
import { type MainTrace, Tracer, bind, currentMain, isTracing as tracing } from "./trace.js";

/** An opaque handle on one transformation level (one `jit`/`grad`/`vmap`/`makeJaxpr` trace). */
export interface TraceInfo {
  /** "jit(f)", "grad", "vmap", "makeJaxpr", ... ("eager" for the bottom level). */
  readonly label: string;
  /** Nesting depth: 0 is eager evaluation. */
  readonly level: number;
  /** True once the transformation returned: its tracers are then dead. */
  readonly finished: boolean;
}

/**
 * Introspection hooks: is a value a tracer, which trace it belongs to, which trace is open,
 * and a jaxpr interpreter that reports every equation it evaluates.
 *
 * @example
 * import { introspect, jit } from "tsjax-core";
 * jit((x) => { console.log(introspect.isTracer(x), introspect.currentTrace().label); return x; })(np.ones([2]));
 * // true "jit(fun)"
 */
export const introspect = {
  /**
   * True for traced values (abstract arrays inside a transformation).
   *
   * @example
   * introspect.isTracer(np.ones([2])); // false
   */
  isTracer(x: unknown): boolean {
    return x instanceof Tracer;
  },

  /**
   * True while any transformation is tracing.
   *
   * @example
   * introspect.isTracing(); // false at top level
   */
  isTracing(): boolean {
    return tracing();
  },

  /**
   * The innermost open transformation (`level` 0, label "eager", when none is open).
   *
   * @example
   * introspect.currentTrace().level; // 0 at top level
   */
  currentTrace(): TraceInfo {
    return currentMain() as MainTrace as TraceInfo;
  },

  /**
   * The transformation a tracer belongs to (undefined for concrete arrays and non-arrays).
   * The handle stays the same object for every tracer of one trace, so it can be compared,
   * kept in a `WeakRef`, or used as a `WeakMap` key.
   *
   * @example
   * vmap((x) => { introspect.traceOf(x)?.label; return x; })(np.ones([2, 3])); // "vmap"
   */
  traceOf(x: unknown): TraceInfo | undefined {
    return x instanceof Tracer ? (x._trace.main as TraceInfo) : undefined;
  },

  /**
   * "Traced<f32[3]> in jit(f)" for tracers, undefined otherwise.
   *
   * @example
   * jit((x) => { introspect.describeTracer(x); return x; })(np.ones([3])); // "Traced<f32[3]> in jit(fun)"
   */
  describeTracer(x: unknown): string | undefined {
    return x instanceof Tracer ? x.describe() : undefined;
  },

  /**
   * Evaluates a closed jaxpr on arrays (concrete, or tracers of open transformations, so it
   * can be called under jit/grad/vmap), calling `observe` after every top-level equation with
   * the primitive's name, parameters, inputs and outputs.
   *
   * @example
   * const closed = makeJaxpr((x: Array) => x.log())(x);
   * introspect.evalJaxpr(closed, [x], (e) => console.log(e.primitive)); // "log"
   */
  evalJaxpr(
    closed: ClosedJaxpr,
    args: readonly Array[],
    observe?: (eqn: { primitive: string; params: unknown; inputs: Array[]; outputs: Array[] }) => void,
  ): Array[] {
    const { jaxpr, consts } = closed;
    const all = [...consts, ...args];
    if (all.length !== jaxpr.inBinders.length) {
      throw new TypeError(`introspect.evalJaxpr: the jaxpr takes ${jaxpr.inBinders.length - consts.length} argument(s), got ${args.length}.`);
    }
    const env = new Map<unknown, Array>();
    jaxpr.inBinders.forEach((v, i) => env.set(v, all[i]!));
    const dev = all[0]?.device;
    const read = (a: unknown): Array => (a instanceof Literal ? literalArray(a, dev) : env.get(a)!);
    for (const e of jaxpr.eqns) {
      const inputs = e.inputs.map(read);
      const outputs = bind(e.primitive, inputs, e.params);
      e.outBinders.forEach((v, i) => env.set(v, outputs[i]!));
      observe?.({ primitive: e.primitive.name, params: e.params, inputs, outputs });
    }
    return jaxpr.outs.map(read);
  },
};
