/** Assertions on JS scalars and plain values (configuration, sizes, hyperparameters). */
import { assertsEnabled } from "./config.js";
import { fail } from "./errors.js";
import { show } from "./util.js";

function scalar(assertion: string, x: unknown): number {
  if (typeof x !== "number") fail(assertion, `expected a JS number, got ${show(x)}${typeof x === "object" && x !== null ? " (arrays are not scalars; use assertShape(x, []) for 0-d arrays)" : ""}.`);
  return x;
}

/**
 * Checks that `x` is a JS number (chex: a Python scalar).
 *
 * @example
 * assertScalar(learningRate);
 */
export function assertScalar(x: unknown): void {
  if (assertsEnabled()) scalar("assertScalar", x);
}

/**
 * Checks that `x` is a number > 0.
 *
 * @example
 * assertScalarPositive(batchSize);
 */
export function assertScalarPositive(x: unknown): void {
  if (assertsEnabled() && !(scalar("assertScalarPositive", x) > 0)) fail("assertScalarPositive", `expected a positive number, got ${x}.`);
}

/**
 * Checks that `x` is a number >= 0.
 *
 * @example
 * assertScalarNonNegative(weightDecay);
 */
export function assertScalarNonNegative(x: unknown): void {
  if (assertsEnabled() && !(scalar("assertScalarNonNegative", x) >= 0)) fail("assertScalarNonNegative", `expected a non-negative number, got ${x}.`);
}

/**
 * Checks that `x` is a number < 0.
 *
 * @example
 * assertScalarNegative(logProbBound);
 */
export function assertScalarNegative(x: unknown): void {
  if (assertsEnabled() && !(scalar("assertScalarNegative", x) < 0)) fail("assertScalarNegative", `expected a negative number, got ${x}.`);
}

/**
 * Checks that `min <= x <= max` (`<` with `included: false`).
 *
 * @example
 * assertScalarIn(dropoutRate, 0, 1);
 * assertScalarIn(p, 0, 1, { included: false });
 */
export function assertScalarIn(x: unknown, min: number, max: number, opts: { included?: boolean } = {}): void {
  if (!assertsEnabled()) return;
  const v = scalar("assertScalarIn", x);
  const inc = opts.included ?? true;
  const ok = inc ? v >= min && v <= max : v > min && v < max;
  if (!ok) fail("assertScalarIn", `expected ${x} to be in ${inc ? "[" : "("}${min}, ${max}${inc ? "]" : ")"}.`);
}

function firstDiff(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return `${path || "(root)"}: ${show(a)} != ${show(b)}`;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path || "(root)"}: ${show(a)} != ${show(b)}`;
  const proto = Object.getPrototypeOf(a);
  if (!Array.isArray(a) && proto !== Object.prototype && proto !== null) return `${path || "(root)"}: different objects ${show(a)} and ${show(b)}`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k) => !(k in b))) return `${path || "(root)"}: keys [${ka.join(", ")}] != [${kb.join(", ")}]`;
  for (const k of ka) {
    const d = firstDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/**
 * Checks that two JS values are deeply equal (numbers, strings, lists, plain objects; other
 * objects by identity). Use `assertTreesAllEqual` for arrays.
 *
 * @example
 * assertEqual(config.layers, [64, 64]);
 */
export function assertEqual(a: unknown, b: unknown): void {
  if (!assertsEnabled()) return;
  const d = firstDiff(a, b, "");
  if (d) fail("assertEqual", `values differ at ${d}.`);
}

const isNull = (x: unknown) => x === null || x === undefined;

/**
 * Checks that at least one of `a`, `b` is given (not null/undefined).
 *
 * @example
 * assertNotBothNull(opts.mask, opts.lengths);
 */
export function assertNotBothNull(a: unknown, b: unknown): void {
  if (assertsEnabled() && isNull(a) && isNull(b)) fail("assertNotBothNull", `expected at least one of the two values to be non-null, got ${show(a)} and ${show(b)}.`);
}

/**
 * Checks that exactly one of `a`, `b` is null/undefined.
 *
 * @example
 * assertExactlyOneIsNull(opts.steps, opts.until);
 */
export function assertExactlyOneIsNull(a: unknown, b: unknown): void {
  if (assertsEnabled() && isNull(a) === isNull(b)) {
    fail("assertExactlyOneIsNull", `expected exactly one of the two values to be null, got ${show(a)} and ${show(b)} (${isNull(a) ? "both" : "neither"} null).`);
  }
}

/**
 * Checks that `numerator` is divisible by `denominator`.
 *
 * @example
 * assertIsDivisible(hiddenSize, numHeads);
 */
export function assertIsDivisible(numerator: number, denominator: number): void {
  if (assertsEnabled() && (denominator === 0 || numerator % denominator !== 0)) {
    fail("assertIsDivisible", `${numerator} is not divisible by ${denominator}${denominator ? ` (remainder ${numerator % denominator})` : ""}.`);
  }
}
