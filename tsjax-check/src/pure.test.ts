import { describe, expect, it } from "vitest";
import { type Array, grad, jit, np, vmap } from "tsjax-core";
import { CheckError } from "./errors.js";
import { assertPure } from "./pure.js";

async function fails(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(CheckError);
  if (!pattern.test((e as Error).message)) throw new Error(`message did not match ${pattern}:\n${(e as Error).message}`);
}

let counter = 0;
const history: unknown[] = [];
let version = 0;

describe("assertPure", () => {
  it("passes for pure functions, also wrapped in jit, vmap and grad", async () => {
    const f = (x: Array, opts: { k: number }) => x.mul(opts.k).sin().sum();
    await assertPure(f, np.ones([3]), { k: 2 });
    await assertPure(jit((x: Array) => x.exp()), np.ones([3]));
    await assertPure(vmap((x: Array) => x.sum()), np.ones([2, 3]));
    await assertPure(grad((x: Array) => x.mul(np.array([1, 2, 3])).sum()), np.ones([3]));
  });

  it("catches a module-level counter", async () => {
    const f = function readsCounter(x: Array) {
      counter++;
      return x.mul(counter);
    };
    await fails(assertPure(f, np.ones([3])), /assertPure failed: readsCounter traced to different programs on two calls with the same arguments.*first difference at line 2:\n  trace 1: .*1\.0\n  trace 2: .*2\.0/s);
  });

  it("catches Math.random() under jit, vmap and grad", async () => {
    const noisy = (x: Array) => x.add(Math.random()).sum();
    await fails(assertPure(noisy, np.ones([3])), /traced to different programs/);
    await fails(assertPure(jit(noisy), np.ones([3])), /traced to different programs/);
    await fails(assertPure(vmap(noisy), np.ones([2, 3])), /traced to different programs/);
    await fails(assertPure(grad((x: Array) => x.mul(Math.random()).sum()), np.ones([3])), /traced to different programs/);
  });

  it("catches pushing to an outer array (tracer escape and changed program)", async () => {
    await fails(
      assertPure(function logs(x: Array) {
        history.push(x);
        return x.sin();
      }, np.ones([2])),
      /assertPure failed: a value traced inside logs escaped makeJaxpr/,
    );
    const seen: number[] = [];
    await fails(assertPure((x: Array) => (seen.push(1), x.mul(seen.length)), np.ones([2])), /different programs/);
  });

  it("catches a captured array that changes between calls", async () => {
    const f = function scaled(x: Array) {
      version++;
      return x.mul(np.array([version, version + 1, version + 2])); // a fresh concrete array each call
    };
    await fails(assertPure(f, np.ones([3])), /scaled captured an array \(constant 0 of the jaxpr, float32\[3\]\) whose values differ between the two traces: \[1, 2, 3\] vs \[2, 3, 4\]/);
  });

  it("catches a tracer stored in outer state and read back on the next trace", async () => {
    let last: Array | undefined;
    const f = function carries(x: Array) {
      const y = last ? x.add(last) : x;
      last = y;
      return y;
    };
    await fails(assertPure(f, np.ones([2])), /assertPure failed: carries used a traced value from an earlier trace/);
  });

  it("catches mutated arguments", async () => {
    const state = { steps: 0, cache: [] as unknown[] };
    await fails(
      assertPure(function step(x: Array, s: typeof state) {
        s.steps += 1;
        return x.mul(2);
      }, np.ones([2]), state),
      /assertPure failed: step mutated its arguments \(trace 1\): args\[1\]\.steps changed from 0 to 1/,
    );
    const opts = { tags: ["a"] };
    await fails(assertPure((x: Array, o: typeof opts) => (o.tags.push("b"), x), np.ones([1]), opts), /args\[1\]\.tags.*(length 1\) to .*length 2|\[1\] was added)/);
  });
});
