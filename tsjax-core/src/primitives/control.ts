/**
 * Control-flow primitives, each carrying closed sub-programs (jaxprs whose constants are
 * passed as leading operands, so transformations see them):
 *
 * - `cond`: operands `[index, ...ops]`; runs `branches[index]` on `ops`.
 * - `while`: operands `[...condConsts, ...bodyConsts, ...init]`; iterates `body` while `cond`.
 * - `scan`: operands `[...consts, ...init, ...xs]`; runs `body(consts, carry, x_t)` for each
 *   slice of `xs` along axis 0, returning the final carry and the stacked per-step outputs.
 *
 * Eagerly, cond and while read their predicate through a host program (synchronous on the CPU,
 * in the background on WebGPU, with later work queued behind it). scan needs no reads.
 */
import { storageDType, storageSize } from "../dtype.js";
import type { Array } from "../array/array.js";
import { DeviceArray } from "../array/device-array.js";
import { DeviceBuffer } from "../array/buffer.js";
import { scope, untracked } from "../array/lifetime.js";
import { ClosedJaxpr, Jaxpr, Var } from "../core/jaxpr.js";
import { type Primitive, type ShapedArray, UndefinedPrimal, aval, definePrimitive } from "../core/primitive.js";
import { isLinearizeTracer, traceToJaxpr } from "../core/staging.js";
import { bind, bind1 } from "../core/trace.js";
import { evalPrimitive } from "../core/eager.js";
import { copyPrimitive } from "../core/copy.js";
import { sizeOf } from "../shape.js";
import { batchSize, moveBatchAxis } from "../core/batching.js";
import { callJaxpr, instantiateZeros, jvpJaxpr, transposeJaxpr, vmapJaxpr } from "../transforms/jaxpr-transforms.js";
import { binaryPrims, selectN } from "./elementwise.js";
import { full } from "./ops.js";
import { broadcastInDim, concatenate, reshape } from "./structural.js";
import { reduceMax } from "./reduce.js";
import { range } from "../util.js";

// ---------------------------------------------------------------------------------------------
// helpers

/** A jaxpr with extra unused inputs inserted at `at` (to share one operand list between branches). */
export function padInputs(closed: ClosedJaxpr, at: number, avals: readonly ShapedArray[]): ClosedJaxpr {
  if (avals.length === 0) return closed;
  const j = closed.jaxpr;
  const extra = avals.map((a) => new Var(a));
  const ins = [...j.inBinders.slice(0, at), ...extra, ...j.inBinders.slice(at)];
  return new ClosedJaxpr(new Jaxpr(ins, j.eqns, j.outs), []);
}

/**
 * Traces `fn` into a jaxpr with the given inputs (used to reorder, select or combine the
 * inputs and outputs of other jaxprs). Its constants are concrete arrays made by rules.
 */
function wrapJaxpr(inAvals: readonly ShapedArray[], fn: (...xs: Array[]) => Array[], label: string): ClosedJaxpr {
  return traceToJaxpr(fn, inAvals, { label, dynamic: true });
}

function scalarOf(x: DeviceArray): DeviceArray {
  return x.offset === 0 && x.isContiguous ? x : evalPrimitive(copyPrimitive, [x], {})[0]!;
}

/**
 * Allocates outputs now and fills them when `body` (a host program) finishes. The program may
 * run later (WebGPU reads its predicates in the background, and queues programs behind one in
 * flight), so it works on aliases of `inputs` that it owns: the caller may dispose the inputs
 * as soon as this returns (a scan step's scope does).
 */
