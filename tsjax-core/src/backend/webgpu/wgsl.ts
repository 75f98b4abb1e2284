/**
 * WGSL code generator: turns kernels into compute shaders (the WebGPU backend).
 *
 * Bindings: inputs first (read-only storage), then outputs (read-write storage), then the
 * runtime parameters (a uniform array of int32). bool is stored as u32, float16 as f16 (the
 * device must have `shader-f16`). One invocation per output element, 256 per workgroup, with
 * the grid folded into two dimensions when it exceeds the per-dimension limit.
 */
import { type DType, complexNotLowered, intRange, isSmallIntDType, wideDType } from "../../dtype.js";
import type { BlockedKernel, MapKernel, ScanKernel, ScatterKernel, SortKernel } from "../../compile/kernel.js";
import { blockedInvocations, emitBlocked } from "../../compile/codegen/blocked.js";
import { GIDX, POS, ROW, UPD } from "../../compile/kernel.js";
import type { BinaryOp } from "../../compile/scalar-ops.js";
import { wgslBinary, wgslBitcast, wgslCast, wgslFma, wgslType, wgslUnary } from "./wgsl-ops.js";
import { Emitter, type Syntax, indent } from "../../compile/codegen/emitter.js";
import { emitScanStep } from "../../compile/codegen/scan.js";
import { WgslHelpers } from "./wgsl-helpers.js";
import { LANES, WORKGROUP_SIZE, type WgslMapPlan } from "./plan.js";

/** Storage element type of a dtype. */
export function wgslStorageType(dtype: DType): string {
  return dtype === "bool" ? "u32" : wgslType(dtype);
}

function f32Literal(h: WgslHelpers, v: number): string {
  if (Number.isNaN(v)) return `${h.bit("nan")}()`;
  if (v === Infinity) return `${h.bit("inf")}()`;
  if (v === -Infinity) return `(-${h.bit("inf")}())`;
  if (Object.is(v, -0)) return "(-0.0f)";
  const s = String(v);
  return v < 0 ? `(${s}f)` : `${s}f`;
}

/** The WGSL spelling of the emitter's constructs (shared with `backend/webgpu/wgsl-gemm.ts`). */
export function makeSyntax(h: WgslHelpers): Syntax {
  const literal = (value: number | boolean, dtype: DType): string => {
    switch (dtype) {
      case "bool": return value ? "true" : "false";
      case "int32": case "int16": case "int8": {
        const v = value as number;
        return v === -2147483648 ? "(i32(-2147483647) - 1)" : v < 0 ? `(${v}i)` : `${v}i`;
      }
      case "uint32": case "uint16": case "uint8": return `${value as number}u`;
      case "float32": return f32Literal(h, value as number);
      case "float16": return `f16(${f32Literal(h, value as number)})`;
      case "complex64": return complexNotLowered("wgsl literal");
    }
  };
  return {
    literal,
    param: (slot) => `params[${slot >> 2}].${"xyzw"[slot & 3]}`,
    load: (arg, index, dtype) => (dtype === "bool" ? `(in${arg}[${index}] != 0u)` : `in${arg}[${index}]`),
    unary: (op, dtype, a) => wgslUnary(h, op, dtype, a),
    binary: (op, dtype, a, b, bConst) => wgslBinary(h, op, dtype, a, b, bConst),
    select: (_d, c, a, b) => `select(${b}, ${a}, ${c})`,
    fma: (dtype, a, b, c) => wgslFma(h, dtype, a, b, c),
    cast: (from, to, a) => wgslCast(h, from, to, a),
    bitcast: wgslBitcast,
    let: (name, dtype, expr) => `let ${name}: ${wgslType(dtype)} = ${expr};`,
    var: (name, dtype, init) => `var ${name}: ${wgslType(dtype)} = ${init};`,
    assign: (name, expr) => `${name} = ${expr};`,
    loop: (name, size, body) => [`for (var ${name}: i32 = 0; ${name} < ${size}; ${name}++) {`, ...indent(body), "}"],
    loopRange: (name, start, end, step, body) => [`for (var ${name}: i32 = ${start}; ${name} < ${end}; ${name} += ${step}i) {`, ...indent(body), "}"],
    ifThen: (cond, body) => [`if (${cond}) {`, ...indent(body), "}"],
    reduceInit(rop, dtype) {
      if (rop === "sum") return literal(dtype === "bool" ? false : 0, dtype);
      if (rop === "prod") return literal(dtype === "bool" ? true : 1, dtype);
      const max = rop === "max";
      if (dtype === "bool") return max ? "false" : "true";
      if (dtype === "float32" || dtype === "float16") return literal(max ? -Infinity : Infinity, dtype);
      return literal(intRange(dtype)[max ? 0 : 1], dtype);
    },
  };
}

