/**
 * Table-driven tests against JAX: each case (written by scripts/refs/numpy/*.py) names a JAX
 * function, its inputs, options and outputs, and for differentiable cases the gradient of
 * `sum(out * w)`. `caseTests` declares, per device, four tests over a whole table: eager values
 * and dtypes, one `jit` program computing every case, one `vmap` over every case (against a
 * loop of eager calls), and one `grad` of all the cases' losses (against JAX's gradients).
 */
import { expect, test } from "vitest";
import { Array, type DeviceName, grad, jit, lax, nn, np, random, scipy, special, vmap } from "../src/index.js";
import { closeEnough } from "./helpers.js";

/** An encoded array: flat values (special floats as `{ f }`), shape and dtype. */
interface EncArray {
  a: (number | boolean | { f: string })[];
  s: number[];
  d: string;
}
/** An encoded argument or result. */
type Enc = null | number | boolean | string | { f: string } | EncArray | { dtype: string } | { o: Record<string, Enc> } | Enc[];

/** One reference case. */
export interface Case {
  /** The JAX function, as `sum`, `linalg.norm`, `lax.round` or `nn.relu`. */
  fn: string;
  args: Enc[];
  /** Keyword arguments, camelCased: the trailing options object. */
  kw?: Record<string, Enc>;
  out: Enc;
  tol?: { rtol?: number; atol?: number };
  /** False where the function needs concrete values (no jit, no vmap). */
  jit?: boolean;
  vmap?: boolean;
  /** True where tsjax reads values on the host (CPU only). */
  cpu?: boolean;
  /** Indices of the differentiated arguments, the weights per output and JAX's gradients. */
  grad?: number[];
  w?: (EncArray | null)[];
  g?: EncArray[];
}

/** A call made by hand where tsjax's signature differs from JAX's (callables, ...). */
type Custom = (args: unknown[], kw: Record<string, unknown>) => unknown;

const isEncArray = (e: unknown): e is EncArray => typeof e === "object" && e !== null && "a" in e && "s" in e;
const special_ = (v: unknown): number | boolean => (typeof v === "object" && v !== null ? Number((v as { f: string }).f) : (v as number | boolean));

function decodeArray(e: EncArray): Array {
  const values = e.a.map(special_);
  return np.array(values as number[], { dtype: e.d as never }).reshape(e.s);
}

/** An encoded value as the JS value the call takes. */
function decode(e: Enc): unknown {
  if (e === null || typeof e !== "object") return e;
  if (globalThis.Array.isArray(e)) return e.map(decode);
  if ("f" in e) return Number(e.f);
  if (isEncArray(e)) return decodeArray(e);
  if ("dtype" in e) return e.dtype;
  if ("o" in e) return Object.fromEntries(Object.entries(e.o).map(([k, v]) => [k, decode(v)]));
  throw new Error(`cannot decode ${JSON.stringify(e)}`);
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const scipyNs = scipy as unknown as Record<string, unknown>;
const ROOTS: Record<string, unknown> = { np, lax, nn, random, special: scipyNs.special ?? special };

/** The tsjax function for a JAX name. */
function resolve(name: string): (...args: unknown[]) => unknown {
  const parts = name.split(".");
  let obj: unknown = parts.length > 1 && parts[0]! in ROOTS ? ROOTS[parts.shift()!] : np;
  for (const p of parts) obj = (obj as Record<string, unknown> | undefined)?.[camel(p)];
  if (typeof obj !== "function") throw new Error(`no tsjax function for ${name}`);
  return obj as (...args: unknown[]) => unknown;
}

/** Replaces every Array in a decoded structure (lists and plain objects) with `f(array)`. */
function mapArrays(v: unknown, f: (a: Array) => unknown): unknown {
  if (v instanceof Array) return f(v);
  if (globalThis.Array.isArray(v)) return v.map((x) => mapArrays(x, f));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapArrays(x, f)]));
  }
  return v;
}

function arraysIn(v: unknown): Array[] {
  const out: Array[] = [];
  mapArrays(v, (a) => out.push(a));
  return out;
}

/** The arguments of a case with its Arrays taken in order from `xs`. */
function rebuild(args: unknown, xs: readonly Array[], start: number): unknown {
  let i = start;
  return mapArrays(args, () => xs[i++]);
}

interface Prepared {
  key: string;
  c: Case;
  /** Decoded positional arguments followed by the options object (when there is one). */
  args: unknown[];
}

function prepare(key: string, c: Case): Prepared {
  const args = c.args.map(decode);
  if (c.kw && Object.keys(c.kw).length) args.push(decode({ o: c.kw }));
  return { key, c, args };
}

