/** The von Mises distribution over angles (distrax's `VonMises`). */
import { type Array, type DType, customJvp, jvp, lax, np, random, special } from "tsjax-core";
import { type Numeric, asFloat, broadcastShapes } from "../utils/args.js";
import { type IndexSpec, batchIndexer } from "../utils/batch-index.js";
import { type ValidateOptions, checkValues } from "../utils/validate.js";
import { registerKL } from "../kl.js";
import { Distribution } from "./distribution.js";

const TWO_PI = 2 * Math.PI;
const LOG_2PI = Math.log(TWO_PI);

/** An angle mapped to `[-pi, pi)`. */
function standardAngle(a: Array): Array {
  return a.sub(np.round(a.div(TWO_PI)).mul(TWO_PI));
}

/** `log I0(c)` for `c >= 0`, from the scaled Bessel function (no overflow). */
function logI0(c: Array): Array {
  return np.log(special.i0e(c)).add(np.abs(c));
}

/** The CDF on `[-pi, pi]` by Hill's series of `numTerms` terms, and its derivative in `c`. */
function cdfSeries(x: Array, c: Array, numTerms = 20): [Array, Array] {
  let rn = np.zerosLike(x);
  let drn = np.zerosLike(x);
  let vn = np.zerosLike(x);
  let dvn = np.zerosLike(x);
  for (let n = numTerms; n > 0; n--) {
    const denominator = np.divide(2 * n, c).add(rn);
    const dDenominator = np.divide(-2 * n, np.square(c)).add(drn);
    rn = np.reciprocal(denominator);
    drn = dDenominator.neg().div(np.square(denominator));
    const multiplier = np.sin(x.mul(n)).div(n).add(vn);
    vn = rn.mul(multiplier);
    dvn = drn.mul(multiplier).add(rn.mul(dvn));
  }
  const cdf = x.div(TWO_PI).add(0.5).add(vn.div(Math.PI));
  const inRange = np.logicalAnd(cdf.ge(0), cdf.le(1));
  return [np.clip(cdf, 0, 1), np.where(inRange, dvn.div(Math.PI), 0)];
}

/** Hill's corrected normal approximation of the CDF (for large `c`). */
function cdfNormalApprox(x: Array, c: Array): Array {
  const z = np.divide(Math.sqrt(2 / Math.PI), special.i0e(c)).mul(np.sin(x.mul(0.5)));
  const z2 = np.square(z);
  const z3 = z2.mul(z);
  const z4 = np.square(z2);
  const c24 = c.mul(24);
  const xi = z.sub(
    z3.div(np.square(c24.sub(z2.mul(2)).sub(16).div(3).sub(z4.add(z2.mul(7 / 4)).add(167 / 2).div(c24.sub(56).sub(z2).add(3))))),
  );
  return special.ndtr(xi);
}

/** The CDF of VonMises(0, c) and its derivative in `c` (x, c broadcast to one shape). */
function cdfAndDc(x: Array, c: Array): [Array, Array] {
  const periods = np.round(x.div(TWO_PI));
  const xr = x.sub(periods.mul(TWO_PI));
  const [cdfS, dS] = cdfSeries(xr, c);
  const [cdfN, dN] = jvp((cc: Array) => cdfNormalApprox(xr, cc), [c], [np.onesLike(c)]);
  const useSeries = c.lt(10.5);
  return [np.where(useSeries, cdfS, cdfN).add(periods), np.where(useSeries, dS, dN)];
}

/** The density of VonMises(0, c) at `x`. */
function density(x: Array, c: Array): Array {
  return np.exp(c.mul(np.cos(x).sub(1))).div(special.i0e(c).mul(TWO_PI));
}

/** The CDF of VonMises(0, c), with its derivatives from the series (more accurate than autodiff). */
const cdfStd = customJvp((x: Array, c: Array): Array => cdfAndDc(x, c)[0]);
cdfStd.defjvp(([x, c], [dx, dc]) => {
  const [cdf, dcdf] = cdfAndDc(x, c);
  let t = np.zerosLike(cdf);
  if (dc) t = t.add(dc.mul(dcdf));
  if (dx) t = t.add(dx.mul(density(x, c)));
  return [cdf, t];
});

function vonMisesCdf(x: Array, c: Array): Array {
  const [xb, cb] = np.broadcastArrays(x, c);
  return cdfStd(xb!, cb!);
}

/** Rejection samples of VonMises(0, c) of `shape` (Best and Fisher's algorithm, as distrax). */
function sampleRaw(key: Array, shape: number[], c: Array, dtype: DType): Array {
  const useExact = c.gt(2e-2);
  const conc = np.where(useExact, c, 1);
  const r = np.sqrt(np.square(conc).mul(4).add(1)).add(1);
  const rho = r.sub(np.sqrt(r.mul(2))).div(conc.mul(2));
  const sExact = np.square(rho).add(1).div(rho.mul(2));
  const s = np.where(useExact, sExact, np.reciprocal(np.clip(c, 1e-7, null)));
  type Carry = [Array, Array, Array, Array, Array];
  const init: Carry = [np.zeros(shape, { dtype: "bool" }), np.zeros(shape, { dtype }), np.zeros(shape, { dtype }), key, np.array(0, { dtype: "int32" })];
  const [, u, w] = lax.whileLoop(
    ([done, , , , count]: Carry) => np.logicalAnd(np.any(np.logicalNot(done)), count.lt(100)),
    ([done, , wIn, k, count]: Carry): Carry => {
      const keys = random.split(k, 3);
      const u = random.uniform(keys.get(0), shape, { dtype, minval: -1, maxval: 1 });
      const z = np.cos(u.mul(Math.PI));
      const w = np.where(done, wIn, s.mul(z).add(1).div(s.add(z)));
      const y = c.mul(s.sub(w));
      const v = random.uniform(keys.get(1), shape, { dtype, minval: 0, maxval: 1 });
      const accept = np.logicalNot(y.mul(np.exp(np.subtract(1, y))).lt(v));
      return [np.logicalOr(accept, done), u, w, keys.get(2), count.add(1)];
    },
    init,
  );
  return np.sign(u).mul(np.arccos(np.clip(w, -1, 1)));
}

