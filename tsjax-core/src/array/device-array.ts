/**
 * `DeviceArray`: a concrete array, a strided view (shape, strides, offset) over a device buffer.
 *
 * Views make broadcasting, transposes, reshapes of contiguous data, static slices and flips free
 * in eager mode: they share the buffer and cost no kernel. Kernels read inputs through the view's
 * strides; reading values back first materializes a non-contiguous view.
 */
import { Array, type Complex, type DataFor, type NestedArray } from "./array.js";
import { DeviceBuffer } from "./buffer.js";
import { forget, freeOnCollect, trackInScope } from "./lifetime.js";
import type { DType } from "../dtype.js";
import type { DeviceName, HostArray } from "../backend/backend.js";
import { DeviceError, DisposedArrayError } from "../errors.js";
import { contiguousStrides, fmtShape, sizeOf } from "../shape.js";
import { f16BitsToF32 } from "../float16.js";

let materialize: (x: DeviceArray) => DeviceArray;
/** @internal Installed by the executor: copies a view into a fresh contiguous array. */
export function _setMaterialize(fn: (x: DeviceArray) => DeviceArray): void {
  materialize = fn;
}

export class DeviceArray extends Array {
  private buf: DeviceBuffer | undefined;
  /** Why the array is no longer usable, for the error message (set by donation). */
  private goneReason: string | undefined;
  readonly strides: readonly number[];
  /** For scalar constants made from JS values: the value (tracing writes it as a literal). */
  literal?: number | boolean;

  /**
   * Wraps `buffer` (taking over one reference to it). Use `DeviceArray.fromBuffer` or the ops;
   * this constructor is internal.
   */
  constructor(
    buffer: DeviceBuffer,
    readonly shape: readonly number[],
    readonly dtype: DType,
    readonly weakType: boolean,
    readonly device: DeviceName,
    strides?: readonly number[],
    readonly offset = 0,
  ) {
    super();
    this.buf = buffer;
    buffer.describe(shape, dtype);
    this.strides = strides ?? contiguousStrides(shape);
    freeOnCollect(this, buffer);
    trackInScope(this);
  }

  /** The buffer; throws a clear error after `dispose()` or when the device is gone. */
  get buffer(): DeviceBuffer {
    if (!this.buf) {
      throw new DisposedArrayError(
        this.goneReason
          ? `${this.describe()} ${this.goneReason}`
          : `${this.describe()} was disposed and cannot be used. Keep arrays you still need out of ` +
              "dispose()/using/scope(), or return them from the scope.",
      );
    }
    const reason = this.buf.backend.unusableReason;
    if (reason) {
      throw new DeviceError(
        `${this.describe()} lived on the ${this.device} device, which is unusable: ${reason}. ` +
          "Its data is gone; call `await init()` for a new device and recreate the array.",
      );
    }
    return this.buf;
  }

  /** True after `dispose()`. */
  get isDisposed(): boolean {
    return this.buf === undefined;
  }

  /** A new view of the same buffer (no copy). */
  view(shape: readonly number[], strides: readonly number[], offset: number, weakType = this.weakType): DeviceArray {
    return new DeviceArray(this.buffer.retain(), shape, this.dtype, weakType, this.device, strides, offset);
  }

  /** True when the view covers its buffer from `offset` in row-major order. */
  get isContiguous(): boolean {
    const c = contiguousStrides(this.shape);
    for (let i = 0; i < c.length; i++) if (this.shape[i] !== 1 && c[i] !== this.strides[i]) return false;
    return true;
  }

  /** "Array [2,3] float32 on webgpu", for messages. */
  describe(): string {
    return `Array ${fmtShape(this.shape)} ${this.dtype} on ${this.device}`;
  }

  /**
   * Gives up this array's buffer for reuse by a jitted function (donation): the array becomes
   * unusable, with `reason` in the error. Returns the buffer reference, now owned by the caller.
   */
  donate(reason: string): DeviceBuffer {
    const b = this.buffer;
    forget(this);
    this.buf = undefined;
    this.goneReason = reason;
    return b;
  }

  dispose(): void {
    if (!this.buf) return;
    forget(this);
    const b = this.buf;
    this.buf = undefined;
    b.release();
  }

  /**
   * The array as its buffer stores it: a `complex64` array of shape `s` is a float32 view of
   * shape `[...s, 2]` (interleaved real and imaginary parts) of the same buffer; other dtypes
   * are returned as they are. The caller owns the view.
   */
  storageView(): DeviceArray {
    if (this.dtype !== "complex64") return this;
    return new DeviceArray(
      this.buffer.retain(), [...this.shape, 2], "float32", false, this.device,
      [...this.strides.map((s) => 2 * s), 1], 2 * this.offset,
    );
  }

