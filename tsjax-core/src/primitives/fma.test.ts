/**
 * The internal `fma` primitive (`a * b + c` rounded once), which the samplers use to round as
 * XLA's fused kernels do: exact on every device (WebGPU's built-in fma may be unfused, so the
 * WGSL is integer arithmetic), checked against exact rational arithmetic (BigInt).
 */
import { expect, test } from "vitest";
import { grad, jit, np } from "../index.js";
import { fma } from "../random/math.js";
import { fmaf } from "../backend/cpu/js-runtime.js";
import { describeDevices } from "../../test/helpers.js";
import { mulberry32 } from "../util/mulberry32.js";

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const fromBits = (b: number) => ((u32[0] = b >>> 0), f32[0]!);

/** x = m * 2^e exactly (m a BigInt), for a finite float32 x. */
function decompose(x: number): [bigint, number] {
  f32[0] = x;
  const b = u32[0]!;
  const e = (b >>> 23) & 0xff;
  const m = BigInt(e === 0 ? b & 0x7fffff : (b & 0x7fffff) | 0x800000);
  return [b >>> 31 ? -m : m, Math.max(e, 1) - 150];
}

/** The exact a * b + c, rounded to the nearest float32 (ties to even), with BigInts. */
function exactFma(a: number, b: number, c: number): number {
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const base = Math.min(ea + eb, ec);
  const n = ma * mb * 2n ** BigInt(ea + eb - base) + mc * 2n ** BigInt(ec - base);
  if (n === 0n) return 0;
  const neg = n < 0n;
  let mag = neg ? -n : n;
  // value = mag * 2^base; keep 24 significant bits (fewer below the subnormal range)
  const msb = mag.toString(2).length - 1 + base;
  const lsb = Math.max(msb - 23, -149);
  const drop = lsb - base;
  let m: bigint;
  if (drop <= 0) m = mag << BigInt(-drop);
  else {
    m = mag >> BigInt(drop);
    const rem = mag - (m << BigInt(drop));
    const half = 1n << BigInt(drop - 1);
    if (rem > half || (rem === half && (m & 1n) === 1n)) m += 1n;
  }
  mag = m;
  const v = Number(mag) * 2 ** lsb;
  return Math.fround(neg ? -v : v);
}

/** Operand triples that stress the rounding: cancellation, near-ties, subnormals, wide exponents. */
function cases(n: number): [number[], number[], number[]] {
  const rand = mulberry32(7);
  const bits = () => Math.floor(rand() * 2 ** 32);
  const A: number[] = [];
  const B: number[] = [];
  const C: number[] = [];
  const push = (a: number, b: number, c: number) => {
    const [x, y, z] = [a, b, c].map(Math.fround) as [number, number, number];
    if ([x, y, z].every(Number.isFinite)) A.push(x), B.push(y), C.push(z);
  };
  push(1 + 2 ** -23, 1 - 2 ** -23, -1);
  push(3.1, 7.3, -22.63);
  push(2 ** -70, 2 ** -70, 2 ** -149);
  push(1e-20, 1e-20, -1e-40);
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    const r = (lo: number, span: number) => fromBits(((bits() & 0x807fffff) | ((lo + Math.floor(rand() * span)) << 23)) >>> 0);
    const a = r(100, 54);
    const b = r(100, 54);
    if (kind === 0) push(a, b, r(80, 94));
    else if (kind === 1) push(a, b, -Math.fround(a * b) * (1 + (rand() - 0.5) * 2 ** -20));
    else if (kind === 2) push(r(1, 60), r(1, 60), r(0, 10));
    else push(a, b, fromBits(bits() & 0x807fffff));
  }
  return [A, B, C];
}

test("the host fmaf is exact (against BigInt arithmetic)", () => {
  const [A, B, C] = cases(20000);
  const bad = A.flatMap((a, i) => (Object.is(fmaf(a, B[i]!, C[i]!), exactFma(a, B[i]!, C[i]!)) ? [] : [[a, B[i], C[i]]]));
  expect(bad.slice(0, 3)).toEqual([]);
});

describeDevices("fma", () => {
  test("is correctly rounded, eager and under jit", async () => {
    const [A, B, C] = cases(20000);
    const want = A.map((a, i) => exactFma(a, B[i]!, C[i]!));
    const [a, b, c] = [A, B, C].map((v) => np.array(new Float32Array(v)));
    for (const [how, out] of [["eager", fma(a!, b!, c!)], ["jit", jit(fma)(a!, b!, c!)]] as const) {
      const got = await out.data();
      const bad = want.flatMap((w, i) => (Object.is(got[i], w) ? [] : [`${A[i]} * ${B[i]} + ${C[i]}: got ${got[i]}, exact ${w}`]));
      expect(bad.slice(0, 3), how).toEqual([]);
    }
  });

  test("differentiates as a * b + c", async () => {
    const g = grad((x: ReturnType<typeof np.array>) => fma(x, x, x).sum())(np.array([1, 2, 3]));
    expect(Array.from(await g.data())).toEqual([3, 5, 7]);
  });
});
