/**
 * GEMM probe (issue 20): candidate forms of tsjax's WebGPU GEMM for an n x n matmul, written
 * out as raw WGSL and timed in turns in one process against the `raw webgpu` baseline of the
 * bench (8 x 8 outputs per invocation, B as `vec4`), so that a loaded machine's drift reaches
 * every candidate alike. Each candidate is tsjax's form: a pass packing A as `[k][m]` (read as
 * `vec4`s of 4 rows), then `TM x TN` outputs per invocation in workgroups of `WX x WY`, B read as
 * `vec4`s; variants change the tile, unroll k, or store A and B as float16 (float32 sums).
 *
 *   npx tsx src/gemm-probe.ts 1024 6                        # n, rounds
 *   npx tsx src/gemm-probe.ts 2048 3 16x8,16x16,32x8        # a subset, by name
 */
import "./env.js";
import * as tj from "tsjax-core";
import { testData } from "./workloads.js";
import { matmulShader } from "./libs/reference.js";

interface Candidate {
  name: string;
  TM: number;
  TN: number;
  WX: number;
  WY: number;
  /** Reduction steps per loop iteration. */
  unroll: number;
  /** A (packed) and B stored as float16. */
  f16: boolean;
  /** Packed A stored as float16 (with f16 B); false: packed as float32. */
  packF16: boolean;
  /** float16 B converted to float32 by a pass of its own before the product. */
  packB: boolean;
  /** A float32 candidate whose shaders still say `enable f16;` (does the directive alone cost?). */
  enableF16: boolean;
  /** Multiply-adds written as `fma()`. */
  fma: boolean;
  /** float16 data handled as u32 words (`unpack2x16float`/`pack2x16float`): no `f16` type in the shaders. */
  words: boolean;
  /** float16 outputs rounded with integer operations on the float32 bits (`manual`), stored as u32 words or bitcast to f16. */
  manual?: "words" | "bitcast";
  /** Packed A laid out by row block, `[mb][k][BM]` (a workgroup's reads are consecutive); with `tileB`, B packed `[nb][k][BN]` too. */
  tileA?: boolean;
  tileB?: boolean;
}

const cand = (name: string, TM: number, TN: number, o: Partial<Candidate> = {}): Candidate => ({ name, TM, TN, WX: 8, WY: 8, unroll: 1, f16: false, packF16: false, packB: false, enableF16: false, fma: false, words: false, ...o });

const CANDIDATES: Candidate[] = [
  cand("16x8", 16, 8),
  cand("16x16", 16, 16),
  cand("32x8", 32, 8),
  cand("8x16", 8, 16),
  cand("16x8-u2", 16, 8, { unroll: 2 }),
  cand("16x8-wg16x4", 16, 8, { WX: 16, WY: 4 }),
  cand("16x8-wg4x16", 16, 8, { WX: 4, WY: 16 }),
  cand("8x16-wg16x4", 8, 16, { WX: 16, WY: 4 }),
  cand("16x8-tileA", 16, 8, { tileA: true }),
  cand("16x8-tileAB", 16, 8, { tileA: true, tileB: true }),
  cand("8x16-wg4x16", 8, 16, { WX: 4, WY: 16 }),
  cand("8x16-u2", 8, 16, { unroll: 2 }),
  cand("8x32", 8, 32),
  cand("4x16", 4, 16),
  cand("16x8-f16", 16, 8, { f16: true, packF16: true }),
  cand("16x8-f16-pack32", 16, 8, { f16: true }),
  cand("16x16-f16", 16, 16, { f16: true, packF16: true }),
  cand("16x8-f16-packB", 16, 8, { f16: true, packB: true }),
  cand("16x8-enable-f16", 16, 8, { enableF16: true }),
  cand("16x8-f16-packB-fma", 16, 8, { f16: true, packB: true, fma: true }),
  cand("16x8-f16-fma", 16, 8, { f16: true, packF16: true, fma: true }),
  cand("16x8-fma", 16, 8, { fma: true }),
  cand("16x8-f16-words", 16, 8, { f16: true, packF16: true, words: true }),
  cand("16x8-f16-words-pack32", 16, 8, { f16: true, words: true }),
  cand("16x8-f16-manual-words", 16, 8, { f16: true, packB: true, words: true, manual: "words" }),
  cand("16x8-f16-manual-bitcast", 16, 8, { f16: true, packB: true, manual: "bitcast" }),
  cand("8x16-f16-packB", 8, 16, { f16: true, packB: true }),
];

