/**
 * Control flow in compiled programs.
 *
 * - scan: the body's kernels are dispatched once per step, reading slices of `xs` at runtime
 *   offsets and writing each step's outputs into the stacked result; nothing is read back.
 * - while and cond: a host program reads the predicate (or index) back (in the background on
 *   WebGPU, with later work queued behind it) and runs the body or the chosen branch.
 */
import { DeviceBuffer } from "../array/buffer.js";
import type { Backend } from "../backend/backend.js";
import type { ClosedJaxpr } from "../core/jaxpr.js";
import type { Primitive } from "../core/primitive.js";
import { sizeOf } from "../shape.js";
import { type BufRef, type CompiledSub, type HostRunner, _setHostRunner, runSub } from "./executor.js";
import { type HostStep, type SubProgram, _setHostCompiler, buildProgram } from "./program.js";
import { optimize } from "./optimize.js";
import { type CondParams, type ScanParams, type WhileParams, cond, scan, whileLoop } from "../primitives/control.js";

let registered = false;

/**
 * Registers how control flow compiles and runs in programs. Called by `jit` (an explicit call,
 * not an import for its side effects: the package is `sideEffects: false`, and bundlers drop
 * side-effect-only imports of such packages).
 */
export function registerHostSteps(): void {
  if (registered) return;
  registered = true;
  _setHostCompiler(hostCompiler);
  _setHostRunner(hostRunner);
}

/** Compiles a closed jaxpr into a sub-program; `offsetArgs` marks arguments read at runtime offsets. */
function compileSub(closed: ClosedJaxpr, offsetArgs: readonly boolean[] = []): SubProgram {
  const { jaxpr, extraConsts } = optimize(closed.jaxpr);
  const nc = closed.consts.length;
  const offsets = jaxpr.inBinders.map((_, i) => i >= nc && i - nc < offsetArgs.length && (offsetArgs[i - nc] ?? false));
  return { program: buildProgram(jaxpr, offsets), leading: closed.consts, trailing: extraConsts };
}

function hostCompiler(prim: Primitive<any>, params: any): SubProgram[] | undefined {
  if (prim === scan) {
    const p = params as ScanParams;
    const offsets = p.body.inAvals.map((_, i) => i >= p.numConsts + p.numCarry);
    return [compileSub(p.body, offsets)];
  }
  if (prim === whileLoop) {
    const p = params as WhileParams;
    return [compileSub(p.cond), compileSub(p.body)];
  }
  if (prim === cond) return (params as CondParams).branches.map((b: ClosedJaxpr) => compileSub(b));
  return undefined;
}

const hostRunner: HostRunner = (step, inputs, cp, subs) => {
  const backend = cp.backend;
  if (step.primitive === scan) return runScan(backend, step, inputs, subs[0]!);
  if (step.primitive === whileLoop) return runWhile(backend, step, inputs, subs);
  if (step.primitive === cond) return runCond(backend, step, inputs, subs);
  throw new Error(`internal: no host runner for ${step.primitive.name}`);
};

/** A fresh copy of a bound buffer (for results that would otherwise alias an input). */
function copyOut(backend: Backend, r: BufRef, dtype: DeviceBuffer["dtype"], size: number): DeviceBuffer {
  const out = DeviceBuffer.alloc(backend, dtype, size);
  if (size > 0) backend.copy(r.buf.handle, out.handle, dtype, size, r.offset, 0);
  return out;
}

