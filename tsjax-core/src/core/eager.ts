/**
 * Eager execution: runs one primitive on concrete arrays.
 *
 * An eager op is `jit` of one primitive: once per signature (primitive, parameters, input
 * dtypes/shapes/strides) it becomes a program of one equation (`buildOpProgram`: the same kernel
 * planner as `jit`, reading the inputs through their strides), compiled by the backend and
 * cached. View offsets are passed as runtime parameters, so slicing at a different position
 * reuses the same kernels.
 */
import { type DType, storageDType } from "../dtype.js";
import { DeviceArray, _setMaterialize } from "../array/device-array.js";
import { DeviceBuffer } from "../array/buffer.js";
import { untracked } from "../array/lifetime.js";
import { type Backend, type DeviceName, type Executable, type HostArray, hostArrayFor } from "../backend/backend.js";
import { f32ToF16Bits } from "../float16.js";
import { foldCast } from "../compile/fold.js";
import { defaultDevice, getBackend } from "../backend/devices.js";
import { DeviceError } from "../errors.js";
import { constant } from "../compile/exp.js";
import { type CompiledProgram, allocAndRun, compileProgram, runProgram } from "../compile/executor.js";
import { buildOpProgram } from "../compile/program.js";
import { LruCache } from "../lru.js";
import { sizeOf } from "../shape.js";
import { type Primitive, type ShapedArray, definePrimitive } from "./primitive.js";
import { bind1 } from "./trace.js";
import { complexEval } from "./complex-hook.js";

/** An eager op's compiled program; most are one kernel, which runs without the executor. */
interface CompiledOp {
  cp: CompiledProgram;
  single?: {
    exe: Executable;
    /** The argument each kernel input reads, and each runtime parameter's (a view offset). */
    inputs: number[];
    offsets: number[];
    outputs: { size: number; dtype: DType }[];
  };
}

const kernelCaches = new WeakMap<Backend, LruCache<string, CompiledOp>>();

function cacheFor(backend: Backend): LruCache<string, CompiledOp> {
  let c = kernelCaches.get(backend);
  if (!c) kernelCaches.set(backend, (c = new LruCache(4096)));
  return c;
}

/** The device all inputs share (or the default device when there are none). */
export function commonDevice(op: string, args: readonly DeviceArray[], explicit?: DeviceName): DeviceName {
  let dev = explicit;
  for (const a of args) {
    if (dev === undefined) dev = a.device;
    else if (a.device !== dev) {
      throw new DeviceError(
        `${op}: operands are on different devices (${dev} and ${a.device}). ` +
          `Move one with devicePut(x, "${dev}") first.`,
      );
    }
  }
  return dev ?? defaultDevice();
}

function layoutKey(a: DeviceArray): string {
  return `${a.dtype}${a.shape.join(",")}/${a.strides.join(",")}${a.offset !== 0 ? "+" : ""}`;
}

/**
 * Runs `prim` eagerly. `device` is used by primitives without array inputs (iota); otherwise the
 * inputs' common device is used.
 */
export function evalPrimitive<P>(prim: Primitive<P>, args: readonly DeviceArray[], params: P, device?: DeviceName): DeviceArray[] {
  const avals: ShapedArray[] = args.map((a) => ({ shape: a.shape, dtype: a.dtype, weakType: a.weakType }));
  const outAvals = prim.abstractEval(avals, params);
  if (prim.impl) return prim.impl(args, params, outAvals);
  // complex operands or results: the primitive runs as its lowering to float32 pairs, compiled
  if (avals.some((a) => a.dtype === "complex64") || outAvals.some((a) => a.dtype === "complex64")) {
    if (!complexEval.run) throw new Error("internal: complex evaluation is not installed (transforms/jit.ts installs it)");
    return complexEval.run(prim, args, params);
  }
  const dev = commonDevice(prim.name, args, device);
  const backend = args.length > 0 ? args[0]!.buffer.backend : getBackend(dev, prim.name);
  if (outAvals.every((o) => sizeOf(o.shape) === 0)) {
    // Nothing to compute: empty outputs need no kernel.
    return outAvals.map((av) => new DeviceArray(DeviceBuffer.alloc(backend, av.dtype, 0), av.shape, av.dtype, av.weakType, dev));
  }
  const cache = cacheFor(backend);
  const key = `${prim.name}|${JSON.stringify(params)}|${args.map(layoutKey).join(";")}`;
  let op = cache.get(key);
  if (!op) {
    op = compileOp(backend, prim, args, params, avals, outAvals);
    cache.set(key, op);
  }
  const one = op.single;
  const outs = one
    ? allocAndRun(backend, one.outputs, (handles) =>
        backend.run(one.exe, one.inputs.map((k) => args[k]!.buffer.handle), handles, new Int32Array(one.offsets.map((k) => args[k]!.offset))),
      )
    : runProgram(op.cp, args.map((a) => ({ buf: a.buffer, offset: a.offset })));
  return outAvals.map((av, i) => new DeviceArray(outs[i]!, av.shape, av.dtype, av.weakType, dev));
}

