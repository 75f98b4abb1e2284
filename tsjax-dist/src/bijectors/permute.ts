/** Permuting the elements of events along an axis (TFP's `Permute`). */
import { type Array, np } from "tsjax-core";
import { checkOptions, fmtShape } from "../utils/args.js";
import { Bijector } from "./bijector.js";

/**
 * Reorders events along `axis` (a negative axis inside the event; default -1):
 * `y[..., i] = x[..., permutation[i]]`. Volume-preserving: the log-determinant is 0. Used
 * between coupling layers so that every dimension gets transformed.
 *
 * @example
 * new Permute([2, 0, 1]).forward(np.array([10, 20, 30]));   // [30, 10, 20]
 */
export class Permute extends Bijector {
  readonly permutation: readonly number[];
  readonly axis: number;

  constructor(permutation: readonly number[], opts: { axis?: number } = {}) {
    checkOptions("Permute", opts, ["axis"]);
    const axis = opts.axis ?? -1;
    if (!Number.isInteger(axis) || axis >= 0) throw new RangeError(`Permute: axis must be a negative integer (an axis of the event), got ${axis}.`);
    super({ eventNdimsIn: -axis, isConstantJacobian: true });
    const n = permutation?.length ?? 0;
    const sorted = [...(permutation ?? [])].sort((a, b) => a - b);
    if (!n || !sorted.every((v, i) => v === i)) {
      throw new RangeError(`Permute: permutation must contain each of 0..${Math.max(n - 1, 0)} exactly once, got ${fmtShape(permutation ?? [])}.`);
    }
    this.permutation = [...permutation];
    this.axis = axis;
  }

  /** The inverse permutation. */
  private get inversePermutation(): number[] {
    const inv = new globalThis.Array<number>(this.permutation.length);
    this.permutation.forEach((p, i) => (inv[p] = i));
    return inv;
  }

  private apply(method: string, x: Array, perm: readonly number[]): Array {
    const ax = x.ndim + this.axis;
    if (x.shape[ax] !== perm.length) {
      throw new RangeError(`Permute.${method}: axis ${this.axis} of the input has size ${x.shape[ax]} (shape ${fmtShape(x.shape)}), but the permutation has ${perm.length} entries.`);
    }
    return np.take(x, np.array(perm as number[], { dtype: "int32" }), ax);
  }

  private zeros(x: Array): Array {
    return np.zeros(x.shape.slice(0, x.ndim - this.eventNdimsIn), { dtype: x.dtype });
  }

  protected override _forward(x: Array): Array {
    return this.apply("forward", x, this.permutation);
  }

  protected override _inverse(y: Array): Array {
    return this.apply("inverse", y, this.inversePermutation);
  }

  protected override _forwardAndLogDet(x: Array): [Array, Array] {
    return [this._forward(x), this.zeros(x)];
  }

  protected override _inverseAndLogDet(y: Array): [Array, Array] {
    return [this._inverse(y), this.zeros(y)];
  }
}
