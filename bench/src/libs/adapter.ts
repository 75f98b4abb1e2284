/** The interface every library adapter implements: build a workload, run it, free it. */
import type { Workload } from "../workloads.js";

/** One built workload, ready to be timed. */
export interface Case {
  /** Runs one call and resolves once its results are computed (on the device). */
  run(): Promise<void>;
  /** Releases everything the case holds. */
  dispose(): void;
  /** Device bytes the library holds right now (for the MLP memory check), if it can tell. */
  bytesInUse?(): number;
  /** Kernels one call dispatches, if the library can tell. */
  kernelCount?: number;
}

/** A library on one device. */
export interface Adapter {
  /** Column label, e.g. "tsjax webgpu". */
  name: string;
  /** Prepares the library and device; returns why it is unavailable, or undefined. */
  setup(): Promise<string | undefined>;
  /**
   * Makes this adapter's device the library's current one (libraries with global state, such as
   * tfjs's backend or jax-js's default device): called before each of its calls, since the
   * libraries' cases run in turns.
   */
  activate?(): Promise<void> | void;
  /** Builds a workload, or returns undefined when the library cannot run it. */
  build(w: Workload): Promise<Case | undefined>;
  /** Frees the device (optional). */
  teardown?(): Promise<void>;
}
