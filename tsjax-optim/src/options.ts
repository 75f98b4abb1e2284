/**
 * Options objects (optax's keyword arguments): defaults, unknown keys as errors, and the
 * signature registry `injectHyperparams` reads to find every hyperparameter of a factory.
 * @internal
 */

/**
 * `defaults` overridden by the defined entries of `given`. Throws a TypeError naming `op`
 * when `given` has a key that `defaults` lacks (every option has an entry in `defaults`,
 * `null` when it has no default value).
 * @internal
 */
export function options<T extends object>(op: string, given: object | undefined | null, defaults: T): T {
  if (given === undefined || given === null) return { ...defaults };
  if (typeof given !== "object" || globalThis.Array.isArray(given)) {
    throw new TypeError(`${op}: expected an options object, got ${globalThis.Array.isArray(given) ? "an array" : typeof given}.`);
  }
  const unknown = Object.keys(given).filter((k) => !Object.prototype.hasOwnProperty.call(defaults, k));
  if (unknown.length) {
    throw new TypeError(
      `${op}: unknown option${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}; ` +
        `the options are ${Object.keys(defaults).join(", ") || "(none)"}.`,
    );
  }
  const out = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(given)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** The parameters of a factory: positional names, then the options and their defaults. @internal */
export interface Signature {
  positional: readonly string[];
  /** Defaults of the positional parameters that have one (by name). */
  positionalDefaults: Readonly<Record<string, unknown>>;
  options: Readonly<Record<string, unknown>>;
  /** Options that are never hyperparameters (sizes that shape the state, masks, keys, functions that are not schedules): `injectHyperparams` keeps them static. */
  static: readonly string[];
}

const SIGNATURES = new WeakMap<object, Signature>();

/**
 * Records the signature of `factory` (for `injectHyperparams`) and returns it.
 * @internal
 */
export function defineSignature<F extends (...args: any[]) => unknown>(
  factory: F,
  positional: readonly string[],
  optionDefaults: object = {},
  extra: { positionalDefaults?: Record<string, unknown>; static?: readonly string[] } = {},
): F {
  SIGNATURES.set(factory, {
    positional,
    positionalDefaults: extra.positionalDefaults ?? {},
    options: optionDefaults as Record<string, unknown>,
    static: extra.static ?? [],
  });
  return factory;
}

/** The recorded signature of `factory`, if any. @internal */
export function signatureOf(factory: object): Signature | undefined {
  return SIGNATURES.get(factory);
}