/** A value as its storage type stores it (bool as u32). */
export function store(dtype: DType, v: string): string {
  return dtype === "bool" ? `select(0u, 1u, ${v})` : v;
}

export interface Binding {
  name: string;
  type: string;
  access: "read" | "read_write";
}

/** A compute shader's source: bindings, helpers and `main` around `body`. */
export function assemble(h: WgslHelpers, bindings: Binding[], numParams: number, body: string[], extra = "", workgroupSize = WORKGROUP_SIZE): string {
  const decls = bindings.map(
    (b, i) => `@group(0) @binding(${i}) var<storage, ${b.access}> ${b.name}: array<${b.type}>;`,
  );
  if (numParams > 0) {
    decls.push(`@group(0) @binding(${bindings.length}) var<uniform> params: array<vec4<i32>, ${Math.ceil(numParams / 4)}>;`);
  }
  const src = [
    ...decls,
    extra,
    h.source(),
    `@compute @workgroup_size(${workgroupSize})`,
    "fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(global_invocation_id) gid: vec3<u32>) {",
    // = (wid.x + wid.y * nwg.x) * size + lid; from global_invocation_id, a memory-bound map
    // kernel runs 20-25% faster on lavapipe (bench/src/probe-chain.ts)
    `  let gidx = i32(gid.x + gid.y * nwg.x * ${workgroupSize}u);`,
    // Every binding is referenced, so "auto" pipeline layouts keep them all (the executor binds them all).
    ...bindings.map((b) => `  _ = &${b.name};`),
    ...(numParams > 0 ? ["  _ = &params;"] : []),
    ...indent(body),
    "}",
  ].join("\n");
  return /\bf16\b/.test(src) ? `enable f16;\n${src}` : src;
}

export function inputBindings(inputs: DType[]): Binding[] {
  return inputs.map((d, i) => ({ name: `in${i}`, type: wgslStorageType(d), access: "read" as const }));
}

/**
 * WGSL for a map kernel, in the form `planWgslMap` (`plan.ts`) chose. Where `vectorPlan`
 * allows, an invocation handles 4 consecutive elements: inputs read at the output index are
 * loaded as one `vec4` and the outputs stored as one (the scalar expression is emitted once per
 * lane, and work that does not depend on the index is hoisted and shared); on lavapipe this alone makes memory-bound kernels about 3x
 * faster. Large kernels also give each invocation E elements (or vectors), `i + u * T` for
 * u < E (T invocations): neighbouring invocations still touch neighbouring addresses
 * (coalesced on GPUs), and the per-invocation overhead is spread over E elements (about 2.5x
 * faster on lavapipe, whose SIMD lanes are invocations).
 */
export function wgslMap(k: MapKernel, plan: WgslMapPlan): string {
  if (plan.form === "rows" || plan.form === "short-rows" || plan.form === "reduce") throw new Error(`internal: wgslMap of a ${plan.form} plan (see wgslMapKernel)`);
  if (plan.form === "vector") return wgslVectorMap(k, plan.vectorInputs, plan.perInvocation / LANES);
  const h = new WgslHelpers();
  const em = new Emitter(makeSyntax(h));
  const E = plan.perInvocation;
  const index = E > 1 ? "gi" : "gidx";
  em.bind(GIDX, index);
  const vals = k.outputs.map((o) => em.emit(o.value));
  k.outputs.forEach((o, i) => em.line(`out${i}[${index}] = ${store(o.dtype, vals[i]!)};`));
  const bindings = [...inputBindings(k.inputs), ...outputBindings(k, 1)];
  return assemble(h, bindings, k.numParams, strided(k.size, E, "gi", em.lines));
}

/** Output bindings of a map kernel, of `lanes`-vectors of the storage type. */
function outputBindings(k: MapKernel, lanes: number): Binding[] {
  return k.outputs.map((o, i) => ({ name: `out${i}`, type: vectorOf(wgslStorageType(o.dtype), lanes), access: "read_write" as const }));
}

