/**
 * Runs compiled programs on a backend.
 *
 * Kernels are compiled once per program and device. A call binds input buffers, allocates each
 * intermediate from the backend's pool and returns it right after its last use, so memory is
 * reused within the call. All dispatches of a call are recorded into one command submission
 * (the WebGPU backend submits when the call is done or when it reads back).
 */
import { DeviceBuffer, listingLiveArrays } from "../array/buffer.js";
import type { Backend, BufferHandle, Executable } from "../backend/backend.js";
import { type DType, storageSize } from "../dtype.js";
import type { Array } from "../array/array.js";
import type { DeviceArray } from "../array/device-array.js";
import type { HostStep, KernelStep, Program, Slot } from "./program.js";

/** A buffer bound to a slot, read from `offset` (in elements). */
export interface BufRef {
  buf: DeviceBuffer;
  offset: number;
}

export interface CompiledProgram {
  program: Program;
  backend: Backend;
  exes: Map<KernelStep, Executable>;
  subprograms: Map<HostStep, CompiledSub[]>;
}

/** A compiled sub-program with its constant buffers. */
export interface CompiledSub {
  cp: CompiledProgram;
  leading: BufRef[];
  trailing: BufRef[];
}

function constRef(x: Array): BufRef {
  const d = x as DeviceArray;
  if (!d.isContiguous) throw new Error("internal: non-contiguous constant in a compiled program");
  return { buf: d.buffer, offset: storageSize(d.dtype, d.offset) };
}

/** Compiles every kernel of a program (and of its sub-programs) for `backend`. */
export function compileProgram(program: Program, backend: Backend): CompiledProgram {
  const exes = new Map<KernelStep, Executable>();
  const subprograms = new Map<HostStep, CompiledSub[]>();
  for (const s of program.steps) {
    if (s.kind === "kernel") exes.set(s, backend.compile(s.kernel));
    else {
      subprograms.set(
        s,
        s.programs.map((p) => ({ cp: compileProgram(p.program, backend), leading: p.leading.map(constRef), trailing: p.trailing.map(constRef) })),
      );
    }
  }
  return { program, backend, exes, subprograms };
}

/**
 * Allocates output buffers and runs `run` on their handles (skipped when an output is empty).
 * If an allocation or the run throws, the buffers allocated so far are freed again.
 */
export function allocAndRun(backend: Backend, outputs: readonly { dtype: DType; size: number }[], run: (handles: BufferHandle[]) => void): DeviceBuffer[] {
  const outs: DeviceBuffer[] = [];
  try {
    for (const o of outputs) outs.push(DeviceBuffer.alloc(backend, o.dtype, o.size));
    // a kernel may allocate scratch memory too (WebGPU's GEMM packs an operand)
    if (outputs.every((o) => o.size > 0)) listingLiveArrays(backend, () => run(outs.map((b) => b.handle)));
  } catch (e) {
    for (const b of outs) b.release();
    throw e;
  }
  return outs;
}

/** Runs a sub-program on arguments (borrowed); returns owned outputs. */
export function runSub(sub: CompiledSub, args: readonly BufRef[]): DeviceBuffer[] {
  return runProgram(sub.cp, [...sub.leading, ...args, ...sub.trailing]);
}

/** Runs a host step (control flow); returns owned output buffers. */
export type HostRunner = (step: HostStep, inputs: BufRef[], cp: CompiledProgram, subs: CompiledSub[]) => DeviceBuffer[];
let hostRunner: HostRunner | undefined;
/** @internal Registers the implementation of host steps (control flow). */
export function _setHostRunner(fn: HostRunner): void {
  hostRunner = fn;
}

/**
 * Runs a compiled program. Inputs are borrowed, except those marked in `owned`, whose buffers
 * the program releases after their last use (donation). Returns owned output buffers.
 */
export function runProgram(cp: CompiledProgram, inputs: readonly BufRef[], owned: readonly boolean[] = []): DeviceBuffer[] {
  const { program, backend } = cp;
  const env = new Map<Slot, BufRef>();
  const ownedSlots = new Set<Slot>();
  program.inputs.forEach((s, i) => {
    env.set(s, inputs[i]!);
    if (owned[i]) ownedSlots.add(s);
  });
  const outputSet = new Set(program.outputs);
  const freeAfter = new Map<number, Slot[]>();
  for (const [slot, i] of program.lastUse) {
    let l = freeAfter.get(i);
    if (!l) freeAfter.set(i, (l = []));
    l.push(slot);
  }
  program.inputs.forEach((s) => {
    // Donated inputs are freed after their last read; unused ones right away.
    if (ownedSlots.has(s) && !outputSet.has(s)) {
      let last = -1;
      program.steps.forEach((st, i) => {
        if (st.inputs.includes(s)) last = i;
      });
      let l = freeAfter.get(last);
      if (!l) freeAfter.set(last, (l = []));
      l.push(s);
    }
  });
  const release = (slots: Slot[] | undefined) => {
    for (const s of slots ?? []) {
      if (outputSet.has(s)) continue;
      const r = env.get(s);
      if (!r) continue;
      if (program.inputs.includes(s) && !ownedSlots.has(s)) continue;
      r.buf.release();
      env.delete(s);
    }
  };
  release(freeAfter.get(-1));
  try {
    runSteps(cp, env, release, freeAfter);
  } catch (e) {
    // a step that fails (an allocation, a dispatch) frees what the program holds, so the
    // device's memory is as it was (donated inputs are gone, as they would be after success)
    for (const [s, r] of env) if (!program.inputs.includes(s) || ownedSlots.has(s)) r.buf.release();
    throw e;
  }
  // Outputs: owned buffers for the caller (retain outputs that are inputs or repeated).
  const handed = new Set<Slot>();
  return program.outputs.map((s) => {
    const r = env.get(s)!;
    if (r.offset !== 0) {
      // An input slice returned as is (a scan body returning its x): copy it out.
      const out = DeviceBuffer.alloc(backend, s.aval.dtype, s.size);
      backend.copy(r.buf.handle, out.handle, s.aval.dtype, s.size, r.offset, 0);
      return out;
    }
    const isBorrowedInput = program.inputs.includes(s) && !ownedSlots.has(s);
    if (handed.has(s) || isBorrowedInput) r.buf.retain();
    handed.add(s);
    return r.buf;
  });
}

function runSteps(cp: CompiledProgram, env: Map<Slot, BufRef>, release: (slots: Slot[] | undefined) => void, freeAfter: Map<number, Slot[]>): void {
  const { program, backend } = cp;
  program.steps.forEach((step, i) => {
    if (step.kind === "kernel") {
      const outs = allocAndRun(backend, step.outputs.map((s) => ({ dtype: s.aval.dtype, size: s.size })), (handles) => {
        const params = new Int32Array(step.offsetParams.map((s) => env.get(s)!.offset));
        backend.run(cp.exes.get(step)!, step.inputs.map((s) => env.get(s)!.buf.handle), handles, params);
      });
      step.outputs.forEach((s, k) => env.set(s, { buf: outs[k]!, offset: 0 }));
    } else {
      if (!hostRunner) throw new Error("internal: no host step runner");
      const outs = hostRunner(step, step.inputs.map((s) => env.get(s)!), cp, cp.subprograms.get(step)!);
      step.outputs.forEach((s, k) => env.set(s, { buf: outs[k]!, offset: 0 }));
    }
    release(freeAfter.get(i));
  });
}
