import { afterEach, describe, expect, it } from "vitest";
import { type Array, grad, jit, np, vmap } from "tsjax-core";
import { CheckError } from "./errors.js";
import { assertMaxTraces, clearTraceCounter, traceCountOf } from "./max-traces.js";

afterEach(() => clearTraceCounter());

function fails(f: () => void, pattern: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CheckError);
  if (!pattern.test((err as Error).message)) throw new Error(`message did not match ${pattern}:\n${(err as Error).message}`);
}

describe("assertMaxTraces", () => {
  it("passes when jit reuses its trace", () => {
    const f = jit(assertMaxTraces(function step(x: Array) { return x.mul(2); }, 1));
    f(np.ones([3]));
    f(np.zeros([3]));
    f(np.full([3], 5));
    expect(f.traceCount).toBe(1);
  });

  it("names a shape change", () => {
    const f = jit(assertMaxTraces(function step(x: Array) { return x.mul(2); }, 1));
    f(np.ones([3]));
    fails(() => f(np.ones([4])), /assertMaxTraces failed: function step was traced 2 times \(max 1\)\. Trace 2 differs from trace 1: argument 0: shape changed from \[3\] to \[4\]/);
  });

  it("names a dtype change and a tree-structure change", () => {
    const f = jit(assertMaxTraces((p: { w: Array }) => p.w.sum(), 1));
    f({ w: np.ones([2]) });
    fails(() => f({ w: np.ones([2], { dtype: "int32" }) }), /argument 0\.w: dtype changed from float32 to int32/);
    clearTraceCounter();
    const g = jit(assertMaxTraces((p: Record<string, Array>) => p.w!.sum(), 1));
    g({ w: np.ones([2]) });
    fails(() => g({ w: np.ones([2]), v: np.ones([2]) }), /tree structure of the arguments changed from \[\{w: \*\}\] to \[\{v: \*, w: \*\}\]/);
  });

  it("names a changing static argument", () => {
    const f = jit(assertMaxTraces((x: Array, n: number) => x.mul(n), 2), { staticArgnums: 1 });
    f(np.ones([2]), 1);
    f(np.ones([2]), 2);
    fails(() => f(np.ones([2]), 3), /traced 3 times \(max 2\)\. Trace 3 differs from trace 2: argument 1: static value changed from 2 to 3/);
  });

  it("counts closures re-created in a loop as one function", () => {
    const run = () => {
      for (let i = 0; i < 3; i++) {
        const step = jit(assertMaxTraces((x: Array) => x.add(1), 1)); // a new jit each iteration: retraced
        step(np.ones([2]));
      }
    };
    fails(run, /traced 2 times \(max 1\)\. Trace 2 has the same argument signature as trace 1 \(float32\[2\]\).*re-wrapped/);
  });

  it("counts every vmap and grad trace", () => {
    const f = assertMaxTraces((x: Array) => x.sin().sum(), 2);
    vmap(f)(np.ones([4, 2]));
    grad(f)(np.ones([2]));
    expect(traceCountOf(f)).toBe(2);
    fails(() => grad(f)(np.ones([2])), /traced 3 times \(max 2\)/);
  });

  it("clearTraceCounter resets one function or all", () => {
    const f = assertMaxTraces((x: Array) => x, 1);
    jit(f)(np.ones([1]));
    clearTraceCounter(f);
    expect(traceCountOf(f)).toBe(0);
    jit(f)(np.ones([1]));
    expect(traceCountOf(f)).toBe(1);
  });
});