const vectorOf = (t: string, lanes: number) => (lanes === 1 ? t : `vec${lanes}<${t}>`);

/**
 * The body of a kernel over `n` items: one per invocation (`gidx`) when E is 1, else E per
 * invocation, item `name` = `gidx + u * T`.
 */
function strided(n: number, E: number, name: string, body: string[]): string[] {
  if (E === 1) return [`if (gidx >= ${n}) { return; }`, ...body];
  const T = Math.ceil(n / E);
  return [
    `if (gidx >= ${T}) { return; }`,
    `for (var u: i32 = 0; u < ${E}; u++) {`,
    `  let ${name} = gidx + u * ${T};`,
    `  if (${name} >= ${n}) { break; }`,
    ...indent(body),
    "}",
  ];
}

function wgslVectorMap(k: MapKernel, vectorInputs: Set<number>, E: number): string {
  const h = new WgslHelpers();
  const base = makeSyntax(h);
  const n = k.size / LANES;
  const vi = E > 1 ? "gv" : "gidx";
  let lane = 0;
  const laneIndex = (c: number) => `gl${c}`;
  const syn: Syntax = {
    ...base,
    load: (arg, index, dtype) => {
      if (!vectorInputs.has(arg)) return base.load(arg, index, dtype);
      if (index !== laneIndex(lane)) throw new Error(`internal: vectorized input ${arg} read at ${index}`);
      const v = `v${arg}.${"xyzw"[lane]}`;
      return dtype === "bool" ? `(${v} != 0u)` : v;
    },
  };
  const em = new Emitter(syn);
  const laneLines: string[] = [];
  const vals: string[][] = k.outputs.map(() => []);
  for (lane = 0; lane < LANES; lane++) {
    laneLines.push(`let ${laneIndex(lane)} = ${vi} * ${LANES} + ${lane};`);
    em.pushScope([]);
    em.bind(GIDX, laneIndex(lane));
    k.outputs.forEach((o, i) => vals[i]!.push(store(o.dtype, em.emit(o.value))));
    laneLines.push(...em.popScope());
  }
  const body = [
    ...[...vectorInputs].sort((a, b) => a - b).map((a) => `let v${a} = in${a}[${vi}];`),
    ...laneLines,
    ...k.outputs.map((o, i) => `out${i}[${vi}] = ${vectorOf(wgslStorageType(o.dtype), LANES)}(${vals[i]!.join(", ")});`),
  ];
  const bindings = [
    ...k.inputs.map((d, i) => ({ name: `in${i}`, type: vectorOf(wgslStorageType(d), vectorInputs.has(i) ? LANES : 1), access: "read" as const })),
    ...outputBindings(k, LANES),
  ];
  // index-independent work (em.lines: the root scope) runs once per invocation
  return assemble(h, bindings, k.numParams, strided(n, E, vi, [...em.lines, ...body]));
}

/** WGSL for a blocked kernel: one invocation per output tile. */
export function wgslBlocked(k: BlockedKernel): string {
  const h = new WgslHelpers();
  const lines = emitBlocked(makeSyntax(h), k, (index, value) => `out0[${index}] = ${store(k.dtype, value)};`);
  const bindings = [...inputBindings(k.inputs), { name: "out0", type: wgslStorageType(k.dtype), access: "read_write" as const }];
  return assemble(h, bindings, k.numParams, [`if (gidx >= ${blockedInvocations(k)}) { return; }`, ...lines]);
}

/** WGSL for a scan kernel: one invocation per row. */
export function wgslScan(k: ScanKernel): string {
  const h = new WgslHelpers();
  const syn = makeSyntax(h);
  const { rowLines, step: inner } = emitScanStep(syn, k, (op, acc, v) => wgslBinary(h, op, k.dtype, acc, v), (v) => store(k.dtype, v));
  const body = [
    `if (gidx >= ${k.rows}) { return; }`,
    "let row = gidx;",
    ...rowLines,
    `var acc: ${wgslType(k.dtype)} = ${syn.reduceInit(k.op, k.dtype)};`,
    `for (var jj: i32 = 0; jj < ${k.length}; jj++) {`,
    `  let j = ${k.reverse ? `${k.length - 1} - jj` : "jj"};`,
    ...indent(inner),
    "}",
  ];
  const bindings = [...inputBindings(k.inputs), { name: "out0", type: wgslStorageType(k.dtype), access: "read_write" as const }];
  return assemble(h, bindings, k.numParams, body);
}

