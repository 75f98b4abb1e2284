/** `MultiHeadAttention`, with haiku's `query`/`key`/`value`/`linear` projections. */
import { type Array, nn, np } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module, transparent } from "../base/module.js";
import { VarianceScaling } from "../initializers/variance-scaling.js";
import { checkOptions, fmtShape } from "../util.js";
import { Linear } from "./linear.js";

/** Options of `MultiHeadAttention`. */
export interface MultiHeadAttentionOptions {
  /** Weight initializer of the four projections (required unless `wInitScale` is given). */
  wInit?: Initializer;
  /** Deprecated in haiku: `wInit = new VarianceScaling(wInitScale)`. */
  wInitScale?: number;
  withBias?: boolean;
  bInit?: Initializer;
  /** Size of each head's values (default `keySize`). */
  valueSize?: number;
  /** Output size (default `keySize * numHeads`). */
  modelSize?: number;
  name?: string;
}

/**
 * Multi-head attention: queries, keys and values are projected by `Linear`s named `query`,
 * `key` and `value` into `numHeads` heads, each head attends with `softmax(q k^T / sqrt(keySize))`
 * (positions where `mask` is false get `-1e30`), and the heads are concatenated and projected
 * by `linear` to `modelSize`.
 *
 * @example
 * const attn = new MultiHeadAttention(4, 16, { wInit: new VarianceScaling(1) });
 * const causal = np.tril(np.ones([T, T], { dtype: "bool" })).reshape(1, 1, T, T);
 * const y = attn.call(x, x, x, causal); // x: [B, T, D] -> [B, T, 64]
 */
export class MultiHeadAttention extends Module {
  static override readonly defaultName: string = "multi_head_attention";
  readonly valueSize: number;
  readonly modelSize: number;
  readonly wInit: Initializer;
  readonly withBias: boolean;
  readonly bInit: Initializer | undefined;

  constructor(readonly numHeads: number, readonly keySize: number, opts: MultiHeadAttentionOptions = {}) {
    super(opts.name);
    checkOptions("MultiHeadAttention", opts, ["wInit", "wInitScale", "withBias", "bInit", "valueSize", "modelSize", "name"]);
    if (opts.wInit && opts.wInitScale !== undefined) throw new TypeError("MultiHeadAttention: give wInit or wInitScale, not both.");
    if (!opts.wInit && opts.wInitScale === undefined) {
      throw new TypeError("MultiHeadAttention: give a weight initializer, e.g. { wInit: new VarianceScaling(1) } (haiku makes it mandatory).");
    }
    this.wInit = opts.wInit ?? new VarianceScaling(opts.wInitScale);
    this.valueSize = opts.valueSize ?? keySize;
    this.modelSize = opts.modelSize ?? keySize * numHeads;
    this.withBias = opts.withBias ?? true;
    this.bInit = opts.bInit;
  }

  /** Attention of `query` `[..., T, Dq]` over `key`/`value` `[..., T', D]`; `mask` broadcasts to `[..., heads, T, T']`. */
  call(query: Array, key: Array, value: Array, mask?: Array | null): Array {
    const op = `MultiHeadAttention '${this.moduleName}'`;
    const lead = query.shape.slice(0, -2);
    const t = query.shape.at(-2)!;
    const q = this.project(query, this.keySize, "query"); // [..., T, H, K]
    const k = this.project(key, this.keySize, "key");
    const v = this.project(value, this.valueSize, "value");
    const nd = q.ndim;
    // [..., H, T, K] @ [..., H, K, T'] -> [..., H, T, T']
    const qh = np.moveaxis(q, nd - 2, nd - 3);
    const kh = np.moveaxis(k, nd - 3, nd - 1);
    let logits = qh.matmul(kh).div(Math.sqrt(this.keySize));
    if (mask !== undefined && mask !== null) {
      if (mask.ndim !== logits.ndim) {
        throw new TypeError(`${op}: the mask has ${mask.ndim} axes ${fmtShape(mask.shape)}; it must have ${logits.ndim} like the logits ${fmtShape(logits.shape)} ([..., heads, T, T']).`);
      }
      logits = np.where(mask, logits, -1e30);
    }
    const weights = nn.softmax(logits);
    const attn = weights.matmul(np.moveaxis(v, nd - 2, nd - 3)); // [..., H, T, V]
    const merged = np.moveaxis(attn, nd - 3, nd - 2).reshape([...lead, t, -1]);
    return new Linear(this.modelSize, { wInit: this.wInit, withBias: this.withBias, bInit: this.bInit }).call(merged);
  }

  /** `Linear(numHeads * headSize, name)` reshaped to `[..., T, heads, headSize]` (in the caller's scope). */
  project(x: Array, headSize: number, name: string): Array {
    const y = new Linear(this.numHeads * headSize, { wInit: this.wInit, withBias: this.withBias, bInit: this.bInit, name }).call(x);
    return y.reshape([...x.shape.slice(0, -1), this.numHeads, headSize]);
  }
}

// The projections are named as if created in `call` (haiku's `@hk.transparent`).
transparent(MultiHeadAttention.prototype.project);
