/**
 * `jit`: traces a function once per input signature into a jaxpr and compiles it into fused
 * kernels. A jitted call is a `pjit` primitive, so it composes with every transformation
 * (grad of jit, vmap of jit, jit inside scan bodies and inside other jits).
 */
import { Array } from "../array/array.js";
import { DeviceArray } from "../array/device-array.js";
import type { DeviceBuffer } from "../array/buffer.js";
import type { Backend, DeviceName } from "../backend/backend.js";
import { backendOf, defaultDevice, getBackend } from "../backend/devices.js";
import { ClosedJaxpr } from "../core/jaxpr.js";
import { type Primitive, UndefinedPrimal, definePrimitive } from "../core/primitive.js";
import { traceToJaxpr } from "../core/staging.js";
import { Tracer, bind, isTracing } from "../core/trace.js";
import { evalPrimitive } from "../core/eager.js";
import { copyPrimitive } from "../core/copy.js";
import { type CompiledProgram, compileProgram, runProgram } from "../compile/executor.js";
import { registerHostSteps } from "../compile/host-steps.js";
import type { Kernel } from "../compile/kernel.js";
import { optimize } from "../compile/optimize.js";
import { type Program, buildProgram } from "../compile/program.js";
import { valueArray } from "./values.js";
import * as tree from "../tree/index.js";
import { type TreeDef, keystr } from "../tree/treedef.js";
import { checkSync, isList } from "../util.js";
import { checkOptions } from "../util/options.js";
import { identityId } from "../util/identity.js";
import { callJaxpr, instantiateZeros, jvpJaxpr, transposeJaxpr, vmapJaxpr } from "./jaxpr-transforms.js";
import { batchSize } from "../core/batching.js";
import { complexEval } from "../core/complex-hook.js";
import { _setJaxprRunner } from "../core/run-jaxpr.js";
import { evalComplexPrimitive } from "../complex/eval.js";

// eager primitives with complex64 values run compiled (see complex/lower.ts)
complexEval.run = evalComplexPrimitive;
// expanded primitives run eagerly as compiled jaxprs (see core/run-jaxpr.ts)
_setJaxprRunner((closed, args) => executeJaxpr(closed, args));

// ---------------------------------------------------------------------------------------------
// compiled jaxprs

interface Compiled {
  program: Program;
  /** Constants: the jaxpr's own, then those of inlined bodies. */
  consts: Array[];
  byBackend: WeakMap<Backend, CompiledProgram>;
}

const compiledCache = new WeakMap<ClosedJaxpr, Compiled>();

/** The program of a closed jaxpr (optimized and built once). */
function compiledOf(closed: ClosedJaxpr, onCompile?: () => void): Compiled {
  let c = compiledCache.get(closed);
  if (!c) {
    onCompile?.();
    registerHostSteps();
    const { jaxpr, extraConsts } = optimize(closed.jaxpr);
    c = { program: buildProgram(jaxpr), consts: [...closed.consts, ...extraConsts], byBackend: new WeakMap() };
    compiledCache.set(closed, c);
  }
  return c;
}

function backendProgram(c: Compiled, backend: Backend): CompiledProgram {
  let cp = c.byBackend.get(backend);
  if (!cp) c.byBackend.set(backend, (cp = compileProgram(c.program, backend)));
  return cp;
}

/**
 * A contiguous, zero-offset array with the same stored values (copies views when needed);
 * complex arrays as their float32 storage, which is what compiled programs take.
 */
function dense(x: DeviceArray): DeviceArray {
  const s = x.storageView();
  if (s.isContiguous && s.offset === 0) return s;
  const d = evalPrimitive(copyPrimitive, [s], {})[0]!;
  if (s !== x) s.dispose();
  return d;
}

/**
 * Runs a closed jaxpr compiled on the device of its inputs. `donated[i]` hands input i's
 * buffer to the program (it is freed after its last use).
 */
