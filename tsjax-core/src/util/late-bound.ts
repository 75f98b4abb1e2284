/**
 * A value that a higher layer supplies when it loads (JAX fills `ad_util` and `batching` from
 * lax the same way), read by a lower layer that must not import it.
 */
export interface LateBound<T> {
  /** Installs the value (once, by the module named in `provider`). */
  set(value: T): void;
  /** The value; an internal error naming `provider` if it has not been installed. */
  get(): T;
}

/** A slot for a value that `provider` (a module path, for the error) installs when it loads. */
export function lateBound<T>(provider: string): LateBound<T> {
  let value: T | undefined;
  return {
    set(v) {
      value = v;
    },
    get() {
      if (value === undefined) throw new Error(`internal: ${provider} has not been loaded`);
      return value;
    },
  };
}