function runHostProgram(
  outAvals: readonly ShapedArray[],
  inputs: readonly DeviceArray[],
  body: (inputs: DeviceArray[]) => Generator<DeviceArray, DeviceArray[], number>,
): DeviceArray[] {
  const { backend } = inputs[0]!.buffer;
  const device = inputs[0]!.device;
  const outs = outAvals.map((a) => new DeviceArray(DeviceBuffer.alloc(backend, a.dtype, sizeOf(a.shape)), a.shape, a.dtype, a.weakType, device));
  const targets = outs.map((o) => o.buffer.retain());
  const held = untracked(() => inputs.map((x) => x.view(x.shape, x.strides, x.offset)));
  backend.runProgram(
    (function* () {
      try {
        const gen = untracked(() => body(held));
        let r = untracked(() => gen.next(undefined as unknown as number));
        while (!r.done) {
          const x = scalarOf(r.value);
          const v = yield { handle: x.buffer.handle, dtype: x.dtype };
          r = untracked(() => gen.next(v));
        }
        r.value.forEach((res, i) => {
          const dense = untracked(() => scalarOf(res));
          if (sizeOf(res.shape) > 0) backend.copy(dense.buffer.handle, targets[i]!.handle, storageDType(res.dtype), storageSize(res.dtype, sizeOf(res.shape)));
          if (dense !== res) dense.dispose();
          if (!held.includes(res)) res.dispose();
        });
      } finally {
        for (const t of targets) t.release();
        for (const h of held) h.dispose();
      }
    })(),
  );
  return outs;
}

/** Runs `fn` keeping only its result (intermediates freed), outside any user scope. */
function step<T>(fn: () => T): T {
  return untracked(() => scope(fn));
}

function disposeReplaced(old: readonly DeviceArray[], next: readonly Array[], keep: readonly DeviceArray[]): void {
  for (const o of old) if (!next.includes(o) && !keep.includes(o)) o.dispose();
}

/** Where tangents or batch axes become nonzero/batched through a loop body: a fixed point. */
function fixedPoint(initial: readonly boolean[], through: (mask: boolean[]) => boolean[]): boolean[] {
  let mask = [...initial];
  for (;;) {
    const out = through(mask);
    const next = mask.map((m, i) => m || (out[i] ?? false));
    if (next.every((m, i) => m === mask[i])) return mask;
    mask = next;
  }
}

/** `x == k` for a batched int32 index `x` [B], broadcast to `shape` (batch axis `batchAxis`). */
function eqScalar(x: Array, k: number, shape: readonly number[], batchAxis: number): Array {
  const eq = bind1(binaryPrims.eq, [x, full(x, k)], {});
  return bind1(broadcastInDim, [eq], { shape, broadcastDimensions: [batchAxis] });
}

// ---------------------------------------------------------------------------------------------
// cond

export interface CondParams {
  branches: readonly ClosedJaxpr[];
}

export const cond: Primitive<CondParams> = definePrimitive<CondParams>({
  name: "cond",
  abstractEval(_ins, { branches }) {
    return branches[0]!.outAvals.map((a) => aval(a.shape, a.dtype, a.weakType));
  },
  impl(args, { branches }, outAvals) {
    return runHostProgram(outAvals, args, function* ([idx, ...ops]) {
      const i = yield idx!;
      const k = Math.min(Math.max(Math.trunc(i), 0), branches.length - 1);
      return step(() => callJaxpr(branches[k]!, ops)) as DeviceArray[];
    });
  },
  jvp(primals, tangents, params) {
    const [idx, ...ops] = primals;
    const opsT = tangents.slice(1);
    const inNz = opsT.map((t) => t !== null);
    const outs = bind(cond, primals, params);
    const nOut = outs.length;
    const outNz = params.branches
      .map((b) => jvpJaxpr(b, inNz, []).outNonzero)
      .reduce((a, b) => a.map((m, i) => m || b[i]!));
    if (!outNz.some(Boolean)) return [outs, outs.map(() => null)];
    const tanBranches = params.branches.map((b) => {
      const { jaxpr } = jvpJaxpr(b, inNz, outNz);
      return wrapJaxpr(jaxpr.inAvals, (...xs) => callJaxpr(jaxpr, xs).slice(nOut), "cond_jvp");
    });
    const tOut = bind(cond, [idx!, ...ops, ...(opsT.filter((t) => t !== null) as Array[])], { branches: tanBranches });
    let k = 0;
    return [outs, outNz.map((nz) => (nz ? tOut[k++]! : null))];
  },
  transpose(cts, [idx, ...ops], { branches }) {
    if (idx instanceof UndefinedPrimal) throw new Error("internal: cond index cannot be linear");
    const linear = ops.map((o) => o instanceof UndefinedPrimal);
    const known = ops.filter((o): o is Array => !(o instanceof UndefinedPrimal));
    const ctsIn = instantiateZeros(cts, branches[0]!.outAvals);
    const tBranches = branches.map((b) => transposeJaxpr(b, linear));
    const res = bind(cond, [idx!, ...known, ...ctsIn], { branches: tBranches });
    let k = 0;
    return [null, ...linear.map((l) => (l ? res[k++]! : null))];
  },
  batch(args, dims, { branches }) {
    const [idx, ...ops] = args;
    const [idxDim, ...opDims] = dims;
    const B = batchSize(args, dims);
    const nOut = branches[0]!.outAvals.length;
    const batched = branches.map((b) => vmapJaxpr(b, B, opDims, range(nOut).map(() => 0)).jaxpr);
    if (idxDim === null) {
      return [bind(cond, [idx!, ...ops], { branches: batched }), range(nOut).map(() => 0)];
    }
    // A batched index: run every branch and select per batch element.
    const i = moveBatchAxis(idx!, idxDim, 0, B);
    const results = batched.map((b) => callJaxpr(b, ops));
    const outs = range(nOut).map((j) => {
      let out = results[results.length - 1]![j]!;
      for (let k = results.length - 2; k >= 0; k--) {
        const pred = eqScalar(i, k, out.shape, 0);
        out = bind1(selectN, [pred, out, results[k]![j]!], {});
      }
      return out;
    });
    return [outs, outs.map(() => 0)];
  },
});

