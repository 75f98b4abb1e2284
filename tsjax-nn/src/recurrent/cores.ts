/** The recurrent cores: `VanillaRNN`, `LSTM`, `GRU`, `IdentityCore`, `DeepRNN`. */
import { type Array, nn, np, tree } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { getParameter } from "../base/params.js";
import { zeros } from "../initializers/constant.js";
import { VarianceScaling } from "../initializers/variance-scaling.js";
import { Linear } from "../modules/linear.js";
import { checkOptions } from "../util.js";
import { RNNCore, addBatch } from "./rnn-core.js";

/**
 * A fully connected RNN: `h = relu(Linear(x) + Linear(h_prev))`; the output is `h`.
 *
 * @example
 * const core = new VanillaRNN(32);
 * const [out, h] = core.call(x, core.initialState(8));
 */
export class VanillaRNN extends RNNCore<Array> {
  static override readonly defaultName: string = "vanilla_rnn";
  readonly doubleBias: boolean;

  constructor(readonly hiddenSize: number, opts: { doubleBias?: boolean; name?: string } = {}) {
    super(opts.name);
    checkOptions("VanillaRNN", opts, ["doubleBias", "name"]);
    this.doubleBias = opts.doubleBias ?? true;
  }

  call(inputs: Array, prevState: Array): [Array, Array] {
    const inputToHidden = new Linear(this.hiddenSize);
    const hiddenToHidden = new Linear(this.hiddenSize, { withBias: this.doubleBias });
    const out = nn.relu(inputToHidden.call(inputs).add(hiddenToHidden.call(prevState)));
    return [out, out];
  }

  initialState(batchSize: number | null): Array {
    return addBatch(np.zeros([this.hiddenSize]), batchSize);
  }
}

/** An LSTM's state: hidden output and cell. */
export interface LSTMState {
  hidden: Array;
  cell: Array;
}

/**
 * A long short-term memory core with haiku's gate order (input, cell candidate, forget,
 * output) from one `Linear` over `[x, h]`, and a forget-gate bias of 1.
 *
 * @example
 * const lstm = new LSTM(64);
 * const [outs, last] = dynamicUnroll(lstm, xs, lstm.initialState(8));
 */
export class LSTM extends RNNCore<LSTMState> {
  static override readonly defaultName: string = "lstm";

  constructor(readonly hiddenSize: number, opts: { name?: string } = {}) {
    super(opts.name);
    checkOptions("LSTM", opts, ["name"]);
  }

  call(inputs: Array, prevState: LSTMState): [Array, LSTMState] {
    if (inputs.ndim === 0 || inputs.ndim > 2) throw new TypeError(`LSTM '${this.moduleName}': the input must have rank 1 or 2, got [${inputs.shape.join(", ")}].`);
    const xAndH = np.concatenate([inputs, prevState.hidden], -1);
    const gated = new Linear(4 * this.hiddenSize).call(xAndH);
    const [i, g, f, o] = np.split(gated, 4, -1) as [Array, Array, Array, Array];
    const forget = nn.sigmoid(f.add(1));
    const c = forget.mul(prevState.cell).add(nn.sigmoid(i).mul(g.tanh()));
    const h = nn.sigmoid(o).mul(c.tanh());
    return [h, { hidden: h, cell: c }];
  }

  initialState(batchSize: number | null): LSTMState {
    return addBatch({ hidden: np.zeros([this.hiddenSize]), cell: np.zeros([this.hiddenSize]) }, batchSize);
  }
}

/** Options of `GRU`. */
export interface GRUOptions {
  wIInit?: Initializer;
  wHInit?: Initializer;
  bInit?: Initializer;
  name?: string;
}

/**
 * A gated recurrent unit with parameters `w_i` `[in, 3h]`, `w_h` `[h, 3h]` and `b` `[3h]`
 * (update and reset gates, then the candidate).
 *
 * @example
 * const gru = new GRU(64);
 * const [out, h] = gru.call(x, gru.initialState(8));
 */
export class GRU extends RNNCore<Array> {
  static override readonly defaultName: string = "gru";
  readonly wIInit: Initializer;
  readonly wHInit: Initializer;
  readonly bInit: Initializer;

  constructor(readonly hiddenSize: number, opts: GRUOptions = {}) {
    super(opts.name);
    checkOptions("GRU", opts, ["wIInit", "wHInit", "bInit", "name"]);
    this.wIInit = opts.wIInit ?? new VarianceScaling();
    this.wHInit = opts.wHInit ?? new VarianceScaling();
    this.bInit = opts.bInit ?? zeros;
  }