/** B packed by column block: `[nb][k][BN]`, as `vec4`s. */
function tileBShader(n: number, BN: number): string {
  return `@group(0) @binding(0) var<storage, read> B: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> Q: array<vec4<f32>>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * 256u + lid;
  if (i >= ${(n * n) / 4}u) { return; }
  let j = i % ${BN / 4}u;
  let k = (i / ${BN / 4}u) % ${n}u;
  let nb = (i / ${BN / 4}u) / ${n}u;
  Q[i] = B[k * ${n / 4}u + nb * ${BN / 4}u + j];
}`;
}

/** float16 B as float32, 4 per invocation. */
function widenShader(n: number): string {
  return `enable f16;
@group(0) @binding(0) var<storage, read> B: array<vec4<f16>>;
@group(0) @binding(1) var<storage, read_write> Q: array<vec4<f32>>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * 256u + lid;
  if (i < ${(n * n) / 4}u) { Q[i] = vec4<f32>(B[i]); }
}`;
}

function packShaderWords(n: number, c: Candidate): string {
  const at = (e: string) => `unpack2x16float(A[(${e}) >> 1u])[(${e}) & 1u]`;
  const a = [0, 1, 2, 3].map((r) => at(`(m + ${r}u) * ${n}u + k`));
  const out = c.packF16 ? `vec2<u32>(pack2x16float(vec2<f32>(${a[0]}, ${a[1]})), pack2x16float(vec2<f32>(${a[2]}, ${a[3]})))` : `vec4<f32>(${a.join(", ")})`;
  return `@group(0) @binding(0) var<storage, read> A: array<u32>;
@group(0) @binding(1) var<storage, read_write> P: array<${c.packF16 ? "vec2<u32>" : "vec4<f32>"}>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * 256u + lid;
  if (i >= ${(n * n) / 4}u) { return; }
  let k = i / ${n / 4}u;
  let m = (i % ${n / 4}u) * 4u;
  P[i] = ${out};
}`;
}

function packShader(n: number, c: Candidate): string {
  if (c.words) return packShaderWords(n, c);
  const tin = c.f16 ? "f16" : "f32";
  const tout = c.packF16 ? "f16" : "f32";
  return `${c.f16 ? "enable f16;\n" : ""}@group(0) @binding(0) var<storage, read> A: array<${tin}>;
@group(0) @binding(1) var<storage, read_write> P: array<vec4<${tout}>>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * 256u + lid;
  if (i >= ${(n * n) / 4}u) { return; }
  ${c.tileA ? `let bm = ${(c.TM * c.WY) / 4}u;
  let k = (i / bm) % ${n}u;
  let m = ((i / bm) / ${n}u) * ${c.TM * c.WY}u + (i % bm) * 4u;` : `let k = i / ${n / 4}u;
  let m = (i % ${n / 4}u) * 4u;`}
  P[i] = vec4<${tout}>(${tout}(A[m * ${n}u + k]), ${tout}(A[(m + 1u) * ${n}u + k]), ${tout}(A[(m + 2u) * ${n}u + k]), ${tout}(A[(m + 3u) * ${n}u + k]));
}`;
}

