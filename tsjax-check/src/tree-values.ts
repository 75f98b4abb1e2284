/** Tree assertions on values (async: values are read from the device). */
import { Array as JArray, introspect, tree } from "tsjax-core";
import { assertsEnabled } from "./config.js";
import { fail } from "./errors.js";
import { zipLeaves } from "./tree-structure.js";
import { describeValue, pathStr, shapeStr, show, unravel } from "./util.js";

/** The values of an array or JS scalar as numbers (fails for tracers). */
async function readValues(assertion: string, where: string, x: unknown): Promise<number[]> {
  if (typeof x === "number") return [x];
  if (typeof x === "boolean") return [Number(x)];
  if (!(x instanceof JArray)) fail(assertion, `the leaf at ${where} is ${show(x)}, not an array or number.`);
  if (introspect.isTracer(x)) {
    fail(
      assertion,
      `the leaf at ${where} is ${introspect.describeTracer(x)}: values cannot be read inside a transformation. ` +
        "Call value assertions on concrete results (outside jit/grad/vmap), or use checkify/check for runtime checks inside.",
    );
  }
  return Array.from(await x.data(), Number);
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(8).replace(/\.?0+(e|$)/, "$1");
}

function indexStr(i: number, shape: readonly number[]): string {
  return shape.length === 0 ? "[] (scalar)" : `[${unravel(i, shape).join(", ")}]`;
}

type Cmp = (a: number, b: number) => string | undefined;

async function compareTrees(assertion: string, a: unknown, b: unknown, strict: boolean, cmp: Cmp): Promise<void> {
  for (const { path, leaves } of zipLeaves(assertion, [a, b])) {
    const [x, y] = leaves as [unknown, unknown];
    const dx = describeValue(x);
    const dy = describeValue(y);
    if (!dx || !dy) {
      if (!Object.is(x, y)) fail(assertion, `leaves at ${path} differ: ${show(x)} vs ${show(y)}.`);
      continue;
    }
    if (shapeStr(dx.shape) !== shapeStr(dy.shape)) fail(assertion, `leaves at ${path} have different shapes: ${shapeStr(dx.shape)} vs ${shapeStr(dy.shape)}.`);
    if (strict && dx.dtype !== dy.dtype) fail(assertion, `leaves at ${path} have different dtypes: ${dx.dtype} vs ${dy.dtype} (strict).`);
    const [vx, vy] = [await readValues(assertion, path, x), await readValues(assertion, path, y)];
    let first = -1;
    let why: string | undefined;
    let count = 0;
    for (let i = 0; i < vx.length; i++) {
      const w = cmp(vx[i]!, vy[i]!);
      if (w !== undefined) {
        if (first < 0) [first, why] = [i, w];
        count++;
      }
    }
    if (first >= 0) {
      fail(
        assertion,
        `values at ${path} (shape ${shapeStr(dx.shape)}, ${dx.dtype}) differ in ${count} of ${vx.length} element(s); ` +
          `first at index ${indexStr(first, dx.shape)}: ${fmt(vx[first]!)} vs ${fmt(vy[first]!)} (${why}).`,
      );
    }
  }
}

/** Options of `assertTreesAllClose`. */
export interface AllCloseOptions {
  /** Relative tolerance (default 1e-6, as chex). */
  rtol?: number;
  /** Absolute tolerance (default 0). */
  atol?: number;
  /** Also require equal dtypes. */
  strict?: boolean;
}

/**
 * Checks that two trees have the same structure and shapes and that their leaves are close:
 * `|a - b| <= atol + rtol * |b|` elementwise (NaNs equal NaNs). Fails naming the leaf path,
 * the first mismatching index, both values and the tolerance.
 *
 * @example
 * await assertTreesAllClose(grads, expected, { rtol: 1e-5, atol: 1e-6 });
 */
export async function assertTreesAllClose(a: unknown, b: unknown, opts: AllCloseOptions = {}): Promise<void> {
  if (!assertsEnabled()) return;
  const rtol = opts.rtol ?? 1e-6;
  const atol = opts.atol ?? 0;
  await compareTrees("assertTreesAllClose", a, b, opts.strict ?? false, (x, y) => {
    if (Number.isNaN(x) && Number.isNaN(y)) return undefined;
    if (x === y) return undefined;
    const tol = atol + rtol * Math.abs(y);
    const d = Math.abs(x - y);
    return d <= tol ? undefined : `|diff| ${fmt(d)} > atol ${atol} + rtol ${rtol} * |${fmt(y)}| = ${fmt(tol)}`;
  });
}

/**
 * Checks that two trees are exactly equal (NaNs equal NaNs); `strict` also compares dtypes.
 *
 * @example
 * await assertTreesAllEqual(restored, params, { strict: true });
 */
export async function assertTreesAllEqual(a: unknown, b: unknown, opts: { strict?: boolean } = {}): Promise<void> {
  if (!assertsEnabled()) return;
  await compareTrees("assertTreesAllEqual", a, b, opts.strict ?? false, (x, y) => (x === y || (Number.isNaN(x) && Number.isNaN(y)) ? undefined : "not equal"));
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
/** Float32 bits as integers ordered like the floats (so adjacent floats differ by 1). */
function orderedBits(v: number): number {
  f32[0] = v;
  const b = i32[0]!;
  return b < 0 ? -2147483648 - b : b;
}

/**
 * Checks that two trees' leaves are within `maxUlpDiff` units in the last place (float32
 * spacing) of each other; integer and bool leaves must be equal.
 *
 * @example
 * await assertTreesAllCloseUlp(fused, reference, { maxUlpDiff: 2 });
 */
export async function assertTreesAllCloseUlp(a: unknown, b: unknown, opts: { maxUlpDiff?: number } = {}): Promise<void> {
  if (!assertsEnabled()) return;
  const max = opts.maxUlpDiff ?? 1;
  await compareTrees("assertTreesAllCloseUlp", a, b, false, (x, y) => {
    if (Number.isNaN(x) && Number.isNaN(y)) return undefined;
    if (x === y) return undefined;
    if (Number.isNaN(x) || Number.isNaN(y)) return "NaN vs number";
    const d = Math.abs(orderedBits(x) - orderedBits(y));
    return d <= max ? undefined : `${d} ulp apart > maxUlpDiff ${max}`;
  });
}

/**
 * Checks that every leaf of `t` is finite (no NaN or ±Infinity).
 *
 * @example
 * await assertTreeAllFinite(grads);
 */
export async function assertTreeAllFinite(t: unknown): Promise<void> {
  if (!assertsEnabled()) return;
  for (const [path, leaf] of tree.flattenWithPath(t)[0]) {
    const p = pathStr(path);
    const d = describeValue(leaf);
    if (!d) fail("assertTreeAllFinite", `the leaf at ${p} is ${show(leaf)}, not an array or number.`);
    const v = await readValues("assertTreeAllFinite", p, leaf);
    const bad = v.map((x, i) => (Number.isFinite(x) ? -1 : i)).filter((i) => i >= 0);
    if (bad.length) {
      fail("assertTreeAllFinite", `the leaf at ${p} (shape ${shapeStr(d.shape)}, ${d.dtype}) has ${bad.length} non-finite element(s) of ${v.length}; first at index ${indexStr(bad[0]!, d.shape)}: ${v[bad[0]!]}.`);
    }
  }
}