/** Smallest power of two >= n. */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** An order-preserving u32 key: NaN last, -0 equal to +0 (as JAX: ties keep their order). */
function sortableKey(h: WgslHelpers, dtype: DType, x: string): string {
  switch (dtype) {
    case "float32":
    case "float16": {
      const f = dtype === "float16" ? `f32(${x})` : x;
      return `tj_sortkey(${f})`;
    }
    case "int32": case "int16": case "int8": return `(bitcast<u32>(${x}) ^ 0x80000000u)`;
    case "uint32": case "uint16": case "uint8": return x;
    case "bool": return `select(0u, 1u, ${x})`;
    case "complex64": return complexNotLowered("wgsl sort key");
  }
}

const SORTKEY_FN = `fn tj_sortkey(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  if (tj_isnan(x)) { return 0xffffffffu; }
  if (x == 0.0) { return 0x80000000u; }
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}`;

/**
 * The three shaders of a bitonic sort: `prepare` writes (key, position) pairs padded to a power
 * of two, `stage` runs one compare-exchange stage (its `k`, `j` come from a uniform at a
 * dynamic offset), `finish` gathers the sorted values and positions.
 */
export function wgslSort(k: SortKernel): { prepare: string; stage: string; finish: string; padded: number } {
  const P = Math.max(2, nextPow2(k.length));
  const scratch: Binding[] = [
    { name: "keys", type: "u32", access: "read_write" },
    { name: "perm", type: "u32", access: "read_write" },
  ];

  // prepare: one invocation per padded slot
  const h1 = new WgslHelpers();
  h1.use("bits");
  const em1 = new Emitter(makeSyntax(h1));
  em1.bind(ROW, "row");
  em1.bind(POS, "j");
  const key = em1.emit(k.key);
  const prepare = assemble(h1, [...inputBindings(k.inputs), ...scratch], k.numParams, [
    `if (gidx >= ${k.rows * P}) { return; }`,
    `let row = gidx / ${P};`,
    `let j = gidx % ${P};`,
    `if (j >= ${k.length}) { keys[gidx] = 0xffffffffu; perm[gidx] = u32(j); return; }`,
    ...em1.lines,
    `keys[gidx] = ${sortableKey(h1, k.dtype, key)};`,
    "perm[gidx] = u32(j);",
  ], SORTKEY_FN);

  // stage: one invocation per compared pair
  const h2 = new WgslHelpers();
  const half = P / 2;
  const stage = [
    "struct Stage { k: u32, j: u32 }",
    "@group(0) @binding(0) var<storage, read_write> keys: array<u32>;",
    "@group(0) @binding(1) var<storage, read_write> perm: array<u32>;",
    "@group(0) @binding(2) var<uniform> st: Stage;",
    h2.source(),
    `@compute @workgroup_size(${WORKGROUP_SIZE})`,
    "fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {",
    `  let t = (wid.x + wid.y * nwg.x) * ${WORKGROUP_SIZE}u + lid;`,
    `  if (t >= ${(k.rows * half) >>> 0}u) { return; }`,
    `  let base = (t / ${half}u) * ${P}u;`,
    `  let q = t % ${half}u;`,
    "  let i = (q / st.j) * 2u * st.j + (q % st.j);",
    "  let l = i + st.j;",
    "  let up = (i & st.k) == 0u;",
    "  let ka = keys[base + i]; let kb = keys[base + l];",
    "  let pa = perm[base + i]; let pb = perm[base + l];",
    "  let greater = ka > kb || (ka == kb && pa > pb);",
    "  if (greater == up) {",
    "    keys[base + i] = kb; keys[base + l] = ka;",
    "    perm[base + i] = pb; perm[base + l] = pa;",
    "  }",
    "}",
  ].join("\n");

  // finish: one invocation per element
  const h3 = new WgslHelpers();
  const em3 = new Emitter(makeSyntax(h3));
  em3.bind(ROW, "row");
  em3.pushScope([]);
  em3.bind(POS, "j");
  const o = em3.emit(k.outIndex);
  const outLines = em3.popScope();
  em3.pushScope([]);
  em3.bind(POS, "pj");
  const v = em3.emit(k.key);
  const valueLines = em3.popScope();
  const finish = assemble(
    h3,
    [
      ...inputBindings(k.inputs),
      { name: "perm", type: "u32", access: "read" },
      { name: "out0", type: wgslStorageType(k.dtype), access: "read_write" },
      { name: "out1", type: "i32", access: "read_write" },
    ],
    k.numParams,
    [
      `if (gidx >= ${k.rows * k.length}) { return; }`,
      `let row = gidx / ${k.length};`,
      `let j = gidx % ${k.length};`,
      `let pj = i32(perm[row * ${P} + j]);`,
      ...em3.lines,
      ...outLines,
      ...valueLines,
      `out0[${o}] = ${store(k.dtype, v)};`,
      `out1[${o}] = pj;`,
    ],
  );
  return { prepare, stage, finish, padded: P };
}

