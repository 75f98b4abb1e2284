/**
 * Type-level tests (checked by the compiler, not run): `apply` takes what `init` returns,
 * arguments and outputs keep their types, gradients of params have the params' type.
 */
import { describe, expectTypeOf, test } from "vitest";
import { type Array, grad, jit, valueAndGrad } from "tsjax-core";
import {
  BatchNorm, Linear, type LSTMState, LSTM, MLP, Module, type Params, type State, dynamicUnroll, layerStack, multiTransform, remat, transform,
  transformWithState, vmap, withoutApplyRng,
} from "./index.js";

declare const x: Array;
declare const key: Array;

const forward = transform((images: Array, scale: number) => new MLP([10]).call(images).mul(scale));
const stateful = transformWithState((images: Array, training: boolean) => new BatchNorm(true, true, 0.9).call(images, training));

describe("transform", () => {
  test("init returns Params; apply takes Params and the function's arguments and returns its output", () => {
    expectTypeOf(forward.init(key, x, 2)).toEqualTypeOf<Params>();
    expectTypeOf(forward.init(0, x, 2)).toEqualTypeOf<Params>();
    const params = forward.init(key, x, 2);
    expectTypeOf(forward.apply(params, null, x, 2)).toEqualTypeOf<Array>();
    expectTypeOf(forward.apply).parameters.toEqualTypeOf<[Params, Array | number | null, Array, number]>();
    // @ts-expect-error the second argument of the function is a number
    forward.apply(params, null, x, "2");
    // @ts-expect-error apply needs the key argument (null for none)
    forward.apply(params, x, 2);
  });

  test("params are a two-level record of arrays", () => {
    const params = forward.init(key, x, 2);
    expectTypeOf(params["mlp/~/linear_0"]).toEqualTypeOf<{ [name: string]: Array }>();
    expectTypeOf(params["mlp/~/linear_0"]!.w).toEqualTypeOf<Array>();
  });

  test("grad of a loss over params has the params' type; jit keeps the signature", () => {
    const params = forward.init(key, x, 2);
    const loss = (p: Params, images: Array) => forward.apply(p, null, images, 1).sum();
    expectTypeOf(grad(loss)(params, x)).toEqualTypeOf<Params>();
    expectTypeOf(valueAndGrad(loss)(params, x)).toEqualTypeOf<[Array, Params]>();
    expectTypeOf(jit(loss)).toMatchTypeOf<(p: Params, images: Array) => Array>();
  });

  test("transformWithState: [params, state] in, [output, state] out", () => {
    expectTypeOf(stateful.init(null, x, true)).toEqualTypeOf<[Params, State]>();
    const [params, state] = stateful.init(null, x, true);
    expectTypeOf(stateful.apply(params, state, null, x, false)).toEqualTypeOf<[Array, State]>();
    // @ts-expect-error the state argument is required
    stateful.apply(params, null, x, false);
  });

  test("withoutApplyRng drops the key from apply, for both kinds", () => {
    const f = withoutApplyRng(forward);
    expectTypeOf(f.apply).parameters.toEqualTypeOf<[Params, Array, number]>();
    const g = withoutApplyRng(stateful);
    expectTypeOf(g.apply).returns.toEqualTypeOf<[Array, State]>();
  });

  test("multiTransform: one apply per function of the tree, with its own types", () => {
    const ae = multiTransform(() => {
      const enc = new Linear(2);
      const dec = new Linear(4);
      return [(a: Array) => dec.call(enc.call(a)), { encode: (a: Array) => enc.call(a), decode: (z: Array, n: number) => [dec.call(z), n] as const }] as const;
    });
    const params = ae.init(key, x);
    expectTypeOf(ae.apply.encode(params, null, x)).toEqualTypeOf<Array>();
    expectTypeOf(ae.apply.decode(params, null, x, 3)).toEqualTypeOf<readonly [Array, number]>();
  });
});

describe("modules and module transforms", () => {
  test("a module's call is an ordinary typed method", () => {
    class Scale extends Module {
      call(input: Array, factor: number): Array {
        return input.mul(factor);
      }
    }
    const f = transform((a: Array) => new Scale().call(a, 2));
    expectTypeOf(f.apply).returns.toEqualTypeOf<Array>();
    expectTypeOf<Parameters<Scale["call"]>>().toEqualTypeOf<[Array, number]>();
  });

  test("recurrent cores type their state", () => {
    transform((seq: Array) => {
      const core = new LSTM(8);
      const s0 = core.initialState(4);
      expectTypeOf(s0).toEqualTypeOf<LSTMState>();
      const [outs, last] = dynamicUnroll(core, seq, s0);
      expectTypeOf(outs).toEqualTypeOf<Array>();
      expectTypeOf(last).toEqualTypeOf<LSTMState>();
      return outs;
    });
  });

  test("vmap, remat and layerStack keep the function's type", () => {
    const block = (a: Array, n: number) => a.mul(n);
    expectTypeOf(vmap(block, { splitRng: false })).toEqualTypeOf<typeof block>();
    expectTypeOf(remat(block)).toEqualTypeOf<typeof block>();
    const one = (a: Array) => a;
    expectTypeOf(layerStack(4)(one)).toEqualTypeOf<typeof one>();
    // @ts-expect-error splitRng is required
    vmap(block, {});
  });
});
