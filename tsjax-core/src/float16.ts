/**
 * float16 bit conversions, shared by array creation, reads and the CPU kernels' runtime:
 * numbers to IEEE half-precision bits (round to nearest even) and back.
 */

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);

/**
 * A number -> float16 bits, rounded to nearest even. A float64 input is rounded once, from its
 * exact value: rounding it to float32 first could land exactly on a float16 tie (for example
 * `1 + 2 ** -11 + 1e-9` would become `1`, and `65519.99` infinity).
 */
export function f32ToF16Bits(value: number): number {
  f32buf[0] = value;
  const x = u32buf[0]!;
  const f = f32buf[0]!;
  // Which way the float32 rounding moved |value|: breaks ties it created.
  const dir = value === f || value !== value ? 0 : Math.abs(value) > Math.abs(f) ? 1 : -1;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (dir > 0 || (dir === 0 && h & 1)))) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (dir > 0 || (dir === 0 && h & 1)))) h++;
  return sign | h;
}

let halfTable: Float32Array | undefined;
/** float16 bits -> number. */
export function f16BitsToF32(bits: number): number {
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const s = h & 0x8000 ? -1 : 1;
      const e = (h >>> 10) & 0x1f;
      const m = h & 0x3ff;
      halfTable[h] =
        e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
    }
  }
  return halfTable[bits & 0xffff]!;
}