function compileOp<P>(
  backend: Backend,
  prim: Primitive<P>,
  args: readonly DeviceArray[],
  params: P,
  avals: readonly ShapedArray[],
  outAvals: readonly ShapedArray[],
): CompiledOp {
  if (!prim.lower && !prim.kernel) throw new Error(`internal: primitive ${prim.name} has no lowering`);
  const layouts = args.map((a) => ({ strides: a.strides, contiguous: a.isContiguous, offset: a.offset !== 0 }));
  const program = buildOpProgram(prim, params, avals, layouts, outAvals);
  const cp = compileProgram(program, backend);
  const [step] = program.steps;
  const direct = program.steps.length === 1 && step!.kind === "kernel" && step.outputs.length === program.outputs.length && program.outputs.every((s, i) => step.outputs[i] === s);
  if (!direct || step.kind !== "kernel") return { cp };
  const exe = cp.exes.get(step)!;
  const single = {
    exe,
    inputs: step.inputs.map((s) => s.id),
    offsets: step.offsetParams.map((s) => s.id),
    outputs: step.outputs.map((s) => ({ size: s.size, dtype: s.aval.dtype })),
  };
  return { cp, single };
}

/** Identity that always produces a fresh contiguous array (materializes views). */
export const copyPrimitive: Primitive<Record<string, never>> = definePrimitive<Record<string, never>>({
  name: "copy",
  abstractEval: ([x]) => [x!],
  lower: ([x]) => [x!],
  jvp: ([x], [t]) => [[bind1(copyPrimitive, [x!], {})], [t && bind1(copyPrimitive, [t], {})]],
  transpose: ([ct]) => [ct ?? null],
  batch: ([x], [d]) => [[bind1(copyPrimitive, [x!], {})], [d!]],
});

_setMaterialize((x) => evalPrimitive(copyPrimitive, [x], {})[0]!);

/** Uploads host data (in the storage layout of `dtype`) as a new contiguous array. */
export function fromHost(data: HostArray, shape: readonly number[], dtype: DType, weakType: boolean, device: DeviceName): DeviceArray {
  const backend = getBackend(device, "array");
  const buf = DeviceBuffer.alloc(backend, dtype, sizeOf(shape));
  backend.write(buf.handle, storageDType(dtype), data);
  return new DeviceArray(buf, shape, dtype, weakType, device);
}

const constantCaches = new WeakMap<Backend, LruCache<string, DeviceArray>>();

/**
 * A 0-d array holding `value`, from a per-device cache (so JS scalars in eager loops cost no
 * upload). The result is a fresh view that the caller owns.
 */
export function scalarArray(value: number | boolean, dtype: DType, weakType: boolean, device: DeviceName): DeviceArray {
  const backend = getBackend(device);
  let cache = constantCaches.get(backend);
  if (!cache) constantCaches.set(backend, (cache = new LruCache(512, (_k, a) => a.dispose())));
  const key = `${dtype}|${Object.is(value, -0) ? "-0" : String(value)}`;
  let c = cache.get(key);
  if (!c || c.isDisposed) {
    const host = hostScalar(value, dtype);
    c = untracked(() => fromHost(host, [], dtype, false, device));
    cache.set(key, c);
  }
  const out = c.view([], [], 0, weakType);
  // a real number as a complex literal stands for (value, 0)
  out.literal = dtype === "complex64" ? +value : constant(value, dtype).value;
  return out;
}

/** One element of host data holding `value` converted to `dtype` with kernel semantics. */
function hostScalar(value: number | boolean, dtype: DType): HostArray {
  const h = hostArrayFor(dtype, 1);
  const from: DType = typeof value === "boolean" ? "bool" : "float32";
  if (dtype === "float16") h[0] = f32ToF16Bits(typeof value === "boolean" ? +value : value);
  else if (dtype === "bool") h[0] = (typeof value === "boolean" ? value : value !== 0) ? 1 : 0;
  else if (dtype === "complex64") h[0] = +value; // (value, 0)
  else if (typeof value === "number" && Number.isInteger(value)) h[0] = value;
  else h[0] = foldCast(from, dtype, value) as number;
  return h;
}
