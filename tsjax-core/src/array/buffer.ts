/**
 * Device buffers shared by array views. Users never see reference counts: an array holds one
 * reference and gives it back on `dispose()`, at the end of a `scope`, or when it is garbage
 * collected.
 */
import type { Backend, BufferHandle } from "../backend/backend.js";
import { type DType, itemsize, storageDType, storageSize } from "../dtype.js";
import { type LiveArrayInfo, ResourceExhaustedError } from "../errors.js";
import { noteAlloc, noteFree } from "./collector.js";

/** Live buffers by backend, so that an out-of-memory error can name the largest. */
const live = new WeakMap<Backend, Set<DeviceBuffer>>();

/** How many of the largest live arrays an out-of-memory error lists. */
const LARGEST_LISTED = 5;

export class DeviceBuffer {
  private refs = 1;
  /** The shape of the first array that viewed this buffer (for out-of-memory messages). */
  shape: readonly number[] | undefined;
  /** The dtype of that array (complex64 for a float32 pair buffer). */
  arrayDType: DType | undefined;

  constructor(
    readonly backend: Backend,
    readonly handle: BufferHandle,
    /** The stored dtype (`complex64` values are stored as float32 pairs). */
    readonly dtype: DType,
    /** Stored elements. */
    readonly size: number,
  ) {}

  /**
   * Allocates a buffer for `size` values of `dtype` on `backend` (in its storage dtype). Past
   * the device's memory limit, throws a ResourceExhaustedError that lists the largest live
   * arrays.
   */
  static alloc(backend: Backend, dtype: DType, size: number): DeviceBuffer {
    const d = storageDType(dtype);
    const n = storageSize(dtype, size);
    const handle: BufferHandle = listingLiveArrays(backend, () => backend.alloc(d, n));
    const b = new DeviceBuffer(backend, handle, d, n);
    let set = live.get(backend);
    if (!set) live.set(backend, (set = new Set()));
    set.add(b);
    noteAlloc(n * itemsize(d));
    return b;
  }

  /** Records the shape and dtype of the array that views this buffer first. */
  describe(shape: readonly number[], dtype: DType): void {
    if (this.shape) return;
    this.shape = shape;
    this.arrayDType = dtype;
  }

  /** Adds a reference (another view of the same data). */
  retain(): this {
    this.refs++;
    return this;
  }

  /** Drops a reference; the memory goes back to the backend with the last one. */
  release(): void {
    if (--this.refs !== 0) return;
    live.get(this.backend)?.delete(this);
    this.backend.free(this.handle);
    noteFree(this.size * itemsize(this.dtype));
  }

  /** True while only one array references this buffer (it may then be donated). */
  get unshared(): boolean {
    return this.refs === 1;
  }
}

/**
 * Runs `fn` (an allocation, or a kernel that allocates scratch memory on `backend`); a
 * ResourceExhaustedError it throws gets the list of the largest live arrays.
 */
export function listingLiveArrays<T>(backend: Backend, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ResourceExhaustedError) e.withLiveArrays(largestLive(backend));
    throw e;
  }
}

/** The largest live buffers of a backend, with the shape and dtype of the arrays that hold them. */
function largestLive(backend: Backend): LiveArrayInfo[] {
  const all = [...(live.get(backend) ?? [])].map((b) => ({ shape: b.shape, dtype: b.arrayDType ?? b.dtype, bytes: b.size * itemsize(b.dtype) }));
  return all.sort((a, b) => b.bytes - a.bytes).slice(0, LARGEST_LISTED);
}