function runScan(backend: Backend, step: HostStep, inputs: BufRef[], body: CompiledSub): DeviceBuffer[] {
  const p = step.params as ScanParams;
  const consts = inputs.slice(0, p.numConsts);
  const init = inputs.slice(p.numConsts, p.numConsts + p.numCarry);
  const xs = inputs.slice(p.numConsts + p.numCarry);
  const xSlots = step.inputs.slice(p.numConsts + p.numCarry);
  const rowSize = xSlots.map((s) => sizeOf(s.aval.shape.slice(1)));
  const ySlots = step.outputs.slice(p.numCarry);
  const yRow = ySlots.map((s) => sizeOf(s.aval.shape.slice(1)));
  const ys = ySlots.map((s) => DeviceBuffer.alloc(backend, s.aval.dtype, s.size));
  let carry: BufRef[] = init;
  let owned = false;
  for (let t = 0; t < p.length; t++) {
    const i = p.reverse ? p.length - 1 - t : t;
    const xIn = xs.map((x, k) => ({ buf: x.buf, offset: x.offset + i * rowSize[k]! }));
    const outs = runSub(body, [...consts, ...carry, ...xIn]);
    outs.slice(p.numCarry).forEach((b, k) => {
      if (yRow[k]! > 0) backend.copy(b.handle, ys[k]!.handle, ySlots[k]!.aval.dtype, yRow[k]!, 0, i * yRow[k]!);
      b.release();
    });
    if (owned) carry.forEach((r) => r.buf.release());
    carry = outs.slice(0, p.numCarry).map((b) => ({ buf: b, offset: 0 }));
    owned = true;
  }
  const carrySlots = step.outputs.slice(0, p.numCarry);
  const finalCarry = owned ? carry.map((r) => r.buf) : carry.map((r, k) => copyOut(backend, r, carrySlots[k]!.aval.dtype, carrySlots[k]!.size));
  return [...finalCarry, ...ys];
}

/** Keeps the buffers of `refs` alive until `done` is called (host programs may run later). */
function hold(refs: readonly BufRef[]): () => void {
  for (const r of refs) r.buf.retain();
  return () => refs.forEach((r) => r.buf.release());
}

/** A zero-offset buffer to read the first element of (copies a slice if needed). */
function readable(backend: Backend, r: BufRef, dtype: DeviceBuffer["dtype"]): DeviceBuffer {
  if (r.offset === 0) {
    r.buf.retain();
    return r.buf;
  }
  return copyOut(backend, r, dtype, 1);
}

function runWhile(backend: Backend, step: HostStep, inputs: BufRef[], subs: CompiledSub[]): DeviceBuffer[] {
  const p = step.params as WhileParams;
  const [condSub, bodySub] = subs as [CompiledSub, CompiledSub];
  const cc = inputs.slice(0, p.condNconsts);
  const bc = inputs.slice(p.condNconsts, p.condNconsts + p.bodyNconsts);
  const init = inputs.slice(p.condNconsts + p.bodyNconsts);
  const outs = step.outputs.map((s) => DeviceBuffer.alloc(backend, s.aval.dtype, s.size));
  const targets = outs.map((b) => b.retain());
  const release = hold(inputs);
  backend.runProgram(
    (function* () {
      let carry: BufRef[] = init;
      let owned = false;
      for (;;) {
        const [pred] = runSub(condSub, [...cc, ...carry]);
        const go = yield { handle: pred!.handle, dtype: "bool" as const };
        pred!.release();
        if (!go) break;
        const next = runSub(bodySub, [...bc, ...carry]);
        if (owned) carry.forEach((r) => r.buf.release());
        carry = next.map((b) => ({ buf: b, offset: 0 }));
        owned = true;
      }
      carry.forEach((r, k) => {
        const s = step.outputs[k]!;
        if (s.size > 0) backend.copy(r.buf.handle, targets[k]!.handle, s.aval.dtype, s.size, r.offset, 0);
        if (owned) r.buf.release();
      });
      targets.forEach((t) => t.release());
      release();
    })(),
  );
  return outs;
}

function runCond(backend: Backend, step: HostStep, inputs: BufRef[], branches: CompiledSub[]): DeviceBuffer[] {
  const [idx, ...ops] = inputs;
  const outs = step.outputs.map((s) => DeviceBuffer.alloc(backend, s.aval.dtype, s.size));
  const targets = outs.map((b) => b.retain());
  const release = hold(inputs);
  const index = readable(backend, idx!, step.inputs[0]!.aval.dtype);
  backend.runProgram(
    (function* () {
      const i = yield { handle: index.handle, dtype: step.inputs[0]!.aval.dtype };
      index.release();
      const k = Math.min(Math.max(Math.trunc(i), 0), branches.length - 1);
      const res = runSub(branches[k]!, ops);
      res.forEach((b, j) => {
        const s = step.outputs[j]!;
        if (s.size > 0) backend.copy(b.handle, targets[j]!.handle, s.aval.dtype, s.size, 0, 0);
        b.release();
        targets[j]!.release();
      });
      release();
    })(),
  );
  return outs;
}
