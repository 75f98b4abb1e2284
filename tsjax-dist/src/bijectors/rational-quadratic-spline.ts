/** Monotonic rational-quadratic splines (distrax's `RationalQuadraticSpline`). */
import { type Array, type DType, nn, np } from "tsjax-core";
import { type Numeric, asFloat, checkOptions, fmtShape } from "../utils/args.js";
import { Bijector } from "./bijector.js";

/** The slopes at the range's ends: free, fixed to 1 at one or both ends, or equal (circular). */
export type BoundarySlopes = "unconstrained" | "lower_identity" | "upper_identity" | "identity" | "circular";

/** Options of `RationalQuadraticSpline`. */
export interface RationalQuadraticSplineOptions {
  /** The lower end of the spline's range (outside it, the map is linear). */
  rangeMin: number;
  /** The upper end of the spline's range. */
  rangeMax: number;
  /** Boundary conditions on the slopes (default "unconstrained"). */
  boundarySlopes?: BoundarySlopes;
  /** The smallest bin width and height (default 1e-4). */
  minBinSize?: number;
  /** The smallest slope at a knot (default 1e-4). */
  minKnotSlope?: number;
}

const BOUNDARY = ["unconstrained", "lower_identity", "upper_identity", "identity", "circular"];

/** Bin sizes from unnormalized ones: a softmax scaled to `total`, each at least `minSize`. */
function binSizes(raw: Array, total: number, minSize: number): Array {
  const k = raw.shape[raw.ndim - 1]!;
  return nn.softmax(raw, -1).mul(total - k * minSize).add(minSize);
}

/** Knot slopes from unnormalized ones: `softplus(raw + offset) + min`, so raw 0 gives slope 1. */
function knotSlopes(raw: Array, minSlope: number): Array {
  const offset = Math.log(Math.expm1(1 - minSlope));
  return nn.softplus(raw.add(offset)).add(minSlope);
}

/** Bin boundaries `[lo, lo + cumsum(sizes[:-1]), hi]`. */
function positions(sizes: Array, lo: number, hi: number): Array {
  const inner = np.cumsum(sizes.get("...", ":-1"), -1).add(lo);
  const pad = (v: number) => np.full([...sizes.shape.slice(0, -1), 1], v, { dtype: sizes.dtype });
  return np.concatenate([pad(lo), inner, pad(hi)], -1);
}

interface BinParams {
  x0: Array;
  x1: Array;
  y0: Array;
  y1: Array;
  d0: Array;
  d1: Array;
}

/**
 * The parameters of the bin holding `v` along knot positions `pos` (`[..., K + 1]`), selected
 * with a mask (no gather; the first bin when `v` is outside the range, as distrax).
 */
function binOf(v: Array, pos: Array, xPos: Array, yPos: Array, slopes: Array): BinParams {
  const ve = v.expandDims(-1);
  let inBin = np.logicalAnd(ve.ge(pos.get("...", ":-1")), ve.lt(pos.get("...", "1:")));
  const k = inBin.shape[inBin.ndim - 1]!;
  const first = np.arange(k).eq(0);
  inBin = np.where(np.any(inBin, -1, { keepdims: true }), inBin, first);
  const m = inBin.astype(xPos.dtype);
  const pick = (p: Array, part: string) => m.mul(p.get("...", part)).sum(-1);
  return { x0: pick(xPos, ":-1"), x1: pick(xPos, "1:"), y0: pick(yPos, ":-1"), y1: pick(yPos, "1:"), d0: pick(slopes, ":-1"), d1: pick(slopes, "1:") };
}

/** `log` of the spline's derivative at relative position `z` in a bin. */
function logDerivative(b: BinParams, s: Array, z: Array): Array {
  const sqZ = z.mul(z);
  const z1mz = z.sub(sqZ);
  const sq1mz = np.square(np.subtract(1, z));
  const denominator = s.add(b.d1.add(b.d0).sub(s.mul(2)).mul(z1mz));
  return np
    .log(s)
    .mul(2)
    .add(np.log(b.d1.mul(sqZ).add(s.mul(2).mul(z1mz)).add(b.d0.mul(sq1mz))))
    .sub(np.log(denominator).mul(2));
}