  /** This array as a contiguous view starting at its buffer's start (copying if needed). */
  private dense(): DeviceArray {
    const b = this.buffer;
    return this.isContiguous && this.offset === 0 && b.size >= this.size ? this : materialize(this);
  }

  async rawData(): Promise<HostArray> {
    if (this.dtype === "complex64") {
      const s = this.storageView();
      try {
        return await s.rawData();
      } finally {
        s.dispose();
      }
    }
    const d = this.dense();
    try {
      return await d.buffer.backend.read(d.buffer.handle, this.dtype, this.size);
    } finally {
      if (d !== this) d.dispose();
    }
  }

  rawDataSync(): HostArray {
    if (this.dtype === "complex64") {
      const s = this.storageView();
      try {
        return s.rawDataSync();
      } finally {
        s.dispose();
      }
    }
    const d = this.dense();
    try {
      const be = d.buffer.backend;
      if (!be.readSync) {
        throw new DeviceError(
          `dataSync(): the ${this.device} device cannot read synchronously; use \`await x.data()\`.`,
        );
      }
      return be.readSync(d.buffer.handle, this.dtype, this.size);
    } finally {
      if (d !== this) d.dispose();
    }
  }

  async data(): Promise<DataFor> {
    return widen(this.dtype, await this.rawData());
  }

  dataSync(): DataFor {
    return widen(this.dtype, this.rawDataSync());
  }

  async toArray(): Promise<NestedArray> {
    const d = await this.data();
    return this.dtype === "complex64" ? nestComplex(d, this.shape) : nest(d, this.shape, this.dtype === "bool");
  }

  /**
   * The value as a JS number where JavaScript asks for one (`x < 3`, `x * 1`, `+x`,
   * `Number(x)`), as JAX's `float(x)` / `bool(x)`: size-1 arrays on a device that reads
   * synchronously (cpu). Elsewhere a clear error (never NaN). Strings describe the array.
   */
  [Symbol.toPrimitive](hint: string): string | number {
    if (hint === "string") return this.toString();
    if (this.dtype === "complex64") {
      throw new TypeError(
        `${this.describe()} was used as a JS number (a comparison, arithmetic or Number(x)), but complex values have no JS number. ` +
          "Take np.real(x), np.imag(x) or np.abs(x) first, or read { re, im } with `await x.item()`.",
      );
    }
    if (this.size !== 1) {
      throw new TypeError(
        `${this.describe()} was used as a JS number (a comparison, arithmetic or Number(x)), but only arrays with one element ` +
          "convert to numbers. Compare and compute with array methods (x.lt(3), x.mul(2)), or index/reduce to one element first.",
      );
    }
    if (!this.buffer.backend.readSync) {
      throw new TypeError(
        `${this.describe()} was used as a JS number (a comparison, arithmetic or Number(x)), but the ${this.device} device ` +
          "reads values only asynchronously. Read it with `await x.item()`, or keep the choice on the device with " +
          "np.where / lax.cond.",
      );
    }
    return this.dataSync()[0]!;
  }

  async item(): Promise<number | boolean | Complex> {
    if (this.size !== 1) {
      throw new DeviceError(
        `item(): ${this.describe()} has ${this.size} elements; item() needs exactly one. Index or reduce it first.`,
      );
    }
    const d = await this.data();
    if (this.dtype === "complex64") return { re: d[0]!, im: d[1]! };
    return this.dtype === "bool" ? d[0] !== 0 : d[0]!;
  }
}

/** Interleaved (re, im) data as nested JS arrays of `{ re, im }` values of `shape`. */
function nestComplex(data: ArrayLike<number>, shape: readonly number[]): NestedArray {
  return nestBy(shape, (i) => ({ re: data[2 * i]!, im: data[2 * i + 1]! }));
}

function widen(dtype: DType, raw: HostArray): DataFor {
  if (dtype !== "float16") return raw as DataFor;
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = f16BitsToF32(raw[i]!);
  return out;
}

/** Turns flat data into nested JS arrays of `shape`. */
function nest(data: ArrayLike<number>, shape: readonly number[], bool: boolean): NestedArray {
  return nestBy(shape, (i) => (bool ? data[i] !== 0 : data[i]!));
}

/** Nested JS arrays of `shape` whose element at flat index `i` is `leaf(i)`. */
function nestBy(shape: readonly number[], leaf: (i: number) => NestedArray): NestedArray {
  if (shape.length === 0) return leaf(0);
  const go = (axis: number, base: number): NestedArray[] => {
    const n = shape[axis]!;
    const step = sizeOf(shape.slice(axis + 1));
    const out: NestedArray[] = [];
    for (let i = 0; i < n; i++) {
      out.push(axis === shape.length - 1 ? leaf(base + i) : go(axis + 1, base + i * step));
    }
    return out;
  };
  return go(0, 0);
}
