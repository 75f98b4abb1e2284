/**
 * Differential property test: random chains of numpy ops on random shapes, run on "cpu" (the
 * reference backend, compiled to JavaScript) and on "webgpu" (compiled to WGSL), must agree.
 *
 * Without a WebGPU adapter there is nothing to compare against, so the suite is declared
 * skipped with the reason in its name.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { type Array, type DataFor, type DeviceName, np } from "../src/index.js";
import { HAS_WEBGPU, randomValues, rng } from "./helpers.js";

const MAX_SIZE = 4096;

interface OpSpec {
  kind: OpKind;
  seed: number;
}

const OPS = [
  "sin", "cos", "tanh", "exp", "log", "sqrt", "abs", "neg", "square", "clip",
  "add", "sub", "mul", "div", "maximum", "minimum",
  "sum", "mean", "max", "min",
  "transpose", "slice", "reshape", "concatenate", "matmul", "where", "cumsum", "sort", "take",
] as const;
type OpKind = (typeof OPS)[number];

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function int(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

/** An array of `shape` with values in [lo, hi) determined by `seed`, on `device`. */
function data(shape: readonly number[], seed: number, device: DeviceName, lo = -2, hi = 2): Array {
  const v = randomValues(size(shape), seed, lo, hi);
  return np.array(new Float32Array(v), { device }).reshape([...shape]);
}

/** A random subset of axes (possibly empty), sorted. */
function someAxes(r: () => number, ndim: number): number[] {
  return globalThis.Array.from({ length: ndim }, (_, i) => i).filter(() => r() < 0.5);
}

/**
 * Applies one op to `x`. Every choice depends only on `x.shape` and the op's seed, so both
 * devices apply exactly the same op. Returns the result and a description.
 */