function executeJaxpr(closed: ClosedJaxpr, args: readonly DeviceArray[], donated: readonly (DeviceBuffer | undefined)[] = [], onCompile?: () => void): DeviceArray[] {
  const c = compiledOf(closed, onCompile);
  const all = [...c.consts.map((x) => x as DeviceArray), ...args];
  const device: DeviceName = all[0]?.device ?? defaultDevice();
  for (const a of all) {
    if (a.device !== device) {
      throw new Error(`jit: inputs are on different devices (${device} and ${a.device}); move them with devicePut first.`);
    }
  }
  const backend = getBackend(device, "jit");
  const cp = backendProgram(c, backend);
  const temps: DeviceArray[] = [];
  const refs = all.map((a, i) => {
    const k = i - c.consts.length;
    const d = donated[k];
    if (d) return { buf: d, offset: 0 };
    const x = dense(a);
    if (x !== a) temps.push(x);
    return { buf: x.buffer, offset: 0 };
  });
  const owned = all.map((_, i) => donated[i - c.consts.length] !== undefined);
  const outs = runProgram(cp, refs, owned);
  temps.forEach((t) => t.dispose());
  return outs.map((b, i) => {
    const a = closed.outAvals[i]!;
    return new DeviceArray(b, a.shape, a.dtype, a.weakType, device);
  });
}

// ---------------------------------------------------------------------------------------------
// pjit primitive

interface PjitParams {
  jaxpr: ClosedJaxpr;
  name: string;
}

/** Memoized derived jaxprs (so eager grad/vmap of a jitted function compile once). */
const derived = new WeakMap<ClosedJaxpr, Map<string, { jaxpr: ClosedJaxpr; extra?: unknown }>>();
function memo<T extends { jaxpr: ClosedJaxpr }>(base: ClosedJaxpr, key: string, make: () => T): T {
  let m = derived.get(base);
  if (!m) derived.set(base, (m = new Map()));
  let v = m.get(key) as T | undefined;
  if (!v) m.set(key, (v = make()));
  return v;
}

const pjit: Primitive<PjitParams> = definePrimitive<PjitParams>({
  name: "pjit",
  abstractEval: (_ins, { jaxpr }) => jaxpr.outAvals.map((a) => ({ ...a })),
  impl: (args, { jaxpr }) => executeJaxpr(jaxpr, args),
  jvp(primals, tangents, { jaxpr, name }) {
    const outs = bind(pjit, primals, { jaxpr, name });
    const nz = tangents.map((t) => t !== null);
    const n = outs.length;
    const { jaxpr: tanJaxpr, extra } = memo(jaxpr, `jvp:${nz.map(Number).join("")}`, () => {
      const { jaxpr: j, outNonzero } = jvpJaxpr(jaxpr, nz, []);
      // tangents only; the primal is recomputed inside (its inputs are the residuals)
      const t = traceToJaxpr((...xs) => callJaxpr(j, xs).slice(n), j.inAvals, { label: `jvp(${name})`, dynamic: true });
      return { jaxpr: t, extra: outNonzero };
    });
    const tOut = bind(pjit, [...primals, ...(tangents.filter((t) => t !== null) as Array[])], { jaxpr: tanJaxpr, name: `jvp(${name})` });
    let k = 0;
    return [outs, (extra as boolean[]).map((m) => (m ? tOut[k++]! : null))];
  },
  transpose(cts, ins, { jaxpr, name }) {
    const linear = ins.map((x) => x instanceof UndefinedPrimal);
    const { jaxpr: t } = memo(jaxpr, `T:${linear.map(Number).join("")}`, () => ({ jaxpr: transposeJaxpr(jaxpr, linear) }));
    const known = ins.filter((x): x is Array => !(x instanceof UndefinedPrimal));
    const res = bind(pjit, [...known, ...instantiateZeros(cts, jaxpr.outAvals)], { jaxpr: t, name: `transpose(${name})` });
    let k = 0;
    return linear.map((l) => (l ? res[k++]! : null));
  },
  batch(args, dims, { jaxpr, name }) {
    const B = batchSize(args, dims);
    const { jaxpr: j } = memo(jaxpr, `vmap:${B}:${dims.join(",")}`, () => vmapJaxpr(jaxpr, B, dims, jaxpr.outAvals.map(() => 0)));
    return [bind(pjit, args, { jaxpr: j, name: `vmap(${name})` }), jaxpr.outAvals.map(() => 0)];
  },
});