function callWith(p: Prepared, args: unknown[], custom: Record<string, Custom>): unknown {
  const own = custom[p.key] ?? custom[p.c.fn];
  if (own) {
    const hasKw = p.c.kw && Object.keys(p.c.kw).length > 0;
    return own(hasKw ? args.slice(0, -1) : args, hasKw ? (args[args.length - 1] as Record<string, unknown>) : {});
  }
  return resolve(p.c.fn)(...args);
}

/** The Array leaves of a result (lists flattened; other values dropped). */
function leavesOf(r: unknown): Array[] {
  return arraysIn(r);
}

async function compare(got: unknown, want: Enc, what: string, rtol: number, atol: number, failures: string[]): Promise<void> {
  if (isEncArray(want)) {
    if (!(got instanceof Array)) return void failures.push(`${what}: expected an Array, got ${String(got)}`);
    if (got.dtype !== want.d) failures.push(`${what}: dtype ${got.dtype}, JAX ${want.d}`);
    if (got.shape.join() !== want.s.join()) return void failures.push(`${what}: shape [${got.shape}], JAX [${want.s}]`);
    const g = globalThis.Array.from(await got.data(), Number);
    const w = want.a.map(special_).map(Number);
    const bad = w.findIndex((v, i) => !closeEnough(g[i]!, v, rtol, atol));
    if (bad >= 0) failures.push(`${what}: element ${bad} is ${g[bad]}, JAX ${w[bad]}\n   got  ${g.slice(0, 16).join(", ")}\n   want ${w.slice(0, 16).join(", ")}`);
    return;
  }
  if (globalThis.Array.isArray(want)) {
    const list = globalThis.Array.isArray(got) ? got : undefined;
    if (!list || list.length !== want.length) return void failures.push(`${what}: expected ${want.length} results, got ${list ? list.length : String(got)}`);
    for (let i = 0; i < want.length; i++) await compare(list[i], want[i]!, `${what}[${i}]`, rtol, atol, failures);
    return;
  }
  if (want !== null && typeof want === "object" && "dtype" in want) {
    if (got !== want.dtype) failures.push(`${what}: ${String(got)}, JAX ${want.dtype}`);
    return;
  }
  const w = typeof want === "object" && want !== null && "f" in want ? Number(want.f) : want;
  const g = got instanceof Array ? undefined : got;
  const ok = typeof w === "number" && typeof g === "number" ? closeEnough(g, w, rtol, atol) : JSON.stringify(g) === JSON.stringify(w);
  if (!ok) failures.push(`${what}: ${JSON.stringify(g ?? String(got))}, JAX ${JSON.stringify(w)}`);
}

function report(failures: string[]): void {
  expect(failures, `${failures.length} mismatch(es):\n${failures.join("\n")}`).toEqual([]);
}

/** Options of `caseTests`. */
export interface CaseTestOptions {
  /** Calls made by hand, by case key or function name. */
  custom?: Record<string, Custom>;
  /** Default tolerances (rtol 1e-5, atol 1e-6). */
  rtol?: number;
  atol?: number;
}

function selected(cases: Record<string, Case>, device: DeviceName, keep: (c: Case) => boolean): Prepared[] {
  return Object.entries(cases)
    .filter(([, c]) => keep(c) && (device === "cpu" || !c.cpu))
    .map(([k, c]) => prepare(k, c));
}

const tolOf = (c: Case, o: CaseTestOptions, scale = 1): [number, number] => [
  (c.tol?.rtol ?? o.rtol ?? 1e-5) * scale,
  (c.tol?.atol ?? o.atol ?? 1e-6) * scale,
];

/** Eager values and dtypes of every case, against JAX. */
async function expectCases(cases: Record<string, Case>, device: DeviceName, o: CaseTestOptions = {}): Promise<void> {
  const failures: string[] = [];
  for (const p of selected(cases, device, () => true)) {
    try {
      const [rtol, atol] = tolOf(p.c, o);
      await compare(callWith(p, p.args, o.custom ?? {}), p.c.out, p.key, rtol, atol, failures);
    } catch (e) {
      failures.push(`${p.key}: threw ${(e as Error).message}`);
    }
  }
  report(failures);
}

/** Every jit-able case in one jitted function (one trace, one compile), against JAX. */
async function expectCasesJit(cases: Record<string, Case>, device: DeviceName, o: CaseTestOptions = {}): Promise<void> {
  const ps = selected(cases, device, (c) => c.jit !== false);
  const starts: number[] = [];
  const flat: Array[] = [];
  for (const p of ps) {
    starts.push(flat.length);
    flat.push(...arraysIn(p.args));
  }
  const f = jit((...xs: Array[]) => ps.map((p, k) => callWith(p, rebuild(p.args, xs, starts[k]!) as unknown[], o.custom ?? {})));
  const outs = f(...flat) as unknown[];
  const failures: string[] = [];
  for (let k = 0; k < ps.length; k++) {
    const [rtol, atol] = tolOf(ps[k]!.c, o);
    await compare(outs[k], ps[k]!.c.out, `jit ${ps[k]!.key}`, rtol, atol, failures);
  }
  report(failures);
}

