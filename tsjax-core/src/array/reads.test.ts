import { expect, test } from "vitest";
import { type Array, jit, lax, np, scope } from "../index.js";
import { describeDevices } from "../../test/helpers.js";

// A read returns the values the array holds when `data()` is called, even when the array is
// disposed, freed by a scope or donated right after, while dozens of kernels are queued behind
// the read (they reuse its buffer from the pool).
describeDevices("pending reads", () => {
  test("a read started inside a scope survives the scope freeing the array", async () => {
    let w: Array = np.full([64], 2);
    const x = np.full([64], 1 / 32);
    const logs: Promise<ArrayLike<number>>[] = [];
    for (let i = 0; i < 100; i++) {
      const old = w;
      w = scope(() => {
        logs.push(w.mul(x).sum().data());
        return w.sub(0.01);
      });
      old.dispose();
    }
    const got = (await Promise.all(logs)).map((d) => d[0]!);
    got.forEach((v, i) => expect(v, `step ${i}`).toBeCloseTo(2 * (2 - 0.01 * i), 3));
  });

  test("a read survives donation of its array to a jitted function", async () => {
    const f = jit((a: Array) => a.add(1).mul(1), { donate: [0] });
    let x: Array = np.zeros([256]);
    const reads: Promise<ArrayLike<number>>[] = [];
    for (let i = 0; i < 100; i++) {
      reads.push(x.data());
      x = f(x);
    }
    const got = await Promise.all(reads);
    got.forEach((d, i) => {
      expect(d[0], `step ${i}`).toBe(i);
      expect(d[255], `step ${i}`).toBe(i);
    });
  });

  test("a read survives dispose() right after it, with the buffer reused at once", async () => {
    const reads: Promise<ArrayLike<number>>[] = [];
    const junk: Array[] = [];
    for (let i = 0; i < 100; i++) {
      const a = np.full([1000], i).add(0);
      reads.push(a.data());
      a.dispose();
      junk.push(np.full([1000], -1).add(0)); // takes a's buffer from the pool
    }
    const got = await Promise.all(reads);
    got.forEach((d, i) => expect([d[0], d[999]], `read ${i}`).toEqual([i, i]));
    junk.forEach((j) => j.dispose());
  });
});

test("reads of views and of disposed arrays", async () => {
  const x = np.arange(12).reshape(3, 4);
  const t = x.T;
  const p = t.data();
  t.dispose();
  x.dispose();
  expect(globalThis.Array.from(await p)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
});

// On WebGPU, cond and whileLoop read their predicate back in the background, and work issued
// meanwhile waits behind them; an array freed meanwhile must outlive that queued work.
describeDevices("freeing arrays that queued work still reads", () => {
  test("disposing a cond's output right after using it, with another cond queued", async () => {
    const x = np.array([0.5, -1, 2]);
    const sums: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      const pred = np.array(i % 2 === 0);
      const r = lax.cond(pred, (v: Array) => v.mul(i), (v: Array) => v.add(i), x);
      // queued behind the first; its branch's kernels would take r's buffer if it were freed early
      const r2 = lax.cond(pred, (v: Array) => v.mul(-7).add(1), (v: Array) => v.sub(9).mul(3), x);
      const s = r.sum().add(0);
      r.dispose();
      sums.push(s.item());
      r2.dispose();
    }
    const got = await Promise.all(sums);
    got.forEach((v, i) => expect(v, `step ${i}`).toBeCloseTo(i % 2 === 0 ? 1.5 * i : 1.5 + 3 * i, 4));
  });
});
