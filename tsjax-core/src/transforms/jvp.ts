/**
 * Forward-mode differentiation: the JVP interpreter. Each tracer carries a primal value and a
 * tangent; `null` tangents are symbolic zeros, so untouched inputs and constants cost nothing.
 * Integer and boolean values never carry tangents (JAX's float0).
 */
import type { Array } from "../array/array.js";
import { DeviceArray } from "../array/device-array.js";
import type { DeviceName } from "../backend/backend.js";
import { isInexactDType } from "../dtype.js";
import type { Primitive, ShapedArray, Tangent } from "../core/primitive.js";
import { Trace, Tracer, bind, fullRaise, newMain } from "../core/trace.js";
import { adopt, recordInto } from "../array/frames.js";

class JVPTracer extends Tracer {
  readonly tangent: Tangent;
  constructor(
    readonly _trace: JVPTrace,
    readonly primal: Array,
    tangent: Tangent,
  ) {
    super();
    this.tangent = isInexactDType(primal.dtype) ? tangent : null;
  }
  get aval(): ShapedArray {
    return { shape: this.primal.shape, dtype: this.primal.dtype, weakType: this.primal.weakType };
  }
  override get device(): DeviceName {
    return this.primal.device;
  }
  override concreteValue(): DeviceArray | undefined {
    const p = this.primal;
    return p instanceof DeviceArray ? p : p instanceof Tracer ? p.concreteValue() : undefined;
  }
}

class JVPTrace extends Trace {
  pure(x: Array): Tracer {
    adopt(x, this.main.frame);
    return new JVPTracer(this, x, null);
  }
  lift(x: Tracer): Tracer {
    return new JVPTracer(this, x, null);
  }
  processPrimitive(prim: Primitive<any>, tracers: Tracer[], params: any): Array[] {
    // the arrays the rule makes are this transformation's own (freed when it returns)
    return recordInto(this.main.frame, () => this.apply(prim, tracers, params));
  }

  private apply(prim: Primitive<any>, tracers: Tracer[], params: any): Array[] {
    const ts = tracers as JVPTracer[];
    const primals = ts.map((t) => t.primal);
    const tangents = ts.map((t) => t.tangent);
    if (tangents.every((t) => t === null)) {
      return bind(prim, primals, params).map((p) => new JVPTracer(this, p, null));
    }
    if (!prim.jvp) {
      throw new TypeError(`Differentiation rule for '${prim.name}' is not implemented: it cannot be differentiated (jvp/grad).`);
    }
    const [primalsOut, tangentsOut] = prim.jvp(primals, tangents, params);
    return primalsOut.map((p, i) => new JVPTracer(this, this.own(prim, p), tangentsOut[i] ? this.own(prim, tangentsOut[i]!) : null));
  }

  /**
   * A rule's result as a value of the level below. User rules (customJvp) may close over this
   * trace's own tracers, e.g. `stopGradient(a)`: those with a zero tangent stand for their
   * primal; one with a tangent would differentiate through the rule itself, which is an error.
   */
  private own(prim: Primitive<any>, x: Array): Array {
    if (!(x instanceof JVPTracer) || x._trace.main !== this.main) return x;
    if (x.tangent !== null) {
      throw new TypeError(
        `The differentiation rule of '${prim.name}' used a value being differentiated by this same jvp/grad ` +
          `(it closes over it). Pass that value to the function as an argument, or wrap it in stopGradient.`,
      );
    }
    return this.own(prim, x.primal);
  }
}

/**
 * JVP of a function of flat arrays: primal outputs and tangent outputs (`null` = zero).
 */
export function jvpFlat(f: (...xs: Array[]) => Array[], primals: readonly Array[], tangents: readonly Tangent[], label = "jvp"): [Array[], Tangent[]] {
  return newMain(JVPTrace, label, undefined, (main) => {
    const trace = new JVPTrace(main);
    const ins = primals.map((p, i) => new JVPTracer(trace, p, tangents[i] ?? null));
    const outs = f(...ins).map((o) => fullRaise(trace, o) as JVPTracer);
    return [outs.map((o) => o.primal), outs.map((o) => o.tangent)];
  });
}
