/**
 * `threefry2x32`: the Threefry-2x32 block cipher with 20 rounds (Salmon et al., "Parallel random
 * numbers: as easy as 1, 2, 3", SC 2011), exactly as JAX's `threefry2x32_p`: rotations
 * 13, 15, 26, 6 / 17, 29, 16, 24, the key schedule extended with `k0 ^ k1 ^ 0x1BD11BDA`, and a
 * key injection (plus the injection count) after every 4 rounds.
 *
 * Operands: `key0, key1, x0, x1`, uint32 arrays of one shape. Outputs: the two uint32 words of
 * the encrypted counter `(x0, x1)`, elementwise. It lowers to the scalar expression IR (so it
 * fuses with the iota that builds counters and the bit manipulation that follows), computing
 * both output words in one kernel; uint32 arithmetic wraps and rotations are shifts and ors.
 */
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape, shapesEqual } from "../shape.js";
import { type Exp, binary, constant } from "../compile/exp.js";
import { type Operand, operand } from "../compile/operand.js";
import { type Primitive, aval, definePrimitive } from "../core/primitive.js";
import { bind } from "../core/trace.js";
import { batchSize, moveBatchAxis } from "../core/batching.js";

const ROTATIONS: readonly (readonly number[])[] = [
  [13, 15, 26, 6],
  [17, 29, 16, 24],
];
const PARITY = 0x1bd11bda;

const u32 = (v: number): Exp => constant(v >>> 0, "uint32");
const add = (a: Exp, b: Exp): Exp => binary("add", a, b);
const xor = (a: Exp, b: Exp): Exp => binary("xor", a, b);

function rotl(x: Exp, r: number): Exp {
  return binary("or", binary("shl", x, u32(r)), binary("srl", x, u32(32 - r)));
}

/** The 20-round Threefry-2x32 of the counter `(x0, x1)` under the key `(k0, k1)`, as scalar expressions. */
function threefry2x32Exp(k0: Exp, k1: Exp, x0: Exp, x1: Exp): [Exp, Exp] {
  const ks = [k0, k1, xor(xor(k0, k1), u32(PARITY))];
  let a = add(x0, ks[0]!);
  let b = add(x1, ks[1]!);
  for (let i = 0; i < 5; i++) {
    for (const r of ROTATIONS[i % 2]!) {
      a = add(a, b);
      b = xor(a, rotl(b, r));
    }
    a = add(a, ks[(i + 1) % 3]!);
    b = add(add(b, ks[(i + 2) % 3]!), u32(i + 1));
  }
  return [a, b];
}

/** The same function on JS numbers (host reference for tests and constant keys). */
export function threefry2x32Host(k0: number, k1: number, x0: number, x1: number): [number, number] {
  const rot = (x: number, r: number) => ((x << r) | (x >>> (32 - r))) >>> 0;
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ PARITY) >>> 0];
  let a = (x0 + ks[0]!) >>> 0;
  let b = (x1 + ks[1]!) >>> 0;
  for (let i = 0; i < 5; i++) {
    for (const r of ROTATIONS[i % 2]!) {
      a = (a + b) >>> 0;
      b = (a ^ rot(b, r)) >>> 0;
    }
    a = (a + ks[(i + 1) % 3]!) >>> 0;
    b = (b + ks[(i + 2) % 3]! + i + 1) >>> 0;
  }
  return [a, b];
}

/**
 * Both outputs share one expression DAG per element: the pair is computed once for each index
 * expression and each output picks its word.
 */
function pairOperands(ins: readonly Operand[], shape: readonly number[]): [Operand, Operand] {
  // Each read builds its expressions afresh (reads register their buffers with the kernel
  // being built, so results must not be cached across kernels); the two words' equal
  // subexpressions are emitted once by the code generator's common-subexpression pass.
  const at = (idx: readonly Exp[]): [Exp, Exp] => {
    const [k0, k1, x0, x1] = ins.map((o) => o.at(idx));
    return threefry2x32Exp(k0!, k1!, x0!, x1!);
  };
  const allLinear = ins.every((o) => o.linear);
  const linear = (i: Exp): [Exp, Exp] => {
    const [k0, k1, x0, x1] = ins.map((o) => o.linear!(i));
    return threefry2x32Exp(k0!, k1!, x0!, x1!);
  };
  const make = (w: 0 | 1) =>
    operand(shape, "uint32", (idx) => at(idx)[w], allLinear ? (i) => linear(i)[w] : undefined);
  return [make(0), make(1)];
}

/**
 * `threefry2x32(key0, key1, x0, x1) -> [y0, y1]`, elementwise over uint32 arrays of one shape
 * (as `jax.extend.random.threefry2x32_p`, without its implicit broadcasting).
 */
export const threefry2x32: Primitive<Record<string, never>> = definePrimitive<Record<string, never>>({
  name: "threefry2x32",
  abstractEval(ins) {
    if (ins.length !== 4) {
      throw new TypeError(`threefry2x32: expects 4 operands (key0, key1, x0, x1), got ${ins.length}.`);
    }
    const names = ["key0", "key1", "x0", "x1"];
    ins.forEach((a, i) => {
      if (a.dtype !== "uint32") {
        throw new DTypeError(`threefry2x32: ${names[i]} must be uint32, got ${a.dtype}. Convert with x.astype("uint32").`);
      }
    });
    const shape = ins[0]!.shape;
    if (!ins.every((a) => shapesEqual(a.shape, shape))) {
      throw new ShapeError(
        `threefry2x32: key0, key1, x0 and x1 must have one shape, got ${ins.map((a) => fmtShape(a.shape)).join(", ")}. ` +
          "Broadcast them first.",
      );
    }
    return [aval(shape, "uint32"), aval(shape, "uint32")];
  },
  lower(ins, _p, [out]) {
    return pairOperands(ins, out!.shape);
  },
  jvp(primals, _tangents, params) {
    // Integer outputs: no tangents.
    return [bind(threefry2x32, primals, params), [null, null]];
  },
  batch(args, dims, params) {
    const first = dims.find((d) => d !== null)!;
    if (dims.every((d) => d === first)) return [bind(threefry2x32, args, params), [first, first]];
    const B = batchSize(args, dims);
    const aligned = args.map((a, i) => moveBatchAxis(a, dims[i] ?? null, 0, B));
    return [bind(threefry2x32, aligned, params), [0, 0]];
  },
});
