/**
 * Test helpers: run suites on every available device and compare arrays with known values.
 *
 * WebGPU is required when `CI=true` or `TSJAX_REQUIRE_WEBGPU=1` (a missing adapter fails the
 * run); elsewhere, without an adapter, WebGPU suites are skipped and the reason is printed.
 */
import { afterAll, beforeAll, describe, expect } from "vitest";
import { type Array, type Complex, type DType, type DeviceName, type NestedArray, ResourceExhaustedError, defaultDevice, destroyDevice, init, webgpuUnavailableReason } from "../src/index.js";

const required = process.env.TSJAX_REQUIRE_WEBGPU === "1" || process.env.CI === "true";
// WebGPU is asked for, so that a software adapter (lavapipe in CI) is used too; `init()` alone
// would keep to the CPU there.
await init("webgpu").catch(() => undefined);
const reason = webgpuUnavailableReason();
if (reason && required) {
  throw new Error(`WebGPU is required here (CI=true or TSJAX_REQUIRE_WEBGPU=1) but unavailable: ${reason}`);
}
if (reason) console.warn(`[tsjax tests] WebGPU suites are skipped: ${reason}`);

/** Devices the suites run on. */
export const DEVICES: DeviceName[] = reason ? ["cpu"] : ["cpu", "webgpu"];
/** True when WebGPU suites run. */
export const HAS_WEBGPU = !reason;

afterAll(() => {
  if (HAS_WEBGPU) destroyDevice("webgpu");
});

/**
 * Declares `fn`'s tests once per device, with that device as the default device. A device that
 * is not available shows up as a skipped suite named with the reason.
 */
export function describeDevices(name: string, fn: (device: DeviceName) => void): void {
  for (const d of ["cpu", "webgpu"] as const) {
    const ok = DEVICES.includes(d);
    (ok ? describe : describe.skip)(`${name} [${d}]${ok ? "" : ` (skipped: ${reason})`}`, () => {
      beforeAll(() => {
        defaultDevice(d);
      });
      fn(d);
    });
  }
}

export interface CloseOptions {
  rtol?: number;
  atol?: number;
  dtype?: DType;
}

function shapeOfNested(x: NestedArray): number[] {
  const s: number[] = [];
  let v: NestedArray = x;
  while (globalThis.Array.isArray(v)) {
    s.push(v.length);
    v = v[0] as NestedArray;
  }
  return s;
}

function flat(x: NestedArray): (number | boolean | Complex)[] {
  return globalThis.Array.isArray(x) ? x.flatMap((v) => flat(v as NestedArray)) : [x];
}

const fmtElement = (v: number | boolean | Complex): string => (typeof v === "object" ? `${v.re}${v.im < 0 ? "" : "+"}${v.im}i` : String(v));

/** `got` within tolerance of `want` (complex values: each part, with the tolerance of |want|). */
function elementClose(got: number | boolean | Complex, want: number | boolean | Complex, rtol: number, atol: number): boolean {
  if (typeof want === "boolean") return got === want;
  if (typeof want === "number") return typeof got === "number" && closeEnough(got, want, rtol, atol);
  if (typeof got !== "object") return false;
  const tol = atol + rtol * Math.hypot(want.re, want.im);
  return closeEnough(got.re, want.re, 0, tol) && closeEnough(got.im, want.im, 0, tol);
}

/** True when `got` matches `want` within tolerance (NaN matches NaN, infinities match exactly). */
export function closeEnough(got: number, want: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= atol + rtol * Math.abs(want);
}

/**
 * Asserts that `actual` has the shape of `expected` and values within tolerance
 * (default rtol 1e-5, atol 1e-6), and optionally a dtype.
 */
export async function expectClose(actual: Array, expected: NestedArray, opts: CloseOptions = {}): Promise<void> {
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-6;
  if (opts.dtype) expect(actual.dtype, `dtype of ${actual.toString()}`).toBe(opts.dtype);
  expect(actual.shape, `shape of ${actual.toString()}`).toEqual(shapeOfNested(expected));
  const got = flat(await actual.toArray());
  const want = flat(expected);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (!elementClose(g, w, rtol, atol)) {
      expect.fail(`element ${i} of ${actual.toString()}: got ${fmtElement(g)}, expected ${fmtElement(w)} (rtol ${rtol}, atol ${atol})\n got: ${JSON.stringify(got.slice(0, 64))}`);
    }
  }
}

/** Asserts exact equality of values (and shape; dtype when given). */
export async function expectEqual(actual: Array, expected: NestedArray, dtype?: DType): Promise<void> {
  await expectClose(actual, expected, { rtol: 0, atol: 0, dtype });
}

export { randomValues, rng } from "./case-arrays.js";

/** Reshapes a flat list into nested lists of `shape`. */
export function nested(values: readonly number[], shape: readonly number[]): NestedArray {
  if (shape.length === 0) return values[0]!;
  const [n, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  return globalThis.Array.from({ length: n! }, (_, i) => nested(values.slice(i * step, (i + 1) * step), rest));
}

/** Calls `fn` with every multi-index of `shape` in row-major order (the same array, updated). */
export function forEachIndex(shape: readonly number[], fn: (idx: number[]) => void): void {
  if (shape.some((d) => d === 0)) return;
  const idx = shape.map(() => 0);
  for (;;) {
    fn(idx);
    let d = shape.length - 1;
    while (d >= 0) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

/** Runs `fn`, which must throw a ResourceExhaustedError (an allocation past the memory limit), and returns the error. */
export function expectExhausted(fn: () => unknown): ResourceExhaustedError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ResourceExhaustedError);
    return e as ResourceExhaustedError;
  }
  throw new Error("expected a ResourceExhaustedError");
}