/** A root of `a z^2 + b z + c` chosen for stability (Durkan et al. 2019, eq. 29). */
function safeQuadraticRoot(a: Array, b: Array, c: Array): Array {
  const disc = np.square(b).sub(a.mul(c).mul(4));
  const root = np.where(disc.gt(0), np.sqrt(np.maximum(disc, 1.1754943508222875e-38)), 0);
  const bPos = b.ge(0);
  const num = np.where(bPos, c.mul(2), b.neg().add(root));
  const den = np.where(bPos, b.neg().sub(root), a.mul(2));
  return num.div(den);
}

/**
 * The spline's `[value, logDet]` inside `[lo, hi]`, and the linear map of the nearest end
 * (`tail(true)` below `lo`, `tail(false)` above `hi`) outside.
 */
function linearTails(v: Array, lo: Array, hi: Array, inside: [Array, Array], tail: (below: boolean) => [Array, Array]): [Array, Array] {
  const [below, above] = [v.le(lo), v.ge(hi)];
  const [bv, bl] = tail(true);
  const [av, al] = tail(false);
  return [np.where(above, av, np.where(below, bv, inside[0])), np.where(above, al, np.where(below, bl, inside[1]))];
}

/**
 * A monotonic rational-quadratic spline on `[rangeMin, rangeMax]` with `K` bins (Durkan et al.,
 * Neural Spline Flows, 2019), linear outside the range with the slope of the nearest end.
 * `params` has shape `[..., 3K + 1]` (unconstrained: K widths, K heights, K + 1 knot slopes) and
 * broadcasts with the input, so one bijector can hold a different spline per element. All-zero
 * parameters give the identity. Elementwise (event rank 0); the inverse solves a quadratic.
 *
 * @example
 * const spline = new RationalQuadraticSpline(params, { rangeMin: -3, rangeMax: 3 });
 * const [y, logDet] = spline.forwardAndLogDet(x);
 */
export class RationalQuadraticSpline extends Bijector {
  protected readonly _xPos: Array;
  protected readonly _yPos: Array;
  protected readonly _knotSlopes: Array;
  readonly numBins: number;

  constructor(params: Numeric, opts: RationalQuadraticSplineOptions) {
    super({ eventNdimsIn: 0 });
    const cls = "RationalQuadraticSpline";
    checkOptions(cls, opts, ["rangeMin", "rangeMax", "boundarySlopes", "minBinSize", "minKnotSlope"]);
    const { rangeMin, rangeMax, boundarySlopes = "unconstrained", minBinSize = 1e-4, minKnotSlope = 1e-4 } = opts ?? ({} as RationalQuadraticSplineOptions);
    const p = asFloat(cls, "params", params);
    const last = p.shape[p.ndim - 1] ?? 0;
    if (p.ndim < 1 || last % 3 !== 1 || last < 4) {
      throw new RangeError(`${cls}: the last axis of params must have size 3 * numBins + 1 with numBins >= 1, got shape ${fmtShape(p.shape)}.`);
    }
    if (typeof rangeMin !== "number" || typeof rangeMax !== "number" || !(rangeMin < rangeMax)) {
      throw new RangeError(`${cls}: rangeMin must be a number less than rangeMax, got rangeMin ${rangeMin} and rangeMax ${rangeMax}.`);
    }
    if (!(minBinSize > 0)) throw new RangeError(`${cls}: minBinSize must be positive, got ${minBinSize}.`);
    if (!(minKnotSlope > 0 && minKnotSlope < 1)) throw new RangeError(`${cls}: minKnotSlope must be in (0, 1), got ${minKnotSlope}.`);
    if (!BOUNDARY.includes(boundarySlopes)) throw new RangeError(`${cls}: unknown boundarySlopes "${boundarySlopes}"; use one of ${BOUNDARY.join(", ")}.`);
    const k = (last - 1) / 3;
    const range = rangeMax - rangeMin;
    if (k * minBinSize > range) {
      throw new RangeError(`${cls}: ${k} bins of at least minBinSize ${minBinSize} do not fit in the range of size ${range}.`);
    }
    this.numBins = k;
    this._xPos = positions(binSizes(p.get("...", `:${k}`), range, minBinSize), rangeMin, rangeMax);
    this._yPos = positions(binSizes(p.get("...", `${k}:${2 * k}`), range, minBinSize), rangeMin, rangeMax);
    const slopes = knotSlopes(p.get("...", `${2 * k}:`), minKnotSlope);
    const ones = np.ones([...p.shape.slice(0, -1), 1], { dtype: p.dtype });
    const mid = (a: string) => slopes.get("...", a);
    this._knotSlopes =
      boundarySlopes === "lower_identity" ? np.concatenate([ones, mid("1:")], -1)
      : boundarySlopes === "upper_identity" ? np.concatenate([mid(":-1"), ones], -1)
      : boundarySlopes === "identity" ? np.concatenate([ones, mid("1:-1"), ones], -1)
      : boundarySlopes === "circular" ? np.concatenate([mid(":-1"), mid(":1")], -1)
      : slopes;
  }