function apply(x: Array, op: OpSpec, device: DeviceName): [Array, string] {
  const r = rng(op.seed);
  const s = x.shape;
  const nd = s.length;
  const other = (shape: readonly number[], lo?: number, hi?: number) => data(shape, op.seed + 1, device, lo, hi);
  switch (op.kind) {
    // unary math, on domains where the result is well conditioned
    case "sin": return [np.sin(np.clip(x, -3, 3)), "sin(clip)"];
    case "cos": return [np.cos(np.clip(x, -3, 3)), "cos(clip)"];
    case "tanh": return [np.tanh(x), "tanh"];
    case "exp": return [np.exp(np.clip(x, -4, 4)), "exp(clip)"];
    case "log": return [np.log(np.abs(x).add(1)), "log(|x|+1)"];
    case "sqrt": return [np.sqrt(np.abs(x).add(0.25)), "sqrt(|x|+0.25)"];
    case "abs": return [np.abs(x), "abs"];
    case "neg": return [np.negative(x), "neg"];
    case "square": return [np.square(np.clip(x, -30, 30)), "square(clip)"];
    case "clip": {
      const lo = -r();
      return [np.clip(x, lo, lo + 0.5 + r()), "clip"];
    }
    // binary, with numpy broadcasting in either direction
    case "add": case "sub": case "mul": case "div": case "maximum": case "minimum": {
      // the other operand: each axis kept or set to 1, maybe fewer leading axes, maybe a new one
      let shape = s.map((d) => (r() < 0.3 ? 1 : d));
      if (nd > 0 && r() < 0.3) shape = shape.slice(int(r, 1, nd));
      if (nd < 4 && r() < 0.25 && size(s) * 3 <= MAX_SIZE) shape = [int(r, 1, 3), ...s.map((d) => (r() < 0.3 ? 1 : d))];
      const swap = r() < 0.5;
      const y = other(shape);
      let out: Array;
      if (op.kind === "div") out = swap ? np.divide(y, np.square(x).add(1)) : np.divide(x, np.square(y).add(1));
      else {
        const f = { add: np.add, sub: np.subtract, mul: np.multiply, maximum: np.maximum, minimum: np.minimum }[op.kind];
        out = swap ? f(y, x) : f(x, y);
      }
      return [out, `${op.kind}(${swap ? "y, x" : "x, y"}) y${JSON.stringify(shape)}`];
    }
    // reductions over random axes
    case "sum": case "mean": case "max": case "min": {
      const axes = nd === 0 ? null : someAxes(r, nd);
      const keepdims = r() < 0.5;
      const f = { sum: np.sum, mean: np.mean, max: np.max, min: np.min }[op.kind];
      return [f(x, axes, { keepdims }), `${op.kind}(axes ${JSON.stringify(axes)}, keepdims ${keepdims})`];
    }
    case "transpose": {
      const perm = globalThis.Array.from({ length: nd }, (_, i) => i);
      for (let i = nd - 1; i > 0; i--) {
        const j = int(r, 0, i);
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      return [np.transpose(x, perm), `transpose${JSON.stringify(perm)}`];
    }
    case "slice": {
      if (nd === 0) return [x, "slice (rank 0: identity)"];
      const idx = s.map((d) => {
        const step = pick(r, [1, 1, 2, 3, -1, -2]);
        const a = int(r, 0, d - 1);
        const b = int(r, 0, d - 1);
        return step > 0 ? np.s(Math.min(a, b), Math.max(a, b) + 1, step) : np.s(Math.max(a, b), Math.min(a, b) - 1 < 0 ? null : Math.min(a, b) - 1, step);
      });
      return [x.get(...idx), `slice ${JSON.stringify(idx)}`];
    }
    case "reshape": {
      const n = size(s);
      // a random factorization of n into at most 4 axes (unit axes allowed)
      const factors: number[] = [];
      let rest = n;
      for (let p = 2; p <= rest; p++) {
        while (rest % p === 0) {
          factors.push(p);
          rest /= p;
        }
      }
      const rank = int(r, 0, 4);
      const shape = globalThis.Array.from({ length: rank }, () => 1);
      if (rank === 0 && n !== 1) shape.push(1);
      for (const f of factors) shape[int(r, 0, shape.length - 1)]! *= f;
      return [np.reshape(x, shape), `reshape${JSON.stringify(shape)}`];
    }
    case "concatenate": {
      if (nd === 0 || size(s) * 2 > MAX_SIZE) return [np.tanh(x), "tanh (instead of concatenate)"];
      const axis = int(r, 0, nd - 1);
      const shape = [...s];
      shape[axis] = int(r, 1, 4);
      const parts = r() < 0.5 ? [x, other(shape)] : [other(shape), x, np.negative(x)];
      return [np.concatenate(parts, axis), `concatenate(axis ${axis}, ${parts.length} parts)`];
    }
    case "matmul": {
      if (nd === 0) return [np.cos(x), "cos (instead of matmul)"];
      const k = int(r, 1, 5);
      if (r() < 0.5 || nd === 1) {
        const y = other([s[nd - 1]!, k], -1, 1);
        return [np.matmul(x, y), `matmul(x, y[${s[nd - 1]},${k}])`];
      }
      // y @ x with a broadcast batch
      const y = other([k, s[nd - 2]!], -1, 1);
      return [np.matmul(y, x), `matmul(y[${k},${s[nd - 2]}], x)`];
    }
    case "where": {
      // leaky relu and a max with a broadcast threshold: continuous in x
      if (r() < 0.5) return [np.where(x.gt(0), x, x.mul(0.1)), "where(x > 0, x, 0.1 x)"];
      const t = other(s.map((d) => (r() < 0.5 ? 1 : d)), -0.5, 0.5);
      return [np.where(np.greater(x, t), x, t), "where(x > t, x, t)"];
    }
    case "cumsum": {
      if (nd === 0) return [np.abs(x), "abs (instead of cumsum)"];
      const axis = int(r, -nd, nd - 1);
      return [np.cumsum(x, axis), `cumsum(axis ${axis})`];
    }
    case "sort": {
      if (nd === 0) return [np.sin(x), "sin (instead of sort)"];
      const axis = int(r, -nd, nd - 1);
      return [np.sort(x, axis), `sort(axis ${axis})`];
    }
    case "take": {
      if (nd === 0) return [np.tanh(x), "tanh (instead of take)"];
      const axis = int(r, 0, nd - 1);
      const n = s[axis]!;
      const len = int(r, 1, 5);
      if (size(s) / n * len > MAX_SIZE) return [np.tanh(x), "tanh (instead of take)"];
      const indices = globalThis.Array.from({ length: len }, () => int(r, -n, n - 1));
      return [np.take(x, np.array(indices, { dtype: "int32", device }), axis), `take(${JSON.stringify(indices)}, axis ${axis})`];
    }
  }
}

interface Result {
  shape: readonly number[];
  dtype: string;
  values: DataFor;
  trace: string[];
  /** Largest magnitude seen in any intermediate (scales the absolute tolerance). */
  scale: number;
}

async function runChain(shape: number[], dataSeed: number, ops: OpSpec[], device: DeviceName): Promise<Result> {
  let x = data(shape, dataSeed, device);
  const trace = [`x${JSON.stringify(shape)}`];
  let scale = 1;
  for (const op of ops) {
    const [y, what] = apply(x, op, device);
    x = y;
    trace.push(`${what} -> ${JSON.stringify(x.shape)}`);
    if (device === "cpu") for (const v of await x.data()) scale = Math.max(scale, Math.abs(v));
  }
  return { shape: x.shape, dtype: x.dtype, values: await x.data(), trace, scale };
}

const opArb = fc.record({ kind: fc.constantFrom(...OPS), seed: fc.nat({ max: 1_000_000 }) });
const caseArb = fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 0, maxLength: 4 }),
  dataSeed: fc.nat({ max: 1_000_000 }),
  ops: fc.array(opArb, { minLength: 3, maxLength: 8 }),
});