function gemmShader(n: number, c: Candidate): string {
  const { TM, TN, WX, WY, unroll } = c;
  const BM = TM * WY;
  const BN = TN * WX;
  const nNB = n / BN;
  const tb = c.f16 && !c.packB ? "f16" : "f32";
  const tc = c.f16 ? "f16" : "f32";
  const tp = c.packF16 ? "f16" : "f32";
  const words = (v: string) => `vec4<f32>(unpack2x16float(${v}.x), unpack2x16float(${v}.y))`;
  const up = (t: string, e: string) => (t === "f16" ? (c.words ? words(e) : `vec4<f32>(${e})`) : e);

  const store = (v: string) => c.manual ? (c.manual === "words" ? `vec2<u32>(tj_h2(${v}.xy), tj_h2(${v}.zw))` : `vec4<f16>(bitcast<vec2<f16>>(tj_h2(${v}.xy)), bitcast<vec2<f16>>(tj_h2(${v}.zw)))`) : (tc === "f16" && c.words ? `vec2<u32>(pack2x16float(${v}.xy), pack2x16float(${v}.zw))` : `vec4<${tc}>(${v})`);
  const vt = (t: string) => (t === "f16" && (c.words || c.manual === "words") ? "vec2<u32>" : `vec4<${t}>`);

  const lines: string[] = [];
  for (let i = 0; i < TM; i++) for (let p = 0; p < TN / 4; p++) lines.push(`var c${i}_${p} = vec4<f32>();`);
  const step: string[] = [];
  for (let u = 0; u < unroll; u++) {
    const k = unroll === 1 ? "k" : `(k + ${u}u)`;
    for (let q = 0; q < TM / 4; q++) step.push(`let a${u}_${q} = ${up(tp, c.tileA ? `P[abase + ${k} * ${BM / 4}u + ${q}u]` : `P[${k} * ${n / 4}u + r4 + ${q}u]`)};`);
    for (let p = 0; p < TN / 4; p++) step.push(`let b${u}_${p} = ${up(tb, c.tileB ? `B[bbase + ${k} * ${BN / 4}u + ${p}u]` : `B[${k} * ${n / 4}u + c4 + ${p}u]`)};`);
    for (let i = 0; i < TM; i++) {
      for (let p = 0; p < TN / 4; p++) {
        const a = `a${u}_${i >> 2}.${"xyzw"[i & 3]}`;
        step.push(c.fma ? `c${i}_${p} = fma(vec4<f32>(${a}), b${u}_${p}, c${i}_${p});` : `c${i}_${p} += ${a} * b${u}_${p};`);
      }
    }
  }
  const stores: string[] = [];
  for (let i = 0; i < TM; i++) for (let p = 0; p < TN / 4; p++) stores.push(`C[(row0 + ${i}u) * ${n / 4}u + c4 + ${p}u] = ${store(`c${i}_${p}`)};`);
  const h2 = c.manual ? `fn tj_h1(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  let s = (b >> 16u) & 0x8000u;
  let a = b & 0x7fffffffu;
  if (a >= 0x7f800000u) { return s | 0x7c00u | select(0u, 0x200u, a > 0x7f800000u); }
  if (a >= 0x477ff000u) { return s | 0x7c00u; }
  if (a < 0x38800000u) { return s | u32(round(bitcast<f32>(a) * 16777216.0)); }
  let r = a + 0xfffu + ((a >> 13u) & 1u);
  return s | ((r - 0x38000000u) >> 13u);
}
fn tj_h2(v: vec2<f32>) -> u32 { return tj_h1(v.x) | (tj_h1(v.y) << 16u); }
` : "";
  return `${(c.f16 && !c.words && c.manual !== "words") || c.enableF16 ? "enable f16;\n" : ""}${h2}@group(0) @binding(0) var<storage, read> P: array<${vt(tp)}>;
@group(0) @binding(1) var<storage, read> B: array<${vt(tb)}>;
@group(0) @binding(2) var<storage, read_write> C: array<${vt(tc)}>;
@compute @workgroup_size(${WX * WY})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let g = wid.x + wid.y * nwg.x;
  let lx = lid % ${WX}u;
  let ly = lid / ${WX}u;
  let row0 = (g / ${nNB}u) * ${BM}u + ly * ${TM}u;
  let r4 = row0 / 4u;
  let c4 = ((g % ${nNB}u) * ${BN}u + lx * ${TN}u) / 4u;
  let abase = (g / ${nNB}u) * ${(n * BM) / 4}u + ly * ${TM / 4}u;
  let bbase = (g % ${nNB}u) * ${(n * BN) / 4}u + lx * ${TN / 4}u;
  _ = abase; _ = bbase;
  ${lines.join("\n  ")}
  for (var k = 0u; k < ${n}u; k += ${unroll}u) {
    ${step.join("\n    ")}
  }
  ${stores.join("\n  ")}
}`;
}

