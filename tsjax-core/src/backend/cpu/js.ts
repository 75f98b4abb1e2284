/**
 * JavaScript code generator: renders a kernel, in the form `planCpuKernel` (`plan.ts`) chose,
 * as a function over typed arrays (the CPU backend); WebAssembly forms are embedded as encoded
 * functions that the runtime `R.gemm()` compiles and runs.
 *
 * Storage: float32 -> Float32Array, float16 -> Uint16Array (bits), int32 -> Int32Array,
 * uint32 -> Uint32Array, bool -> Uint8Array.
 */
import type { DType } from "../../dtype.js";
import type { BlockedKernel, Kernel, MapKernel, ScanKernel, ScatterKernel, SortKernel } from "../../compile/kernel.js";
import { blockedInvocations, emitBlocked } from "../../compile/codegen/blocked.js";
import { type GemmPlan, gemmBody } from "./gemm-js.js";
import { MIN_THREADED_ELEMENTS } from "./wasm/gemm.js";
import type { ReducePlan } from "./wasm/reduce.js";
import type { RowsPlan } from "./wasm/rows.js";
import type { MapPlan } from "./wasm/map.js";
import { encodeFunction } from "./wasm/encode.js";
import type { CpuPlan } from "./plan.js";
import { GIDX, POS, ROW, UPD } from "../../compile/kernel.js";
import { jsBinary, jsBitcast, jsCast, jsFma, jsUnary } from "./js-ops.js";
import { intRange } from "../../dtype.js";
import { R } from "./js-runtime.js";
import { Emitter, type Syntax, indent } from "../../compile/codegen/emitter.js";
import { emitScanStep } from "../../compile/codegen/scan.js";
import { emitSequentialRow } from "../../compile/codegen/sequential-row.js";

/** A compiled CPU kernel: `(inputs, outputs, params) => void`. */
export type JsKernelFn = (ins: ArrayLike<number>[], outs: ArrayLike<number>[], params: ArrayLike<number>) => void;

function literal(value: number | boolean, dtype: DType): string {
  if (dtype === "bool") return value ? "true" : "false";
  const v = value as number;
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "(-Infinity)";
  if (Object.is(v, -0)) return "(-0)";
  return v < 0 ? `(${v})` : String(v);
}

const syntax: Syntax = {
  literal,
  param: (slot) => `p[${slot}]`,
  load(arg, index, dtype) {
    if (dtype === "bool") return `(in${arg}[${index}] !== 0)`;
    if (dtype === "float16") return `R.h2f(in${arg}[${index}])`;
    return `in${arg}[${index}]`;
  },
  unary: (op, dtype, a) => jsUnary(op, dtype, a),
  binary: (op, dtype, a, b) => jsBinary(op, dtype, a, b),
  select: (_d, c, a, b) => `(${c} ? ${a} : ${b})`,
  fma: jsFma,
  cast: jsCast,
  bitcast: jsBitcast,
  let: (name, _d, expr) => `const ${name} = ${expr};`,
  var: (name, _d, init) => `let ${name} = ${init};`,
  assign: (name, expr) => `${name} = ${expr};`,
  loop: (name, size, body) => [`for (let ${name} = 0; ${name} < ${size}; ${name}++) {`, ...indent(body), "}"],
  loopRange: (name, start, end, step, body) => [`for (let ${name} = ${start}; ${name} < ${end}; ${name} += ${step}) {`, ...indent(body), "}"],
  ifThen: (cond, body) => [`if (${cond}) {`, ...indent(body), "}"],
  reduceInit(rop, dtype) {
    const max = rop === "max";
    if (rop === "sum") return dtype === "bool" ? "false" : "0";
    if (rop === "prod") return dtype === "bool" ? "true" : "1";
    switch (dtype) {
      case "bool": return max ? "false" : "true";
      case "float32": case "float16": return max ? "(-Infinity)" : "Infinity";
      default: {
        const v = intRange(dtype)[max ? 0 : 1];
        return v < 0 ? `(${v})` : String(v);
      }
    }
  },
};

function store(dtype: DType, v: string): string {
  if (dtype === "bool") return `(${v} ? 1 : 0)`;
  if (dtype === "float16") return `R.f2h(${v})`;
  return v;
}

function header(numInputs: number, numOutputs: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < numInputs; i++) lines.push(`const in${i} = ins[${i}];`);
  for (let i = 0; i < numOutputs; i++) lines.push(`const out${i} = outs[${i}];`);
  return lines;
}

