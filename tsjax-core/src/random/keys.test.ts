/**
 * Keys, split, foldIn and bits. Pinned values are JAX's (jax >= 0.5, `jax_threefry_partitionable`
 * on, the default): `jax.random.key_data(jax.random.split(jax.random.key(0), 3))`,
 * `split(key(1))`, `split(key(42))`, `split(split(key(0))[0])`, as printed in JAX programs,
 * tests and docs written against those versions.
 */
import { expect, test } from "vitest";
import { type Array, DTypeError, ShapeError, grad, np, vmap } from "../index.js";
import * as random from "./index.js";
import { threefry2x32Host } from "../primitives/random.js";
import { DEVICES, describeDevices, expectClose, expectEqual } from "../../test/helpers.js";
import { describeCpu } from "./testing.js";

const u32 = (v: number[]) => np.array(v, { dtype: "uint32" });
const rows = async (x: Array) => (await x.toArray()) as number[][];

/** Host reference of `bits(key, [n])`: y0 ^ y1 of threefry(key, [0, i]). */
function hostBits(k: [number, number], n: number): number[] {
  return globalThis.Array.from({ length: n }, (_, i) => {
    const [a, b] = threefry2x32Host(k[0], k[1], 0, i);
    return (a ^ b) >>> 0;
  });
}

/** Host reference of float32 uniform from bits, as JAX. */
function hostUniform(bits: number[]): number[] {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  return bits.map((b) => {
    u[0] = (b >>> 9) | 0x3f800000;
    return Math.fround(f[0]! - 1);
  });
}

describeDevices("random keys", () => {
  test("key(seed): JAX's 32-bit seeding, bigint seeds as jax_enable_x64", async () => {
    await expectEqual(random.key(0), [0, 0], "uint32");
    await expectEqual(random.key(42), [0, 42]);
    await expectEqual(random.PRNGKey(7), [0, 7]);
    await expectEqual(random.key(-1), [0, 4294967295]);
    await expectEqual(random.key(2 ** 32 + 5), [0, 5]);
    await expectEqual(random.key(5n), [0, 5]);
    await expectEqual(random.key(-1n), [4294967295, 4294967295]);
    await expectEqual(random.key((3n << 32n) + 9n), [3, 9]);
    await expectEqual(random.key(np.array(-2, { dtype: "int32" })), [0, 4294967294]);
    const ks = vmap((s: Array) => random.key(s))(np.array([1, 2, 3], { dtype: "int32" }));
    await expectEqual(ks, [[0, 1], [0, 2], [0, 3]]);
    expect(() => random.key(1.5)).toThrow(/integer/);
    expect(() => random.key(np.array([1, 2], { dtype: "int32" }))).toThrow(ShapeError);
  });

  test("split: JAX's values (partitionable threefry)", async () => {
    expect(await rows(random.split(random.key(0), 3))).toEqual([
      [1797259609, 2579123966], [928981903, 3453687069], [4146024105, 2718843009],
    ]);
    expect(await rows(random.split(random.key(1)))).toEqual([[507451445, 1853169794], [1948878966, 4237131848]]);
    expect(await rows(random.split(random.key(42)))).toEqual([[1832780943, 270669613], [64467757, 2916123636]]);
    expect((await rows(random.split(random.split(random.key(0)).get(0))))[0]).toEqual([4165894930, 804218099]);
    // The same on the host: split(key, n)[i] = threefry(key, [0, i]).
    const k = [12345, 678] as [number, number];
    expect(await rows(random.split(u32(k), 4))).toEqual([0, 1, 2, 3].map((i) => threefry2x32Host(k[0], k[1], 0, i)));
  });

  test("split to a shape counts positions in row-major order", async () => {
    const k = random.key(3);
    const s = random.split(k, [2, 3]);
    expect(s.shape).toEqual([2, 3, 2]);
    expect(await s.reshape(6, 2).toArray()).toEqual(await random.split(k, 6).toArray());
    expect(random.split(k, 0).shape).toEqual([0, 2]);
  });

  test("foldIn(key, i) equals split(key, n)[i]; data as numbers, bigints, arrays", async () => {
    const k = random.key(9);
    const s = await rows(random.split(k, 5));
    for (let i = 0; i < 5; i++) expect(await random.foldIn(k, i).toArray()).toEqual(s[i]);
    expect(await random.foldIn(k, np.array(3, { dtype: "int32" })).toArray()).toEqual(s[3]);
    expect(await random.foldIn(k, 2n).toArray()).toEqual(s[2]);
    expect(await random.foldIn(k, -1).toArray()).toEqual(threefry2x32Host(0, 9, 0, 0xffffffff));
    expect(() => random.foldIn(k, np.array(1.5))).toThrow(DTypeError);
  });

  test("batches of keys: split and foldIn equal vmap over the keys", async () => {
    const keys = random.split(random.key(5), 3);
    const s = random.split(keys, 4);
    expect(s.shape).toEqual([3, 4, 2]);
    expect(await s.toArray()).toEqual(await vmap((k: Array) => random.split(k, 4))(keys).toArray());
    const f = random.foldIn(keys, np.array([1, 2, 3], { dtype: "int32" }));
    expect(await f.toArray()).toEqual(await vmap((k: Array, d: Array) => random.foldIn(k, d))(keys, np.array([1, 2, 3], { dtype: "int32" })).toArray());
    await expectEqual(random.foldIn(keys, 7).get(1), await random.foldIn(keys.get(1), 7).toArray());
  });

  test("bits and uniform equal the host reference exactly (so every device agrees bit for bit)", async () => {
    for (const seed of [0, 1, 1234567]) {
      const want = hostBits([0, seed], 1000);
      const b = random.bits(random.key(seed), [10, 100]);
      expect(b.dtype).toBe("uint32");
      expect(globalThis.Array.from(await b.data())).toEqual(want);
      expect(globalThis.Array.from(await random.uniform(random.key(seed), [1000]).data())).toEqual(hostUniform(want));
    }
    // A scalar draw uses counter [0, 0].
    expect(await random.bits(random.key(0)).item()).toBe((0x6b200159 ^ 0x99ba4efe) >>> 0);
    expect(random.bits(random.key(0), 0).shape).toEqual([0]);
  });

  test("argument checks", () => {
    expect(() => random.split(np.array([0, 0]))).toThrow(DTypeError);
    expect(() => random.split(u32([0, 0, 0]))).toThrow(ShapeError);
    expect(() => random.uniform(random.split(random.key(0)))).toThrow(/single key.*vmap/);
    expect(() => random.bits(random.key(0), [-1])).toThrow(ShapeError);
    expect(() => random.bits(random.key(0), [2], { dtype: "int32" as "uint32" })).toThrow(DTypeError);
    expect(random.keyData(random.key(1))).toBeDefined();
    expect(random.wrapKeyData(u32([1, 2])).shape).toEqual([2]);
  });
});

