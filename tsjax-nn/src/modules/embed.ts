/** `Embed`: a table of learned vectors looked up by integer ids. */
import { type Array, nn, np } from "tsjax-core";
import type { Initializer } from "../base/initializer.js";
import { Module } from "../base/module.js";
import { getParameter } from "../base/params.js";
import { TruncatedNormal } from "../initializers/random.js";
import { checkOptions, fmtShape } from "../util.js";

/** How `Embed` looks ids up: indexing (default) or a one-hot matrix product. */
export type EmbedLookupStyle = "ARRAY_INDEX" | "ONE_HOT";

/** Options of `Embed`. */
export interface EmbedOptions {
  vocabSize?: number;
  embedDim?: number;
  /** The initial table `[vocabSize, embedDim]` (sets both sizes). */
  embeddingMatrix?: Array;
  /** Initializer of `embeddings` (default truncated normal, stddev 1). */
  wInit?: Initializer;
  lookupStyle?: EmbedLookupStyle;
  name?: string;
}

/**
 * An embedding table `embeddings` `[vocabSize, embedDim]`; `call(ids)` returns
 * `embeddings[ids]` (`[...ids.shape, embedDim]`).
 *
 * @example
 * const emb = new Embed({ vocabSize: 30, embedDim: 64 });
 * const vectors = emb.call(tokens);            // tokens: int32 [B, T] -> [B, T, 64]
 * const logits = vectors.matmul(emb.embeddings.T); // tied output weights
 */
export class Embed extends Module {
  static override readonly defaultName: string = "embed";
  readonly vocabSize: number;
  readonly embedDim: number;
  readonly wInit: Initializer;
  readonly lookupStyle: EmbedLookupStyle;

  constructor(opts: EmbedOptions) {
    super(opts.name);
    checkOptions("Embed", opts, ["vocabSize", "embedDim", "embeddingMatrix", "wInit", "lookupStyle", "name"]);
    let { vocabSize, embedDim, wInit } = opts;
    const m = opts.embeddingMatrix;
    if (!m && !(vocabSize && embedDim)) throw new TypeError("Embed: give either embeddingMatrix or both vocabSize and embedDim.");
    if (m) {
      if (m.ndim !== 2) throw new TypeError(`Embed: embeddingMatrix must be 2-D [vocabSize, embedDim], got ${fmtShape(m.shape)}.`);
      if (vocabSize && m.shape[0] !== vocabSize) throw new TypeError(`Embed: vocabSize ${vocabSize} does not match embeddingMatrix ${fmtShape(m.shape)}.`);
      if (embedDim && m.shape[1] !== embedDim) throw new TypeError(`Embed: embedDim ${embedDim} does not match embeddingMatrix ${fmtShape(m.shape)}.`);
      wInit = () => m;
      vocabSize = m.shape[0]!;
      embedDim = m.shape[1]!;
    }
    this.vocabSize = vocabSize!;
    this.embedDim = embedDim!;
    this.wInit = wInit ?? new TruncatedNormal();
    this.lookupStyle = opts.lookupStyle ?? "ARRAY_INDEX";
    if (this.lookupStyle !== "ARRAY_INDEX" && this.lookupStyle !== "ONE_HOT") throw new TypeError(`Embed: lookupStyle must be "ARRAY_INDEX" or "ONE_HOT", got "${this.lookupStyle}".`);
  }

  /** The embedding table. */
  get embeddings(): Array {
    return getParameter("embeddings", [this.vocabSize, this.embedDim], "float32", this.wInit);
  }

  /** The vectors of `ids` (an integer array). */
  call(ids: Array, opts: { lookupStyle?: EmbedLookupStyle } = {}): Array {
    const op = `Embed '${this.moduleName}'`;
    checkOptions(op, opts, ["lookupStyle"]);
    if (ids.dtype !== "int32" && ids.dtype !== "uint32") {
      throw new TypeError(`${op}: ids must be an integer array (int32), got ${ids.dtype}. Convert with ids.astype("int32").`);
    }
    const style = opts.lookupStyle ?? this.lookupStyle;
    if (style === "ONE_HOT") return np.dot(nn.oneHot(ids, this.vocabSize), this.embeddings);
    return np.take(this.embeddings, ids, 0, { mode: "clip" });
  }
}
