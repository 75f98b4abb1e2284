/**
 * GEMM factors gathered and packed in WebAssembly: an im2col factor of a convolution (or any
 * factor over several packed axes), element [x, k] = f(digits of x, digits of k), where f is a
 * float32 expression whose loads have indices affine in the digits and whose conditions compare
 * affine integer expressions (padding: `0 <= h + kh - 1 < H`). About five times faster than the
 * same loops in JavaScript, and shared out between the worker threads.
 *
 * The loops run over the digits of x (the packed axes, row-major), then those of k (see
 * `splitIntoDigits`), so the stores of one x walk its panel row by row. Every affine value
 * (load addresses, compared values, the store address) is kept up to date by one add per loop
 * step, not recomputed. Loads run even where a condition masks them out (a select evaluates both
 * sides), so their addresses are clamped into the window of the input that exists: padding never
 * reads outside it.
 */
import type { Exp } from "../../../compile/exp.js";
import { I32, type WasmFunction, op } from "./encode.js";
import { FunctionBuilder, NodeEmitter, supportedOrder } from "./elementwise.js";

/** A loop of the nest: a digit variable and its count. */
export interface GatherLoop {
  name: string;
  size: number;
}

/** A load of the factor: input `arg` at `rest + sum(coef[i] * loop i)` (elements). */
interface GatherLoad {
  arg: number;
  node: Exp;
  coef: number[];
  rest: Exp;
}

export interface GatherPlan {
  fn: WasmFunction;
  /** Loads in the order of their parameter triples (see `compileGatherPack`). */
  loads: GatherLoad[];
}

/** i32 comparisons (signed) of the affine difference of two integers against zero. */
const COMPARE: Record<string, number[]> = { eq: [0x46], ne: [0x47], lt: [0x48], gt: [0x4a], le: [0x4c], ge: [0x4e] };
const I32_GT_U = [0x4b];
const I32_SHR_U = [0x76];

/** An affine value kept in step with the loops: starts at level `from` with `init`, `coef` per loop. */
interface Tracked {
  coef: number[];
  from: number;
  init: number[];
  /** Its local at each loop level at or past `from` whose coefficient is not zero (else the outer one's). */
  at: number[];
}

/**
 * The factor `f` packed as the W-wide panels of a GEMM operand of padded depth Kp: element [x, k]
 * at `dst + ((x / W) * Kp * W + k * W + x % W) * 4`, for x over the digit loops `xLoops` and k
 * over `kLoops` (both row-major). The function's parameters: dst (bytes), then per load its base
 * (the byte address of element `rest`), the lowest valid byte address and the span of valid
 * addresses past it (loads are clamped to it), then the range [from, to) of the outermost x loop.
 * `affine(index)` gives an integer expression's coefficients along the loops (and the rest), or
 * undefined. Undefined when `f` is outside the subset; comparisons need constant rests.
 */