  /** Knot positions on the x axis, shape `[..., K + 1]`. */
  get xPos(): Array {
    return this._xPos;
  }

  /** Knot positions on the y axis, shape `[..., K + 1]`. */
  get yPos(): Array {
    return this._yPos;
  }

  /** Slopes at the knots, shape `[..., K + 1]`. */
  get knotSlopes(): Array {
    return this._knotSlopes;
  }

  get dtype(): DType {
    return this._xPos.dtype;
  }

  private ends(): { xLo: Array; xHi: Array; yLo: Array; yHi: Array; dLo: Array; dHi: Array } {
    const at = (p: Array, i: number) => p.get("...", i);
    return { xLo: at(this._xPos, 0), xHi: at(this._xPos, -1), yLo: at(this._yPos, 0), yHi: at(this._yPos, -1), dLo: at(this._knotSlopes, 0), dHi: at(this._knotSlopes, -1) };
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    const b = binOf(x, this._xPos, this._xPos, this._yPos, this._knotSlopes);
    const w = b.x1.sub(b.x0);
    const h = b.y1.sub(b.y0);
    const s = h.div(w);
    const z = np.clip(x.sub(b.x0).div(w), 0, 1);
    const sqZ = z.mul(z);
    const z1mz = z.sub(sqZ);
    const numerator = h.mul(s.mul(sqZ).add(b.d0.mul(z1mz)));
    const denominator = s.add(b.d1.add(b.d0).sub(s.mul(2)).mul(z1mz));
    const e = this.ends();
    return linearTails(x, e.xLo, e.xHi, [b.y0.add(numerator.div(denominator)), logDerivative(b, s, z)], (lo) =>
      lo ? [x.sub(e.xLo).mul(e.dLo).add(e.yLo), np.log(e.dLo)] : [x.sub(e.xHi).mul(e.dHi).add(e.yHi), np.log(e.dHi)],
    );
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    const b = binOf(y, this._yPos, this._xPos, this._yPos, this._knotSlopes);
    const w = b.x1.sub(b.x0);
    const h = b.y1.sub(b.y0);
    const s = h.div(w);
    const t = np.clip(y.sub(b.y0).div(h), 0, 1);
    const slopesTerm = b.d1.add(b.d0).sub(s.mul(2));
    const c = s.neg().mul(t);
    const bq = b.d0.sub(slopesTerm.mul(t));
    const a = s.sub(bq);
    const z = np.clip(safeQuadraticRoot(a, bq, c), 0, 1);
    const e = this.ends();
    return linearTails(y, e.yLo, e.yHi, [w.mul(z).add(b.x0), logDerivative(b, s, z).neg()], (lo) =>
      lo ? [y.sub(e.yLo).div(e.dLo).add(e.xLo), np.log(e.dLo).neg()] : [y.sub(e.yHi).div(e.dHi).add(e.xHi), np.log(e.dHi).neg()],
    );
  }
}