  call(inputs: Array, state: Array): [Array, Array] {
    if (inputs.ndim !== 1 && inputs.ndim !== 2) throw new TypeError(`GRU '${this.moduleName}': the input must have rank 1 or 2, got [${inputs.shape.join(", ")}].`);
    const h = this.hiddenSize;
    const wI = getParameter("w_i", [inputs.shape.at(-1)!, 3 * h], inputs.dtype, this.wIInit);
    const wH = getParameter("w_h", [h, 3 * h], inputs.dtype, this.wHInit);
    const b = getParameter("b", [3 * h], inputs.dtype, this.bInit);
    const [wHZ, wHA] = np.split(wH, [2 * h], 1) as [Array, Array];
    const [bZ, bA] = np.split(b, [2 * h], 0) as [Array, Array];
    const gatesX = inputs.matmul(wI);
    const [zrX, aX] = np.split(gatesX, [2 * h], -1) as [Array, Array];
    const zrH = state.matmul(wHZ);
    const zr = zrX.add(zrH).add(bZ);
    const [z, r] = np.split(nn.sigmoid(zr), 2, -1) as [Array, Array];
    const aH = r.mul(state).matmul(wHA);
    const a = aX.add(aH).add(bA).tanh();
    const next = z.neg().add(1).mul(state).add(z.mul(a));
    return [next, next];
  }

  initialState(batchSize: number | null): Array {
    return addBatch(np.zeros([this.hiddenSize]), batchSize);
  }
}

/**
 * A core that returns its input and carries an empty state.
 *
 * @example
 * new DeepRNN([new IdentityCore(), new LSTM(8)]);
 */
export class IdentityCore extends RNNCore<[], unknown, unknown> {
  static override readonly defaultName: string = "identity_core";

  call(inputs: unknown, state: []): [unknown, []] {
    return [inputs, state];
  }

  initialState(): [] {
    return [];
  }
}

/** A layer of a `DeepRNN`: a core, or a function/module applied to the output. */
export type DeepRNNLayer = RNNCore<any, any, any> | ((x: any) => any) | { call(x: any): any };

/**
 * Stacks cores (and plain layers between them) into one core; its state is the list of the
 * cores' states. With `skipConnections` every core also sees the original input, and the output
 * concatenates all cores' outputs.
 *
 * @example
 * const deep = new DeepRNN([new LSTM(32), nn.relu, new LSTM(32)]);
 * const [out, states] = deep.call(x, deep.initialState(8));
 */
export class DeepRNN extends RNNCore<unknown[], any, any> {
  static override readonly defaultName: string = "deep_rnn";
  readonly layers: readonly DeepRNNLayer[];
  readonly skipConnections: boolean;

  constructor(layers: readonly DeepRNNLayer[], opts: { skipConnections?: boolean; name?: string } = {}) {
    super(opts.name);
    checkOptions("DeepRNN", opts, ["skipConnections", "name"]);
    this.layers = [...layers];
    this.skipConnections = opts.skipConnections ?? false;
    if (this.skipConnections && !this.layers.every((l) => l instanceof RNNCore)) {
      throw new TypeError("DeepRNN: skipConnections needs every layer to be an RNNCore.");
    }
  }

  call(inputs: any, state: unknown[]): [any, unknown[]] {
    let current = inputs;
    const nextStates: unknown[] = [];
    const outputs: unknown[] = [];
    let k = 0;
    this.layers.forEach((layer, idx) => {
      if (this.skipConnections && idx > 0) current = tree.map((x: Array, c: Array) => np.concatenate([x, c], -1), inputs, current);
      if (layer instanceof RNNCore) {
        const [out, next] = layer.call(current, state[k++]);
        current = out;
        outputs.push(out);
        nextStates.push(next);
      } else {
        current = typeof layer === "function" ? layer(current) : layer.call(current);
      }
    });
    const out = this.skipConnections ? tree.map((...xs: Array[]) => np.concatenate(xs, -1), outputs[0], ...outputs.slice(1)) : current;
    return [out, nextStates];
  }

  initialState(batchSize: number | null): unknown[] {
    return this.layers.filter((l): l is RNNCore<any, any, any> => l instanceof RNNCore).map((l) => l.initialState(batchSize));
  }
}

/**
 * A `DeepRNN` with skip connections (haiku's `deep_rnn_with_skip_connections`).
 *
 * @example
 * const core = deepRnnWithSkipConnections([new LSTM(16), new LSTM(16)]);
 */
export function deepRnnWithSkipConnections(layers: readonly RNNCore<any, any, any>[], opts: { name?: string } = {}): DeepRNN {
  return new DeepRNN(layers, { skipConnections: true, ...opts });
}
