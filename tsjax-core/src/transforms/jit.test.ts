/**
 * `jit`: the signature cache (shapes, dtypes, weak types, tree structure, static arguments),
 * results equal to eager execution for every op of the shared op tables, pytrees in and out,
 * donation (errors and flat memory), composition with the other transformations and with
 * control flow, and the errors a user meets.
 */
import { describe, expect, test } from "vitest";
import {
  Array, ConcretizationError, DisposedArrayError, type DeviceName, grad, jit, lax, memoryStats, nn, np, registerPytreeNode, synchronize, tree, valueAndGrad, vmap,
} from "../index.js";
import { describeDevices, expectClose, expectEqual } from "../../test/helpers.js";
import { type Cases, expectTreeClose, f32, i32, rand } from "../../test/grad-helpers.js";
import * as OPS from "../../test/op-cases.js";

// ---------------------------------------------------------------------------------------------
// the signature cache

describe("jit cache", () => {
  test("the same signature is traced and compiled once; values still flow", async () => {
    let calls = 0;
    const f = jit((x: Array, y: Array) => {
      calls++;
      return x.mul(y).add(1);
    });
    await expectClose(f(f32([1, 2]), f32([3, 4])), [4, 9]);
    await expectClose(f(f32([5, 6]), f32([7, 8])), [36, 49]);
    await expectClose(f(f32([0, 1]), f32([1, 1])), [1, 2]);
    expect(f.traceCount).toBe(1);
    expect(f.compileCount).toBe(1);
    expect(calls).toBe(1);
  });

  test("a new shape, dtype or tree structure retraces; returning to an old one does not", async () => {
    const f = jit((t: { a: Array; b?: Array }) => (t.b ? t.a.add(t.b) : t.a.mul(2)));
    await expectClose(f({ a: f32([1, 2]) }), [2, 4]);
    expect(f.traceCount).toBe(1);
    await expectClose(f({ a: f32([1, 2, 3]) }), [2, 4, 6]); // shape
    expect(f.traceCount).toBe(2);
    await expectEqual(f({ a: i32([1, 2]) }), [2, 4], "int32"); // dtype
    expect(f.traceCount).toBe(3);
    await expectClose(f({ a: f32([1, 2]), b: f32([10, 20]) }), [11, 22]); // structure
    expect(f.traceCount).toBe(4);
    await expectClose(f({ a: f32([7, 8]) }), [14, 16]); // seen before
    await expectClose(f({ a: f32([1, 2]), b: f32([1, 1]) }), [2, 3]);
    expect(f.traceCount).toBe(4);
    expect(f.compileCount).toBe(4);
  });

  test("registered classes with different aux data (static configuration) are different structures", async () => {
    class Scaled {
      constructor(readonly x: Array, readonly power: number, readonly fn: (x: Array) => Array) {}
    }
    registerPytreeNode(Scaled, {
      flatten: (s) => [[s.x], { power: s.power, fn: s.fn }],
      unflatten: (aux, [x]) => new Scaled(x as Array, aux.power, aux.fn),
    });
    const f = jit((s: Scaled) => s.fn(s.x.pow(s.power)));
    const neg = (x: Array) => x.neg();
    const twice = (x: Array) => x.mul(2);
    await expectClose(f(new Scaled(f32([2, 3]), 2, neg)), [-4, -9]);
    await expectClose(f(new Scaled(f32([2, 3]), 3, neg)), [-8, -27]); // aux value
    expect(f.traceCount).toBe(2);
    await expectClose(f(new Scaled(f32([2, 3]), 3, twice)), [16, 54]); // a function in aux, by identity
    expect(f.traceCount).toBe(3);
    await expectClose(f(new Scaled(f32([1, 2]), 2, neg)), [-1, -4]); // seen before
    expect(f.traceCount).toBe(3);
  });

  test("tuples and lists of different lengths are different structures", async () => {
    const f = jit((xs: Array[]) => xs.reduce((a, b) => a.add(b)));
    await expectClose(f([f32(1), f32(2)]), 3);
    await expectClose(f([f32(1), f32(2), f32(3)]), 6);
    expect(f.traceCount).toBe(2);
  });

  test("JS numbers are weakly typed dynamic arguments: new values do not retrace, arrays do", async () => {
    const f = jit((x: Array, s: Array | number) => np.multiply(x, s));
    const x = f32([1, 2]);
    const a = f(x, 2);
    expect(a.dtype).toBe("float32");
    await expectClose(a, [2, 4]);
    await expectClose(f(x, 5), [5, 10]);
    expect(f.traceCount).toBe(1);
    // every JS number is a weak float32 (integral or not, as np.array makes numbers float32): same signature
    await expectClose(f(x, 3.5), [3.5, 7]);
    await expectClose(f(x, 0.5), [0.5, 1]);
    expect(f.traceCount).toBe(1);
    // a float32 array is not weak: another signature (same result type here)
    const b = f(x, f32(3));
    expect(f.traceCount).toBe(2);
    expect(b.dtype).toBe("float32");
    await expectClose(b, [3, 6]);
    // a weak float32 JS number with an int32 array gives float32 (JAX: int32 array * weak float)
    const c = f(i32([1, 2]), 3);
    expect(c.dtype).toBe("float32");
    await expectClose(c, [3, 6]);
    // a JS boolean argument works too
    const g = jit((x: Array, flag: Array | boolean) => np.where(flag, x, x.neg()));
    await expectClose(g(x, true), [1, 2]);
    await expectClose(g(x, false), [-1, -2]);
    expect(g.traceCount).toBe(1);
  });

  test("staticArgnums: the function sees JS values; a new value retraces", async () => {
    const seen: unknown[] = [];
    const f = jit(
      (x: Array, n: number, mode: string) => {
        seen.push([typeof n, typeof mode]);
        let y = x;
        for (let i = 0; i < n; i++) y = y.mul(2); // a JS loop over a static count
        return mode === "neg" ? y.neg() : y;
      },
      { staticArgnums: [1, 2] },
    );
    const x = f32([1, 3]);
    await expectClose(f(x, 2, "id"), [4, 12]);
    await expectClose(f(f32([2, 2]), 2, "id"), [8, 8]);
    expect(f.traceCount).toBe(1);
    await expectClose(f(x, 3, "id"), [8, 24]);
    expect(f.traceCount).toBe(2);
    await expectClose(f(x, 3, "neg"), [-8, -24]);
    expect(f.traceCount).toBe(3);
    await expectClose(f(x, 2, "id"), [4, 12]);
    expect(f.traceCount).toBe(3);
    expect(seen).toEqual([["number", "string"], ["number", "string"], ["number", "string"]]);
    // a single number and negative indices work
    const g = jit((k: number, x: Array) => x.add(k), { staticArgnums: -2 });
    await expectClose(g(5, x), [6, 8]);
    expect(g.traceCount).toBe(1);
  });

  test("static objects are compared by value, static functions by identity", async () => {
    const f = jit((x: Array, cfg: { k: number; tag: string }) => x.mul(cfg.k), { staticArgnums: 1 });
    await expectClose(f(f32([1]), { k: 2, tag: "a" }), [2]);
    await expectClose(f(f32([1]), { k: 2, tag: "a" }), [2]); // equal value, new object
    expect(f.traceCount).toBe(1);
    await expectClose(f(f32([1]), { k: 3, tag: "a" }), [3]);
    expect(f.traceCount).toBe(2);

    // Functions cannot be compared by value: two different functions are two signatures.
    const apply = jit((x: Array, fn: (v: Array) => Array) => fn(x), { staticArgnums: 1 });
    const double = (v: Array) => v.mul(2);
    const triple = (v: Array) => v.mul(3);
    await expectClose(apply(f32([1]), double), [2]);
    await expectClose(apply(f32([1]), triple), [3]);
    await expectClose(apply(f32([1]), double), [2]);
    expect(apply.traceCount).toBe(2);
    // ... also inside a static object
    const withAct = jit((x: Array, o: { act: (v: Array) => Array }) => o.act(x), { staticArgnums: 1 });
    await expectClose(withAct(f32([-1, 2]), { act: nn.relu }), [0, 2]);
    await expectClose(withAct(f32([-1, 2]), { act: np.abs }), [1, 2]);
    expect(withAct.traceCount).toBe(2);
  });

  test("a static array argument is a compile-time constant keyed by its values", async () => {
    const f = jit((x: Array, s: Array) => x.add(s), { staticArgnums: 1 });
    await expectClose(f(f32([1, 1]), f32([1, 2])), [2, 3]);
    await expectClose(f(f32([1, 1]), f32([5, 6])), [6, 7]);
    expect(f.traceCount).toBe(2);
  });

  test("staticArgnames: named properties of a trailing options object are static", async () => {
    const f = jit(
      (x: Array, o: { power: number; scale: Array }) => {
        expect(typeof o.power).toBe("number");
        expect(o.scale).toBeInstanceOf(Array);
        return x.pow(o.power).mul(o.scale);
      },
      { staticArgnames: ["power"] },
    );
    const x = f32([1, 2]);
    await expectClose(f(x, { power: 2, scale: f32(3) }), [3, 12]);
    await expectClose(f(x, { power: 2, scale: f32(0.5) }), [0.5, 2]); // dynamic scale
    expect(f.traceCount).toBe(1);
    await expectClose(f(x, { power: 3, scale: f32(1) }), [1, 8]);
    expect(f.traceCount).toBe(2);
    // a single string works too
    const g = jit((x: Array, o: { axis: number }) => x.sum(o.axis), { staticArgnames: "axis" });
    await expectClose(g(f32([[1, 2], [3, 4]]), { axis: 0 }), [4, 6]);
    await expectClose(g(f32([[1, 2], [3, 4]]), { axis: 1 }), [3, 7]);
    expect(g.traceCount).toBe(2);
  });

  test("clearCache forgets compiled signatures", async () => {
    const f = jit((x: Array) => x.add(1));
    await expectClose(f(f32([1])), [2]);
    await expectClose(f(f32([2])), [3]);
    expect(f.traceCount).toBe(1);
    f.clearCache();
    await expectClose(f(f32([3])), [4]);
    expect(f.traceCount).toBe(2);
  });

  test("lower() traces without running and shares the cache with calls", async () => {
    const f = jit((x: Array) => x.mul(2).sum());
    const l = f.lower(f32([1, 2, 3]));
    expect(f.traceCount).toBe(1);
    expect(l.kernels.length).toBeGreaterThanOrEqual(1);
    expect(String(l)).toContain("kernel 0");
    expect(String(l)).toContain("reduce_sum");
    expect(l.optimized).toContain("reduce_sum");
    await expectClose(f(f32([4, 5, 6])), 30);
    expect(f.traceCount).toBe(1);
    expect(f.compileCount).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// jit equals eager

const TABLES: Record<string, Cases> = {
  UNARY: OPS.UNARY, BINARY: OPS.BINARY, OTHER_ELEMENTWISE: OPS.OTHER_ELEMENTWISE, STRUCTURAL: OPS.STRUCTURAL,
  GATHER_SCATTER: OPS.GATHER_SCATTER, REDUCTIONS: OPS.REDUCTIONS, DOT: OPS.DOT, CONV: OPS.CONV, WINDOW: OPS.WINDOW,
  NP_ELEMENTWISE: OPS.NP_ELEMENTWISE, NP_REDUCTIONS: OPS.NP_REDUCTIONS, NP_LINALG: OPS.NP_LINALG, NP_SHAPES: OPS.NP_SHAPES,
  NP_INDEXING: OPS.NP_INDEXING,
};

/**
 * Cases that hit known compiler bugs (each has its own failing test below, which shows the bug
 * on its own): leaving them out of the tables keeps the table tests about everything else.
 */
const KNOWN_BUGS: Record<string, string> = {};

describeDevices("jit equals eager", (device: DeviceName) => {
  test("jit(lax.dynamicSlice) with an index argument", async () => {
    const f = (x: Array, i: Array) => lax.dynamicSlice(x, [i, i], [2, 2]);
    const x = rand([4, 5], 1);
    const i = i32(1);
    await expectTreeClose(jit(f)(x, i), f(x, i), "dynamic_slice");
  });

  for (const [table, cases] of Object.entries(TABLES)) {
    test(`every op of ${table}`, async () => {
      const failures: string[] = [];
      let ran = 0;
      for (const [name, [f, args]] of Object.entries(cases)) {
        if (KNOWN_BUGS[name]) continue;
        let xs: Array[];
        let want: Array;
        try {
          xs = args();
          want = f(...xs);
          await want.data();
        } catch (e) {
          // (float16 cases where the device has no float16: eager fails the same way)
          if (/float16|f16/.test(String(e))) continue;
          throw e;
        }
        try {
          const got = jit(f)(...xs);
          await expectTreeClose(got, want, `${device} ${table} ${name}`, { rtol: 1e-5, atol: 1e-5 });
          ran++;
        } catch (e) {
          failures.push(`${name}: ${(e as Error).message}`);
        }
      }
      expect(failures, failures.join("\n")).toEqual([]);
      expect(ran).toBeGreaterThan(0);
    });
  }

  test("pytrees in and out: objects, tuples, null leaves, JS numbers", async () => {
    const f = (p: { w: Array; b: [Array, null] }, x: Array) => ({
      y: x.mul(p.w).add(p.b[0]),
      stats: [x.sum(), null, x.max()] as const,
      nested: { again: { w: p.w } },
    });
    const p = { w: f32([1, 2, 3]), b: [f32(0.5), null] as [Array, null] };
    const x = f32([4, 5, 6]);
    const got = jit(f)(p, x);
    await expectTreeClose(got, f(p, x), "pytree");
    expect(got.stats[1]).toBe(null);
    // a JS number in the output becomes a (weakly typed) array
    const g = jit((v: Array) => [v.add(1), 7]);
    const [, seven] = g(x) as unknown as [Array, Array];
    expect(seven).toBeInstanceOf(Array);
    expect(await seven.item()).toBe(7);
  });

  test("multiple outputs, outputs that are inputs, the same output twice", async () => {
    const x = f32([1, -2, 3]);
    const y = f32([0.5, 0.5, 2]);
    const [a, b, c, d, e] = jit((u: Array, v: Array) => [u, v.mul(2), u, u.sub(v), v] as const)(x, y);
    await expectClose(a, [1, -2, 3]);
    await expectClose(b, [1, 1, 4]);
    await expectClose(c, [1, -2, 3]);
    await expectClose(d, [0.5, -2.5, 1]);
    await expectClose(e, [0.5, 0.5, 2]);
    // outputs are independent arrays: disposing one leaves the input and the others alone
    a.dispose();
    await expectClose(c, [1, -2, 3]);
    await expectClose(x, [1, -2, 3]);
    const id = jit((u: Array) => u);
    const z = id(x);
    z.dispose();
    await expectClose(x, [1, -2, 3]);
    await expectClose(id(x.T), [1, -2, 3]); // (a view argument)
  });

  test("constants captured by closure, concrete and created inside", async () => {
    const w = f32([[1, 2], [3, 4]]);
    const bias = f32([10, 20]);
    const f = jit((x: Array) => np.matmul(x, w).add(bias).add(f32([0, 1])).mul(np.ones([2]).mul(0.5)));
    const x = f32([[1, 0], [0, 1], [1, 1]]);
    await expectClose(f(x), [[5.5, 11.5], [6.5, 12.5], [7, 13.5]]);
    await expectClose(f(x.mul(2)), [[6, 12.5], [8, 14.5], [9, 16.5]]);
    // created inside from iota (np.arange) and captured from an enclosing scope
    const g = jit((v: Array) => v.mul(np.arange(3)).add(bias.sum()));
    await expectClose(g(f32([1, 2, 3])), [30, 32, 36]);
    expect(f.traceCount).toBe(1);
  });

  test("integer and bool dtypes", async () => {
    const f = (a: Array, b: Array) => {
      const q = np.floorDivide(a, b);
      const r = np.remainder(a, b);
      const m = a.gt(b);
      return { q, r, m, both: np.logicalAnd(m, a.gt(0)), sel: np.where(m, a, b), cnt: m.astype("int32").sum(), u: a.astype("uint32").add(1) };
    };
    const a = i32([7, -7, 5, 2, 0]);
    const b = i32([2, 3, -2, 5, 1]);
    const got = jit(f)(a, b);
    await expectTreeClose(got, f(a, b), "int/bool", { rtol: 0, atol: 0 });
    expect(got.m.dtype).toBe("bool");
    expect(got.q.dtype).toBe("int32");
    expect(got.u.dtype).toBe("uint32");
    await expectEqual(got.q, [3, -3, -3, 0, 0], "int32");
    await expectEqual(got.m, [true, false, true, false, false], "bool");
    // bool in, bool out
    const g = jit((m: Array, n: Array) => np.logicalXor(m, np.logicalNot(n)));
    await expectEqual(g(np.array([true, false, true]), np.array([true, true, false])), [true, false, false], "bool");
  });
});

// ---------------------------------------------------------------------------------------------
// donation

describeDevices("jit donation", (device: DeviceName) => {
  test("a donated input is unusable afterwards, with an error that says why", async () => {
    const f = jit((p: Array, g: Array) => p.sub(g.mul(0.1)), { donate: [0] });
    const p = f32([1, 2, 3]);
    const g = f32([10, 10, 10]);
    const out = f(p, g);
    await expectClose(out, [0, 1, 2]);
    await expectClose(g, [10, 10, 10]); // not donated
    await expect(p.data()).rejects.toThrow(DisposedArrayError);
    await expect(p.data()).rejects.toThrow(/donated to jit/);
    expect(() => p.add(1)).toThrow(/donated/);
  });

  test("donated views, repeated arguments, pytrees and identity outputs", async () => {
    // a non-contiguous view cannot lend its buffer, but it is still given up, with the same message
    const base = f32([[1, 2], [3, 4]]);
    const view = base.T;
    const f = jit((a: Array) => a.mul(2), { donate: 0 });
    await expectClose(f(view), [[2, 6], [4, 8]]);
    await expect(view.data()).rejects.toThrow(/donated to jit/);
    await expectClose(base, [[1, 2], [3, 4]]); // the array it viewed is untouched
    // an array passed twice (donated once): the call still works
    const x = f32([1, 2, 3]);
    await expectClose(jit((a: Array, b: Array) => a.add(b), { donate: [0] })(x, x), [2, 4, 6]);
    await expect(x.data()).rejects.toThrow(/donated to jit/);
    const y = f32([1, 2, 3]);
    await expectClose(jit((a: Array, b: Array) => a.mul(b), { donate: [0, 1] })(y, y), [1, 4, 9]);
    // a donated argument that is also returned: the output holds the data
    const z = f32([4, 5]);
    const [r1, r2] = jit((a: Array) => [a, a.add(1)], { donate: [0] })(z);
    await expectClose(r1, [4, 5]);
    await expectClose(r2, [5, 6]);
    await expect(z.data()).rejects.toThrow(/donated/);
    // a donated pytree: every leaf goes
    const params = { w: f32([1, 2]), b: [f32(3)] };
    const out = jit((q: typeof params) => tree.map((l: Array) => l.mul(2), q), { donate: 0 })(params);
    await expectClose(out.w, [2, 4]);
    await expectClose(out.b[0]!, 6);
    await expect(params.w.data()).rejects.toThrow(/donated/);
    await expect(params.b[0]!.data()).rejects.toThrow(/donated/);
    // a donated array whose buffer another view shares: the view keeps its data
    const m = f32([[1, 2, 3], [4, 5, 6]]);
    const flat = m.reshape(6);
    await expectClose(f(m), [[2, 4, 6], [8, 10, 12]]);
    await expectClose(flat, [1, 2, 3, 4, 5, 6]);
  });

  test("an out-of-range donate index is a clear error", () => {
    const f = jit((a: Array) => a.add(1), { donate: [2] });
    expect(() => f(f32([1]))).toThrow(/donate: argument index 2 is out of range/);
  });

  test("a donated training step keeps device memory flat", async () => {
    const loss = (p: { w: Array; b: Array }, x: Array, y: Array) => np.square(np.matmul(x, p.w).add(p.b).sub(y)).mean();
    const step = jit(
      (p: { w: Array; b: Array }, x: Array, y: Array) => {
        const [l, g] = valueAndGrad(loss)(p, x, y);
        return [tree.map((pi: Array, gi: Array) => pi.sub(gi.mul(0.1)), p, g), l] as const;
      },
      { donate: [0] },
    );
    const x = rand([8, 4], 1);
    const y = rand([8, 2], 2);
    let p = { w: rand([4, 2], 3), b: np.zeros([2]) };
    const run = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const [np_, l] = step(p, x, y);
        p = np_;
        l.dispose();
      }
      await synchronize();
      // (unreachable arrays made while setting up are freed by their finalizers)
      for (let k = 0; k < 3; k++) {
        globalThis.gc?.();
        await new Promise((r) => setTimeout(r, 5));
      }
      return memoryStats(device).liveBytes;
    };
    const after10 = await run(10);
    const after200 = await run(190);
    expect(after200).toBe(after10);
    expect(step.traceCount).toBe(1);
    const first = await loss(p, x, y).item();
    expect(Number.isFinite(first)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// composition

describeDevices("jit composes", () => {
  const f = (x: Array) => np.sin(x).mul(x).sum();
  const x = () => f32([0.3, -1.2, 2]);

  test("jit of grad, grad of jit, jit of jit", async () => {
    const want = grad(f)(x());
    await expectTreeClose(jit(grad(f))(x()), want, "jit(grad)");
    await expectTreeClose(grad(jit(f))(x()), want, "grad(jit)");
    await expectTreeClose(jit(grad(jit(f)))(x()), want, "jit(grad(jit))");
    const inner = jit((v: Array) => v.mul(2));
    const outer = jit((v: Array) => inner(v).add(inner(v.neg())).add(inner(v)));
    await expectClose(outer(x()), [0.6, -2.4, 4]);
    await expectClose(jit(jit(f))(x()), await f(x()).item(), { rtol: 1e-5 });
    // second order through jit
    await expectTreeClose(grad(grad(jit((v: Array) => v.pow(3).sum())))(f32(2)), f32(12), "grad(grad(jit))");
  });

  test("vmap of jit and jit of vmap", async () => {
    const g = (v: Array, w: Array) => np.dot(v, w).add(v.max());
    const xs = rand([5, 3], 4);
    const w = rand([3], 5);
    const want = np.stack([0, 1, 2, 3, 4].map((i) => g(xs.get(i), w)));
    await expectTreeClose(vmap(jit(g), { inAxes: [0, null] })(xs, w), want, "vmap(jit)");
    await expectTreeClose(jit(vmap(g, { inAxes: [0, null] }))(xs, w), want, "jit(vmap)");
    await expectTreeClose(jit(vmap(jit(g), { inAxes: [0, null] }))(xs, w), want, "jit(vmap(jit))");
  });

  test("jit inside a scan body, and scan / foriLoop / whileLoop / cond inside jit", async () => {
    const body = jit((c: Array, xi: Array) => [c.mul(0.5).add(xi), c.sum()] as const);
    const scanF = (c0: Array, xs: Array) => lax.scan((c: Array, xi: Array) => body(c, xi), c0, xs);
    const c0 = f32([1, 2]);
    const xs = rand([4, 2], 6);
    await expectTreeClose(jit(scanF)(c0, xs), scanF(c0, xs), "jit(scan(jit))");

    const fori = (v: Array) => lax.foriLoop(0, 5, (i, c: Array) => c.mul(1.1).add(i.astype("float32")), v);
    await expectTreeClose(jit(fori)(c0), fori(c0), "jit(foriLoop)");
    const wl = (v: Array) => lax.whileLoop((c: Array) => c.sum().lt(50), (c: Array) => c.mul(2), v);
    await expectTreeClose(jit(wl)(c0), wl(c0), "jit(whileLoop)");
    await expectClose(jit(wl)(c0), [32, 64]);
    const cnd = (v: Array) => lax.cond(v.sum().gt(0), (u: Array) => u.exp(), (u: Array) => u.neg(), v);
    await expectTreeClose(jit(cnd)(c0), cnd(c0), "jit(cond) true");
    await expectTreeClose(jit(cnd)(c0.neg()), cnd(c0.neg()), "jit(cond) false");
    await expectClose(jit(cnd)(c0.neg()), [1, 2]);
    // grad through jit(scan)
    const scanLoss = (c: Array) => scanF(c, xs)[1].sum();
    await expectTreeClose(grad(jit(scanLoss))(c0), grad(scanLoss)(c0), "grad(jit(scan))", { rtol: 1e-4 });
  });

  test("hasAux-style outputs: [loss, aux] from jit(valueAndGrad)", async () => {
    const lossAux = (w: Array, x: Array) => {
      const pred = x.mul(w);
      return [pred.square().sum(), { pred, n: x.shape[0]! }] as const;
    };
    const step = jit((w: Array, x: Array) => valueAndGrad(lossAux, { hasAux: true })(w, x));
    const w = f32([1, 2]);
    const xv = f32([3, 4]);
    const [[l, aux], g] = step(w, xv);
    const [[lw, auxw], gw] = valueAndGrad(lossAux, { hasAux: true })(w, xv);
    await expectTreeClose(l, lw, "loss");
    await expectTreeClose(aux.pred, auxw.pred, "aux");
    await expectTreeClose(g, gw, "grad");
    await expectClose(g, [18, 64]);
    expect(await (aux.n as unknown as Array).item()).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// errors

describe("jit errors", () => {
  test("a traced value used as a JS number or boolean is a ConcretizationError naming the alternatives", () => {
    const f = jit((x: Array) => ((x.sum() as unknown as number) > 0 ? x : x.neg()));
    let err: unknown;
    try {
      f(f32([1, 2]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConcretizationError);
    expect((err as Error).message).toMatch(/lax\.cond/);
    expect((err as Error).message).toMatch(/np\.where/);
    expect((err as Error).message).toMatch(/jit/);
    // reading values synchronously inside jit
    expect(() => jit((x: Array) => (x.dataSync(), x))(f32([1]))).toThrow(ConcretizationError);
    // Number(x)
    expect(() => jit((x: Array) => x.mul(Number(x)))(f32(1))).toThrow(/staticArgnums/);
  });

  test("async reads inside jit reject with a ConcretizationError", async () => {
    let p: Promise<unknown> | undefined;
    jit((x: Array) => {
      p = x.data();
      return x;
    })(f32([1]));
    await expect(p).rejects.toThrow(ConcretizationError);
  });

  test("too few arguments: the missing one is undefined and the op says so", () => {
    const f = jit((a: Array, b: Array) => a.add(b)) as (...xs: Array[]) => Array;
    expect(() => f(f32([1]))).toThrow(/undefined/);
  });

  test("a non-array, non-static argument is rejected with the path and a hint", () => {
    const f = jit((x: Array, o: { mode: string; y: Array }) => (o.mode === "a" ? x : o.y));
    let msg = "";
    try {
      f(f32([1]), { mode: "a", y: f32([2]) });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/argument 1\['mode'\] is string/);
    expect(msg).toMatch(/staticArgnums|staticArgnames/);
    const g = jit((x: Array, s: string) => x) as (x: Array, s: string) => Array;
    expect(() => g(f32([1]), "hi")).toThrow(/argument 1 is string, not an array or number/);
    // with staticArgnames the same call works
    const h = jit((x: Array, o: { mode: string; y: Array }) => (o.mode === "a" ? x : o.y), { staticArgnames: "mode" });
    expect(h(f32([1]), { mode: "b", y: f32([2]) })).toBeInstanceOf(Array);
  });

  test("an out-of-range staticArgnums index is a RangeError", () => {
    expect(() => jit((x: Array) => x, { staticArgnums: 3 })(f32(1))).toThrow(RangeError);
  });
});
