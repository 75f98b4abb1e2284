import { expect, test } from "vitest";
import { Pool } from "./pool.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("the pool reuses freed buffers, drops them past its cap, and drops those left idle", async () => {
  const dropped: string[] = [];
  const pool = new Pool<number, string>(100, (item) => dropped.push(item), 60);
  pool.put(16, "a", 40);
  pool.put(16, "b", 40);
  pool.put(32, "c", 40); // over the cap: dropped at once
  expect(dropped).toEqual(["c"]);
  expect([pool.pooledBuffers, pool.pooledBytes]).toEqual([2, 80]);
  expect(pool.take(16)).toBe("b"); // the most recently freed first
  expect(pool.take(32)).toBeUndefined();
  expect([pool.pooledBuffers, pool.pooledBytes]).toEqual([1, 40]);
  await sleep(200); // idle: the trim timer drops "a"
  expect(dropped).toEqual(["c", "a"]);
  expect([pool.pooledBuffers, pool.pooledBytes]).toEqual([0, 0]);
  pool.put(16, "d", 40);
  pool.clear();
  expect(dropped).toEqual(["c", "a", "d"]);
});
