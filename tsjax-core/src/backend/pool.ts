/**
 * A pool of freed device buffers kept for reuse, shared by the backends.
 *
 * A training step allocates the same intermediates every call, so reusing freed buffers saves
 * allocating (and on the CPU, zero-filling and collecting) them. The pool has a byte cap, and a
 * trim policy so that it does not keep its peak size forever: a buffer that has not been taken
 * back within `idleMs` of being freed is dropped (checked as the pool is used, and once more
 * after activity stops). `pooledBytes` therefore falls when a phase that used large or many
 * buffers ends.
 */

/** How long a freed buffer waits in the pool for reuse before it is dropped. */
const POOL_IDLE_MS = 2000;

interface Pooled<T> {
  item: T;
  bytes: number;
  /** When it was freed (ms, `now()`). */
  since: number;
}

const now = (): number => (globalThis.performance ?? Date).now();

export class Pool<K, T> {
  private readonly free = new Map<K, Pooled<T>[]>();
  pooledBytes = 0;
  pooledBuffers = 0;
  private lastTrim = now();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Bytes the pool may hold; beyond them freed buffers are dropped at once. */
    private readonly maxBytes: number,
    /** Releases a buffer for good (destroys a GPU buffer, returns a WebAssembly block). */
    private readonly drop: (item: T) => void,
    readonly idleMs = POOL_IDLE_MS,
  ) {}

  /** A pooled buffer for `key`, if one is free. */
  take(key: K): T | undefined {
    const p = this.free.get(key)?.pop();
    if (!p) return undefined;
    this.pooledBytes -= p.bytes;
    this.pooledBuffers--;
    this.maybeTrim();
    return p.item;
  }

  /** Keeps `item` (of `bytes`) for reuse, or drops it when the pool is full. */
  put(key: K, item: T, bytes: number): void {
    if (this.pooledBytes + bytes > this.maxBytes) {
      this.drop(item);
      return;
    }
    let list = this.free.get(key);
    if (!list) this.free.set(key, (list = []));
    list.push({ item, bytes, since: now() });
    this.pooledBytes += bytes;
    this.pooledBuffers++;
    this.maybeTrim();
    this.scheduleIdleTrim();
  }

  /** Drops every buffer freed more than `idleMs` ago (all of them with `idleMs` 0). */
  trim(idleMs = this.idleMs): void {
    const cutoff = now() - idleMs;
    this.lastTrim = now();
    for (const [key, list] of this.free) {
      // each list is in the order buffers were freed (takes pop the newest)
      let n = 0;
      while (n < list.length && list[n]!.since <= cutoff) n++;
      for (const p of list.splice(0, n)) {
        this.pooledBytes -= p.bytes;
        this.pooledBuffers--;
        this.drop(p.item);
      }
      if (list.length === 0) this.free.delete(key);
    }
  }

  /** Drops every pooled buffer. */
  clear(): void {
    this.trim(-Infinity);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private maybeTrim(): void {
    if (now() - this.lastTrim >= this.idleMs / 4) this.trim();
  }

  /** After activity stops, a trim when the oldest buffer has been idle long enough (a timer that does not keep Node running). */
  private scheduleIdleTrim(): void {
    if (this.timer !== undefined || typeof setTimeout !== "function" || this.pooledBuffers === 0) return;
    let oldest = Infinity;
    for (const list of this.free.values()) if (list.length > 0) oldest = Math.min(oldest, list[0]!.since);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.trim();
      this.scheduleIdleTrim();
    }, Math.max(0, oldest + this.idleMs - now()) + 20);
    (this.timer as { unref?: () => void }).unref?.();
  }
}
