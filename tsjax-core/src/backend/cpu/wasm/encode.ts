/**
 * A minimal WebAssembly binary encoder: just enough to assemble the CPU backend's SIMD kernels
 * at run time (no toolchain, no binary blobs in the repository). One module, imported memory,
 * functions with i32 parameters and typed locals.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

export const I32 = 0x7f;
export const V128 = 0x7b;

/** Instruction bytes. Memory offsets are in bytes; alignments are log2. */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Ne: [0x47],
  i32Eq: [0x46],
  i32Eqz: [0x45],
  i32LtS: [0x48],
  i32And: [0x71],
  ifThen: [0x04, 0x40],
  else: [0x05],
  f32Load: (offset: number) => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset: number) => [0x38, 2, ...uleb(offset)],
  loop: [0x03, 0x40],
  block: [0x02, 0x40],
  end: [0x0b],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  call: (fn: number) => [0x10, ...uleb(fn)],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  /** i8x16.shuffle of two vectors, by float32 lanes (0-3: the first, 4-7: the second). */
  shuffleLanes: (lanes: number[]) => [0xfd, ...uleb(13), ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])],
  i32GeS: [0x4e],
  v128Load: (offset: number) => [0xfd, ...uleb(0), 4, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, ...uleb(11), 4, ...uleb(offset)],
  v128Load32Splat: (offset: number) => [0xfd, ...uleb(9), 2, ...uleb(offset)],
  f32x4Add: [0xfd, ...uleb(228)],
  f32x4Mul: [0xfd, ...uleb(230)],
  /** Relaxed SIMD `f32x4.relaxed_madd` (a * b + c, fused where the CPU has FMA): stack a, b, c. */
  f32x4RelaxedMadd: [0xfd, ...uleb(261)],
};

export interface WasmFunction {
  name: string;
  /** Number of i32 parameters. */
  params: number;
  /** Types of the extra locals. */
  locals: number[];
  body: number[];
}

/** A module importing its memory as `env.mem` (shared when `shared`) and exporting `fns`. */
export function encodeModule(fns: WasmFunction[], memory: { initial: number; maximum: number; shared: boolean }): Uint8Array<ArrayBuffer> {
  const types = fns.map((f) => [0x60, ...vec(Array.from({ length: f.params }, () => [I32])), 0]);
  const limits = memory.shared ? [0x03, ...uleb(memory.initial), ...uleb(memory.maximum)] : [0x01, ...uleb(memory.initial), ...uleb(memory.maximum)];
  const imports = vec([[...uleb(3), ...utf8("env"), ...uleb(3), ...utf8("mem"), 0x02, ...limits]]);
  const funcs = vec(fns.map((_, i) => uleb(i)));
  const exports = vec(fns.map((f, i) => [...uleb(f.name.length), ...utf8(f.name), 0x00, ...uleb(i)]));
  const codes = vec(
    fns.map((f) => {
      const locals = f.locals.map((t) => [1, t]);
      const body = [...vec(locals), ...f.body, 0x0b];
      return [...uleb(body.length), ...body];
    }),
  );
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, codes),
  ]);
}

/**
 * A function as a string (for generated source that must name it): `params|locals|body`,
 * with the body in base64. `decodeFunction` reverses it.
 */
export function encodeFunction(f: WasmFunction): string {
  let bin = "";
  for (const b of f.body) bin += String.fromCharCode(b);
  return `${f.name}|${f.params}|${f.locals.join(",")}|${btoa(bin)}`;
}

export function decodeFunction(code: string): WasmFunction {
  const [name, params, locals, body] = code.split("|") as [string, string, string, string];
  return {
    name,
    params: Number(params),
    locals: locals ? locals.split(",").map(Number) : [],
    body: Array.from(atob(body), (c) => c.charCodeAt(0)),
  };
}
