/**
 * The shared part of the location-scale families (Normal, Laplace, Logistic, Gumbel): two
 * broadcasting parameters, their batch shape, and indexing. @internal
 */
import type { Array, DType } from "tsjax-core";
import { np } from "tsjax-core";
import { type Numeric, asFloat, broadcastShapes } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { type ValidateOptions, checkValues } from "../utils/validate.js";
import { Distribution } from "./distribution.js";

export abstract class LocScaleDistribution extends Distribution {
  protected readonly _loc: Array;
  protected readonly _scale: Array;

  constructor(loc: Numeric, scale: Numeric, opts: ValidateOptions = {}) {
    super();
    const cls = new.target.name;
    this._loc = asFloat(cls, "loc", loc);
    this._scale = asFloat(cls, "scale", scale);
    broadcastShapes(cls, { loc: this._loc.shape, scale: this._scale.shape });
    if (opts.validateArgs) checkValues(cls, "scale", this._scale, (v) => v > 0, "positive");
  }

  override get eventShape(): number[] {
    return [];
  }

  override get batchShape(): number[] {
    return broadcastShapes(this.name, { loc: this._loc.shape, scale: this._scale.shape });
  }

  override get dtype(): DType {
    return this._loc.dtype === this._scale.dtype ? this._loc.dtype : "float32";
  }

  /** The location, broadcast to the batch shape. */
  get loc(): Array {
    return np.broadcastTo(this._loc, this.batchShape);
  }

  /** The scale, broadcast to the batch shape. */
  get scale(): Array {
    return np.broadcastTo(this._scale, this.batchShape);
  }

  /** The mean (`loc`; Gumbel overrides). */
  override mean(): Array {
    return this.loc;
  }

  /** The median (`loc`; Gumbel overrides). */
  override median(): Array {
    return this.loc;
  }

  /** The mode, `loc` in every location-scale family here. */
  override mode(): Array {
    return this.loc;
  }

  /** `(value - loc) / scale`. */
  protected standardize(value: Array): Array {
    return value.sub(this._loc).div(this._scale);
  }

  /** The output shape of `n` draws: `[n, ...batchShape]`. */
  protected drawShape(n: number): number[] {
    return [n, ...this.batchShape];
  }

  /** `[loc, scale]` indexed along the batch axes. */
  protected indexedParams(index: readonly IndexSpec[]): [Array, Array] {
    const at = batchIndexer(this.name, this.batchShape, index);
    return [at(this._loc), at(this._scale)];
  }
}