// ---------------------------------------------------------------------------------------------
// while

export interface WhileParams {
  cond: ClosedJaxpr;
  body: ClosedJaxpr;
  condNconsts: number;
  bodyNconsts: number;
}

function splitWhile(args: readonly Array[], p: WhileParams): [Array[], Array[], Array[]] {
  return [args.slice(0, p.condNconsts), args.slice(p.condNconsts, p.condNconsts + p.bodyNconsts), args.slice(p.condNconsts + p.bodyNconsts)];
}

export const whileLoop: Primitive<WhileParams> = definePrimitive<WhileParams>({
  name: "while",
  abstractEval(ins, p) {
    return ins.slice(p.condNconsts + p.bodyNconsts).map((a) => aval(a.shape, a.dtype, a.weakType));
  },
  impl(args, p, outAvals) {
    return runHostProgram(outAvals, args, function* (held) {
      const [cc, bc, init] = splitWhile(held, p) as [DeviceArray[], DeviceArray[], DeviceArray[]];
      let carry = init;
      for (;;) {
        const pred = step(() => callJaxpr(p.cond, [...cc, ...carry])[0]!) as DeviceArray;
        const go = yield pred;
        pred.dispose();
        if (!go) return carry;
        const next = step(() => callJaxpr(p.body, [...bc, ...carry])) as DeviceArray[];
        disposeReplaced(carry, next, held);
        carry = next;
      }
    });
  },
  jvp(primals, tangents, p) {
    const [cc, bc, init] = splitWhile(primals, p);
    const bcT = tangents.slice(p.condNconsts, p.condNconsts + p.bodyNconsts);
    const initT = tangents.slice(p.condNconsts + p.bodyNconsts);
    const bcNz = bcT.map((t) => t !== null);
    const carryNz = fixedPoint(
      initT.map((t) => t !== null),
      (mask) => jvpJaxpr(p.body, [...bcNz, ...mask], []).outNonzero,
    );
    const { jaxpr: bodyJvp } = jvpJaxpr(p.body, [...bcNz, ...carryNz], carryNz);
    const nbc = bc.length;
    const nCarry = init.length;
    const nbcT = bcNz.filter(Boolean).length;
    const nT = carryNz.filter(Boolean).length;
    // while body signature: [bc..., bcT..., carry..., carryT...]
    const body = wrapJaxpr(
      [...p.body.inAvals.slice(0, nbc), ...bodyJvp.inAvals.slice(nbc + nCarry, nbc + nCarry + nbcT), ...p.body.inAvals.slice(nbc), ...bodyJvp.inAvals.slice(nbc + nCarry + nbcT)],
      (...xs) => {
        const [b, bT, c, cT] = [xs.slice(0, nbc), xs.slice(nbc, nbc + nbcT), xs.slice(nbc + nbcT, nbc + nbcT + nCarry), xs.slice(nbc + nbcT + nCarry)];
        return callJaxpr(bodyJvp, [...b, ...c, ...bT, ...cT]);
      },
      "while_jvp_body",
    );
    const condJ = wrapJaxpr([...p.cond.inAvals, ...bodyJvp.inAvals.slice(nbc + nCarry + nbcT)], (...xs) => callJaxpr(p.cond, xs.slice(0, p.cond.inAvals.length)), "while_jvp_cond");
    const out = bind(whileLoop, [...cc, ...bc, ...(bcT.filter((t) => t !== null) as Array[]), ...init, ...instantiateZeros(initT, init).filter((_, i) => carryNz[i])], {
      cond: condJ,
      body,
      condNconsts: cc.length,
      bodyNconsts: nbc + nbcT,
    });
    let k = nCarry;
    const tangentsOut = carryNz.map((nz) => (nz ? out[k++]! : null));
    // Under linearize the loop above is recorded (its tangents are unknown), so its primal
    // outputs are too: compute the known primal outputs with a loop of their own (the recorded
    // loop recomputes them, as JAX's partial evaluation of while does).
    const staged = [...bcT, ...initT].some(isLinearizeTracer);
    return [staged ? bind(whileLoop, primals, p) : out.slice(0, nCarry), tangentsOut];
  },
  // Forward mode (jvp, linearize) works: the tangents loop along with the primal values. A
  // reverse pass would need every iteration's values, and the trip count is not known ahead.
  transpose() {
    throw new TypeError(
      "Reverse-mode differentiation does not work for lax.whileLoop or lax.foriLoop with traced bounds: the number " +
        "of iterations is not known in advance. Use lax.scan, or lax.foriLoop with JS-number bounds (which becomes a scan).",
    );
  },
  batch(args, dims, p) {
    const B = batchSize(args, dims);
    const [ccD, bcD, initD] = [dims.slice(0, p.condNconsts), dims.slice(p.condNconsts, p.condNconsts + p.bodyNconsts), dims.slice(p.condNconsts + p.bodyNconsts)];
    const [cc, bc, init] = splitWhile(args, p);
    let carryB = fixedPoint(initD.map((d) => d !== null), (mask) => vmapJaxpr(p.body, B, [...bcD, ...mask.map((m) => (m ? 0 : null))], range(init.length).map(() => "any")).outDims.map((d) => d !== null));
    const predBatched = vmapJaxpr(p.cond, B, [...ccD, ...carryB.map((m) => (m ? 0 : null))], ["any"]).outDims[0] !== null;
    if (predBatched) carryB = carryB.map(() => true);
    const carryDims = carryB.map((m) => (m ? 0 : null));
    const body = vmapJaxpr(p.body, B, [...bcD, ...carryDims], carryDims).jaxpr;
    const condB = vmapJaxpr(p.cond, B, [...ccD, ...carryDims], [predBatched ? 0 : null]).jaxpr;
    const carry = init.map((x, i) => (carryB[i] ? moveBatchAxis(x, initD[i] ?? null, 0, B) : x));
    if (!predBatched) {
      return [bind(whileLoop, [...cc, ...bc, ...carry], { ...p, cond: condB, body }), carryDims];
    }
    // A batched predicate: loop while any element continues; finished elements keep their carry.
    const nc = cc.length;
    const nb = bc.length;
    const anyCond = wrapJaxpr(condB.inAvals, (...xs) => [bind1(reduceMax, [callJaxpr(condB, xs)[0]!], { axes: [0] })], "while_any");
    const selBody = wrapJaxpr([...condB.inAvals.slice(0, nc), ...body.inAvals], (...xs) => {
      const c = xs.slice(0, nc);
      const b = xs.slice(nc, nc + nb);
      const carryIn = xs.slice(nc + nb);
      const pred = callJaxpr(condB, [...c, ...carryIn])[0]!;
      const next = callJaxpr(body, [...b, ...carryIn]);
      return next.map((n, i) => bind1(selectN, [bind1(broadcastInDim, [pred], { shape: n.shape, broadcastDimensions: [0] }), carryIn[i]!, n], {}));
    }, "while_select_body");
    return [bind(whileLoop, [...cc, ...cc, ...bc, ...carry], { cond: anyCond, body: selBody, condNconsts: nc, bodyNconsts: nc + nb }), carryDims];
  },
});