/** The update pass of a scatter kernel (the init pass is a map kernel). */
export function wgslScatterUpdate(k: ScatterKernel): string {
  const h = new WgslHelpers();
  const syn = makeSyntax(h);
  const em = new Emitter(syn);
  em.bind(UPD, "gidx");
  const t = em.emit(k.target);
  const v = em.emit(k.update);
  const d = k.dtype;
  const atomicType = wideDType(d) === "int32" ? "atomic<i32>" : "atomic<u32>";
  const lines = [`if (gidx >= ${k.updates}) { return; }`, ...em.lines, `if (${t} < 0 || ${t} >= ${k.size}) { return; }`];
  const cas = (word: string, newWord: (old: string) => string) => [
    `var old = atomicLoad(&out0[${word}]);`,
    "loop {",
    `  let r = atomicCompareExchangeWeak(&out0[${word}], old, ${newWord("old")});`,
    "  if (r.exchanged) { break; }",
    "  old = r.old_value;",
    "}",
  ];
  const combineOp: BinaryOp = k.mode === "set" ? "add" : k.mode;
  if (d === "float16") {
    const f = `f32(${v})`;
    lines.push(
      `let w = ${t} >> 1u;`,
      `let hi = (${t} & 1) == 1;`,
      ...cas("w", (old) => {
        const pair = `unpack2x16float(${old})`;
        const cur = `select(${pair}.x, ${pair}.y, hi)`;
        const nv = k.mode === "set" ? f : wgslBinary(h, combineOp, "float32", cur, f);
        return `pack2x16float(select(vec2<f32>(${nv}, ${pair}.y), vec2<f32>(${pair}.x, ${nv}), hi))`;
      }),
    );
  } else if (d === "float32") {
    if (k.mode === "set") lines.push(`atomicStore(&out0[${t}], bitcast<u32>(${v}));`);
    else lines.push(...cas(t, (old) => `bitcast<u32>(${wgslBinary(h, combineOp, d, `bitcast<f32>(${old})`, v)})`));
  } else if (d === "bool") {
    const bit = `select(0u, 1u, ${v})`;
    const fn = k.mode === "set" ? "atomicStore" : k.mode === "add" || k.mode === "max" ? "atomicOr" : "atomicAnd";
    lines.push(`${fn}(&out0[${t}], ${bit});`);
  } else if (isSmallIntDType(d) && (k.mode === "add" || k.mode === "mul")) {
    // 8- and 16-bit integers wrap to their width: a compare-and-swap of the wrapped result
    lines.push(...cas(t, (old) => wgslBinary(h, combineOp, d, old, v)));
  } else {
    switch (k.mode) {
      case "set": lines.push(`atomicStore(&out0[${t}], ${v});`); break;
      case "add": lines.push(`atomicAdd(&out0[${t}], ${v});`); break;
      case "min": lines.push(`atomicMin(&out0[${t}], ${v});`); break;
      case "max": lines.push(`atomicMax(&out0[${t}], ${v});`); break;
      case "mul": lines.push(...cas(t, (old) => `(${old} * ${v})`)); break;
    }
  }
  const bindings = [...inputBindings(k.inputs), { name: "out0", type: atomicType, access: "read_write" as const }];
  return assemble(h, bindings, k.numParams, lines);
}
