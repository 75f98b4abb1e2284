/**
 * categorical, choice, permutation, shuffle. Pinned values are JAX's (jax >= 0.5):
 * `choice(key(2), [10, 20, 30, 40], (3,))` and `permutation(key(3), arange(5))`.
 */
import { expect, test } from "vitest";
import { type Array, defaultDevice, ShapeError, devicePut, jit, np, vmap } from "../index.js";
import * as random from "./index.js";
import { HAS_WEBGPU, describeDevices, expectEqual } from "../../test/helpers.js";
import { chiSquare, chiSquareBound, counts, describeCpu } from "./testing.js";

const data = async (x: Array) => globalThis.Array.from(await x.data());
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describeDevices("random.categorical", () => {
  test("shapes: batch of distributions, axis, extra leading sample axes", async () => {
    const k = random.key(1);
    const logits = np.log(np.array([[0.2, 0.8, 0], [1, 0, 0]]));
    const c = random.categorical(k, logits);
    expect(c.dtype).toBe("int32");
    expect(c.shape).toEqual([2]);
    expect(random.categorical(k, logits, { shape: [5, 2] }).shape).toEqual([5, 2]);
    expect(random.categorical(k, logits, { axis: 0 }).shape).toEqual([3]);
    const draws = (await random.categorical(k, logits, { shape: [50, 2] }).toArray()) as number[][];
    for (const [a, b] of draws) {
      expect([0, 1]).toContain(a); // probability-0 category never drawn
      expect(b).toBe(0);
    }
    expect(() => random.categorical(k, logits, { shape: [3] })).toThrow(ShapeError);
  });

  test("under jit equals eager (the threefry hash fused into the argmax compiles)", async () => {
    const logits = np.log(np.array([[0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1]])).broadcastTo([10, 2, 4]).reshape(20, 4);
    const eager = await data(random.categorical(random.key(3), logits));
    expect(await data(jit((k: Array, l: Array) => random.categorical(k, l))(random.key(3), logits))).toEqual(eager);
  });
});

describeDevices("random.categorical under jit", () => {
  test("compiles (random bits reduced by argmax: a heavily shared expression) and equals eager", async () => {
    const k = random.key(7);
    const logits = np.array([[0, 1, 2], [1, 1, 1]]);
    const f = jit((l: Array, kk: Array) => random.categorical(kk, l, { axis: -1, shape: [3, 2] }));
    await expectEqual(f(logits, k), await random.categorical(k, logits, { axis: -1, shape: [3, 2] }).toArray(), "int32");
  });
});

