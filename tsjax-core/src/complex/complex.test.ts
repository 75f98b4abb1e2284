/**
 * complex64: elementwise ops, promotion, conversion, reductions and products against JAX
 * 0.10.2 (scripts/refs/fft/refs.py), eagerly and under jit, on every device; host values;
 * control flow and vmap with complex values; errors.
 */
import { describe, expect, test } from "vitest";
import { type Array, DTypeError, jit, lax, makeJaxpr, nn, np, random, vmap } from "../index.js";
import { describeDevices, expectClose } from "../../test/helpers.js";
import { expectRef, refArray } from "../../test/fft-helpers.js";
import { JAX } from "../../test/refs/fft.js";

type F1 = (z: Array) => Array;
type F2 = (a: Array, b: Array) => Array;

const UNARY: Record<string, F1> = {
  neg: np.negative, exp: np.exp, log: np.log, sqrt: np.sqrt, abs: np.abs, conj: np.conj, real: np.real, imag: np.imag,
  angle: (z) => np.angle(z), sin: np.sin, cos: np.cos, tan: np.tan, sinh: np.sinh, cosh: np.cosh, tanh: np.tanh,
  expm1: np.expm1, log1p: np.log1p, rsqrt: np.rsqrt, sign: np.sign, square: np.square, cube: (z) => np.power(z, 3),
  powm2: (z) => np.power(z, -2), reciprocal: np.reciprocal, log10: np.log10, round: (z) => np.round(z.mul(3)),
  round1: (z) => np.round(z.mul(3), 1), rint: (z) => np.rint(z.mul(3)),
};
const BINARY: Record<string, F2> = {
  add: np.add, sub: np.subtract, mul: np.multiply, div: np.divide, pow: np.power, equal: np.equal, notEqual: np.notEqual,
};

describeDevices("complex64 elementwise (JAX values)", () => {
  test("unary functions, eager and jit", async () => {
    const z = refArray("ops", "z1");
    for (const [name, f] of Object.entries(UNARY)) {
      await expectRef(f(z), "ops", name, { rtol: 2e-6, atol: 1e-6 });
      await expectRef(jit(f)(z), "ops", name, { rtol: 2e-6, atol: 1e-6 });
    }
  });

  test("binary functions and where, eager and jit", async () => {
    const a = refArray("ops", "z1");
    const b = refArray("ops", "z2");
    for (const [name, f] of Object.entries(BINARY)) {
      await expectRef(f(a, b), "ops", name, { rtol: 2e-6, atol: 1e-6 });
      await expectRef(jit(f)(a, b), "ops", name, { rtol: 2e-6, atol: 1e-6 });
    }
    await expectRef(np.equal(a, a), "ops", "equalSelf");
    await expectRef(np.where(refArray("ops", "cond"), a, b), "ops", "where");
  });

  test("large, tiny and special arguments (no overflow in abs, sqrt, division, tanh)", async () => {
    const z = refArray("special", "z");
    await expectRef(np.abs(z), "special", "abs", { rtol: 2e-6 });
    await expectRef(np.sqrt(z), "special", "sqrt", { rtol: 2e-6 });
    await expectRef(np.tanh(z.get("2:5")), "special", "tanh", { rtol: 2e-6, atol: 1e-6 });
    await expectRef(np.tan(z.get("2:5")), "special", "tan", { rtol: 2e-6, atol: 1e-6 });
    await expectRef(np.log(z.get(":2")), "special", "log", { rtol: 2e-6 });
    await expectRef(np.divide(z, np.array({ re: 1e30, im: 2e30 })), "special", "div", { rtol: 2e-6 });
    const nz = refArray("nonfinite", "z");
    for (const k of ["isnan", "isinf", "isfinite"] as const) await expectRef(np[k](nz), "nonfinite", k);
  });
});