/** A second batch element: float arrays moved by an order-preserving affine map, others unchanged. */
function perturbed(a: Array): Array {
  return a.dtype === "float32" ? a.mul(0.5).add(0.25) : a;
}

/** Every vmap-able case batched over two inputs in one vmap, against eager calls on each. */
async function expectCasesVmap(cases: Record<string, Case>, device: DeviceName, o: CaseTestOptions = {}): Promise<void> {
  const ps = selected(cases, device, (c) => c.vmap !== false && c.jit !== false);
  const custom = o.custom ?? {};
  const starts: number[] = [];
  const flat: Array[] = [];
  for (const p of ps) {
    starts.push(flat.length);
    flat.push(...arraysIn(p.args));
  }
  const batched = flat.map((a) => np.stack([a, perturbed(a)]));
  const f = vmap((...xs: Array[]) => ps.map((p, k) => leavesOf(callWith(p, rebuild(p.args, xs, starts[k]!) as unknown[], custom))));
  const outs = f(...batched) as Array[][];
  const failures: string[] = [];
  for (let k = 0; k < ps.length; k++) {
    const p = ps[k]!;
    const first = leavesOf(callWith(p, p.args, custom));
    const second = leavesOf(callWith(p, mapArrays(p.args, perturbed) as unknown[], custom));
    const [rtol, atol] = tolOf(p.c, o, 10);
    for (let j = 0; j < first.length; j++) {
      const want = np.stack([first[j]!, second[j]!]);
      const enc: EncArray = { a: globalThis.Array.from(await want.data(), (v) => (Number.isNaN(Number(v)) ? { f: "NaN" } : Number(v))), s: [...want.shape], d: want.dtype };
      await compare(outs[k]![j], enc, `vmap ${p.key} output ${j}`, rtol, atol, failures);
    }
  }
  report(failures);
}

/** One gradient of the sum of every differentiable case's `sum(out * w)`, against JAX's. */
async function expectCasesGrad(cases: Record<string, Case>, device: DeviceName, o: CaseTestOptions = {}): Promise<void> {
  const ps = selected(cases, device, (c) => c.grad !== undefined);
  const custom = o.custom ?? {};
  const weights = ps.map((p) => p.c.w!.map((w) => (w ? decodeArray(w) : null)));
  const diff = ps.map((p) => p.c.grad!.map((i) => p.args[i] as Array));
  const loss = (xs: Array[][]) => {
    let total: Array | undefined;
    ps.forEach((p, k) => {
      const args = [...p.args];
      p.c.grad!.forEach((i, j) => (args[i] = xs[k]![j]));
      leavesOf(callWith(p, args, custom)).forEach((r, j) => {
        const w = weights[k]![j];
        if (w) total = total ? total.add(r.mul(w).sum()) : r.mul(w).sum();
      });
    });
    return total!;
  };
  const gs = grad(loss)(diff);
  const failures: string[] = [];
  for (let k = 0; k < ps.length; k++) {
    const [rtol, atol] = tolOf(ps[k]!.c, o, 10);
    for (let j = 0; j < ps[k]!.c.g!.length; j++) await compare(gs[k]![j], ps[k]!.c.g![j]!, `grad ${ps[k]!.key} arg ${ps[k]!.c.grad![j]}`, rtol, atol, failures);
  }
  report(failures);
}

/** Declares the four table tests (values, jit, vmap, grad) for `device`. */
export function caseTests(name: string, cases: Record<string, Case>, device: DeviceName, o: CaseTestOptions = {}): void {
  test(`${name}: values and dtypes match JAX`, () => expectCases(cases, device, o));
  test(`${name}: one jit of every case matches JAX`, () => expectCasesJit(cases, device, o));
  test(`${name}: one vmap of every case matches a loop`, () => expectCasesVmap(cases, device, o));
  if (Object.values(cases).some((c) => c.grad)) test(`${name}: one grad of every differentiable case matches JAX`, () => expectCasesGrad(cases, device, o));
}

/** A table cut into tables of at most `n` cases (so that each test of a slow device stays short). */
export function chunks(cases: Record<string, Case>, n: number): Record<string, Case>[] {
  const entries = Object.entries(cases);
  const out: Record<string, Case>[] = [];
  for (let i = 0; i < entries.length; i += n) out.push(Object.fromEntries(entries.slice(i, i + n)));
  return out;
}
