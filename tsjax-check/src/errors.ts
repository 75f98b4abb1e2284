/** Assertion failures. */

/**
 * The error every failed assertion throws. `assertion` names the assertion
 * ("assertShape", ...); the message starts with `[tsjax-check] assertShape failed:`.
 *
 * @example
 * try { assertRank(x, 2); } catch (e) { if (e instanceof CheckError) console.log(e.assertion); }
 */
export class CheckError extends Error {
  override name = "CheckError";
  constructor(
    readonly assertion: string,
    detail: string,
  ) {
    super(`[tsjax-check] ${assertion} failed: ${detail}`);
  }
}

/** Throws a `CheckError` for `assertion`. */
export function fail(assertion: string, detail: string): never {
  throw new CheckError(assertion, detail);
}