describeDevices("complex64 promotion, conversion, reductions (JAX values)", () => {
  test("JAX's promotion: float32, int32, float16 and JS numbers with complex64 give complex64", async () => {
    const z = refArray("ops", "z1");
    const x = refArray("promote", "x");
    const jaxDType = (k: string) => JAX.promote![k];
    expect(np.add(x, z).dtype).toBe(jaxDType("f32c64"));
    expect(np.add(np.arange(7), z).dtype).toBe(jaxDType("i32c64"));
    expect(np.add(x.astype("float16"), z).dtype).toBe(jaxDType("f16c64"));
    expect(z.mul(2.5).dtype).toBe(jaxDType("weak"));
    await expectRef(np.add(x, z), "promote", "sum");
  });

  test("astype to and from complex64 (the real part; bool is x != 0), lax.complex", async () => {
    const z = refArray("ops", "z1");
    await expectRef(z.astype("float32"), "promote", "toReal");
    await expectRef(z.mul(3).astype("int32"), "promote", "toInt");
    await expectRef(np.array([0, { re: 0, im: 1 }, 2, 0], { dtype: "complex64" }).astype("bool"), "promote", "toBool");
    const x = refArray("promote", "x");
    await expectRef(x.astype("complex64"), "promote", "fromReal");
    await expectRef(lax.complex(x, np.flip(x)), "promote", "laxComplex");
  });

  test("sum, mean, prod, var, std, cumsum", async () => {
    const a = refArray("reduce", "a");
    const c = refArray("reduce", "c");
    const tol = { rtol: 1e-5, atol: 1e-6 };
    await expectRef(np.sum(a), "reduce", "sum", tol);
    await expectRef(np.sum(a, 0), "reduce", "sum0", tol);
    await expectRef(np.mean(a, 1), "reduce", "mean1", tol);
    await expectRef(np.prod(a, 1), "reduce", "prod1", tol);
    await expectRef(np.prod(c), "reduce", "prodAll", tol);
    await expectRef(jit((v: Array) => np.prod(v))(c), "reduce", "prodAll", tol);
    await expectRef(np.var(a, 1), "reduce", "var", tol);
    await expectRef(np.std(a), "reduce", "std", tol);
    await expectRef(np.cumsum(a, 1), "reduce", "cumsum", tol);
  });

  test("matmul, dot, einsum, vdot (complex and mixed)", async () => {
    const a = refArray("reduce", "a");
    const b = refArray("reduce", "b");
    const c = refArray("reduce", "c");
    const tol = { rtol: 1e-5, atol: 1e-6 };
    await expectRef(np.matmul(a, b), "reduce", "matmul", tol);
    await expectRef(jit(np.matmul)(a, b), "reduce", "matmul", tol);
    await expectRef(np.dot(a.get(0), b.get(":", 0)), "reduce", "dot", tol);
    await expectRef(np.einsum("bij,jk->bik", c, b), "reduce", "einsum", tol);
    await expectRef(np.vdot(a.get(0), a.get(1)), "reduce", "vdot", tol);
    await expectRef(np.matmul(a, refArray("reduce", "mixedB")), "reduce", "matmulMixed", tol);
  });
});

