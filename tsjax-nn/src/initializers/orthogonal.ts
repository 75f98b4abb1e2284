/** `Orthogonal` and `Identity` initializers. */
import { type Array, type DType, np, random } from "tsjax-core";
import { nextRngKey } from "../base/params.js";
import { prod } from "../util.js";

/**
 * The Q factor of a tall matrix `a` (`[m, n]`, `m >= n`) whose R factor has a positive
 * diagonal: Gram–Schmidt with each column orthogonalized twice ("twice is enough"), written
 * with array ops so that it runs under `jit`.
 */
function orthonormalColumns(a: Array): Array {
  const [, n] = a.shape as [number, number];
  const cols: Array[] = [];
  for (let j = 0; j < n; j++) {
    let v = a.get(":", j);
    if (j > 0) {
      const q = np.stack(cols, 1); // [m, j]
      for (let pass = 0; pass < 2; pass++) v = v.sub(q.matmul(q.T.matmul(v)));
    }
    cols.push(v.div(v.square().sum().sqrt()));
  }
  return np.stack(cols, 1);
}

/**
 * A random matrix with orthonormal rows or columns (scaled by `scale`); for more than two axes,
 * orthonormal along `axis` against the product of the others.
 *
 * @example
 * getParameter("w_h", [64, 64], "float32", new Orthogonal()); // a recurrent weight
 */
export class Orthogonal {
  constructor(readonly scale = 1, readonly axis = -1) {}

  call(shape: readonly number[], dtype: DType): Array {
    if (shape.length < 2) throw new RangeError(`Orthogonal: needs a shape with at least 2 axes, got [${shape.join(", ")}].`);
    const axis = this.axis < 0 ? this.axis + shape.length : this.axis;
    const nRows = shape[axis]!;
    const nCols = prod(shape) / nRows;
    const tall = nRows > nCols;
    const matrixShape = tall ? [nRows, nCols] : [nCols, nRows];
    const d = dtype === "float16" ? "float16" : "float32";
    let q = orthonormalColumns(random.normal(nextRngKey(), matrixShape, { dtype: d }).astype("float32"));
    if (!tall) q = q.T;
    const rest = shape.filter((_, i) => i !== axis);
    q = np.moveaxis(q.reshape([nRows, ...rest]), 0, axis);
    return q.mul(this.scale).astype(d);
  }
}

/**
 * The identity matrix times `gain` (broadcast over leading axes).
 *
 * @example
 * getParameter("w_h", [64, 64], "float32", new Identity());
 */
export class Identity {
  constructor(readonly gain = 1) {}

  call(shape: readonly number[], dtype: DType): Array {
    if (shape.length < 2) throw new RangeError(`Identity: needs a shape with at least 2 axes, got [${shape.join(", ")}].`);
    const eye = np.eye(shape.at(-2)!, shape.at(-1)!, 0, { dtype });
    return np.broadcastTo(eye, shape).mul(this.gain);
  }
}