// ---------------------------------------------------------------------------------------------
// jit

/** Options of `jit`. */
export interface JitOptions {
  /** Positional arguments that are compile-time constants (retrace when they change). */
  staticArgnums?: number | readonly number[];
  /** Properties of a trailing options-object argument that are compile-time constants. */
  staticArgnames?: string | readonly string[];
  /** Positional arguments whose buffers the function may reuse; they are unusable afterwards. */
  donate?: number | readonly number[];
}

/** The kernels a jitted function compiles to, for inspection. */
export interface Lowered {
  /** The traced (unoptimized) jaxpr. */
  jaxpr: ClosedJaxpr;
  /** The optimized jaxpr that was compiled. */
  optimized: string;
  /** One entry per kernel: its kind and generated source (WGSL for webgpu, JS for cpu). */
  kernels: { kind: Kernel["kind"]; source: string }[];
  /** Number of host steps (control flow) in the top-level program. */
  hostSteps: number;
  device: DeviceName;
  toString(): string;
}

/** A jitted function, with its cache statistics. */
export type Jitted<F extends (...args: any[]) => any> = F & {
  /** Traces so far (one per new input signature). */
  readonly traceCount: number;
  /** Compilations so far (one per traced signature). */
  readonly compileCount: number;
  /** Shows the jaxpr and the fused kernels for these arguments (without running them). */
  lower(...args: Parameters<F>): Lowered;
  /** Forgets every compiled signature. */
  clearCache(): void;
};

interface Entry {
  jaxpr: ClosedJaxpr;
  outDef: TreeDef;
}

function staticKey(v: unknown): string {
  if (v === null || v === undefined || typeof v !== "object" && typeof v !== "function") return `${typeof v}:${String(v)}`;
  // Functions (JSON drops them) are keyed by identity, at the top level and inside objects.
  if (typeof v === "function") return `obj:${identityId(v)}`;
  try {
    return `json:${JSON.stringify(v, (_k, x) => (typeof x === "function" ? `#fn${identityId(x)}` : x))}`;
  } catch {
    return `obj:${identityId(v)}`;
  }
}

/**
 * The cache key of a tree structure: its shape, and for registered nodes their class and aux
 * data (JAX's static aux data is part of the signature: an instance with other aux data, or the
 * same instance after its aux data changed, traces again).
 */
function treeKey(def: TreeDef): string {
  if (def.kind !== "custom" && def.kind !== "protocol") {
    if (def.children.length === 0) return def.toString();
    const inner = def.children.map(treeKey).join(",");
    return def.kind === "object" ? `{${def.keys.map(String).join(",")}|${inner}}` : `[${inner}]`;
  }
  // A protocol node's `node` is a fresh rebuild closure per instance: key by class name instead.
  const cls = def.kind === "custom" ? `cls${identityId(def.node as object)}` : `proto:${def.name ?? ""}`;
  return `${cls}<${staticKey(def.aux)}>(${def.keys.join(",")}|${def.children.map(treeKey).join(",")})`;
}

