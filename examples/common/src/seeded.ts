/** Seeded pseudo-random numbers on the host, for deterministic data splits. */

/**
 * A small, fast, seeded 32-bit PRNG (mulberry32), returning floats in [0, 1).
 *
 * @example
 * const rand = seededRandom(1);
 * rand(); // the same number on every run
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Shuffles `items` in place (Fisher–Yates) with a seeded PRNG and returns it.
 *
 * @example
 * seededShuffle([0, 1, 2, 3], 7); // the same order on every run
 */
export function seededShuffle<T>(items: T[], seed: number): T[] {
  const rand = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
