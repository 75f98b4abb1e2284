/**
 * The primitives of complex numbers, as `jax.lax`: `complex` (build from real and imaginary
 * parts), `real`, `imag` and `conj`, with JAX's derivative rules (JAX's convention for complex
 * gradients: transposes are plain transposes of the real-linear maps, never conjugated).
 */
import type { Array } from "../array/array.js";
import { DTypeError, ShapeError } from "../errors.js";
import { fmtShape, shapesEqual } from "../shape.js";
import { type Primitive, type ShapedArray, UndefinedPrimal, aval, definePrimitive } from "../core/primitive.js";
import { bind1 } from "../core/trace.js";
import * as O from "../primitives/ops.js";
import { batchSize, moveBatchAxis } from "../core/batching.js";
import { isPair } from "./math.js";

type NoParams = Record<string, never>;

function needDtype(op: string, x: ShapedArray, ok: readonly string[]): void {
  if (!ok.includes(x.dtype)) {
    throw new DTypeError(`lax.${op}: needs ${ok.join(" or ")} operands, got ${x.dtype}.${x.dtype !== "complex64" ? ' Convert with x.astype("float32") first.' : ""}`);
  }
}

/** Batching of a one-operand primitive (its output keeps the batch axis). */
function unaryBatch(prim: Primitive<NoParams>) {
  return ([x]: readonly Array[], [d]: readonly (number | null)[]): [Array[], (number | null)[]] => [[bind1(prim, [x!], {})], [d!]];
}

/** `re + i im` from two float32 arrays of one shape (`lax.complex`). */
export const complexP: Primitive<NoParams> = definePrimitive<NoParams>({
  name: "complex",
  abstractEval([x, y]) {
    needDtype("complex", x!, ["float32"]);
    needDtype("complex", y!, ["float32"]);
    if (!shapesEqual(x!.shape, y!.shape)) {
      throw new ShapeError(`lax.complex: the real and imaginary parts must have equal shapes, got ${fmtShape(x!.shape)} and ${fmtShape(y!.shape)}; broadcast them first (np.broadcastArrays).`);
    }
    return [aval(x!.shape, "complex64")];
  },
  jvp([x, y], [tx, ty]) {
    const out = bind1(complexP, [x!, y!], {});
    return [[out], [bind1(complexP, [O.instantiate(tx ?? null, x!), O.instantiate(ty ?? null, y!)], {})]];
  },
  transpose([ct], [x, y]) {
    if (!ct) return [null, null];
    return [x instanceof UndefinedPrimal ? realPart(ct) : null, y instanceof UndefinedPrimal ? imagPart(O.neg(ct)) : null];
  },
  batch(args, dims) {
    const B = batchSize(args, dims);
    return [[bind1(complexP, args.map((a, i) => moveBatchAxis(a, dims[i] ?? null, 0, B)), {})], [0]];
  },
  complex: ([x, y]) => [[x as Array, y as Array]],
});

function partPrimitive(name: "real" | "imag"): Primitive<NoParams> {
  const prim: Primitive<NoParams> = definePrimitive<NoParams>({
    name,
    abstractEval([x]) {
      needDtype(name, x!, ["complex64"]);
      return [aval(x!.shape, "float32")];
    },
    jvp([x], [t]) {
      return [[bind1(prim, [x!], {})], [bind1(prim, [t!], {})]];
    },
    transpose([ct]) {
      if (!ct) return [null];
      const zero = O.zerosLike(ct);
      return [name === "real" ? bind1(complexP, [ct, zero], {}) : bind1(complexP, [zero, O.neg(ct)], {})];
    },
    batch: (args, dims) => unaryBatch(prim)(args, dims),
    complex: ([z]) => [(z as readonly [Array, Array])[name === "real" ? 0 : 1]],
  });
  return prim;
}

/** The real part of a complex64 array (`lax.real`). */
export const realP = partPrimitive("real");
/** The imaginary part of a complex64 array (`lax.imag`). */
export const imagP = partPrimitive("imag");

/** The complex conjugate (`lax.conj`); a float32 operand gives a complex64 result, as in JAX. */
export const conjP: Primitive<NoParams> = definePrimitive<NoParams>({
  name: "conj",
  abstractEval([x]) {
    needDtype("conj", x!, ["complex64", "float32"]);
    return [aval(x!.shape, "complex64")];
  },
  jvp([x], [t]) {
    return [[bind1(conjP, [x!], {})], [bind1(conjP, [t!], {})]];
  },
  transpose([ct], [x]) {
    if (!ct) return [null];
    return [(x as UndefinedPrimal).aval.dtype === "complex64" ? bind1(conjP, [ct], {}) : realPart(ct)];
  },
  batch: (args, dims) => unaryBatch(conjP)(args, dims),
  complex: ([z]) => [isPair(z!) ? [z[0], O.neg(z[1])] : [z!, O.zerosLike(z!)]],
});

/** `lax.real` of an array. */
const realPart = (z: Array): Array => bind1(realP, [z], {});
/** `lax.imag` of an array. */
const imagPart = (z: Array): Array => bind1(imagP, [z], {});