function normalizeNums(op: string, nums: number | readonly number[] | undefined, nargs: number): number[] {
  const list = nums === undefined ? [] : typeof nums === "number" ? [nums] : [...nums];
  return list.map((n) => {
    const k = n < 0 ? n + nargs : n;
    if (!Number.isInteger(k) || k < 0 || k >= nargs) throw new RangeError(`${op}: argument index ${n} is out of range for a call with ${nargs} argument(s).`);
    return k;
  });
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !isList(x) && !(x instanceof Array) && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * Compiles `f`: traced once per input signature (shapes, dtypes, tree structure, static
 * values), then every call runs the cached fused kernels as one submission.
 *
 * @example
 * const step = jit((params, x, y) => {
 *   const [loss, g] = valueAndGrad(lossFn)(params, x, y);
 *   return [tree.map((p, gi) => p.sub(gi.mul(0.1)), params, g), loss];
 * }, { donate: [0] });
 * [params, loss] = step(params, x, y);   // params' old buffers are reused
 */
export function jit<F extends (...args: any[]) => any>(f: F, opts: JitOptions = {}): Jitted<F> {
  checkOptions("jit", opts, { accepted: ["staticArgnums", "staticArgnames", "donate"], signature: "jit(f, { staticArgnums, staticArgnames, donate })" });
  if (typeof f !== "function") throw new TypeError(`jit: expected a function to compile, got ${f === null ? "null" : typeof f}.`);
  const name = f.name || "fun";
  const cache = new Map<string, Entry>();
  let traces = 0;
  let compiles = 0;
  const staticNames = new Set(typeof opts.staticArgnames === "string" ? [opts.staticArgnames] : (opts.staticArgnames ?? []));

  const prepare = (args: unknown[]) => {
    const nargs = args.length;
    const statics = new Set(normalizeNums(`jit(${name}) staticArgnums`, opts.staticArgnums, nargs));
    const donate = new Set(normalizeNums(`jit(${name}) donate`, opts.donate, nargs));
    // Static values: whole arguments, and named properties of a trailing options object.
    const last = args[nargs - 1];
    const namedStatic: Record<string, unknown> = {};
    let dynamicArgs = args.map((a, i) => (statics.has(i) ? null : a));
    if (staticNames.size && isPlainObject(last) && !statics.has(nargs - 1)) {
      const rest: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(last)) (staticNames.has(k) ? namedStatic : rest)[k] = v;
      dynamicArgs = [...dynamicArgs.slice(0, -1), rest];
    }
    const [pairs, def] = tree.flattenWithPath(dynamicArgs);
    const leaves = pairs.map(([path, leaf]) => {
      if (leaf instanceof Array) return leaf;
      // JS numbers are weak float32 (as np.array makes numbers float32): jit(f)(3) traces like jit(f)(3.5).
      if (typeof leaf === "number" || typeof leaf === "boolean") return valueArray(`jit(${name})`, leaf);
      throw new TypeError(
        `jit(${name}): argument ${path[0]}${path.length > 1 ? keystr(path.slice(1)) : ""} is ${leaf === undefined ? "undefined" : typeof leaf}, not an array or number. ` +
          "Mark it static with staticArgnums (or staticArgnames for options-object properties) to use it as a compile-time constant.",
      );
    });
    const donated = pairs.map(([path]) => donate.has(path[0] as number));
    const key = [
      treeKey(def),
      leaves.map((l) => `${l.dtype}${l.weakType ? "~" : ""}[${l.shape.join(",")}]`).join(";"),
      [...statics].map((i) => `${i}=${staticKey(args[i])}`).join(";"),
      Object.entries(namedStatic).map(([k, v]) => `${k}=${staticKey(v)}`).join(";"),
      defaultDevice(),
      leaves[0]?.device ?? "",
    ].join("|");
    return { statics, namedStatic, def, leaves, donated, key, dynamicArgs };
  };

  const traceEntry = (args: unknown[], p: ReturnType<typeof prepare>): Entry => {
    let entry = cache.get(p.key);
    if (entry) return entry;
    traces++;
    let outDef: TreeDef | undefined;
    const jaxpr = traceToJaxpr(
      (...xs) => {
        const dyn = tree.unflatten<unknown[]>(p.def, xs);
        const call = args.map((a, i) => (p.statics.has(i) ? a : dyn[i]));
        if (Object.keys(p.namedStatic).length) call[call.length - 1] = { ...(dyn[dyn.length - 1] as object), ...p.namedStatic };
        const result = f(...call);
        checkSync(`jit(${name})`, result);
        const [outs, od] = tree.flatten(result);
        outDef = od;
        return outs.map((o) => (o instanceof Array ? o : valueArray(`jit(${name})`, o as number)));
      },
      p.leaves.map((l) => ({ shape: l.shape, dtype: l.dtype, weakType: l.weakType })),
      { label: `jit(${name})`, dynamic: true, device: p.leaves[0]?.device },
    );
    entry = { jaxpr, outDef: outDef! };
    // Jaxprs that captured traced values of an enclosing transformation are not reusable.
    if (!jaxpr.consts.some((c) => c instanceof Tracer)) cache.set(p.key, entry);
    return entry;
  };

  const jitted = ((...args: unknown[]) => {
    const p = prepare(args);
    const entry = traceEntry(args, p);
    const concrete = !isTracing() && p.leaves.every((l) => l instanceof DeviceArray);
    let outs: Array[];
    if (concrete) {
      const reason = `was donated to jit(${name}) (donate option) and cannot be used; use the function's outputs instead.`;
      // An array passed more than once is read through its other occurrences: not donated
      // during the call (it is given up afterwards, below).
      const donatedBufs = p.leaves.map((l, i) =>
        p.donated[i] && (l as DeviceArray).isContiguous && (l as DeviceArray).offset === 0 && p.leaves.indexOf(l) === i && p.leaves.lastIndexOf(l) === i
          ? (l as DeviceArray).donate(reason)
          : undefined,
      );
      outs = executeJaxpr(entry.jaxpr, p.leaves as DeviceArray[], donatedBufs, () => compiles++);
      p.leaves.forEach((l, i) => {
        // (views and repeated arrays: released now, still with the donation message)
        if (p.donated[i] && !donatedBufs[i] && !(l as DeviceArray).isDisposed) (l as DeviceArray).donate(reason).release();
      });
    } else {
      const hoisted = new ClosedJaxpr(entry.jaxpr.jaxpr, []);
      outs = bind(pjit, [...entry.jaxpr.consts, ...p.leaves], { jaxpr: hoisted, name });
    }
    return tree.unflatten(entry.outDef, outs);
  }) as Jitted<F>;

  Object.defineProperties(jitted, {
    traceCount: { get: () => traces },
    compileCount: { get: () => compiles },
  });
  jitted.clearCache = () => cache.clear();
  jitted.lower = (...args: Parameters<F>): Lowered => {
    const p = prepare(args);
    const entry = traceEntry(args, p);
    registerHostSteps();
    const { jaxpr: opt } = optimize(entry.jaxpr.jaxpr);
    const c = compiledOf(entry.jaxpr, () => compiles++);
    const device = defaultDevice();
    // the default device's backend renders each kernel (even one that became unusable)
    const backend = backendOf(device) ?? getBackend(device, "jit.lower");
    const kernels = c.program.steps
      .filter((s) => s.kind === "kernel")
      .map((s) => ({ kind: (s as { kernel: Kernel }).kernel.kind, source: backend.kernelSource((s as { kernel: Kernel }).kernel) }));
    const lowered: Lowered = {
      jaxpr: entry.jaxpr,
      optimized: opt.toString(),
      kernels,
      hostSteps: c.program.steps.length - kernels.length,
      device,
      toString: () =>
        [`jit(${name}) on ${device}: ${kernels.length} kernel(s), ${lowered.hostSteps} host step(s)`, `jaxpr:\n${String(entry.jaxpr)}`, ...kernels.map((k, i) => `--- kernel ${i} (${k.kind}) ---\n${k.source}`)].join("\n"),
    };
    return lowered;
  };
  return jitted;
}

