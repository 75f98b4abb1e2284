/**
 * The KL registry: `klDivergence(p, q)` finds the rule registered for the closest pair of
 * classes along both prototype chains (smallest total distance, as TFP's registry), so a rule
 * for `(Normal, Normal)` also serves subclasses such as `LogStddevNormal` unless they register
 * their own.
 */
import type { Array } from "tsjax-core";
import type { Distribution } from "./distributions/distribution.js";

/** A distribution class (or an abstract base class). */
export type DistributionClass<D extends Distribution = Distribution> = abstract new (...args: never[]) => D;
/** A KL rule: the batched `KL(p || q)`. */
export type KLRule<P extends Distribution = Distribution, Q extends Distribution = Distribution> = (p: P, q: Q) => Array;

const rules = new Map<Function, Map<Function, KLRule>>();

/**
 * Registers the rule computing `KL(p || q)` for instances of `P` and `Q` (and their subclasses,
 * unless a closer pair is registered). Registering a pair again replaces its rule.
 *
 * @example
 * registerKL(Laplace, Normal, (p, q) => p.crossEntropy(q).sub(p.entropy()));
 */
export function registerKL<P extends Distribution, Q extends Distribution>(P: DistributionClass<P>, Q: DistributionClass<Q>, rule: KLRule<P, Q>): void {
  if (typeof rule !== "function") throw new TypeError(`registerKL(${P.name}, ${Q.name}): the rule must be a function (p, q) => Array.`);
  let inner = rules.get(P);
  if (!inner) rules.set(P, (inner = new Map()));
  inner.set(Q, rule as KLRule);
}

function chain(x: object): Function[] {
  const out: Function[] = [];
  for (let p = Object.getPrototypeOf(x); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) out.push(p.constructor as Function);
  return out;
}

/** The registered rule for the closest pair of classes of `p` and `q`, if any. */
function findKL(p: Distribution, q: Distribution): KLRule | undefined {
  let best: KLRule | undefined;
  let bestDist = Infinity;
  const cq = chain(q);
  chain(p).forEach((a, i) => {
    const inner = rules.get(a);
    if (!inner) return;
    cq.forEach((b, j) => {
      const r = inner.get(b);
      if (r && i + j < bestDist) {
        best = r;
        bestDist = i + j;
      }
    });
  });
  return best;
}

/**
 * The KL divergence `KL(p || q)`, batched over the distributions' batch shapes, from the rule
 * registered for their classes. Throws naming both classes when there is none.
 *
 * @example
 * const kl = klDivergence(new Normal(0, 1), new Normal(1, 2)); // 0.4431...
 */
export function klDivergence(p: Distribution, q: Distribution): Array {
  const rule = findKL(p, q);
  if (!rule) {
    const pn = p?.constructor?.name ?? typeof p;
    const qn = q?.constructor?.name ?? typeof q;
    throw new TypeError(
      `klDivergence: no KL rule is registered for (${pn}, ${qn}); register one with registerKL(${pn}, ${qn}, (p, q) => ...), ` +
        "or estimate it by Monte Carlo with mcEstimateKl.",
    );
  }
  return rule(p, q);
}