// ---------------------------------------------------------------------------------------------
// scan

export interface ScanParams {
  body: ClosedJaxpr;
  length: number;
  reverse: boolean;
  numConsts: number;
  numCarry: number;
}

function splitScan<T>(args: readonly T[], p: ScanParams): [T[], T[], T[]] {
  return [args.slice(0, p.numConsts), args.slice(p.numConsts, p.numConsts + p.numCarry), args.slice(p.numConsts + p.numCarry)];
}

/** Element `i` of `x` along axis 0 (a view eagerly). */
function sliceAt(x: DeviceArray, i: number): DeviceArray {
  return x.view(x.shape.slice(1), x.strides.slice(1), x.offset + i * x.strides[0]!);
}

/** Stacks arrays along a new axis 0. */
function stackAxis0(xs: readonly Array[], a: ShapedArray): Array {
  if (xs.length === 0) return evalLikeZeros([0, ...a.shape], a);
  const expanded = xs.map((x) => bind1(reshape, [x], { newSizes: [1, ...x.shape] }));
  let parts = expanded;
  while (parts.length > 1) {
    const next: Array[] = [];
    for (let i = 0; i < parts.length; i += 6) {
      const g = parts.slice(i, i + 6);
      next.push(g.length === 1 ? g[0]! : bind1(concatenate, g, { dimension: 0 }));
    }
    parts = next;
  }
  return parts[0]!;
}