/** Reparameterized samples: implicit gradients `-dCDF/dc / density` (Figurnov et al., 2018). */
function sampleStd(key: Array, shape: number[], c: Array, dtype: DType): Array {
  const f = customJvp((cc: Array) => sampleRaw(key, shape, cc, dtype));
  f.defjvp(([cc], [dcc]) => {
    const cl = np.clip(cc, 1e-7, null);
    const samples = sampleRaw(key, shape, cl, dtype);
    const cb = np.broadcastTo(cl, shape);
    const [, dcdf] = cdfAndDc(samples, cb);
    const invProb = np.reciprocal(density(samples, cb));
    return [samples, np.broadcastTo(dcc, shape).mul(invProb.neg().mul(dcdf))];
  });
  return f(c);
}

/**
 * The von Mises distribution over angles in `[-pi, pi)`, density
 * `exp(concentration cos(x - loc)) / (2 pi I0(concentration))`. Samples are drawn by rejection
 * (as distrax) and carry implicit reparameterization gradients in `concentration` and `loc`.
 * The CDF uses Hill's series (small concentrations) or corrected normal approximation.
 *
 * @example
 * const d = new VonMises(0, 4);
 * d.prob(0);   // 4 peaks at loc
 */
export class VonMises extends Distribution {
  protected readonly _loc: Array;
  protected readonly _concentration: Array;

  constructor(loc: Numeric, concentration: Numeric, opts: ValidateOptions = {}) {
    super();
    this._loc = asFloat("VonMises", "loc", loc);
    this._concentration = asFloat("VonMises", "concentration", concentration);
    broadcastShapes("VonMises", { loc: this._loc.shape, concentration: this._concentration.shape });
    if (opts.validateArgs) checkValues("VonMises", "concentration", this._concentration, (v) => v >= 0, "non-negative");
  }

  override get eventShape(): number[] {
    return [];
  }

  override get batchShape(): number[] {
    return broadcastShapes(this.name, { loc: this._loc.shape, concentration: this._concentration.shape });
  }

  override get dtype(): DType {
    return this._loc.dtype;
  }

  /** The circular mean, broadcast to the batch shape. */
  get loc(): Array {
    return np.broadcastTo(this._loc, this.batchShape);
  }

  /** The concentration, broadcast to the batch shape. */
  get concentration(): Array {
    return np.broadcastTo(this._concentration, this.batchShape);
  }

  /** The circular mean. */
  override mean(): Array {
    return this.loc;
  }

  override mode(): Array {
    return this.mean();
  }

  /** The circular variance `1 - I1(c) / I0(c)`. */
  override variance(): Array {
    const c = this.concentration;
    return np.subtract(1, special.i1e(c).div(special.i0e(c)));
  }

  override prob(value: Numeric): Array {
    return density(this.value("prob", value).sub(this._loc), this._concentration);
  }

  override logProb(value: Numeric): Array {
    const c = this._concentration;
    return c.mul(np.cos(this.value("logProb", value).sub(this._loc))).sub(LOG_2PI).sub(logI0(c));
  }

  protected override sampleN(key: Array, n: number): Array {
    const shape = [n, ...this.batchShape];
    return standardAngle(sampleStd(key, shape, this._concentration, this.dtype).add(this._loc));
  }

  override entropy(): Array {
    const c = this.concentration;
    const i0e = special.i0e(c);
    return c.mul(np.subtract(1, special.i1e(c).div(i0e))).add(LOG_2PI).add(np.log(i0e));
  }

  /** The CDF on `[-pi, pi)`: 0 below `-pi`, 1 from `pi` on. */
  override cdf(value: Numeric): Array {
    const loc = standardAngle(this._loc);
    const x = this.value("cdf", value);
    return np.clip(vonMisesCdf(x.sub(loc), this._concentration).sub(vonMisesCdf(np.subtract(-Math.PI, loc), this._concentration)), 0, 1);
  }

  override logCdf(value: Numeric): Array {
    return np.log(this.cdf(value));
  }

  override survivalFunction(value: Numeric): Array {
    const loc = standardAngle(this._loc);
    const x = this.value("survivalFunction", value);
    return np.clip(vonMisesCdf(np.subtract(Math.PI, loc), this._concentration).sub(vonMisesCdf(x.sub(loc), this._concentration)), 0, 1);
  }

  override logSurvivalFunction(value: Numeric): Array {
    return np.log(this.survivalFunction(value));
  }

  override get(...index: IndexSpec[]): VonMises {
    const at = batchIndexer(this.name, this.batchShape, index);
    return new VonMises(at(this._loc), at(this._concentration));
  }
}

registerKL(VonMises, VonMises, (p, q) => {
  const i0e1 = special.i0e(p.concentration);
  const i1e1 = special.i1e(p.concentration);
  const i0e2 = special.i0e(q.concentration);
  return q.concentration
    .sub(p.concentration)
    .add(np.log(i0e2.div(i0e1)))
    .add(i1e1.div(i0e1).mul(p.concentration.sub(q.concentration.mul(np.cos(p.loc.sub(q.loc))))));
});
