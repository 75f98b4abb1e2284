/**
 * Device buffers shared by array views. Users never see reference counts: an array holds one
 * reference and gives it back on `dispose()`, at the end of a `scope`, or when it is garbage
 * collected.
 */
import type { Backend, BufferHandle } from "../backend/backend.js";
import { type DType, itemsize, storageDType, storageSize } from "../dtype.js";
import { noteAlloc, noteFree } from "./collector.js";

export class DeviceBuffer {
  private refs = 1;

  constructor(
    readonly backend: Backend,
    readonly handle: BufferHandle,
    /** The stored dtype (`complex64` values are stored as float32 pairs). */
    readonly dtype: DType,
    /** Stored elements. */
    readonly size: number,
  ) {}

  /** Allocates a buffer for `size` values of `dtype` on `backend` (in its storage dtype). */
  static alloc(backend: Backend, dtype: DType, size: number): DeviceBuffer {
    const d = storageDType(dtype);
    const n = storageSize(dtype, size);
    const b = new DeviceBuffer(backend, backend.alloc(d, n), d, n);
    noteAlloc(n * itemsize(d));
    return b;
  }

  /** Adds a reference (another view of the same data). */
  retain(): this {
    this.refs++;
    return this;
  }

  /** Drops a reference; the memory goes back to the backend with the last one. */
  release(): void {
    if (--this.refs !== 0) return;
    this.backend.free(this.handle);
    noteFree(this.size * itemsize(this.dtype));
  }

  /** True while only one array references this buffer (it may then be donated). */
  get unshared(): boolean {
    return this.refs === 1;
  }
}