export function compileGatherPack(
  f: Exp,
  xLoops: GatherLoop[],
  kLoops: GatherLoop[],
  W: number,
  Kp: number,
  affine: (index: Exp) => { coef: number[]; rest: Exp } | undefined,
): GatherPlan | undefined {
  if (f.dtype !== "float32" || xLoops.length === 0 || kLoops.length === 0 || (W & (W - 1)) !== 0) return undefined;
  const loops = [...xLoops, ...kLoops];
  const loads: GatherLoad[] = [];
  const compares = new Map<Exp, { coef: number[]; rest: number }>();
  const order = supportedOrder(f, (e) => {
    if (e.op === "load") {
      const a = e.dtype === "float32" ? affine(e.args[0]!) : undefined;
      if (a) loads.push({ arg: e.attr as number, node: e, ...a });
      return a !== undefined;
    }
    if (e.op in COMPARE && e.args[0]!.dtype === "int32") {
      const [p, q] = e.args.map((x) => affine(x));
      if (!p || !q || p.rest.op !== "const" || q.rest.op !== "const") return false;
      compares.set(e, { coef: p.coef.map((c, i) => c - q.coef[i]!), rest: (p.rest.value as number) - (q.rest.value as number) });
      return true;
    }
    return false;
  });
  if (!order) return undefined;

  const L = loops.length;
  const P = 1 + 3 * loads.length;
  const [from, to] = [P, P + 1];
  const b = new FunctionBuilder(P + 2);
  const counters = loops.map(() => b.local(I32));
  const x = b.local(I32);
  const get = op.localGet;
  const tracked: Tracked[] = [];
  const track = (coef: number[], start: number, init: number[]): Tracked => {
    const t: Tracked = { coef, from: start, init, at: [] };
    tracked.push(t);
    return t;
  };
  // the linear x, then the store address (from the first k loop on), then loads and compares
  const xStrides = xLoops.map((_, i) => xLoops.slice(i + 1).reduce((p, l) => p * l.size, 1));
  const xT = track([...xStrides, ...kLoops.map(() => 0)], 0, op.i32Const(0));
  const kStrides = kLoops.map((_, i) => kLoops.slice(i + 1).reduce((p, l) => p * l.size, 1));
  const shift = Math.log2(W);
  const storeInit = [
    ...get(0), ...get(x), ...op.i32Const(shift), ...I32_SHR_U, ...op.i32Const(Kp * W * 4), ...op.i32Mul, ...op.i32Add,
    ...get(x), ...op.i32Const(W - 1), ...op.i32And, ...op.i32Const(4), ...op.i32Mul, ...op.i32Add,
  ];
  const storeT = track([...xLoops.map(() => 0), ...kStrides.map((s) => s * W * 4)], xLoops.length, storeInit);
  const loadT = loads.map((l, i) => track(l.coef.map((c) => c * 4), 0, get(1 + 3 * i)));
  const compareT = new Map([...compares].map(([e, c]) => [e, track(c.coef, 0, op.i32Const(c.rest))]));

  // value of a tracked affine at the current level (its innermost local so far)
  const current = (t: Tracked, level: number): number[] => {
    for (let j = level; j >= t.from; j--) if (t.at[j] !== undefined) return get(t.at[j]!);
    return t.init;
  };
  for (const t of tracked) for (let j = t.from; j < L; j++) if (t.coef[j] !== 0 || j === t.from) t.at[j] = b.local(I32);

  const nodes = new NodeEmitter(b.body, (type) => b.local(type));
  const body = () => {
    nodes.emit(order, false, (e) => {
      const li = loads.findIndex((l) => l.node === e);
      if (li >= 0) {
        // clamp: addr - lo >u span ? lo : addr
        const [addr, lo, span] = [current(loadT[li]!, L - 1), get(2 + 3 * li), get(3 + 3 * li)];
        return [...lo, ...addr, ...addr, ...lo, ...op.i32Sub, ...span, ...I32_GT_U, 0x1b, ...op.f32Load(0)];
      }
      const c = compareT.get(e);
      return c && [...current(c, L - 1), ...op.i32Const(0), ...COMPARE[e.op]!];
    });
    b.emit(current(storeT, L - 1), get(nodes.value(f)), op.f32Store(0));
  };
  const level = (j: number) => {
    for (const t of tracked) {
      if (t.at[j] === undefined) continue;
      const start = j === t.from ? t.init : current(t, j - 1);
      b.emit(start);
      if (j === 0 && t.coef[0] !== 0) b.emit(get(from), op.i32Const(t.coef[0]!), op.i32Mul, op.i32Add);
      b.emit(op.localSet(t.at[j]!));
    }
    b.emit(j === 0 ? get(from) : op.i32Const(0), op.localSet(counters[j]!), op.loop);
    if (j === xLoops.length - 1) b.emit(current(xT, j), op.localSet(x));
    if (j + 1 < L) level(j + 1);
    else body();
    for (const t of tracked) {
      if (t.at[j] !== undefined && t.coef[j] !== 0) b.emit(get(t.at[j]!), op.i32Const(t.coef[j]!), op.i32Add, op.localSet(t.at[j]!));
    }
    b.loopWhile(counters[j]!, 1, j === 0 ? get(to) : op.i32Const(loops[j]!.size));
  };
  level(0);
  return { fn: b.fn("gather"), loads };
}