const toF16 = (x: Float32Array): Uint16Array => {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  return Uint16Array.from(x, (v) => {
    f[0] = v;
    const b = u[0]!;
    const e = ((b >>> 23) & 0xff) - 112;
    // inputs are in [-0.5, 0.5): normal halves or zero/subnormals, rounded to nearest
    if (e <= 0) return (b >>> 16) & 0x8000;
    const h = ((b >>> 16) & 0x8000) | (e << 10) | ((b >>> 13) & 0x3ff);
    return h + ((b & 0x1fff) > 0x1000 || ((b & 0x1fff) === 0x1000 && h & 1) ? 1 : 0);
  });
};

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1024);
  const rounds = Number(process.argv[3] ?? 5);
  const names = process.argv[4]?.split(",");
  const gpu = (globalThis as unknown as { navigator: { gpu: GPU } }).navigator.gpu;
  const adapter = (await gpu.requestAdapter())!;
  const dev = await adapter.requestDevice({ requiredFeatures: adapter.features.has("shader-f16") ? ["shader-f16"] : [] });
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const a32 = testData(n * n, 1);
  const b32 = testData(n * n, 2);
  const upload = (data: Float32Array | Uint16Array) => {
    const buf = dev.createBuffer({ size: Math.max(16, data.byteLength), usage });
    dev.queue.writeBuffer(buf, 0, data.buffer, data.byteOffset, data.byteLength);
    return buf;
  };
  const A = { f32: upload(a32), f16: upload(toF16(a32)) };
  const B = { f32: upload(b32), f16: upload(toF16(b32)) };
  const C = dev.createBuffer({ size: n * n * 4, usage });
  const P = dev.createBuffer({ size: n * n * 4, usage });
  const Q = dev.createBuffer({ size: n * n * 4, usage });
  const pipe = (code: string) => dev.createComputePipeline({ layout: "auto", compute: { module: dev.createShaderModule({ code }), entryPoint: "main" } });
  const group = (p: GPUComputePipeline, bufs: GPUBuffer[]) => dev.createBindGroup({ layout: p.getBindGroupLayout(0), entries: bufs.map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const grid = (groups: number): [number, number] => {
    const gx = Math.min(groups, 65535);
    return [gx, Math.ceil(groups / gx)];
  };
  type Pass = { pipeline: GPUComputePipeline; bind: GPUBindGroup; grid: [number, number] };
  const runs: { name: string; passes: Pass[]; f16: boolean; times: number[]; check?: boolean }[] = [];
  const base = pipe(matmulShader(n).code);
  runs.push({ name: "raw baseline 8x8", f16: false, times: [], passes: [{ pipeline: base, bind: group(base, [A.f32, B.f32, C]), grid: [n / 64, n / 64] }] });
  for (const c of CANDIDATES.filter((x) => !names || names.includes(x.name))) {
    if (c.f16 && !dev.features.has("shader-f16")) continue;
    const t = c.f16 ? "f16" : "f32";
    const pk = pipe(packShader(n, c));
    const gm = pipe(gemmShader(n, c));
    const wd = c.packB ? pipe(widenShader(n)) : c.tileB ? pipe(tileBShader(n, c.TN * c.WX)) : undefined;
    runs.push({
      name: c.name,
      f16: c.f16,
      times: [],
      passes: [
        { pipeline: pk, bind: group(pk, [A[t], P]), grid: grid(Math.ceil(n * n / 4 / 256)) },
        ...(wd ? [{ pipeline: wd, bind: group(wd, [c.tileB ? B.f32 : B.f16, Q]), grid: grid(Math.ceil(n * n / 4 / 256)) }] : []),
        { pipeline: gm, bind: group(gm, [P, wd ? Q : B[t], C]), grid: grid((n / (c.TM * c.WY)) * (n / (c.TN * c.WX))) },
      ],
    });
  }
  // single passes of the float16 pipeline, not checked (PARTS=1)
  if (process.env.PARTS) {
    const c16 = cand("p", 16, 8, { f16: true, packB: true });
    const c32 = cand("p", 16, 8);
    const pk16 = pipe(packShader(n, c16));
    const pk32 = pipe(packShader(n, c32));
    const wd = pipe(widenShader(n));
    const gm16out = pipe(gemmShader(n, c16));
    const gm32 = pipe(gemmShader(n, c32));
    const g1 = grid(Math.ceil(n * n / 4 / 256));
    const g2 = grid((n / 128) * (n / 64));
    const part = (name: string, pipeline: GPUComputePipeline, bufs: GPUBuffer[], g: [number, number]) => ({ name, f16: false, times: [], check: false, passes: [{ pipeline, bind: group(pipeline, bufs), grid: g }] });
    runs.push(part("part pack f16 A", pk16, [A.f16, P], g1), part("part pack f32 A", pk32, [A.f32, P], g1), part("part widen B", wd, [B.f16, Q], g1));
    runs.push(part("part gemm f16 out", gm16out, [P, Q, C], g2), part("part gemm f32 out", gm32, [P, Q, C], g2));
    const narrow = pipe(`enable f16;
@group(0) @binding(0) var<storage, read> S: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> D: array<vec4<f16>>;
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * 256u + lid;
  if (i < ${(n * n) / 4}u) { D[i] = vec4<f16>(S[i]); }
}`);
    runs.push(part("part narrow f32->f16", narrow, [A.f32, C], g1));
  }
  // tsjax's own shaders for this product (its pack pass and GEMM, as `jit(matmul).lower` shows
  // them; n >= 512, where tsjax takes its 16 x 8 tile)
  if (!names || names.includes("tsjax")) {
    await tj.init("webgpu");
    const x = tj.np.zeros([n, n], { device: "webgpu" });
    const [pack, gemm] = tj.jit((a: tj.Array, b: tj.Array) => tj.np.matmul(a, b)).lower(x, x).kernels[0]!.source.split("\n// ---\n") as [string, string];
    const pk = pipe(pack);
    const gm = pipe(gemm);
    const wg = Number(/@workgroup_size\((\d+)\)/.exec(gemm)![1]);
    runs.push({
      name: "tsjax",
      f16: false,
      times: [],
      passes: [
        { pipeline: pk, bind: group(pk, [A.f32, B.f32, P]), grid: grid(Math.ceil(n * n / 16 / 256)) },
        { pipeline: gm, bind: group(gm, [A.f32, B.f32, P, C]), grid: grid((n * n) / (16 * 8 * wg)) },
      ],
    });
  }
  // tsjax's jitted matmul itself, on its own device (the bench's case)
  let call: (() => Promise<void>) | undefined;
  if (!names || names.includes("tsjax-call")) {
    await tj.init("webgpu");
    const a = tj.np.array(a32, { device: "webgpu" }).reshape([n, n]);
    const b = tj.np.array(b32, { device: "webgpu" }).reshape([n, n]);
    const f = tj.jit((x: tj.Array, y: tj.Array) => tj.np.matmul(x, y));
    call = async () => {
      const c = f(a, b);
      await tj.synchronize("webgpu");
      c.dispose();
    };
    runs.push({ name: "tsjax-call", f16: false, times: [], check: false, passes: [] });
  }
  const once = async (r: (typeof runs)[number]) => {
    if (r.name === "tsjax-call") {
      const t = performance.now();
      await call!();
      return performance.now() - t;
    }
    const t0 = performance.now();
    const enc = dev.createCommandEncoder();
    const pass = enc.beginComputePass();
    for (const p of r.passes) {
      pass.setPipeline(p.pipeline);
      pass.setBindGroup(0, p.bind);
      pass.dispatchWorkgroups(p.grid[0], p.grid[1]);
    }
    pass.end();
    dev.queue.submit([enc.finish()]);
    await dev.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  // correctness: a few entries of C against a float64 product of the (rounded) inputs
  const staging = dev.createBuffer({ size: n * n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  for (const r of runs) {
    await once(r);
    if (r.check === false) continue;
    const enc = dev.createCommandEncoder();
    enc.copyBufferToBuffer(C, 0, staging, 0, n * n * 4);
    dev.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const raw = staging.getMappedRange().slice(0);
    staging.unmap();
    const f = new Float32Array(raw);
    const h = new Uint16Array(raw);
    const half = (b: number) => (b & 0x8000 ? -1 : 1) * ((b & 0x7c00) === 0 ? (b & 0x3ff) * 2 ** -24 : (1 + (b & 0x3ff) / 1024) * 2 ** (((b >>> 10) & 0x1f) - 15));
    const a = r.f16 ? Array.from(toF16(a32), half) : a32;
    const b = r.f16 ? Array.from(toF16(b32), half) : b32;
    let worst = 0;
    for (const [i, j] of [[0, 0], [n - 1, n - 1], [n >> 1, 3], [17, n - 5]] as const) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k]! * b[k * n + j]!;
      const got = r.f16 ? half(h[i * n + j]!) : f[i * n + j]!;
      worst = Math.max(worst, Math.abs(got - s) / (Math.abs(s) * (r.f16 ? 2e-3 : 1e-5) + 1e-3));
    }
    if (worst > 1) throw new Error(`${r.name}: wrong result (error ${worst.toFixed(2)} of the tolerance)`);
  }
  for (let round = 0; round < rounds; round++) for (const r of runs) r.times.push(await once(r));
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
  const baseMs = med(runs[0]!.times);
  console.log(`n = ${n}, ${rounds} rounds in turns (median ms; baseline / candidate: >1 = faster than the baseline)`);
  for (const r of runs) {
    const m = med(r.times);
    console.log(`${r.name.padEnd(18)} ${m.toFixed(1).padStart(8)} ms (min ${Math.min(...r.times).toFixed(1).padStart(7)})  ${((2 * n ** 3) / m / 1e6).toFixed(2).padStart(6)} GFLOP/s  ${(baseMs / m).toFixed(2)}x   [${r.times.map((t) => t.toFixed(0)).join(" ")}]`);
  }
  dev.destroy();
  process.exit(0);
}

await main();
