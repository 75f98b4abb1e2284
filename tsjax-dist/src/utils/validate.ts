/**
 * Checks of parameter values for `validateArgs: true`. Values are read synchronously, so a
 * check runs where the values are concrete and readable at once (eager arrays on the CPU);
 * under `jit`, `vmap` or `grad` tracing, and on devices without synchronous reads (WebGPU),
 * it is skipped. @internal
 */
import { type Array, ConcretizationError, DeviceError } from "tsjax-core";
import { fmtShape } from "./args.js";

/** The values of `x`, or undefined when they cannot be read synchronously. */
function readNow(x: Array): ArrayLike<number> | undefined {
  try {
    return x.dataSync() as ArrayLike<number>;
  } catch (e) {
    if (e instanceof ConcretizationError || e instanceof DeviceError) return undefined;
    throw e;
  }
}

function position(shape: readonly number[], flat: number): string {
  if (shape.length === 0) return "";
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]!);
    flat = Math.floor(flat / shape[d]!);
  }
  return ` at index [${idx.join(", ")}]`;
}

/** Throws a RangeError naming the class, parameter, shape and first offending element. */
export function checkValues(cls: string, name: string, x: Array, ok: (v: number) => boolean, what: string): void {
  const v = readNow(x);
  if (!v) return;
  for (let i = 0; i < v.length; i++) {
    if (!ok(v[i]!)) {
      throw new RangeError(`${cls}: ${name} must be ${what}, got ${v[i]}${position(x.shape, i)} (${name} has shape ${fmtShape(x.shape)}).`);
    }
  }
}

/** Throws unless every row along the last axis sums to 1 (within `atol`) with entries in [0, 1]. */
export function checkSimplex(cls: string, name: string, x: Array, atol = 1e-5): void {
  checkValues(cls, name, x, (p) => p >= 0 && p <= 1, "in [0, 1]");
  const v = readNow(x);
  if (!v || x.ndim === 0) return;
  const k = x.shape[x.ndim - 1]!;
  for (let r = 0; r * k < v.length; r++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += v[r * k + j]!;
    if (Math.abs(s - 1) > atol * Math.max(1, k)) {
      throw new RangeError(
        `${cls}: ${name} must sum to 1 along the last axis, got a sum of ${s}${position(x.shape.slice(0, -1), r)} (${name} has shape ${fmtShape(x.shape)}).`,
      );
    }
  }
}

/** Shared option of distributions with constrained parameters. */
export interface ValidateOptions {
  /** Check parameter values when they are concrete and readable at once (default false). */
  validateArgs?: boolean;
}
