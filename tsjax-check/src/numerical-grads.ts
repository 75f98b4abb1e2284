/** Gradient checks against finite differences (chex's `assert_numerical_grads`). */
import { type CheckGradsOptions, checkGrads } from "tsjax-core";
import { assertsEnabled } from "./config.js";
import { fail } from "./errors.js";

/**
 * Checks `f`'s derivatives at `args` up to `order` against finite differences, in forward
 * and reverse mode (built on core's `checkGrads`).
 *
 * @example
 * await assertNumericalGrads((x: Array) => x.sin().mul(x).sum(), [np.array([0.3, 1.2])], { order: 2 });
 */
export async function assertNumericalGrads(f: (...args: any[]) => unknown, args: readonly unknown[], opts: CheckGradsOptions = {}): Promise<void> {
  if (!assertsEnabled()) return;
  try {
    await checkGrads(f as (...a: any[]) => any, args, opts);
  } catch (e) {
    const name = f.name || "(anonymous)";
    fail("assertNumericalGrads", `gradients of ${name} (order ${opts.order ?? 1}) do not match finite differences: ${(e as Error).message}`);
  }
}
