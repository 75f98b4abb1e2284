/**
 * Traces and tracers (JAX's autodidax design).
 *
 * Each transformation is an interpreter: a `Trace` that processes primitives applied to its
 * `Tracer`s. Transformations nest as a stack of `MainTrace`s; `bind` finds the innermost
 * trace among a primitive's inputs, lifts the other inputs into it, and lets it interpret.
 * The bottom of the stack is the eval trace, which runs kernels on concrete arrays.
 */
import { Array, type Complex, type DataFor, type NestedArray } from "../array/array.js";
import { DeviceArray } from "../array/device-array.js";
import { type Frame, openFrame } from "../array/frames.js";
import type { DeviceName, HostArray } from "../backend/backend.js";
import { defaultDevice } from "../backend/devices.js";
import { avalStr } from "./jaxpr.js";
import { evalPrimitive } from "./eager.js";
import type { Primitive, ShapedArray } from "./primitive.js";

import { ConcretizationError, UnexpectedTracerError } from "../errors.js";

export { ConcretizationError, UnexpectedTracerError };

export type TraceCtor = new (main: MainTrace) => Trace;

/** One level of the transformation stack. */
export interface MainTrace {
  readonly level: number;
  readonly traceType: TraceCtor;
  /** Transformation-specific state (the jaxpr builder of a staging trace, ...). */
  readonly globalData: unknown;
  /** Human-readable name of the transformation ("grad", "vmap", "jit", ...). */
  readonly label: string;
  /**
   * The device of the values being traced: the device its tracers report where they do not
   * know better (a staged function's inputs take it from the arguments it is traced for).
   */
  readonly device: DeviceName;
  finished: boolean;
  /** The frame of the transformation call this level belongs to (see array/frames.ts). */
  readonly frame?: Frame;
}

export abstract class Trace {
  constructor(readonly main: MainTrace) {}
  /** Wraps a value from outside every transformation above this trace's level. */
  abstract pure(x: Array): Tracer;
  /** Wraps a tracer of a lower level. */
  abstract lift(x: Tracer): Tracer;
  /** Interprets `prim` applied to `tracers`. */
  abstract processPrimitive(prim: Primitive<any>, tracers: Tracer[], params: any): Array[];
}

/** An `Array` whose value is abstract: it exists while a transformation traces a function. */
export abstract class Tracer extends Array {
  abstract readonly _trace: Trace;
  /** The shape/dtype this tracer stands for. */
  abstract get aval(): ShapedArray;

  get shape(): readonly number[] {
    return this.aval.shape;
  }
  get dtype() {
    return this.aval.dtype;
  }
  get weakType(): boolean {
    return this.aval.weakType;
  }
  get device(): DeviceName {
    return this._trace.main.device;
  }

  /** "Traced<f32[3]> in grad", for messages. */
  describe(): string {
    return `Traced<${avalStr(this.aval)}> in ${this._trace.main.label}`;
  }

  private concreteError(what: string): ConcretizationError | UnexpectedTracerError {
    if (this._trace.main.finished) return escapedError(this);
    return new ConcretizationError(
      `${what} ${this.describe()}: inside ${this._trace.main.label}, arrays are abstract values ` +
        `(only shape ${avalStr(this.aval)} is known), so their contents cannot be ${what.startsWith("read") ? "read" : "used as JS values"}. ` +
        "For data-dependent control flow use np.where, lax.cond, lax.switch or lax.whileLoop; " +
        "for values that configure the function (sizes, flags) pass JS numbers, or mark the argument static (jit's staticArgnums); " +
        "to inspect values, return them from the function (grad's hasAux returns extra outputs).",
    );
  }

  override data(): Promise<DataFor> {
    return Promise.reject(this.concreteError("reading the values of"));
  }
  override toArray(): Promise<NestedArray> {
    return Promise.reject(this.concreteError("reading the values of"));
  }
  override item(): Promise<number | boolean | Complex> {
    return Promise.reject(this.concreteError("reading the values of"));
  }
  override rawData(): Promise<HostArray> {
    return Promise.reject(this.concreteError("reading the values of"));
  }
  override dataSync(): DataFor {
    throw this.concreteError("reading the values of");
  }
  override dispose(): void {}

  /**
   * The concrete value this tracer stands for, when it has one that can be read (a JVP tracer
   * of `grad`/`jvp` outside `jit` carries its concrete primal); undefined for abstract values.
   */
  concreteValue(): DeviceArray | undefined {
    return undefined;
  }

  /**
   * Strings (`${x}`, `String(x)`, logging) describe the tracer. As a JS number (`x < 3`, `+x`)
   * a tracer with a concrete value converts like that value (so `grad` of JS control flow
   * works, as in JAX); an abstract one is an error.
   */
  [Symbol.toPrimitive](hint: string): string | number {
    if (hint === "string") return this.describe();
    const c = this.concreteValue();
    if (c) return c[Symbol.toPrimitive]("number");
    throw this.concreteError("converting to a JS number or boolean");
  }