describeCpu("samplers under vmap", () => {
  test("vmap over keys equals a loop, for every sampler", async () => {
    const keys = random.split(random.key(13), 3);
    const logits = np.array([0.1, 1, -1]);
    const samplers: [string, (k: Array) => Array][] = [
      ["bits", (k) => random.bits(k, [4])],
      ["uniform", (k) => random.uniform(k, [4], { minval: -2, maxval: 3 })],
      ["randint", (k) => random.randint(k, [4], -5, 5)],
      ["bernoulli", (k) => random.bernoulli(k, 0.4, [4])],
      ["normal", (k) => random.normal(k, [4])],
      ["truncatedNormal", (k) => random.truncatedNormal(k, -1, 1, { shape: [4] })],
      ["multivariateNormal", (k) => random.multivariateNormal(k, np.zeros([2]), np.array([[1, 0.5], [0.5, 1]]), { shape: [2] })],
      ["exponential", (k) => random.exponential(k, [4])],
      ["laplace", (k) => random.laplace(k, [4])],
      ["logistic", (k) => random.logistic(k, [4])],
      ["gumbel", (k) => random.gumbel(k, [4])],
      ["cauchy", (k) => random.cauchy(k, [4])],
      ["categorical", (k) => random.categorical(k, logits, { shape: [4] })],
      ["choice", (k) => random.choice(k, 6, { shape: [3], replace: false })],
      ["choice p", (k) => random.choice(k, 3, { shape: [4], p: logits.exp() })],
      ["permutation", (k) => random.permutation(k, 5)],
      ["shuffle", (k) => random.shuffle(k, np.arange(6).reshape(2, 3), 1)],
      ["chisquare", (k) => random.chisquare(k, 3, { shape: [2] })],
      ["t", (k) => random.t(k, 4, { shape: [2] })],
    ];
    for (const [name, f] of samplers) {
      const batched = vmap(f)(keys);
      for (let i = 0; i < 3; i++) {
        const want = globalThis.Array.from(await f(keys.get(i)).data());
        const got = globalThis.Array.from(await batched.get(i).data());
        got.forEach((g, j) => expect(Math.abs(g - want[j]!), `${name} [${i}, ${j}]`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[j]!))));
      }
    }
  });

  test("reparameterized: gradients through uniform bounds and multivariate normal means", async () => {
    const k = random.key(14);
    const u = random.uniform(k, [5]);
    const [gLo, gHi] = grad((lo: Array, hi: Array) => random.uniform(k, [5], { minval: lo, maxval: hi }).sum(), { argnums: [0, 1] })(np.array(-1), np.array(2));
    await expectClose(gHi, globalThis.Array.from(await u.data()).reduce((a, b) => a + b, 0), { rtol: 1e-5 });
    await expectClose(gLo, globalThis.Array.from(await u.data()).reduce((a, b) => a + 1 - b, 0), { rtol: 1e-5 });
    const gm = grad((m: Array) => random.multivariateNormal(k, m, np.eye(2), { shape: [3] }).sum())(np.array([0.5, 1]));
    await expectClose(gm, [3, 3], { rtol: 1e-6 });
  });
});

test("devices agree bit for bit", async () => {
  if (DEVICES.length < 2) return;
  const draw = async (device: "cpu" | "webgpu") => {
    const k = np.array([0, 77], { dtype: "uint32", device });
    return [globalThis.Array.from(await random.bits(k, [512]).data()), globalThis.Array.from(await random.uniform(random.split(k).get(1), [512]).data())];
  };
  expect(await draw("webgpu")).toEqual(await draw("cpu"));
});