describeDevices("complex64 arrays", () => {
  test("host values: data() interleaved, toArray() and item() as { re, im }", async () => {
    const z = np.array([[{ re: 1, im: 2 }, 3], [{ re: -1, im: 0.5 }, { re: 0, im: -4 }]]);
    expect(z.dtype).toBe("complex64");
    expect(z.shape).toEqual([2, 2]);
    expect(globalThis.Array.from(await z.data())).toEqual([1, 2, 3, 0, -1, 0.5, 0, -4]);
    expect(await z.toArray()).toEqual([[{ re: 1, im: 2 }, { re: 3, im: 0 }], [{ re: -1, im: 0.5 }, { re: 0, im: -4 }]]);
    expect(await z.get(1, 1).item()).toEqual({ re: 0, im: -4 });
    // views: transposes and slices of complex arrays read their own elements
    expect(await z.T.toArray()).toEqual([[{ re: 1, im: 2 }, { re: -1, im: 0.5 }], [{ re: 3, im: 0 }, { re: 0, im: -4 }]]);
    expect(await z.get(":", 1).toArray()).toEqual([{ re: 3, im: 0 }, { re: 0, im: -4 }]);
    expect(await np.zeros([2], { dtype: "complex64" }).toArray()).toEqual([{ re: 0, im: 0 }, { re: 0, im: 0 }]);
    expect(await np.eye(2, { dtype: "complex64" }).get(0).toArray()).toEqual([{ re: 1, im: 0 }, { re: 0, im: 0 }]);
    expect(await np.array(new Float32Array([1, 2]), { dtype: "complex64" }).toArray()).toEqual([{ re: 1, im: 0 }, { re: 2, im: 0 }]);
  });

  test("np.real / imag / conj / angle / iscomplex / isreal / iscomplexobj / realIfClose", async () => {
    const z = np.array([{ re: 1, im: 0 }, { re: 0, im: 2 }, { re: -3, im: -1 }]);
    const x = np.array([1, -2]);
    await expectClose(np.real(z), [1, 0, -3]);
    await expectClose(np.imag(z), [0, 2, -1]);
    await expectClose(np.imag(x), [0, 0]);
    expect(np.real(x)).toBe(x);
    expect(np.conjugate(x)).toBe(x);
    await expectClose(np.conj(z), [{ re: 1, im: 0 }, { re: 0, im: -2 }, { re: -3, im: 1 }]);
    await expectClose(np.angle(z, { deg: true }), [0, 90, (Math.atan2(-1, -3) * 180) / Math.PI]);
    await expectClose(np.angle(x), [0, Math.PI]);
    await expectClose(np.iscomplex(z), [false, true, true]);
    await expectClose(np.isreal(z), [true, false, false]);
    expect(np.iscomplexobj(z)).toBe(true);
    expect(np.isrealobj(z)).toBe(false);
    expect(np.iscomplexobj(x)).toBe(false);
    await expectClose(lax.conj(x), [{ re: 1, im: 0 }, { re: -2, im: 0 }]);
    await expectClose(lax.real(z), [1, 0, -3]);
    await expectClose(lax.imag(z), [0, 2, -1]);
  });

  test("scan, cond and while with complex carries, eager and jit", async () => {
    const w = np.array([{ re: 0.5, im: 0.5 }, { re: 1, im: -1 }]);
    const run = (z: Array) => {
      const [c, ys] = lax.scan((carry: Array, x: Array) => {
        const next = carry.mul(x).add(w);
        return [next, next.abs()];
      }, z, np.array([{ re: 1, im: 1 }, { re: 0, im: 1 }, { re: 2, im: 0 }]).reshape(3, 1).mul(np.ones([3, 2])));
      const picked = lax.cond(np.sum(ys).gt(1), (a: Array) => a.mul(np.array({ re: 0, im: 1 })), (a: Array) => a, c);
      const [, looped] = lax.whileLoop(([i]: Array[]) => i!.lt(3), ([i, v]: Array[]) => [i!.add(1), v!.mul(v!)], [np.array(0), picked]);
      return [c, ys, looped!];
    };
    // a plain loop in JS complex arithmetic
    const mul = (a: [number, number], b: [number, number]): [number, number] => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
    let c: [number, number][] = [[1, 0], [0, 1]];
    const wv: [number, number][] = [[0.5, 0.5], [1, -1]];
    const xs: [number, number][] = [[1, 1], [0, 1], [2, 0]];
    const ys: number[][] = [];
    for (const x of xs) {
      c = c.map((ci, k) => {
        const p = mul(ci, x);
        return [p[0] + wv[k]![0], p[1] + wv[k]![1]];
      });
      ys.push(c.map(([re, im]) => Math.hypot(re, im)));
    }
    let picked = c.map((v) => mul(v, [0, 1]));
    for (let i = 0; i < 3; i++) picked = picked.map((v) => mul(v, v));
    const z0 = np.array([{ re: 1, im: 0 }, { re: 0, im: 1 }]);
    for (const f of [run, jit(run)]) {
      const [cOut, ysOut, looped] = f(z0);
      await expectClose(cOut!, c.map(([re, im]) => ({ re, im })));
      await expectClose(ysOut!, ys, { rtol: 1e-5 });
      await expectClose(looped!, picked.map(([re, im]) => ({ re, im })), { rtol: 1e-4 });
    }
  });

  test("vmap of complex functions equals the loop", async () => {
    const zs = np.array([[{ re: 1, im: 2 }, { re: 0.5, im: -1 }], [{ re: -2, im: 0.25 }, { re: 3, im: 3 }]]);
    const f = (z: Array) => np.exp(z).mul(np.conj(z)).sum();
    const batched = vmap(f)(zs);
    await expectClose(batched, [await f(zs.get(0)).item(), await f(zs.get(1)).item()] as never, { rtol: 1e-6 });
  });
});

