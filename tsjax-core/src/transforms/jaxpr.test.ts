/**
 * makeJaxpr's printed output (exact text) and evalShape: tracing without running.
 */
import { describe, expect, test } from "vitest";
import { type Array, evalShape, grad, jvp, lax, makeJaxpr, np, vmap } from "../index.js";
import "../../test/helpers.js";

const f32 = (...shape: number[]) => ({ shape, dtype: "float32" as const });
const text = (j: unknown) => String(j).split("\n");

describe("makeJaxpr", () => {
  test("x.mul(2).sin()", () => {
    expect(text(makeJaxpr((x: Array) => x.mul(2).sin())(np.ones([3])))).toEqual([
      "{ lambda a:f32[3]. let",
      "    b:f32[3] = broadcast_in_dim[shape=(3) broadcastDimensions=()] 2.0",
      "    c:f32[3] = mul a b",
      "    d:f32[3] = sin c",
      "  in (d) }",
    ]);
  });

  test("a scan (nested jaxprs print on one line), with a closed-over constant", () => {
    const j = makeJaxpr((x: Array) => lax.scan((c: Array, xi: Array) => [c.add(xi), c.mul(xi)] as const, np.zeros([2]), x))(f32(5, 2));
    expect(text(j)).toEqual([
      "{ lambda a:f32[5,2]. let",
      "    b:f32[2] = broadcast_in_dim[shape=(2) broadcastDimensions=()] 0.0",
      "    c:f32[2] d:f32[5,2] = scan[body={ lambda a:f32[2] b:f32[2]. let c:f32[2] = add a b; d:f32[2] = mul a b in (c, d) } length=5 reverse=false numConsts=0 numCarry=1] b a",
      "  in (c, d) }",
    ]);
    const w = np.array([1, 2]);
    const j2 = makeJaxpr((x: Array) => lax.scan((c: Array, xi: Array) => [c.add(xi).mul(w), c] as const, x.get(0), x, { reverse: true }))(f32(3, 2));
    expect(text(j2)).toEqual([
      "{ lambda a:f32[2]; b:f32[3,2]. let",
      "    c:f32[1,2] = slice[startIndices=(0, 0) limitIndices=(1, 2) strides=(1, 1)] b",
      "    d:f32[2] = reshape[newSizes=(2)] c",
      "    e:f32[2] f:f32[3,2] = scan[body={ lambda a:f32[2] b:f32[2] c:f32[2]. let d:f32[2] = add b c; e:f32[2] = mul d a in (e, b) } length=3 reverse=true numConsts=1 numCarry=1] a d b",
      "  in (e, f) }",
    ]);
    expect(j2.consts.length).toBe(1);
    expect(j2.inAvals.map((a) => a.shape)).toEqual([[3, 2]]);
    expect(j2.outAvals.map((a) => a.shape)).toEqual([[2], [3, 2]]);
  });

  test("cond, and transformations inside makeJaxpr", () => {
    expect(text(makeJaxpr((x: Array) => lax.cond(x.sum().gt(0), (v: Array) => v.neg(), (v: Array) => v, x))(f32(2)))).toEqual([
      "{ lambda a:f32[2]. let",
      "    b:f32[] = reduce_sum[axes=(0)] a",
      "    c:bool[] = gt b 0.0",
      "    d:i32[] = convert_element_type[newDtype=int32 weakType=false] c",
      "    e:i32[] = min d 1",
      "    f:i32[] = max e 0",
      "    g:f32[2] = cond[branches=({ lambda a:f32[2]. let in (a) }, { lambda a:f32[2]. let b:f32[2] = neg a in (b) })] f a",
      "  in (g) }",
    ]);
    expect(text(makeJaxpr((x: Array) => grad((v: Array) => v.sin().sum())(x))(f32(3)))).toEqual([
      "{ lambda a:f32[3]. let",
      "    b:f32[3] = cos a",
      "    c:f32[3] = broadcast_in_dim[shape=(3) broadcastDimensions=()] 1.0",
      "    d:f32[3] = mul c b",
      "  in (d) }",
    ]);
    expect(text(makeJaxpr((x: Array) => vmap((v: Array) => np.dot(v, v))(x))(f32(4, 3)))).toEqual([
      "{ lambda a:f32[4,3]. let",
      "    b:f32[4] = dot_general[contracting=((1), (1)) batch=((0), (0))] a a",
      "  in (b) }",
    ]);
    expect(text(makeJaxpr((x: Array) => jvp((v: Array) => v.exp(), [x], [np.onesLike(x)]))(f32(2)))).toEqual([
      "{ lambda a:f32[2]. let",
      "    b:f32[2] = broadcast_in_dim[shape=(2) broadcastDimensions=()] 1.0",
      "    c:f32[2] = exp a",
      "    d:f32[2] = mul b c",
      "  in (c, d) }",
    ]);
  });

  test("pytree arguments, shape specs, static JS values", () => {
    const j = makeJaxpr((p: { w: Array; b: Array }, x: Array) => np.matmul(x, p.w).add(p.b))({ w: f32(3, 2), b: f32(2) }, f32(4, 3));
    expect(text(j)).toEqual([
      "{ lambda a:f32[2] b:f32[3,2] c:f32[4,3]. let",
      "    d:f32[4,2] = dot_general[contracting=((1), (0)) batch=((), ())] c b",
      "    e:f32[4,2] = broadcast_in_dim[shape=(4, 2) broadcastDimensions=(1)] a",
      "    f:f32[4,2] = add d e",
      "  in (f) }",
    ]);
    // numbers are static: they configure the trace instead of becoming inputs
    expect(text(makeJaxpr((x: Array, n: number) => x.pow(n))(f32(3), 3))).toEqual([
      "{ lambda a:f32[3]. let",
      "    b:f32[3] = integer_pow[y=3] a",
      "  in (b) }",
    ]);
    // int and bool specs
    expect(text(makeJaxpr((i: Array, m: Array) => np.where(m, i, 0))({ shape: [2], dtype: "int32" }, { shape: [2], dtype: "bool" }))[0]).toBe("{ lambda a:i32[2] b:bool[2]. let");
  });
});

