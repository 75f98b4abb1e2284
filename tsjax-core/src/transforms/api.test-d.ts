/**
 * Type-level tests of the transformations' signatures (checked by the compiler, not run):
 * gradients have the types of the differentiated arguments, argnums lists give tuples, aux
 * values keep their types, vmap preserves the function type.
 */
import { describe, expectTypeOf, test } from "vitest";
import { type Array, type Grads, grad, jacrev, jvp, linearize, valueAndGrad, vjp, vmap } from "../index.js";

interface Layer {
  w: Array;
  b: Array;
}
interface Params {
  layers: Layer[];
  head: { w: Array; scale: Array };
  pair: [Array, Array];
}
declare const params: Params;
declare const x: Array;
declare const y: Array;

const loss = (p: Params, input: Array, target: Array): Array => input.sub(target).add(p.head.scale).square().mean();

describe("grad", () => {
  test("grad(loss)(params) has the type of params, nested objects, lists and tuples included", () => {
    expectTypeOf(grad(loss)(params, x, y)).toEqualTypeOf<Params>();
    expectTypeOf(grad(loss)(params, x, y).layers[0]!.w).toEqualTypeOf<Array>();
    expectTypeOf(grad(loss)(params, x, y).pair).toEqualTypeOf<[Array, Array]>();
    expectTypeOf(grad((a: Array) => a.sum())(x)).toEqualTypeOf<Array>();
  });

  test("argnums: a number picks that argument, a list gives a tuple of the argument types", () => {
    expectTypeOf(grad(loss, { argnums: 1 })(params, x, y)).toEqualTypeOf<Array>();
    expectTypeOf(grad(loss, { argnums: [0, 1] })(params, x, y)).toEqualTypeOf<[Params, Array]>();
    expectTypeOf(grad(loss, { argnums: [2, 0] })(params, x, y)).toEqualTypeOf<[Array, Params]>();
    // JS numbers are differentiated as arrays
    expectTypeOf(grad((a: number, b: Array) => b.mul(a).sum(), { argnums: [0, 1] })(2, x)).toEqualTypeOf<[Array, Array]>();
  });

  test("hasAux: grad returns [grads, aux]; valueAndGrad returns [[value, aux], grads]", () => {
    interface Stats {
      acc: Array;
      step: number;
      tag: string;
    }
    const withAux = (p: Params, input: Array): [Array, Stats] => [loss(p, input, input), { acc: input.mean(), step: 3, tag: "train" }];
    expectTypeOf(grad(withAux, { hasAux: true })(params, x)).toEqualTypeOf<[Params, Stats]>();
    expectTypeOf(valueAndGrad(withAux, { hasAux: true })(params, x)).toEqualTypeOf<[[Array, Stats], Params]>();
    expectTypeOf(valueAndGrad(withAux, { hasAux: true, argnums: [0, 1] })(params, x)).toEqualTypeOf<[[Array, Stats], [Params, Array]]>();
    // `as const` results keep their literal types
    const constAux = (a: Array) => [a.sum(), { n: 3 }] as const;
    expectTypeOf(grad(constAux, { hasAux: true })(x)).toEqualTypeOf<[Array, { readonly n: 3 }]>();
    expectTypeOf(valueAndGrad(loss)(params, x, y)).toEqualTypeOf<[Array, Params]>();
  });

  test("the function must return a scalar (or [scalar, aux] with hasAux)", () => {
    // @ts-expect-error an object is not a scalar output
    grad((a: Array) => ({ out: a }));
    // @ts-expect-error hasAux needs a pair
    grad((a: Array) => a.sum(), { hasAux: true });
    // @ts-expect-error the arguments keep their types
    grad(loss)(params, x, "target");
  });

  test("class instances keep their class type (methods included)", () => {
    class Point {
      constructor(
        readonly x: Array,
        readonly y: Array,
      ) {}
      norm(): Array {
        return this.x.add(this.y);
      }
    }
    const g = grad((p: Point) => p.norm().sum())(new Point(x, y));
    expectTypeOf(g).toExtend<Point>();
    expectTypeOf<Grads<Point>>().toHaveProperty("norm");
  });
});

describe("vmap, jvp, vjp, linearize, jacobians", () => {
  test("vmap preserves the function type", () => {
    const f = (a: Array, p: { w: Array; b: Array }): { out: Array; parts: [Array, Array] } => ({ out: a.mul(p.w), parts: [a, p.b] });
    expectTypeOf(vmap(f)).toEqualTypeOf<(a: Array, p: { w: Array; b: Array }) => { out: Array; parts: [Array, Array] }>();
    expectTypeOf(vmap(f, { inAxes: [0, { w: null, b: 0 }] })).parameters.toEqualTypeOf<[Array, { w: Array; b: Array }]>();
    expectTypeOf(vmap(vmap(grad(loss)), { inAxes: [null, 0, 0] })).returns.toEqualTypeOf<Params>();
  });

  test("jvp, vjp and linearize", () => {
    const f = (p: { a: Array; b: Array }) => [p.a.mul(p.b), p.a.sum()] as const;
    const p = { a: x, b: y };
    expectTypeOf(jvp(f, [p], [p])).toEqualTypeOf<[readonly [Array, Array], readonly [Array, Array]]>();
    const [out, back] = vjp(f, p);
    expectTypeOf(out).toEqualTypeOf<readonly [Array, Array]>();
    expectTypeOf(back(out)).toEqualTypeOf<[{ a: Array; b: Array }]>();
    const [, dx, dy] = vjp((a: Array, b: Array, n: number) => a.mul(b).mul(n), x, y, 2)[1](x);
    expectTypeOf([dx, dy] as const).toEqualTypeOf<readonly [Array, Array]>();
    const [y0, fJvp] = linearize(f, p);
    expectTypeOf(y0).toEqualTypeOf<readonly [Array, Array]>();
    expectTypeOf(fJvp).parameters.toEqualTypeOf<[{ a: Array; b: Array }]>();
    expectTypeOf(jacrev(f)).parameters.toEqualTypeOf<[{ a: Array; b: Array }]>();
  });
});