const RTOL = 1e-4;
const ATOL = 1e-4;

(HAS_WEBGPU ? describe : describe.skip)(
  HAS_WEBGPU ? "differential: cpu vs webgpu" : "differential: cpu vs webgpu (skipped: no WebGPU adapter, nothing to compare the cpu backend with)",
  () => {
    test("random op chains agree on cpu and webgpu", async () => {
      await fc.assert(
        fc.asyncProperty(caseArb, async ({ shape, dataSeed, ops }) => {
          const want = await runChain(shape, dataSeed, ops, "cpu");
          const got = await runChain(shape, dataSeed, ops, "webgpu");
          const where = want.trace.join("\n  ");
          expect(got.shape, where).toEqual(want.shape);
          expect(got.dtype, where).toBe(want.dtype);
          expect(got.values.length, where).toBe(want.values.length);
          const atol = ATOL * want.scale;
          for (let i = 0; i < want.values.length; i++) {
            const w = want.values[i]!;
            const g = got.values[i]!;
            expect(Number.isFinite(w), `cpu value ${i} is ${w}:\n  ${where}`).toBe(true);
            const diff = Math.abs(g - w);
            if (!(diff <= atol + RTOL * Math.abs(w))) {
              expect.fail(`element ${i}: webgpu ${g}, cpu ${w} (atol ${atol}, rtol ${RTOL})\n  ${where}`);
            }
          }
        }),
        { seed: 20240611, numRuns: 80, endOnFailure: false },
      );
    });

    test("inputs are identical on both devices, and the tolerance separates different ops", async () => {
      const x = data([3, 4], 7, "cpu");
      const y = data([3, 4], 7, "webgpu");
      const a = await np.sum(np.sin(x), 1).data();
      const b = await np.sum(np.cos(y), 1).data();
      const worst = Math.max(...globalThis.Array.from(a, (v, i) => Math.abs(v - b[i]!)));
      expect(worst).toBeGreaterThan(ATOL + RTOL);
      const c = await np.sum(np.sin(y), 1).data();
      const same = Math.max(...globalThis.Array.from(a, (v, i) => Math.abs(v - c[i]!)));
      expect(same).toBeLessThan(ATOL);
    });
  },
);