describe("complex64 errors and jaxprs", () => {
  test("jaxprs print c64; jit lowers complex values to float32 kernels", () => {
    const z = np.zeros([3], { dtype: "complex64" });
    const j = makeJaxpr((a: Array) => np.exp(a.mul(a)))(z);
    expect(String(j)).toContain("c64[3]");
    const lowered = jit((a: Array) => np.exp(a.mul(a))).lower(z);
    expect(lowered.kernels.length).toBe(1);
    expect(lowered.optimized).toContain("f32[3,2]");
    expect(lowered.optimized).not.toContain("c64");
  });

  test("orderings and float-only functions reject complex operands with the op named", () => {
    const z = np.array([{ re: 1, im: 2 }]);
    expect(() => np.maximum(z, z)).toThrow(DTypeError);
    expect(() => np.maximum(z, z)).toThrow(/lax\.max.*complex64/);
    expect(() => np.less(z, z)).toThrow(/complex64/);
    expect(() => np.max(z)).toThrow(/reduce_max.*complex64/);
    expect(() => np.argmax(z)).toThrow(/argmax.*complex64/);
    expect(() => np.floor(z)).toThrow(/lax\.floor.*complex64/);
    expect(() => lax.complex(z, z)).toThrow(/real arrays/);
    expect(() => np.array([{ re: 1, im: 2 }], { dtype: "float32" })).toThrow(/complex64/);
    expect(() => Number(z.reshape([]))).toThrow(/complex values have no JS number/);
  });

  test("functions of real values reject complex operands instead of dropping the imaginary part", () => {
    const m = np.array([[{ re: 1, im: 2 }, 0], [0, 1]]);
    expect(() => np.linalg.solve(m, m)).toThrow(/np\.linalg\.solve: takes real operands, got complex64; the linear algebra routines take real matrices only/);
    expect(() => np.linalg.inv(m)).toThrow(DTypeError);
    expect(() => np.linalg.norm(m)).toThrow(/np\.linalg\.norm: takes real operands/);
    expect(() => nn.softmax(m)).toThrow(/nn\.softmax: takes real operands, got complex64; apply it to np\.real\(x\), np\.imag\(x\) or np\.abs\(x\)/);
    expect(() => nn.sigmoid(m)).toThrow(DTypeError);
    expect(() => nn.logsumexp(m)).toThrow(/nn\.logsumexp: takes real operands/);
    expect(() => np.hypot(m, m)).toThrow(/np\.hypot: takes real operands.*np\.abs/);
    expect(() => random.categorical(random.key(0), m)).toThrow(/random\.categorical: takes real operands.*logits must be real/);
    expect(() => np.sort(m)).toThrow(/lax\.sort: complex64 operands are not supported/);
    expect(() => np.cumprod(m)).toThrow(/lax\.cumprod: complex64 cumulative products are not implemented/);
    expect(() => m.at(0).multiply(2)).toThrow(/scatter \(mul\): not defined for complex64 operands; use set or add/);
  });
});
