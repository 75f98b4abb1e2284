/** Named dimensions for readable shape assertions (chex's `Dimensions`). */

/**
 * A set of named axis sizes. `dims.shape("BTC")` turns a string of one-letter names into a
 * shape: letters are looked up, `*` is any size (`null`), digits are literal sizes (one per
 * character, as in chex), and a parenthesized group is the product of its sizes
 * (`"B(TC)"` → `[8, 48]`). Sizes are also properties: `dims.B`.
 *
 * @example
 * const dims = new Dimensions({ B: 8, T: 16, C: 3 });
 * dims.shape("BTC");            // [8, 16, 3]
 * dims.shape("B*1");            // [8, null, 1]
 * assertShape(x, dims.shape("BTC"));
 * dims.set({ H: 4 });           // add or change sizes
 */
export class Dimensions {
  readonly #sizes = new Map<string, number>();
  [name: string]: unknown;

  constructor(sizes: Record<string, number> = {}) {
    this.set(sizes);
  }

  /**
   * Adds or changes named sizes.
   *
   * @example
   * dims.set({ H: 4, D: 32 });
   */
  set(sizes: Record<string, number>): this {
    for (const [k, v] of Object.entries(sizes)) {
      if (!/^[A-Za-z]$/.test(k)) throw new TypeError(`Dimensions: names are single letters, got "${k}".`);
      if (!Number.isInteger(v) || v < 0) throw new TypeError(`Dimensions: size of ${k} must be a non-negative integer, got ${v}.`);
      this.#sizes.set(k, v);
      this[k] = v;
    }
    return this;
  }

  /**
   * The size of one named axis.
   *
   * @example
   * dims.size("B"); // 8
   */
  size(name: string): number {
    const v = this.#sizes.get(name);
    if (v === undefined) throw new TypeError(`Dimensions: no dimension named "${name}" (known: ${[...this.#sizes.keys()].join(", ") || "none"}).`);
    return v;
  }

  /**
   * The shape spelled by `key` (see the class docs for the syntax).
   *
   * @example
   * dims.shape("BT*"); // [8, 16, null]
   */
  shape(key: string): (number | null)[] {
    const out: (number | null)[] = [];
    for (let i = 0; i < key.length; i++) {
      const c = key[i]!;
      if (c === "*") out.push(null);
      else if (/\d/.test(c)) out.push(Number(c));
      else if (c === "(") {
        const j = key.indexOf(")", i);
        if (j < 0) throw new TypeError(`Dimensions: unclosed "(" in "${key}".`);
        const inner = this.shape(key.slice(i + 1, j));
        if (inner.includes(null)) throw new TypeError(`Dimensions: "*" cannot be flattened in "${key}".`);
        out.push((inner as number[]).reduce((a, b) => a * b, 1));
        i = j;
      } else out.push(this.size(c));
    }
    return out;
  }

  toString(): string {
    return `Dimensions(${[...this.#sizes].map(([k, v]) => `${k}=${v}`).join(", ")})`;
  }
}
