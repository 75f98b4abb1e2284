/** Test helpers: run a test body with and without `jit` (chex's `variants`), and `fakeJit`. */
import { jit } from "tsjax-core";

/** Variant names: `"jit"` wraps with `jit`, `"nojit"` calls the function as is. */
export type VariantName = "jit" | "nojit";

/** Wraps a function according to the current variant. */
export type Variant = (<F extends (...args: any[]) => any>(fn: F, opts?: Parameters<typeof jit>[1]) => F) & {
  readonly variantName: VariantName;
};

let fakeDepth = 0;

/**
 * Runs `body` with the `"jit"` variant of `variants` (and `withJit`) calling functions
 * eagerly, to debug them with `console.log` and real values. Works with async bodies.
 * (It cannot reach `jit` calls made directly in user code; core would need a
 * `disableJit` switch for that.)
 *
 * @example
 * await fakeJit(async () => {
 *   const f = withJit((x: Array) => { console.log(x); return x.mul(2); });
 *   f(np.ones([2])); // runs eagerly, prints the values
 * });
 */
export function fakeJit<T>(body: () => T): T {
  fakeDepth++;
  let result: T;
  try {
    result = body();
  } catch (e) {
    fakeDepth--;
    throw e;
  }
  if (result instanceof Promise) return result.finally(() => fakeDepth--) as T;
  fakeDepth--;
  return result;
}

/**
 * True while inside `fakeJit`.
 *
 * @example
 * if (isFakeJit()) console.log("eager");
 */
export function isFakeJit(): boolean {
  return fakeDepth > 0;
}

/**
 * `jit(fn, opts)` that runs `fn` eagerly while `fakeJit` is active (checked at each call).
 *
 * @example
 * const step = withJit(trainStep, { donate: [0] });
 */
export function withJit<F extends (...args: any[]) => any>(fn: F, opts?: Parameters<typeof jit>[1]): F {
  const jitted = jit(fn, opts);
  const wrapped = function (this: unknown, ...args: unknown[]) {
    return fakeDepth > 0 ? fn.apply(this, args) : jitted(...args);
  };
  Object.defineProperty(wrapped, "name", { value: fn.name });
  return wrapped as unknown as F;
}

function makeVariant(name: VariantName): Variant {
  const v = (<F extends (...args: any[]) => any>(fn: F, opts?: Parameters<typeof jit>[1]): F => (name === "jit" ? withJit(fn, opts) : fn)) as Variant;
  Object.defineProperty(v, "variantName", { value: name });
  return v;
}

type Describe = (name: string, fn: () => void) => void;

/** Options of `variants`. */
export interface VariantsOptions {
  /** The test framework's `describe` (default: vitest's, imported lazily, or a global `describe`). */
  describe?: Describe;
}

/**
 * Defines one `describe` block per variant; `variant(fn)` is `jit(fn)` or `fn`. Pass
 * `describe` (or use vitest globals) to register synchronously; otherwise vitest is
 * imported lazily and the call must be awaited (top-level await in the test file).
 *
 * @example
 * import { describe, expect, it } from "vitest";
 * variants(["jit", "nojit"], (variant) => {
 *   it("doubles", async () => {
 *     expect(await variant((x: Array) => x.mul(2))(np.ones([2])).toArray()).toEqual([2, 2]);
 *   });
 * }, { describe });
 */
export function variants(names: readonly VariantName[], body: (variant: Variant) => void, opts: VariantsOptions = {}): Promise<void> {
  const define = (describe: Describe) => {
    for (const n of names) describe(`variant ${n}`, () => body(makeVariant(n)));
  };
  const d = opts.describe ?? (globalThis as { describe?: Describe }).describe;
  if (d) {
    define(d);
    return Promise.resolve();
  }
  const vitest = "vitest";
  return import(/* @vite-ignore */ vitest).then((m: { describe: Describe }) => define(m.describe));
}

/**
 * The variants as plain values, for a framework-free loop or `it.each`.
 *
 * @example
 * for (const variant of variantList(["jit", "nojit"])) variant(f)(x);
 */
export function variantList(names: readonly VariantName[]): Variant[] {
  return names.map(makeVariant);
}
