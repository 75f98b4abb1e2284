/** A sequence of random keys split from one key (haiku's `PRNGSequence`). */
import { type Array, random } from "tsjax-core";

/** A key (a uint32 array of shape `[2]`) or an integer seed. */
export type KeyLike = Array | number;

/** Turns a seed into a key; checks a key's shape and dtype. */
function toKey(op: string, k: KeyLike): Array {
  if (typeof k === "number") {
    if (!Number.isInteger(k)) throw new TypeError(`${op}: a seed must be an integer, got ${k}.`);
    return random.key(k);
  }
  if (!k || typeof k !== "object" || !("shape" in k)) {
    throw new TypeError(`${op}: expected a random key (random.key(seed)), an integer seed, or null; got ${k === null ? "null" : typeof k}.`);
  }
  if (k.dtype !== "uint32" || k.shape.length !== 1 || k.shape[0] !== 2) {
    throw new TypeError(`${op}: a random key is a uint32 array of shape [2] (random.key(seed)); got ${k.dtype}[${k.shape.join(", ")}].`);
  }
  return k;
}

/**
 * An iterator of fresh random keys: each `next()` splits the current key in two, keeps the first
 * half as the new current key and returns the second (haiku's sequence with its default reserve
 * of one key, so the keys are the ones haiku draws from the same key).
 *
 * @example
 * const seq = new PRNGSequence(0);
 * const k1 = seq.next(), k2 = seq.next(); // independent keys
 */
export class PRNGSequence {
  #key: Array;

  constructor(keyOrSeed: KeyLike) {
    this.#key = toKey("PRNGSequence", keyOrSeed);
  }

  /** The current key (the state of the sequence). */
  get key(): Array {
    return this.#key;
  }

  /** Replaces the state of the sequence. */
  replaceKey(key: Array): void {
    this.#key = key;
  }

  /** A fresh key. */
  next(): Array {
    return this.take(1)[0]!;
  }

  /** `n` fresh keys: the key is split into `n + 1`, the first kept. */
  take(n: number): Array[] {
    const keys = random.split(this.#key, n + 1);
    this.#key = keys.get(0);
    return globalThis.Array.from({ length: n }, (_, i) => keys.get(i + 1));
  }
}
