/** Helpers for this package's tests (not exported). @internal */
import { type Array, np, tree } from "tsjax-core";
import { expect } from "vitest";

/** The elements of an array as a JS number list (sync, CPU). */
export function v(x: Array): number[] {
  return globalThis.Array.from(x.dataSync() as ArrayLike<number>);
}

/** Asserts elementwise closeness: |a - b| <= atol + rtol * |b|. */
export function close(a: Array | number[], b: number[] | number, opts: { atol?: number; rtol?: number } = {}): void {
  const { atol = 1e-5, rtol = 1e-4 } = opts;
  const av = globalThis.Array.isArray(a) ? a : v(a);
  const bv = typeof b === "number" ? av.map(() => b) : b;
  expect(av.length).toBe(bv.length);
  av.forEach((x, i) => {
    const y = bv[i]!;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) expect.fail(`element ${i}: got ${x}, expected ${y} (first: [${av.slice(0, 8).join(", ")}] vs [${bv.slice(0, 8).join(", ")}])`);
  });
}

/** Asserts two trees of arrays are close leaf by leaf (same structure). */
export function treeClose(a: unknown, b: unknown, opts: { atol?: number; rtol?: number } = {}): void {
  const [la, da] = tree.flatten(a);
  const [lb, db] = tree.flatten(b);
  expect(da.toString()).toBe(db.toString());
  la.forEach((x, i) => close(x as Array, v(lb[i] as Array), opts));
}

/** float32 array from nested numbers. */
export const f32 = (x: unknown): Array => np.array(x as never, { dtype: "float32" });

/** A deterministic pseudo-random float list in [-1, 1) (no tsjax randomness involved). */
function seeded(n: number, seed = 1): number[] {
  let s = seed >>> 0;
  return globalThis.Array.from({ length: n }, () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1;
  });
}

/** An array of `shape` filled with `seeded` values. */
export function rand(shape: number[], seed = 1): Array {
  const n = shape.reduce((a, b) => a * b, 1);
  return np.array(seeded(n, seed)).reshape(shape);
}

/** Row-major strides of a shape. */
function strides(shape: readonly number[]): number[] {
  const s = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

/** Shapes of a params/state record: `{ module: { name: "3x4" } }`. */
export function shapesOf(p: Record<string, Record<string, Array>>): Record<string, Record<string, string>> {
  return Object.fromEntries(Object.entries(p).map(([m, b]) => [m, Object.fromEntries(Object.entries(b).map(([k, x]) => [k, x.shape.join("x")]))]));
}

/**
 * A plain-loop N-D convolution, channels-last: x [N, ...S, C], w [...K, C/g, O], explicit
 * padding pairs, strides, kernel dilation and input (lhs) dilation, feature groups.
 */
export function refConv(
  x: number[], xShape: number[], w: number[], wShape: number[],
  o: { stride: number[]; pad: [number, number][]; rate?: number[]; lhsDilation?: number[]; groups?: number },
): { values: number[]; shape: number[] } {
  const nd = xShape.length - 2;
  const [n, ...rest] = xShape;
  const sIn = rest.slice(0, nd);
  const c = rest[nd]!;
  const k = wShape.slice(0, nd);
  const cg = wShape[nd]!;
  const out = wShape[nd + 1]!;
  const groups = o.groups ?? 1;
  const rate = o.rate ?? k.map(() => 1);
  const lhs = o.lhsDilation ?? k.map(() => 1);
  const dilIn = sIn.map((s, i) => (s - 1) * lhs[i]! + 1);
  const sOut = dilIn.map((s, i) => Math.floor((s + o.pad[i]![0] + o.pad[i]![1] - ((k[i]! - 1) * rate[i]! + 1)) / o.stride[i]!) + 1);
  const xs = strides(xShape);
  const ws = strides(wShape);
  const outShape = [n!, ...sOut, out];
  const os = strides(outShape);
  const values = new globalThis.Array(outShape.reduce((a, b) => a * b, 1)).fill(0);
  const outPerGroup = out / groups;
  const iter = (dims: number[], f: (idx: number[]) => void, prefix: number[] = []): void => {
    if (prefix.length === dims.length) return f(prefix);
    for (let i = 0; i < dims[prefix.length]!; i++) iter(dims, f, [...prefix, i]);
  };
  for (let b = 0; b < n!; b++) {
    iter(sOut, (p) => {
      for (let oc = 0; oc < out; oc++) {
        const g = Math.floor(oc / outPerGroup);
        let acc = 0;
        iter(k, (kk) => {
          const pos = p.map((pi, i) => pi * o.stride[i]! + kk[i]! * rate[i]! - o.pad[i]![0]);
          if (pos.some((q, i) => q < 0 || q >= dilIn[i]! || q % lhs[i]! !== 0)) return;
          const src = pos.map((q, i) => q / lhs[i]!);
          for (let ci = 0; ci < cg; ci++) {
            const ch = g * cg + ci;
            let xi = b * xs[0]! + ch * xs[nd + 1]!;
            src.forEach((q, i) => (xi += q * xs[i + 1]!));
            let wi = ci * ws[nd]! + oc * ws[nd + 1]!;
            kk.forEach((q, i) => (wi += q * ws[i]!));
            acc += x[xi]! * w[wi]!;
          }
        });
        let oi = b * os[0]! + oc * os[nd + 1]!;
        p.forEach((q, i) => (oi += q * os[i + 1]!));
        values[oi] = acc;
      }
    });
  }
  return { values, shape: outShape };
}

/** SAME padding pairs, as `lax.padtype_to_pads`. */
export function samePads(sIn: number[], k: number[], stride: number[], rate?: number[]): [number, number][] {
  return sIn.map((s, i) => {
    const ke = (k[i]! - 1) * (rate?.[i] ?? 1) + 1;
    const out = Math.ceil(s / stride[i]!);
    const total = Math.max(0, (out - 1) * stride[i]! + ke - s);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  });
}
