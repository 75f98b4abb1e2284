/**
 * Samplers take JAX's positional `shape` (or the `shape` option), reject unknown options and
 * misplaced options objects; `random.threefry2x32`. Oracle: JAX 0.10.2 (test/refs/semantics.ts).
 */
import { expect, test } from "vitest";
import { type Array, np } from "../index.js";
import * as random from "./index.js";
import { describeDevices, expectClose, expectEqual } from "../../test/helpers.js";
import { JAX } from "../../test/refs/semantics.js";

const S = JAX.samplers;

describeDevices("sampler arguments", () => {
  const k = () => random.key(0);

  test("JAX's positional shape in every sampler (random.gamma(key, a, [5]) draws 5)", async () => {
    await expectClose(random.gamma(k(), 2, [5]), [...S.gamma], { rtol: 2e-6 });
    await expectClose(random.gamma(k(), 2, { shape: [5] }), [...S.gamma], { rtol: 2e-6 });
    await expectClose(random.beta(k(), 2, 3, [3]), [...S.beta], { rtol: 2e-6 });
    await expectEqual(random.poisson(k(), 3, [4]), [...S.poisson], "int32");
    await expectClose(random.truncatedNormal(k(), -1, 1, [3]), [...S.truncatedNormal], { rtol: 1e-6 });
    await expectEqual(random.choice(k(), 10, [4]), [...S.choice], "int32");
    await expectEqual(random.categorical(k(), np.log(np.array([0.2, 0.3, 0.5])), -1, [6]), [...S.categoricalAxisShape], "int32");
    await expectEqual(random.permutation(random.key(3), np.arange(8).reshape(4, 2), 0), S.permutationAxis.map((r) => [...r]), "int32");
    await expectClose(random.exponential(k(), [3]), [...S.exponential], { rtol: 1e-6 });
    await expectClose(random.exponential(k(), 3), [...S.exponential], { rtol: 1e-6 });
    for (const draw of [
      () => random.normal(k(), [7]), () => random.uniform(k(), [7]), () => random.laplace(k(), [7]), () => random.logistic(k(), [7]),
      () => random.gumbel(k(), [7]), () => random.cauchy(k(), [7]), () => random.loggamma(k(), 2, [7]), () => random.chisquare(k(), 2, [7]),
      () => random.t(k(), 3, [7]), () => random.bernoulli(k(), 0.5, [7]), () => random.dirichlet(k(), np.ones([3]), [7]).get(":", 0),
      () => random.multivariateNormal(k(), np.zeros([2]), np.eye(2), [7]).get(":", 0),
    ]) expect((draw() as Array).shape).toEqual([7]);
  });

  test("unknown options and misplaced options objects are errors showing the call", () => {
    expect(() => random.normal(k(), [2], { dtyp: "float16" } as never)).toThrow(
      /random\.normal: unknown option "dtyp" \(did you mean "dtype"\?\)\. Accepted options: shape, dtype\. Call it as random\.normal\(key, shape\?, \{ dtype \}\)/,
    );
    expect(() => random.gamma(k(), 2, { shape: [2] }, { dtype: "float32" })).toThrow(/the shape argument is an options object, but options come last/);
    expect(() => random.gamma(k(), 2, [2], { shape: [2] })).toThrow(/shape was given both as an argument and as the option "shape"/);
    expect(() => random.uniform(k(), ["a"] as never)).toThrow(/shape must be a number or a list of numbers/);
    expect(() => random.randint(k(), [2], 0, 5, { dtype: "int32", minval: 1 } as never)).toThrow(/unknown option "minval"/);
    expect(() => random.categorical(k(), np.zeros([3]), { axis: -1 }, [2])).toThrow(/argument 1 is an options object, but options come last/);
  });

  test("random.threefry2x32: JAX's threefry_2x32 (odd and 2-d counts)", async () => {
    await expectEqual(random.threefry2x32(random.key(42), np.arange(5).astype("uint32")), [...S.threefry], "uint32");
    const pair: [Array, Array] = [np.array(1, { dtype: "uint32" }), np.array(2, { dtype: "uint32" })];
    await expectEqual(random.threefry2x32(pair, np.arange(6).astype("uint32").reshape(2, 3)), S.threefry2d.map((r) => [...r]), "uint32");
    expect(() => random.threefry2x32(random.key(0), np.arange(3))).toThrow(/count must be uint32, got int32/);
  });
});

describeDevices("np.arange with options", () => {
  test("np.arange(10, { dtype }) (JAX: jnp.arange(10, dtype=...)); bad options are errors", async () => {
    await expectClose(np.arange(10, { dtype: "float32" }), [...JAX.arange], { dtype: "float32" });
    await expectEqual(np.arange(2, 8, { dtype: "int32" }), [2, 3, 4, 5, 6, 7], "int32");
    expect(() => np.arange(10, { dtyp: "float32" } as never)).toThrow(/np\.arange: unknown option "dtyp"/);
    expect(() => np.arange(10, { dtype: "float32" } as never, 2 as never)).toThrow(/options come last/);
    expect(() => np.zeros([2], { dtype: "int32", shape: [3] } as never)).toThrow(/np\.zeros: unknown option "shape"/);
  });
});