  override toString(): string {
    return this.describe();
  }
}

/** The bottom of the stack: runs primitives on concrete arrays. */
class EvalTrace extends Trace {
  pure(x: Array): Tracer {
    return x as unknown as Tracer;
  }
  lift(x: Tracer): Tracer {
    return x;
  }
  processPrimitive(prim: Primitive<any>, args: Tracer[], params: any): Array[] {
    return evalPrimitive(prim, args as unknown as DeviceArray[], params, params?.device);
  }
}

const evalMain: MainTrace = { level: 0, traceType: EvalTrace, globalData: undefined, label: "eager", device: "cpu", finished: false };
const stack: MainTrace[] = [evalMain];
let dynamicMain: MainTrace = evalMain;

/** The innermost open transformation (the eval trace when none is open). */
export function currentMain(): MainTrace {
  return stack[stack.length - 1]!;
}

/** True while any transformation is tracing. */
export function isTracing(): boolean {
  return stack.length > 1 || dynamicMain !== evalMain;
}

/**
 * Runs `fn` with a new transformation level pushed. Tracers of that level become invalid
 * (escaped) when it returns.
 */
export function newMain<T>(traceType: TraceCtor, label: string, globalData: unknown, fn: (main: MainTrace) => T, device?: DeviceName): T {
  const main: MainTrace = { level: stack.length, traceType, globalData, label, device: device ?? deviceHint ?? defaultDevice(), finished: false, frame: openFrame() };
  stack.push(main);
  try {
    return fn(main);
  } finally {
    stack.pop();
    main.finished = true;
  }
}

/**
 * Makes `main` the dynamic trace while `fn` runs: every primitive is then staged into it, even
 * ones whose inputs are all constants (JAX's omnistaging, used by jit and control flow).
 */
export function withDynamic<T>(main: MainTrace, fn: () => T): T {
  const prev = dynamicMain;
  dynamicMain = main;
  try {
    return fn();
  } finally {
    dynamicMain = prev;
  }
}

function escapedError(t: Tracer): UnexpectedTracerError {
  return new UnexpectedTracerError(
    `${t.describe()} was used after ${t._trace.main.label} returned: a traced value escaped its transformation ` +
      "(it is a placeholder that never held values). This happens when a value computed inside a transformed function " +
      "is stored in an outer variable (a closure, an object, a global) and read later. Return it from the function instead.",
  );
}

function checkLive(t: Tracer): void {
  if (t._trace.main.finished) throw escapedError(t);
}

function findTopTrace(args: readonly Array[]): Trace {
  let top = dynamicMain;
  for (const a of args) {
    if (a instanceof Tracer) {
      checkLive(a);
      if (a._trace.main.level > top.level) top = a._trace.main;
    }
  }
  return new top.traceType(top);
}

/** Brings `x` into `trace` (wrapping values of lower levels). */
export function fullRaise(trace: Trace, x: Array): Tracer {
  if (!(x instanceof Tracer)) return trace.pure(x);
  const level = x._trace.main.level;
  if (x._trace.main === trace.main) return x;
  if (level < trace.main.level) return trace.lift(x);
  throw new UnexpectedTracerError(
    `${x.describe()} comes from a transformation nested inside ${trace.main.label}, but is used at the outer level. ` +
      "A value from an inner transformation escaped it; return it from the inner function instead.",
  );
}

/**
 * The device of the operands of the primitive being interpreted: functions traced by its rules
 * (the jvp, batched or transposed bodies of control flow) get it as their device, so that
 * constants they create land beside the operands.
 */
let deviceHint: DeviceName | undefined;

/**
 * The device for values made without one in sight (zeros for symbolic tangents, constants of
 * traced rules): that of the operands of the primitive being interpreted, else the default.
 */
export function contextDevice(): DeviceName {
  return deviceHint ?? defaultDevice();
}

/** Runs `fn` with `device` as the `contextDevice()` (when given). */
export function withDeviceHint<T>(device: DeviceName | undefined, fn: () => T): T {
  if (device === undefined) return fn();
  const prev = deviceHint;
  deviceHint = device;
  try {
    return fn();
  } finally {
    deviceHint = prev;
  }
}

/** Applies `prim` to `args`: the innermost transformation among them interprets it. */
export function bind<P>(prim: Primitive<P>, args: readonly Array[], params: P): Array[] {
  const trace = findTopTrace(args);
  const tracers = args.map((a) => fullRaise(trace, a));
  const prev = deviceHint;
  deviceHint = args.length > 0 ? args[0]!.device : ((params as { device?: DeviceName } | undefined)?.device ?? prev);
  try {
    return trace.processPrimitive(prim, tracers, params);
  } finally {
    deviceHint = prev;
  }
}

/** `bind` for single-output primitives. */
export function bind1<P>(prim: Primitive<P>, args: readonly Array[], params: P): Array {
  return bind(prim, args, params)[0]!;
}

/** True for concrete arrays (not tracers). */
export function isConcrete(x: Array): x is DeviceArray {
  return x instanceof DeviceArray;
}
