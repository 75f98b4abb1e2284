/**
 * Bit-exact samples: `random.normal` (and what is built on it) gives JAX's float32 bits, eager
 * and under jit, on every device. The fixture holds, per case, the FNV-1a hash of all draws' bit
 * patterns and a sample of exact bit patterns (`scripts/refs/core/random_normal.py`, jax 0.10.2).
 */
import { expect, test } from "vitest";
import { type Array, jit } from "../index.js";
import * as random from "./index.js";
import { describeDevices } from "../../test/helpers.js";
import fixture from "./fixtures/normal-bits.json";

/** FNV-1a over 32-bit words (the hash the reference script prints). */
function fnv1a(words: ArrayLike<number>): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 16777619) >>> 0;
  return h;
}

async function bitsOf(x: Array): Promise<Uint32Array> {
  const raw = await x.rawData();
  return raw instanceof Uint16Array ? Uint32Array.from(raw) : new Uint32Array(raw.buffer, raw.byteOffset, raw.length);
}

/** The first differing positions among the sampled ones, for a readable failure. */
function sampleDiffs(bits: Uint32Array, index: readonly number[], want: readonly number[]): string[] {
  return index.flatMap((i, k) => (bits[i] === want[k] ? [] : [`#${i}: got 0x${bits[i]!.toString(16)}, JAX 0x${want[k]!.toString(16)}`])).slice(0, 5);
}

describeDevices("random.normal is bit-exact with JAX", (device) => {
  for (const c of fixture.normal) {
    // WebGPU runs on a software driver in CI: it checks the first `prefix` draws (which do not
    // depend on the sample size), the CPU all of them.
    const n = device === "cpu" ? c.n : c.prefix;
    test(`normal(key(${c.seed}), [${n}], ${c.dtype}), eager and jit`, { timeout: 240_000 }, async () => {
      const dtype = c.dtype as "float32" | "float16";
      const draw = (k: Array) => random.normal(k, [n], { dtype });
      for (const [how, z] of [["eager", draw(random.key(c.seed))], ["jit", jit(draw)(random.key(c.seed))]] as const) {
        const bits = await bitsOf(z);
        const sampled = c.sampleIndex.filter((i) => i < n);
        expect(sampleDiffs(bits, sampled, c.sampleBits), how).toEqual([]);
        expect(fnv1a(bits), `${how}: hash of all ${n} draws`).toBe(n === c.n ? c.fnv1a : c.prefixFnv1a);
      }
    });
  }

  test("uniform with bounds gives JAX's bits (the scaling is one fused multiply-add)", async () => {
    for (const c of fixture.uniform) {
      const bits = await bitsOf(random.uniform(random.key(c.seed), [c.n], { minval: c.minval, maxval: c.maxval }));
      expect(globalThis.Array.from(bits.slice(0, 16))).toEqual(c.first);
      expect(fnv1a(bits)).toBe(c.fnv1a);
    }
  });

  test("truncatedNormal and gamma (a >= 1), built on normal, give JAX's bits", async () => {
    for (const c of fixture.truncatedNormal) {
      const bits = await bitsOf(random.truncatedNormal(random.key(c.seed), c.lower, c.upper, [c.n]));
      expect(globalThis.Array.from(bits.slice(0, 16))).toEqual(c.first);
      expect(fnv1a(bits)).toBe(c.fnv1a);
    }
    for (const c of fixture.gamma) {
      const sampler = c.log ? random.loggamma : random.gamma;
      const bits = await bitsOf(sampler(random.key(c.seed), c.a, [c.n]));
      expect(globalThis.Array.from(bits.slice(0, 16)), `${c.log ? "loggamma" : "gamma"}(${c.a})`).toEqual(c.first);
      expect(fnv1a(bits), `${c.log ? "loggamma" : "gamma"}(${c.a})`).toBe(c.fnv1a);
    }
  });
});