function evalLikeZeros(shape: number[], a: ShapedArray): Array {
  return full({ shape, dtype: a.dtype, weakType: false }, 0);
}

function scanOutAvals(ins: readonly ShapedArray[], p: ScanParams): ShapedArray[] {
  const outs = p.body.outAvals;
  return [
    ...outs.slice(0, p.numCarry).map((a) => aval(a.shape, a.dtype, a.weakType)),
    ...outs.slice(p.numCarry).map((a) => aval([p.length, ...a.shape], a.dtype, a.weakType)),
  ];
}

export const scan: Primitive<ScanParams> = definePrimitive<ScanParams>({
  name: "scan",
  abstractEval(ins, p) {
    return scanOutAvals(ins, p);
  },
  impl(args, p, outAvals) {
    const [consts, init, xs] = splitScan(args, p);
    // Arrays owned by the caller, or still needed, are never freed here. Outputs may alias
    // inputs (a body can return its carry or x as y), so freeing checks every use.
    const owned = new Set<DeviceArray>(args);
    const kept = new Set<DeviceArray>();
    let carry: DeviceArray[] = init;
    const ys: DeviceArray[][] = [];
    const release = (xs: readonly DeviceArray[], live: readonly DeviceArray[]) => {
      for (const a of xs) if (!owned.has(a) && !kept.has(a) && !live.includes(a)) a.dispose();
    };
    for (let t = 0; t < p.length; t++) {
      const i = p.reverse ? p.length - 1 - t : t;
      const x = xs.map((a) => sliceAt(a, i));
      const out = scope(() => callJaxpr(p.body, [...consts, ...carry, ...x])) as DeviceArray[];
      const next = out.slice(0, p.numCarry);
      const y = out.slice(p.numCarry);
      for (const v of y) kept.add(v);
      release(carry, next);
      release(x, out);
      carry = next;
      ys.push(y);
    }
    if (p.reverse) ys.reverse();
    const nY = outAvals.length - p.numCarry;
    const stacked = range(nY).map((k) => stackAxis0(ys.map((y) => y[k]!), p.body.outAvals[p.numCarry + k]!) as DeviceArray);
    kept.clear();
    release(ys.flat(), carry);
    return [...carry, ...stacked];
  },
  jvp(primals, tangents, p) {
    const [consts, init, xs] = splitScan(primals, p);
    const [cT, iT, xT] = splitScan(tangents, p);
    const cNz = cT.map((t) => t !== null);
    const xNz = xT.map((t) => t !== null);
    const carryNz = fixedPoint(iT.map((t) => t !== null), (mask) => jvpJaxpr(p.body, [...cNz, ...mask, ...xNz], []).outNonzero.slice(0, p.numCarry));
    const { jaxpr: bodyJvp, outNonzero } = jvpJaxpr(p.body, [...cNz, ...carryNz, ...xNz], carryNz);
    const ysNz = outNonzero.slice(p.numCarry);
    const nc = consts.length;
    const nCarry = p.numCarry;
    const nx = xs.length;
    const nY = p.body.outAvals.length - nCarry;
    // 1. Primal scan that also stacks the carry entering each step (residuals for the tangent scan).
    const primalBody = wrapJaxpr(p.body.inAvals, (...a) => {
      const carryIn = a.slice(nc, nc + nCarry);
      return [...callJaxpr(p.body, a), ...carryIn];
    }, "scan_residuals");
    const pOut = bind(scan, primals, { ...p, body: primalBody });
    const carryOut = pOut.slice(0, nCarry);
    const ysOut = pOut.slice(nCarry, nCarry + nY);
    const carries = pOut.slice(nCarry + nY);
    if (!carryNz.some(Boolean) && !ysNz.some(Boolean)) return [[...carryOut, ...ysOut], [...carryOut, ...ysOut].map(() => null)];
    // 2. Tangent scan, linear in its carry: consts [c, cT], carry [carryT], xs [x, carries, xT].
    const cTs = cT.filter((t) => t !== null) as Array[];
    const xTs = xT.filter((t) => t !== null) as Array[];
    const nCT = cTs.length;
    const nXT = xTs.length;
    const nT = carryNz.filter(Boolean).length;
    const jIn = bodyJvp.inAvals;
    const cAv = jIn.slice(0, nc);
    const carryAv = jIn.slice(nc, nc + nCarry);
    const xAv = jIn.slice(nc + nCarry, nc + nCarry + nx);
    const tanAv = jIn.slice(nc + nCarry + nx);
    const cTAv = tanAv.slice(0, nCT);
    const carryTAv = tanAv.slice(nCT, nCT + nT);
    const xTAv = tanAv.slice(nCT + nT);
    const tanBody = wrapJaxpr([...cAv, ...cTAv, ...carryTAv, ...xAv, ...carryAv, ...xTAv], (...a) => {
      let o = 0;
      const take = (n: number) => a.slice(o, (o += n));
      const [c, ct, cyt, x, cy, xt] = [take(nc), take(nCT), take(nT), take(nx), take(nCarry), take(nXT)];
      const out = callJaxpr(bodyJvp, [...c, ...cy, ...x, ...ct, ...cyt, ...xt]);
      const tOut = out.slice(nCarry + nY);
      return [...tOut.slice(0, nT), ...tOut.slice(nT)];
    }, "scan_jvp");
    const tOut = bind(scan, [...consts, ...cTs, ...instantiateZeros(iT, init).filter((_, i) => carryNz[i]), ...xs, ...carries, ...xTs], {
      body: tanBody,
      length: p.length,
      reverse: p.reverse,
      numConsts: nc + nCT,
      numCarry: nT,
    });
    let k = 0;
    const carryTan = carryNz.map((nz) => (nz ? tOut[k++]! : null));
    const ysTan = ysNz.map((nz) => (nz ? tOut[k++]! : null));
    return [[...carryOut, ...ysOut], [...carryTan, ...ysTan]];
  },
  transpose(cts, inputs, p) {
    // The carry is linear (a known initial carry is an instantiated zero tangent, as in JAX).
    const [consts, init, xs] = splitScan(inputs, p);
    const cLin = consts.map((c) => c instanceof UndefinedPrimal);
    const xLin = xs.map((x) => x instanceof UndefinedPrimal);
    const ck = consts.filter((c): c is Array => !(c instanceof UndefinedPrimal));
    const xk = xs.filter((x): x is Array => !(x instanceof UndefinedPrimal));
    const nCarry = p.numCarry;
    const bodyAv = p.body.inAvals;
    const nc = consts.length;
    const cLinAv = bodyAv.slice(0, nc).filter((_, i) => cLin[i]);
    const carryAv = bodyAv.slice(nc, nc + nCarry);
    const xAv = bodyAv.slice(nc + nCarry);
    const xkAv = xAv.filter((_, i) => !xLin[i]);
    const outAv = p.body.outAvals;
    const yAv = outAv.slice(nCarry);
    // body transposed: [ck, xk, ct_carry, ct_y] -> [ct_cLin, ct_carryPrev, ct_xLin]
    const bodyT = transposeJaxpr(p.body, [...cLin, ...carryAv.map(() => true), ...xLin]);
    const ckAv = bodyAv.slice(0, nc).filter((_, i) => !cLin[i]);
    const nCk = ckAv.length;
    const nCl = cLinAv.length;
    const revBody = wrapJaxpr([...ckAv, ...cLinAv, ...carryAv, ...xkAv, ...yAv], (...a) => {
      let o = 0;
      const take = (n: number) => a.slice(o, (o += n));
      const [ckv, acc, ctCarry, xkv, ctY] = [take(nCk), take(nCl), take(nCarry), take(xkAv.length), take(yAv.length)];
      const res = callJaxpr(bodyT, [...ckv, ...xkv, ...ctCarry, ...ctY]);
      const ctC = res.slice(0, nCl);
      const ctCarryPrev = res.slice(nCl, nCl + nCarry);
      const ctX = res.slice(nCl + nCarry);
      return [...acc.map((a0, i) => bind1(binaryPrims.add, [a0, ctC[i]!], {})), ...ctCarryPrev, ...ctX];
    }, "scan_transpose");
    const ctCarry = instantiateZeros(cts.slice(0, nCarry), outAv.slice(0, nCarry));
    const ctYs = instantiateZeros(cts.slice(nCarry), yAv.map((a) => aval([p.length, ...a.shape], a.dtype)));
    const accInit = cLinAv.map((a) => zerosOfAval(a));
    const out = bind(scan, [...ck, ...accInit, ...ctCarry, ...xk, ...ctYs], {
      body: revBody,
      length: p.length,
      reverse: !p.reverse,
      numConsts: nCk,
      numCarry: nCl + nCarry,
    });
    const ctCl = out.slice(0, nCl);
    const ctInit = out.slice(nCl, nCl + nCarry);
    const ctXl = out.slice(nCl + nCarry);
    let a = 0;
    let b = 0;
    return [
      ...cLin.map((l) => (l ? ctCl[a++]! : null)),
      ...init.map((x, i) => (x instanceof UndefinedPrimal ? ctInit[i]! : null)),
      ...xLin.map((l) => (l ? ctXl[b++]! : null)),
    ];
  },
  batch(args, dims, p) {
    const B = batchSize(args, dims);
    const [cD, iD, xD] = splitScan(dims, p);
    const [consts, init, xs] = splitScan(args, p);
    // xs are sliced along axis 0: put their batch axis at 1 (per-step axis 0).
    const xsB = xs.map((x, i) => (xD[i] === null ? x : moveBatchAxis(x, xD[i]!, 1, B)));
    const xStepDims = xD.map((d) => (d === null ? null : 0));
    const nY = p.body.outAvals.length - p.numCarry;
    const carryB = fixedPoint(iD.map((d) => d !== null), (mask) =>
      vmapJaxpr(p.body, B, [...cD, ...mask.map((m) => (m ? 0 : null)), ...xStepDims], range(p.numCarry + nY).map(() => "any")).outDims.slice(0, p.numCarry).map((d) => d !== null),
    );
    const carryDims = carryB.map((m) => (m ? 0 : null));
    const probe = vmapJaxpr(p.body, B, [...cD, ...carryDims, ...xStepDims], [...carryDims, ...range(nY).map(() => "any" as const)]);
    const yDims = probe.outDims.slice(p.numCarry).map((d) => (d === null ? null : 0));
    const { jaxpr } = vmapJaxpr(p.body, B, [...cD, ...carryDims, ...xStepDims], [...carryDims, ...yDims]);
    const carry = init.map((x, i) => (carryB[i] ? moveBatchAxis(x, iD[i] ?? null, 0, B) : x));
    const out = bind(scan, [...consts, ...carry, ...xsB], { ...p, body: jaxpr });
    return [out, [...carryDims, ...yDims.map((d) => (d === null ? null : 1))]];
  },
});

function zerosOfAval(a: ShapedArray): Array {
  return full(a, 0);
}