/** A row kernel: a loop over rows around a loop over each row's elements. */
function rowBody(k: MapKernel, L: number): string[] {
  const { invariant, row } = emitSequentialRow(syntax, k, L, `for (let j = 0; j < ${L}; j++) {`, store);
  return [...header(k.inputs.length, k.outputs.length), ...invariant, `for (let row = 0; row < ${k.size / L}; row++) {`, ...indent(row), "}"];
}

/**
 * A float32 reduction, row kernel or elementwise kernel in WebAssembly SIMD (`wasm/reduce.ts`,
 * `wasm/rows.ts`, `wasm/map.ts`): it reads its inputs and writes its output in place when they
 * are resident in the module's memory, else copies them in and out. An elementwise kernel's
 * last `size % 4` elements run in JavaScript (`tail`).
 */
function wasmBody(k: MapKernel, plan: RowsPlan | ReducePlan | MapPlan, tail?: { from: number; lines: string[] }, outer = new Emitter(syntax)): string[] {
  const em = outer;
  // values that every element shares (`MapPlan.invariants`), computed here, passed as float32 bits
  const invariants = "invariants" in plan ? plan.invariants.map((x) => `R.f32bits(${em.emit(x)})`) : [];
  // each load reads the window of its input (see `indexWindow`) in place, or a copy of it
  const starts = plan.loads.map((l) => em.emit(l.rest));
  const lines = plan.loads.flatMap((l, i) => [
    `const e${i} = G.input(in${l.arg}, ${starts[i]} + ${l.lo}, ${l.span}, free);`,
    `free += ${Math.ceil(l.span / 4) * 4};`,
  ]);
  const outs = k.outputs.length;
  const scratch = plan.loads.reduce((n, l) => n + Math.ceil(l.span / 4) * 4, k.size * outs);
  const outIds = Array.from({ length: outs }, (_, j) => j);
  return [
    ...header(k.inputs.length, outs),
    "const G = R.gemm();",
    `const ws = G.workspace(0, 0, 0, ${scratch});`,
    "let free = ws.scratch;",
    ...em.lines,
    ...lines,
    ...outIds.map((j) => `const o${j} = G.output(out${j}, free + ${j * k.size});`),
    `G.parallel("${encodeFunction(plan.fn)}", ${plan.units}, ${plan.align}, ${plan.work >= MIN_THREADED_ELEMENTS}, ${outIds.map((j) => `o${j} * 4`).join(", ")}${plan.loads.map((l, i) => `, (e${i} - ${l.lo}) * 4`).join("")}${invariants.map((v) => `, ${v}`).join("")});`,
    ...outIds.map((j) => `G.finish(out${j}, o${j}, ${tail?.from ?? k.size});`),
    ...(tail && tail.from < k.size ? [`for (let gidx = ${tail.from}; gidx < ${k.size}; gidx++) {`, ...indent(tail.lines), "}"] : []),
  ];
}

function mapBody(k: MapKernel, plan: CpuPlan): string[] {
  if (plan.form === "gemm") return gemmSource(plan.kernel, plan.gemm);
  if (plan.form === "wasm") return wasmBody(k, plan.wasm);
  if (plan.form === "jsRows") return rowBody(k, plan.row);
  // work that does not depend on gidx (a scalar's bias correction) is hoisted out of the loop
  const em = new Emitter(syntax);
  em.pushScope([]);
  em.bind(GIDX, "gidx");
  const vals = k.outputs.map((o) => em.emit(o.value));
  k.outputs.forEach((o, i) => em.line(`out${i}[gidx] = ${store(o.dtype, vals[i]!)};`));
  const inner = em.popScope();
  if (plan.form === "wasmMap") return wasmBody(k, plan.wasm, { from: plan.wasm.units * 4, lines: inner }, em);
  return [
    ...header(k.inputs.length, k.outputs.length),
    ...em.lines,
    `for (let gidx = 0; gidx < ${k.size}; gidx++) {`,
    ...indent(inner),
    "}",
  ];
}

function scanBody(k: ScanKernel): string[] {
  const { rowLines, step: inner } = emitScanStep(syntax, k, (op, acc, v) => jsBinary(op, k.dtype, acc, v), (v) => store(k.dtype, v));
  const j = k.reverse ? `const j = ${k.length - 1} - jj;` : "const j = jj;";
  return [
    ...header(k.inputs.length, 1),
    `for (let row = 0; row < ${k.rows}; row++) {`,
    ...indent(rowLines),
    `  let acc = ${syntax.reduceInit(k.op, k.dtype)};`,
    `  for (let jj = 0; jj < ${k.length}; jj++) {`,
    `    ${j}`,
    ...indent(inner, "    "),
    "  }",
    "}",
  ];
}

