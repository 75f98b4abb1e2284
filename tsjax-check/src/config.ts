/** Global switch for every assertion in this package (chex's `disable_asserts`). */
let enabled = true;

/**
 * Turns every assertion into a no-op (for production builds); wrappers such as
 * `assertMaxTraces` then pass calls straight through.
 *
 * @example
 * import { disableAsserts } from "tsjax-check";
 * if (process.env.NODE_ENV === "production") disableAsserts();
 */
export function disableAsserts(): void {
  enabled = false;
}

/**
 * Turns assertions back on after `disableAsserts()`.
 *
 * @example
 * enableAsserts();
 */
export function enableAsserts(): void {
  enabled = true;
}

/**
 * True unless `disableAsserts()` was called.
 *
 * @example
 * if (assertsEnabled()) console.log("checking shapes");
 */
export function assertsEnabled(): boolean {
  return enabled;
}
