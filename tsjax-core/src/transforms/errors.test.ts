/**
 * Errors of the transformations: concrete use of traced values, escaped tracers, invalid
 * inputs and outputs of grad, inconsistent vmap axes, mismatched trees. Each message must say
 * which value, why, and what to do instead.
 */
import { expect, test } from "vitest";
import {
  type Array, ConcretizationError, ShapeError, UnexpectedTracerError, grad, jacrev, jit, jvp, lax, linearize, makeJaxpr, np, valueAndGrad, vjp, vmap,
} from "../index.js";
import { describeDevices } from "../../test/helpers.js";
import { f32, i32 } from "../../test/grad-helpers.js";

/** Runs `fn` and returns the error it throws (failing if it does not). */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  expect.fail("expected an error");
}

async function rejectionOf(p: () => Promise<unknown>): Promise<Error> {
  try {
    await p();
  } catch (e) {
    return e as Error;
  }
  expect.fail("expected a rejection");
}

describeDevices("using traced values as JS values", () => {
  const x = () => f32([1, 2, 3]);

  test("strings describe a tracer (as str() does in JAX), for logging inside transformations", () => {
    let seen: string[] = [];
    grad((v: Array) => ((seen = [`${v}`, String(v)]), v.sum()))(x());
    expect(seen).toEqual(["Traced<f32[3]> in grad", "Traced<f32[3]> in grad"]);
  });

  test("unary +, comparisons, Number() throw ConcretizationError naming the value, the reason and the fix", async () => {
    const uses: [string, (v: Array) => unknown][] = [
      ["unary +", (v) => +v],
      ["comparison", (v) => (v as unknown as number) > 0],
      ["Number()", (v) => Number(v)],
    ];
    for (const [name, use] of uses) {
      // (under grad outside jit the values are concrete: JS control flow works there, as in JAX)
      const e = errorOf(() => grad(jit((v: Array) => (use(v.sum()), v.sum())))(x()));
      expect(e, name).toBeInstanceOf(ConcretizationError);
      expect(e.message, name).toContain("Traced<f32[]> in jit"); // which value
      expect(e.message, name).toMatch(/abstract values.*only shape f32\[\] is known/); // why
      expect(e.message, name).toMatch(/np\.where, lax\.cond, lax\.switch or lax\.whileLoop/); // what instead
    }
    // the transformation's name is in the message
    expect(errorOf(() => vmap((v: Array) => +v)(x())).message).toContain("Traced<f32[]> in vmap");
    expect(errorOf(() => makeJaxpr((v: Array) => +v)(x())).message).toContain("in makeJaxpr");
    // a concrete value of several elements is not a number (JAX: only size-1 arrays convert)
    expect(errorOf(() => grad((v: Array) => [+v, v.sum()][1] as Array)(x())).message).toMatch(/only arrays with one element convert to numbers/);
    // data-dependent control flow with lax.cond works instead
    const g = grad((v: Array) => lax.cond(v.sum().gt(0), (u: Array) => u.sum(), (u: Array) => u.prod(), v))(x());
    expect(await g.toArray()).toEqual([1, 1, 1]);
  });

  test("reading the data of a tracer inside grad", async () => {
    let pending: Promise<unknown> | undefined;
    const e = await rejectionOf(async () => {
      grad((v: Array) => {
        pending = v.data();
        return v.sum();
      })(x());
      await pending;
    });
    expect(e).toBeInstanceOf(ConcretizationError);
    expect(e.message).toMatch(/reading the values of Traced<f32\[3\]> in grad/);
    expect(e.message).toMatch(/return them from the function \(grad's hasAux/);
    expect(errorOf(() => grad((v: Array) => (v.dataSync(), v.sum()))(x()))).toBeInstanceOf(ConcretizationError);
    let item: Promise<unknown> | undefined;
    vmap((v: Array) => ((item = v.item()), v))(x());
    await expect(item).rejects.toThrowError(ConcretizationError);
    // hasAux is the way to get values out
    const [, aux] = grad((v: Array) => [v.sum(), v.mul(2)] as const, { hasAux: true })(x());
    expect(await aux.toArray()).toEqual([2, 4, 6]);
  });

  test("a tracer stored outside and used after its transformation: UnexpectedTracerError", () => {
    let leaked: Array | undefined;
    grad((v: Array) => {
      leaked = v.mul(2);
      return v.sum();
    })(x());
    const e = errorOf(() => leaked!.add(1));
    expect(e).toBeInstanceOf(UnexpectedTracerError);
    expect(e.message).toMatch(/Traced<f32\[3\]> in grad was used after grad returned/);
    expect(e.message).toMatch(/stored in an outer variable.*Return it from the function instead/);
    // used inside a later transformation
    expect(() => grad((v: Array) => v.mul(leaked!).sum())(x())).toThrowError(UnexpectedTracerError);
    // escaped from vmap
    let fromVmap: Array | undefined;
    vmap((v: Array) => (fromVmap = v.sin()))(x());
    expect(errorOf(() => fromVmap!.add(1)).message).toMatch(/Traced<f32\[\]> in vmap was used after vmap returned/);
    // from an inner transformation to an outer one, while both run
    const e2 = errorOf(() =>
      grad((v: Array) => {
        let inner: Array | undefined;
        grad((u: Array) => ((inner = u.mul(v)), u.sum()))(v);
        return inner!.sum();
      })(x()),
    );
    expect(e2).toBeInstanceOf(UnexpectedTracerError);
  });
});

describeDevices("invalid arguments and outputs", () => {
  test("grad of a non-scalar or int output, grad w.r.t. an int input", () => {
    const e1 = errorOf(() => grad((v: Array) => v.mul(2))(f32([1, 2])));
    expect(e1).toBeInstanceOf(TypeError);
    expect(e1.message).toMatch(/grad requires a float scalar output \(shape \[\]\), got f32\[2\].*x\.sum\(\).*vjp or jacrev/);
    const e2 = errorOf(() => grad((v: Array) => v.sum().astype("int32"))(f32([1, 2])));
    expect(e2.message).toMatch(/float scalar output.*got i32\[\]/);
    const e3 = errorOf(() => grad((a: Array, b: Array) => a.mul(b).sum(), { argnums: [0, 1] })(f32([1, 2]), i32([1, 2])));
    expect(e3.message).toMatch(/grad requires float inputs, but argument 1 has dtype int32.*astype\("float32"\).*argnums/);
    const e4 = errorOf(() => valueAndGrad((p: { w: Array; n: Array }) => p.w.sum())({ w: f32([1]), n: i32(3) }));
    expect(e4.message).toMatch(/argument 0\['n'\] has dtype int32/);
    const e5 = errorOf(() => grad((v: Array) => v.sum(), { argnums: 2 })(f32(1)));
    expect(e5).toBeInstanceOf(RangeError);
    const e6 = errorOf(() => grad((v: Array) => v.sum() as never, { hasAux: true })(f32([1])));
    expect(e6.message).toMatch(/hasAux: the function must return a pair \[output, aux\]/);
    const e7 = errorOf(() => grad((v: Array) => ({ loss: v.sum() }) as never)(f32([1])));
    expect(e7.message).toMatch(/must return a scalar array, got object/);
  });

  test("vmap with inconsistent axis sizes and bad axis specs", () => {
    const e = errorOf(() => vmap((a: Array, b: Array) => a.add(b))(f32([1, 2, 3]), f32([[1, 2], [3, 4]])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/inconsistent sizes for the mapped axis: argument 0 has size 3 on axis 0; argument 1 has size 2 on axis 0/);
    const e2 = errorOf(() => vmap((p: { a: Array; b: Array }) => p.a, { inAxes: { a: 0, b: 1 } as never })({ a: f32([1, 2]), b: f32([[1, 2, 3]]) }));
    expect(e2.message).toMatch(/argument 0\['a'\] has size 2 on axis 0; argument 0\['b'\] has size 3 on axis 1/);
    expect(errorOf(() => vmap((a: Array) => a, { inAxes: 2 })(f32([1, 2]))).message).toMatch(/in axis 2 is out of range for argument 0 of shape \[2\]/);
    expect(errorOf(() => vmap((a: Array, b: Array) => a, { inAxes: [0] })(f32([1]), f32([1]))).message).toMatch(/inAxes has 1 entries but the function was called with 2/);
    expect(errorOf(() => vmap((a: Array) => a, { outAxes: null })(f32([1, 2]))).message).toMatch(/output 0 depends on the batch axis, but its outAxes entry is null/);
    expect(errorOf(() => vmap((a: Array) => a, { inAxes: null })(f32([1, 2]))).message).toMatch(/no input is batched; give axisSize/);
    expect(errorOf(() => vmap((a: Array) => a, { inAxes: [[0, 0]] })(f32([1, 2]))).message).toMatch(/argument 0 is an array \[2\] but its axis spec is a list of length 2/);
  });

  test("a traced shape or size names the traced value and how to make it static (never tracer internals)", () => {
    for (const [what, f] of [
      ["np.full", (n: Array) => np.full([n as unknown as number, 2], 0)],
      ["np.zeros", (n: Array) => np.zeros(n as unknown as number)],
      ["np.arange", (n: Array) => np.arange(n as unknown as number)],
    ] as const) {
      const e = errorOf(() => jit(f)(np.array(3, { dtype: "int32" })));
      expect(e, what).toBeInstanceOf(ConcretizationError);
      expect(e.message, what).toMatch(new RegExp(`^${what.replace(".", "\\.")}: the (shape|stop) .*Traced<i32\\[\\]> in jit.* depends on a traced value.*staticArgnums`));
      expect(e.message, what).not.toMatch(/_trace|\{"/);
    }
    // with the size static, the same function works
    expect(jit((n: number) => np.zeros([n, 2]), { staticArgnums: 0 })(3).shape).toEqual([3, 2]);
  });

  test("mismatched tree structures between primals and tangents name the path", () => {
    const f = (p: { a: Array; b: [Array, Array] }) => p.a.add(p.b[0]).add(p.b[1]);
    const p = { a: f32([1]), b: [f32([2]), f32([3])] as [Array, Array] };
    const e = errorOf(() => jvp(f, [p], [{ a: f32([1]), b: [f32([1])] } as never]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/jvp: tree structures differ at \[0\]\['b'\]: the primals has a list of length 2, the tangents has a list of length 1/);
    const e2 = errorOf(() => jvp(f, [p], [{ a: f32([1]), c: [f32([1]), f32([1])] } as never]));
    expect(e2.message).toMatch(/jvp: tree structures differ at \[0\]/);
    // shape and dtype of tangents
    expect(errorOf(() => jvp(f, [p], [{ a: f32([1, 2]), b: [f32([1]), f32([1])] }])).message).toMatch(/tangent f32\[2\] must have the shape and dtype of its primal f32\[1\]/);
    // linearize's tangents and vjp's cotangents
    const [, fJvp] = linearize(f, p);
    expect(errorOf(() => fJvp({ a: f32([1]), b: f32([1]) } as never)).message).toMatch(/linearize: tree structures differ at \[0\]\['b'\]/);
    const [, back] = vjp((q: typeof p) => ({ s: f(q), t: q.a }), p);
    expect(errorOf(() => back({ s: f32([1]) } as never)).message).toMatch(/vjp: tree structures differ at .*the output has .*the cotangent has/);
    expect(errorOf(() => back({ s: f32([1, 1]), t: f32([1]) })).message).toMatch(/cotangent f32\[2\] must have the shape and dtype of the output f32\[1\]/);
    // jacrev of a function with a non-array output leaf
    expect(errorOf(() => jacrev((v: Array) => ({ v, s: "x" }) as never)(f32([1]))).message).toMatch(/an output at .*\['s'\] is string/);
  });
});
