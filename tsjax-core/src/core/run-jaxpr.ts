/**
 * How the core runs a closed jaxpr compiled, for primitives whose eager `impl` is their
 * expansion (`primitives/linalg/expanded.ts`) and for eager complex64 evaluation
 * (`complex/eval.ts`). The compiler sits above the primitives (its control-flow steps know
 * `cond`, `while` and `scan`), so `transforms/jit.ts` installs it here when it loads, as JAX's
 * primitives reach `dispatch` at run time.
 */
import type { DeviceArray } from "../array/device-array.js";
import type { ClosedJaxpr } from "./jaxpr.js";
import { lateBound } from "../util/late-bound.js";

type Runner = (closed: ClosedJaxpr, args: readonly DeviceArray[]) => DeviceArray[];

const runner = lateBound<Runner>("transforms/jit.ts");

/** Installs the compiled runner (called once, by `transforms/jit.ts`). */
export function _setJaxprRunner(run: Runner): void {
  runner.set(run);
}

/** Runs `closed` compiled on the device of `args` (see `executeJaxpr` in `transforms/jit.ts`). */
export function runJaxpr(closed: ClosedJaxpr, args: readonly DeviceArray[]): DeviceArray[] {
  return runner.get()(closed, args);
}