describeDevices("random.choice", () => {
  test("JAX's value and the four modes", async () => {
    await expectEqual(random.choice(random.key(2), np.array([10, 20, 30, 40], { dtype: "int32" }), { shape: [3] }), [40, 10, 20]);
    const k = random.key(3);
    const noRep = await data(random.choice(k, 10, { shape: [10], replace: false }));
    expect(sorted(noRep)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const p = np.array([0.5, 0, 0.25, 0.25]);
    for (const v of await data(random.choice(k, 4, { shape: [200], p }))) expect([0, 2, 3]).toContain(v);
    const pNoRep = await data(random.choice(k, 4, { shape: [3], p, replace: false }));
    expect(sorted(pNoRep)).toEqual([0, 2, 3]);
  });

  test("arrays along an axis; shapes; checks", async () => {
    const k = random.key(4);
    const a = np.arange(12).reshape(3, 4);
    const cols = random.choice(k, a, { shape: [2, 5], axis: 1 });
    expect(cols.shape).toEqual([3, 2, 5]);
    const rowsOf = (await cols.toArray()) as number[][][];
    // Each drawn column is a whole column of a: rows differ by 4.
    for (let i = 0; i < 2; i++) for (let j = 0; j < 5; j++) expect(rowsOf[1]![i]![j]! - rowsOf[0]![i]![j]!).toBe(4);
    expect(random.choice(k, a, { shape: [2], replace: false }).shape).toEqual([2, 4]);
    expect(random.choice(k, 5).shape).toEqual([]);
    expect(random.choice(k, a, { shape: [0] }).shape).toEqual([0, 4]);
    expect(() => random.choice(k, 3, { shape: [4], replace: false })).toThrow(/larger sample/);
    expect(() => random.choice(k, 3, { p: [0.5, 0.5] })).toThrow(ShapeError);
  });
});

describeDevices("random.permutation and shuffle", () => {
  test("JAX's value; permutations of ranges and of arrays", async () => {
    await expectEqual(random.permutation(random.key(3), np.arange(5)), [0, 4, 2, 1, 3]);
    await expectEqual(random.permutation(random.key(3), 5), [0, 4, 2, 1, 3]);
    const k = random.key(6);
    expect(sorted(await data(random.permutation(k, 100)))).toEqual([...globalThis.Array(100).keys()]);
    // Rows move together.
    const x = np.arange(20).reshape(5, 4);
    const rows = (await random.permutation(k, x).toArray()) as number[][];
    expect(sorted(rows.map((r) => r[0]!))).toEqual([0, 4, 8, 12, 16]);
    for (const r of rows) expect(r).toEqual([r[0]!, r[0]! + 1, r[0]! + 2, r[0]! + 3]);
    // Columns along axis 1.
    const cols = (await random.permutation(k, x, { axis: 1 }).toArray()) as number[][];
    for (const r of cols) expect(sorted(r)).toEqual(sorted(cols[0]!).map((v) => v + (r[0]! - cols[0]![0]!)));
  });

  test("independent shuffles along an axis (= shuffle)", async () => {
    const k = random.key(7);
    const x = np.broadcastTo(np.arange(8), [6, 8]);
    const y = random.permutation(k, x, { axis: 1, independent: true });
    const rows = (await y.toArray()) as number[][];
    for (const r of rows) expect(sorted(r)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(rows.map((r) => r.join())).size).toBeGreaterThan(1);
    await expectEqual(random.shuffle(k, x, 1), rows);
    expect(() => random.permutation(k, np.array(3))).toThrow(ShapeError);
  });
});

describeCpu("discrete sampler statistics", () => {
  test("categorical: frequencies match softmax(logits)", async () => {
    const probs = [0.1, 0.2, 0.3, 0.4];
    const x = await data(random.categorical(random.key(8), np.log(np.array(probs)), { shape: [8000] }));
    expect(chiSquare(counts(x, 4), probs)).toBeLessThan(chiSquareBound(3));
  });

  test("choice with p: frequencies, with and without replacement", async () => {
    const probs = [0.1, 0.6, 0.3];
    const x = await data(random.choice(random.key(9), 3, { shape: [8000], p: probs }));
    expect(chiSquare(counts(x, 3), probs)).toBeLessThan(chiSquareBound(2));
    // Without replacement, one draw: P(first = i) = p_i (over many keys).
    const keys = random.split(random.key(10), 4000);
    const first = await data(vmap((kk: Array) => random.choice(kk, 3, { shape: [1], p: np.array(probs), replace: false }))(keys));
    expect(chiSquare(counts(first, 3), probs)).toBeLessThan(chiSquareBound(2));
  });

  test("permutation: each element equally likely in each position (vmap over keys)", async () => {
    const keys = random.split(random.key(11), 4000);
    const perms = (await vmap((kk: Array) => random.permutation(kk, 4))(keys).toArray()) as number[][];
    for (let pos = 0; pos < 4; pos++) {
      expect(chiSquare(counts(perms.map((p) => p[pos]!), 4), [0.25, 0.25, 0.25, 0.25])).toBeLessThan(chiSquareBound(3));
    }
  });
});

test("WebGPU draws equal the CPU ones", async () => {
  if (!HAS_WEBGPU) return;
  const draw = async (device: "cpu" | "webgpu") => {
    // Traced code (loops, customJvp) makes its constants on the default device.
    defaultDevice(device);
    const k = await devicePut(random.key(12), device);
    const logits = await devicePut(np.array([0.5, 1, 1.5, -1]), device);
    return Promise.all([
      random.categorical(k, logits, { shape: [256] }).data(),
      random.choice(k, 50, { shape: [20], replace: false }).data(),
      random.choice(k, 4, { shape: [64], p: logits.exp() }).data(),
      random.permutation(k, 200).data(),
    ]);
  };
  expect(await draw("webgpu")).toEqual(await draw("cpu"));
});