describe("evalShape", () => {
  test("shapes and dtypes of pytree outputs, from specs and arrays", () => {
    expect(evalShape((x: Array) => x.sum(0), f32(3, 4))).toEqual({ shape: [4], dtype: "float32" });
    const out = evalShape(
      (x: Array, y: { a: Array }) => ({ s: x.sum(0), m: np.matmul(x, y.a), i: x.argmax(), l: [x.astype("int32"), x.gt(0)] }),
      f32(3, 4),
      { a: np.ones([4, 2]) },
    );
    expect(out).toEqual({
      i: { shape: [], dtype: "int32" },
      l: [{ shape: [3, 4], dtype: "int32" }, { shape: [3, 4], dtype: "bool" }],
      m: { shape: [3, 2], dtype: "float32" },
      s: { shape: [4], dtype: "float32" },
    });
  });

  test("through transformations and control flow, without running anything", () => {
    const loss = (p: { w: Array; b: Array }, x: Array) => np.tanh(np.matmul(x, p.w).add(p.b)).sum();
    expect(evalShape(grad(loss), { w: f32(3, 2), b: f32(2) }, f32(5, 3))).toEqual({ b: { shape: [2], dtype: "float32" }, w: { shape: [3, 2], dtype: "float32" } });
    expect(evalShape(vmap(grad(loss), { inAxes: [null, 0] }), { w: f32(3, 2), b: f32(2) }, f32(7, 5, 3))).toEqual({
      b: { shape: [7, 2], dtype: "float32" },
      w: { shape: [7, 3, 2], dtype: "float32" },
    });
    expect(evalShape((x: Array) => lax.scan((c: Array, xi: Array) => [c.add(xi), xi.sum()] as const, x.get(0), x), f32(6, 3))).toEqual([
      { shape: [3], dtype: "float32" },
      { shape: [6], dtype: "float32" },
    ]);
    // large enough that running it would take a long time
    expect(evalShape((a: Array) => np.matmul(a, a).sum(), f32(8192, 8192))).toEqual({ shape: [], dtype: "float32" });
  });
});
