/**
 * Error classes. Every message names the operation, the shapes/dtypes/values involved and
 * what to do instead.
 */

/** Shapes that do not fit an operation (broadcasting, reshape sizes, matmul dimensions, ...). */
export class ShapeError extends Error {
  override name = "ShapeError";
}

/** A dtype that an operation does not accept. */
export class DTypeError extends TypeError {
  override name = "DTypeError";
}

/** An index or axis out of range. */
export class IndexError extends RangeError {
  override name = "IndexError";
}

/** Use of an array after `dispose()` (or after its device was destroyed). */
export class DisposedArrayError extends Error {
  override name = "DisposedArrayError";
}

/** A device that is missing, not initialized, lost or destroyed. */
export class DeviceError extends Error {
  override name = "DeviceError";
}

/** A traced value was used where a concrete value is needed (JS number/boolean, reading data, a shape). */
export class ConcretizationError extends TypeError {
  override name = "ConcretizationError";
}

/** A traced value was used after the transformation that created it finished. */
export class UnexpectedTracerError extends Error {
  override name = "UnexpectedTracerError";
}

/** One live array in a `ResourceExhaustedError`: its shape (when an array holds it), dtype and bytes. */
export interface LiveArrayInfo {
  /** The shape of an array that holds the buffer; undefined for an intermediate of a jitted function. */
  shape: readonly number[] | undefined;
  dtype: string;
  bytes: number;
}

/**
 * A device ran out of the memory it may use (JAX's `RESOURCE_EXHAUSTED`): an allocation would
 * pass the limit set with `init({ memory })` or the `TSJAX_MEM_*` environment variables, or
 * the preallocated arena has no free block that large. The allocation did not happen and
 * nothing else changed: free arrays (or raise the limit) and go on.
 *
 * @example
 * await init({ memory: { limitBytes: 2 ** 26 } });
 * try {
 *   np.zeros([8192, 8192]).add(1);
 * } catch (e) {
 *   if (e instanceof ResourceExhaustedError) console.log(e.requestedBytes, e.liveBytes, e.largestLive);
 * }
 */
export class ResourceExhaustedError extends Error {
  override name = "ResourceExhaustedError";
  /** The largest live arrays on the device, largest first (filled in by the array layer). */
  largestLive: LiveArrayInfo[] = [];

  constructor(
    /** What the message says before the list of live arrays. */
    readonly summary: string,
    /** The device that ran out. */
    readonly device: string,
    /** Bytes the failed allocation asked for. */
    readonly requestedBytes: number,
    /** Bytes held by live buffers at the time. */
    readonly liveBytes: number,
    /** The limit in bytes (Infinity when none). */
    readonly limitBytes: number,
    /** What to change to make it fit. */
    readonly hint: string,
  ) {
    super(`${summary} ${hint}`);
  }

  /** Adds the largest live arrays to the message (called where arrays are known). */
  withLiveArrays(live: LiveArrayInfo[]): this {
    this.largestLive = live;
    const list = live.length === 0 ? "none" : live.map((a) => `${a.dtype}${a.shape ? `[${a.shape.join(",")}]` : " (a jit intermediate)"} ${formatBytes(a.bytes)}`).join(", ");
    this.message = `${this.summary} Largest live arrays: ${list}. ${this.hint}`;
    return this;
  }
}

/** Bytes for messages: `512 B`, `3.0 MiB`, `1.50 GiB` (with the exact count when not a whole unit). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "no limit";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]} (${bytes} bytes)`;
}
