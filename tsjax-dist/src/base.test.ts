/**
 * The base classes derive what a subclass does not write: a user distribution and a user
 * bijector (the TSDoc examples) get `prob`, `sample`, `sampleAndLogProb`, `stddev`,
 * pytree registration and a place in the KL registry; a user bijector works in `Transformed`.
 */
import { describe, expect, it } from "vitest";
import { type Array, jit, np, random } from "tsjax-core";
import { close, f32, v } from "./test-utils.js";
import { Distribution } from "./distributions/distribution.js";
import { Normal } from "./distributions/normal.js";
import { Transformed } from "./distributions/transformed.js";
import { Bijector } from "./bijectors/bijector.js";
import { registerKL } from "./kl.js";
import type { Numeric } from "./utils/args.js";

class Exponential extends Distribution {
  constructor(readonly rate: Array) {
    super();
  }
  get eventShape(): number[] {
    return [];
  }
  protected sampleN(key: Array, n: number): Array {
    return random.exponential(key, [n, ...this.rate.shape]).div(this.rate);
  }
  logProb(x: Numeric): Array {
    return np.log(this.rate).sub(this.rate.mul(this.value("logProb", x)));
  }
  override variance(): Array {
    return np.reciprocal(np.square(this.rate));
  }
}

class Exp extends Bijector {
  constructor() {
    super({ eventNdimsIn: 0 });
  }
  protected _forwardAndLogDet(x: Array): [Array, Array] {
    return [np.exp(x), x];
  }
  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    const x = np.log(y);
    return [x, x.neg()];
  }
}

describe("user subclasses", () => {
  it("a distribution written with eventShape, sampleN and logProb gets the rest", () => {
    const d = new Exponential(f32([0.5, 2]));
    expect(d.batchShape).toEqual([2]); // traced from sampleN
    expect(d.dtype).toBe("float32");
    close(d.prob(f32([1, 1])), [0.5 * Math.exp(-0.5), 2 * Math.exp(-2)], { rtol: 1e-6 });
    close(d.stddev(), [2, 0.5]);
    const [s, lp] = d.sampleAndLogProb({ seed: 0, sampleShape: 4 });
    expect(s.shape).toEqual([4, 2]);
    close(lp, v(d.logProb(s)));
    expect(() => d.entropy()).toThrow("Exponential does not implement entropy.");
    expect(() => d.klDivergence(d)).toThrow(/no KL rule is registered for \(Exponential, Exponential\)/);
    registerKL(Exponential, Exponential, (p, q) => np.log(p.rate).sub(np.log(q.rate)).add(q.rate.div(p.rate)).sub(1));
    close(d.klDivergence(new Exponential(f32([1, 1]))), [Math.log(0.5) + 2 - 1, Math.log(2) + 0.5 - 1], { rtol: 1e-6 });
    const f = jit((e: Exponential) => e.logProb(1));
    close(f(d), v(d.logProb(1)));
  });

  it("a bijector written with _forwardAndLogDet and _inverseAndLogDet: a log-normal", () => {
    const logNormal = new Transformed(new Normal(0.5, 2), new Exp());
    const x = [0.3, 1, 7];
    const want = x.map((t) => -Math.log(t * 2 * Math.sqrt(2 * Math.PI)) - (Math.log(t) - 0.5) ** 2 / 8);
    close(logNormal.logProb(f32(x)), want, { rtol: 1e-5 });
    close(new Exp().inverseLogDetJacobian(f32([2])), [-Math.log(2)], { rtol: 1e-6 });
    expect(() => logNormal.mean()).toThrow(/Transformed.mean: not available, because the Jacobian of Exp is not known to be constant/);
  });
});

describe("Transformed samples", () => {
  it("apply the bijector once to the whole batch of samples, as logProb does (no vmap), so it may call code that cannot run under a transformation", async () => {
    const seen: number[][] = [];
    class RecordingExp extends Exp {
      protected override _forwardAndLogDet(x: Array): [Array, Array] {
        seen.push([...x.shape]);
        return super._forwardAndLogDet(x);
      }
    }
    const base = new Normal(f32([0.5, -1, 2]), 2);
    const d = new Transformed(base, new RecordingExp());
    const y = d.sample({ seed: random.key(3), sampleShape: [4] });
    const [y2, logp] = d.sampleAndLogProb({ seed: random.key(3), sampleShape: [4] });
    expect(seen).toEqual([[4, 3], [4, 3]]); // one call each, with the sample axis; under vmap it would be [3]
    // oracle: exp of the base's samples for the same key, and the log-normal density at them
    const x = await base.sample({ seed: random.key(3), sampleShape: [4] }).data();
    const want = [...x].map(Math.exp);
    close(y, want, { rtol: 1e-6 });
    close(y2, want, { rtol: 1e-6 });
    const locs = [0.5, -1, 2];
    close(logp, [...x].map((t, i) => -t - Math.log(2 * Math.sqrt(2 * Math.PI)) - (t - locs[i % 3]!) ** 2 / 8), { rtol: 1e-5 });
  });
});
