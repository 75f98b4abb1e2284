import { describe, expect, it } from "vitest";
import { type Array, jit, nn, np, random } from "tsjax-core";
import { transform } from "../transform/transform.js";
import { DeepRNN, GRU, IdentityCore, LSTM, type LSTMState, VanillaRNN, deepRnnWithSkipConnections } from "./cores.js";
import { dynamicUnroll, staticUnroll } from "./rnn-core.js";
import { close, rand, shapesOf, treeClose, v } from "../testing/helpers.js";

const sig = (z: number) => 1 / (1 + Math.exp(-z));
/** Row-vector x [n] times matrix w [n, m] plus b. */
const affine = (x: number[], w: number[], b: number[] | null, m: number) =>
  globalThis.Array.from({ length: m }, (_, j) => (b ? b[j]! : 0) + x.reduce((acc, xi, i) => acc + xi * w[i * m + j]!, 0));

describe("LSTM", () => {
  it("haiku's gate order (i, g, f, o) and forget bias +1, by hand", () => {
    const f = transform((x: Array, s: LSTMState) => new LSTM(2).call(x, s));
    const x = rand([1, 3], 1);
    const s0 = { hidden: rand([1, 2], 2), cell: rand([1, 2], 3) };
    const params = f.init(random.key(0), x, s0);
    expect(shapesOf(params)).toEqual({ "lstm/linear": { w: "5x8", b: "8" } });
    const [h, s] = f.apply(params, null, x, s0);
    const gated = affine([...v(x), ...v(s0.hidden)], v(params["lstm/linear"]!.w!), v(params["lstm/linear"]!.b!), 8);
    const [i, g, fg, o] = [0, 1, 2, 3].map((q) => gated.slice(q * 2, q * 2 + 2));
    const c = v(s0.cell).map((cv, j) => sig(fg![j]! + 1) * cv + sig(i![j]!) * Math.tanh(g![j]!));
    const hh = c.map((cv, j) => sig(o![j]!) * Math.tanh(cv));
    close(h, hh, { atol: 1e-5 });
    close(s.cell, c, { atol: 1e-5 });
    close(s.hidden, hh, { atol: 1e-5 });
  });
});

describe("GRU", () => {
  it("update/reset gates and candidate, by hand", () => {
    const f = transform((x: Array, h: Array) => new GRU(2).call(x, h));
    const x = rand([1, 3], 4);
    const h0 = rand([1, 2], 5);
    const params = f.init(random.key(1), x, h0);
    expect(shapesOf(params)).toEqual({ gru: { w_i: "3x6", w_h: "2x6", b: "6" } });
    const p = { wi: v(params.gru!.w_i!), wh: v(params.gru!.w_h!), b: v(params.gru!.b!) };
    const gx = affine(v(x), p.wi, null, 6);
    const hv = v(h0);
    const whCols = (cols: number[]) => hv.map((_, r) => cols.map((cidx) => p.wh[r * 6 + cidx]!)).flat();
    const zrH = affine(hv, whCols([0, 1, 2, 3]), null, 4);
    const zr = [0, 1, 2, 3].map((j) => sig(gx[j]! + zrH[j]! + p.b[j]!));
    const [z, r] = [zr.slice(0, 2), zr.slice(2)];
    const aH = affine(hv.map((hj, j) => r[j]! * hj), whCols([4, 5]), null, 2);
    const a = [0, 1].map((j) => Math.tanh(gx[4 + j]! + aH[j]! + p.b[4 + j]!));
    const next = hv.map((hj, j) => (1 - z[j]!) * hj + z[j]! * a[j]!);
    const [out, state] = f.apply(params, null, x, h0);
    close(out, next, { atol: 1e-5 });
    close(state, next, { atol: 1e-5 });
  });
});

