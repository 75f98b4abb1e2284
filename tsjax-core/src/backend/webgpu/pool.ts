/**
 * Size-bucketed pool of GPU buffers. Sizes round up to one of four steps per power of two
 * (at most 25% waste), so buffers of similar sizes are reused.
 */
export function bucketBytes(bytes: number): number {
  const b = Math.max(16, Math.ceil(bytes / 4) * 4);
  if (b <= 256) return Math.ceil(b / 16) * 16;
  const p = 2 ** Math.floor(Math.log2(b));
  const step = p / 4;
  return Math.ceil(b / step) * step;
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  pooledBytes = 0;
  pooledBuffers = 0;

  constructor(private readonly maxPooledBytes: number) {}

  /** A pooled buffer of exactly `bucket` bytes, if one is free. */
  take(bucket: number): GPUBuffer | undefined {
    const list = this.free.get(bucket);
    const buf = list?.pop();
    if (buf) {
      this.pooledBytes -= buf.size;
      this.pooledBuffers--;
    }
    return buf;
  }

  /** Keeps `buf` for reuse, or destroys it when the pool is full. */
  put(buf: GPUBuffer): void {
    if (this.pooledBytes + buf.size > this.maxPooledBytes) {
      buf.destroy();
      return;
    }
    let list = this.free.get(buf.size);
    if (!list) this.free.set(buf.size, (list = []));
    list.push(buf);
    this.pooledBytes += buf.size;
    this.pooledBuffers++;
  }

  /** Destroys every pooled buffer. */
  clear(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.pooledBytes = 0;
    this.pooledBuffers = 0;
  }
}