/** Sort keys: NaN last, -0 equal to +0; ties keep their original order. */
function sortBody(k: SortKernel): string[] {
  const em = new Emitter(syntax);
  em.bind(ROW, "row");
  em.pushScope([]);
  em.bind(POS, "j");
  const key = em.emit(k.key);
  em.line(`keys[j] = ${key};`);
  const readKeys = em.popScope();
  em.pushScope([]);
  em.bind(POS, "j");
  const o = em.emit(k.outIndex);
  em.line(`out0[${o}] = ${store(k.dtype, "keys[perm[j]]")};`, `out1[${o}] = perm[j];`);
  const write = em.popScope();
  const isFloat = k.dtype === "float32" || k.dtype === "float16";
  const cmp = isFloat
    ? `const ka = keys[a], kb = keys[b];
      if (ka !== ka) return kb !== kb ? a - b : 1;
      if (kb !== kb) return -1;
      if (ka < kb) return -1; if (ka > kb) return 1;
      return a - b;`
    : `const ka = +keys[a], kb = +keys[b]; return ka < kb ? -1 : ka > kb ? 1 : a - b;`;
  return [
    ...header(k.inputs.length, 2),
    `const keys = new Array(${k.length});`,
    `const perm = new Int32Array(${k.length});`,
    `const cmp = (a, b) => { ${cmp} };`,
    `for (let row = 0; row < ${k.rows}; row++) {`,
    ...indent(em.lines),
    `  for (let j = 0; j < ${k.length}; j++) {`,
    ...indent(readKeys, "    "),
    "    perm[j] = j;",
    "  }",
    "  perm.sort(cmp);",
    `  for (let j = 0; j < ${k.length}; j++) {`,
    ...indent(write, "    "),
    "  }",
    "}",
  ];
}

function scatterBody(k: ScatterKernel): string[] {
  const init = new Emitter(syntax);
  init.bind(GIDX, "gidx");
  const iv = init.emit(k.init);
  init.line(`out0[gidx] = ${store(k.dtype, iv)};`);
  const upd = new Emitter(syntax);
  upd.bind(UPD, "u");
  const t = upd.emit(k.target);
  const v = upd.emit(k.update);
  const cur = syntax.load(0, t, k.dtype).replace("in0[", "out0[");
  const combined =
    k.mode === "set" ? v : jsBinary(k.mode === "add" ? (k.dtype === "bool" ? "or" : "add") : k.mode, k.dtype, cur, v);
  upd.line(`if (${t} >= 0 && ${t} < ${k.size}) out0[${t}] = ${store(k.dtype, combined)};`);
  return [
    ...header(k.inputs.length, 1),
    `for (let gidx = 0; gidx < ${k.size}; gidx++) {`,
    ...indent(init.lines),
    "}",
    `for (let u = 0; u < ${k.updates}; u++) {`,
    ...indent(upd.lines),
    "}",
  ];
}

const writeOut = (dtype: DType) => (index: string, value: string) => `out0[${index}] = ${store(dtype, value)};`;

/** A float32 product as a packed WebAssembly SIMD GEMM (`kernel` may have merged axes). */
function gemmSource(kernel: BlockedKernel, plan: GemmPlan): string[] {
  return [...header(kernel.inputs.length, 1), ...gemmBody(syntax, kernel, plan, writeOut(kernel.dtype))];
}

function blockedBody(k: BlockedKernel, plan: CpuPlan): string[] {
  if (plan.form === "gemm") return gemmSource(plan.kernel, plan.gemm);
  const lines = emitBlocked(syntax, k, writeOut(k.dtype));
  return [...header(k.inputs.length, 1), `for (let gidx = 0; gidx < ${blockedInvocations(k)}; gidx++) {`, ...indent(lines), "}"];
}

/** JavaScript source of a kernel's body (the function takes `ins, outs, p`), in the form `plan` says. */
export function jsSource(k: Kernel, plan: CpuPlan): string {
  switch (k.kind) {
    case "map": return mapBody(k, plan).join("\n");
    case "scan": return scanBody(k).join("\n");
    case "sort": return sortBody(k).join("\n");
    case "scatter": return scatterBody(k).join("\n");
    case "blocked": return blockedBody(k, plan).join("\n");
  }
}

/** Kernels compiled so far (their source names). */
let kernelCount = 0;

/** Compiles a kernel, in the form `plan` says, to a JS function. */
export function compileJs(k: Kernel, plan: CpuPlan): JsKernelFn {
  const src = jsSource(k, plan);
  // named in profiles and stack traces: tsjax-kernel-<n>.js
  const id = ++kernelCount;
  const make = new Function("R", `return function kernel(ins, outs, p) {\n${src}\n};\n//# sourceURL=tsjax-kernel-${id}.js`) as (r: typeof R) => JsKernelFn;
  return make(R);
}