describe("VanillaRNN, IdentityCore, DeepRNN", () => {
  it("VanillaRNN: relu(Linear(x) + Linear(h))", () => {
    const f = transform((x: Array, h: Array) => new VanillaRNN(2).call(x, h));
    const x = rand([1, 3], 6);
    const h0 = rand([1, 2], 7);
    const p = f.init(random.key(0), x, h0);
    expect(shapesOf(p)).toEqual({ "vanilla_rnn/linear": { w: "3x2", b: "2" }, "vanilla_rnn/linear_1": { w: "2x2", b: "2" } });
    const a = affine(v(x), v(p["vanilla_rnn/linear"]!.w!), v(p["vanilla_rnn/linear"]!.b!), 2);
    const b = affine(v(h0), v(p["vanilla_rnn/linear_1"]!.w!), v(p["vanilla_rnn/linear_1"]!.b!), 2);
    close(f.apply(p, null, x, h0)[0], a.map((ai, j) => Math.max(0, ai + b[j]!)), { atol: 1e-6 });
  });

  it("DeepRNN chains cores and functions; skip connections concatenate", () => {
    const f = transform((x: Array) => {
      const deep = new DeepRNN([new LSTM(3), nn.relu, new GRU(2)]);
      const [out, state] = deep.call(x, deep.initialState(4));
      const skip = deepRnnWithSkipConnections([new VanillaRNN(3), new VanillaRNN(2)]);
      const [out2] = skip.call(x, skip.initialState(4));
      return [out.shape, (state as unknown[]).length, out2.shape];
    });
    expect(f.apply(f.init(random.key(0), np.ones([4, 5])), null, np.ones([4, 5]))).toEqual([[4, 2], 2, [4, 5]]);
    const id = transform((x: Array) => new IdentityCore().call(x, [])).apply({}, null, np.ones([2]));
    expect(id[1]).toEqual([]);
  });
});

describe("unrolling", () => {
  const xs = rand([5, 2, 3], 8); // time-major [T, B, D]
  const unroll = (kind: "static" | "dynamic", timeMajor: boolean) =>
    transform((x: Array) => {
      const core = new LSTM(4);
      const s0 = core.initialState(2);
      return (kind === "static" ? staticUnroll : dynamicUnroll)(core, x, s0, { timeMajor });
    });

  it("staticUnroll equals a loop of steps; dynamicUnroll equals staticUnroll", () => {
    const f = unroll("static", true);
    const params = f.init(random.key(0), xs);
    const [outs, last] = f.apply(params, null, xs);
    const step = transform((x: Array, s: LSTMState) => new LSTM(4).call(x, s));
    let s: LSTMState = { hidden: np.zeros([2, 4]), cell: np.zeros([2, 4]) };
    const loop: Array[] = [];
    for (let t = 0; t < 5; t++) {
      const [o, ns] = step.apply(params, null, xs.get(t), s);
      loop.push(o);
      s = ns;
    }
    close(outs, v(np.stack(loop)), { atol: 1e-6 });
    treeClose(last, s, { atol: 1e-6 });
    const g = unroll("dynamic", true);
    const [douts, dlast] = g.apply(params, null, xs);
    close(douts, v(outs), { atol: 1e-5 });
    treeClose(dlast, last, { atol: 1e-5 });
    expect(Object.keys(g.init(random.key(0), xs))).toEqual(["lstm/linear"]);
  });

  it("batch-major equals time-major on swapped axes; returnAllStates; reverse; jit", () => {
    const f = unroll("dynamic", true);
    const params = f.init(random.key(0), xs);
    const [outs] = f.apply(params, null, xs);
    const bm = unroll("dynamic", false);
    const [bouts] = bm.apply(params, null, np.swapaxes(xs, 0, 1));
    close(np.swapaxes(bouts, 0, 1), v(outs), { atol: 1e-5 });
    const all = transform((x: Array) => {
      const core = new LSTM(4);
      return dynamicUnroll(core, x, core.initialState(2), { returnAllStates: true });
    });
    const [, states] = all.apply(params, null, xs);
    expect((states as LSTMState).hidden.shape).toEqual([5, 2, 4]);
    close((states as LSTMState).hidden, v(outs), { atol: 1e-5 });
    const rev = transform((x: Array) => {
      const core = new LSTM(4);
      return dynamicUnroll(core, x, core.initialState(2), { reverse: true })[0];
    });
    const fwdOnFlipped = f.apply(params, null, np.flip(xs, 0))[0];
    close(rev.apply(params, null, xs), v(np.flip(fwdOnFlipped, 0)), { atol: 1e-5 });
    const jitted = jit((p: typeof params, x: Array) => f.apply(p, null, x)[0]);
    close(jitted(params, xs), v(outs), { atol: 1e-5 });
  });
});
