/**
 * numpy linear algebra products: matmul, dot, vdot, inner, outer, tensordot, einsum. All are
 * written with `lax.dotGeneral`.
 */
import { Array, type ArrayLike } from "../array/array.js";
import { resultType } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes, fmtShape, normalizeAxis } from "../shape.js";
import { bind1 } from "../core/bind.js";
import { dotGeneral, type DotGeneralParams } from "../primitives/dot.js";
import { reduceSum } from "../primitives/reduce.js";
import { transpose as transposeP } from "../primitives/structural.js";
import { broadcastTo, deviceOf, kindOf, reshapeTo, toArrayOf } from "./convert.js";
import { multiply, where } from "./elementwise.js";
import { eye } from "./creation.js";
import { conjugate } from "./complex.js";
import { range } from "../util.js";
import { formatValue } from "../util/format.js";

/** Promotes the operands of a product to one dtype (bools multiply as int32). */
function promotePair(op: string, x: ArrayLike, y: ArrayLike): [Array, Array] {
  const device = deviceOf([x, y]);
  let kind = resultType(kindOf(op, x), kindOf(op, y));
  if (kind.dtype === "bool") kind = { dtype: "int32", weakType: false };
  return [toArrayOf(op, x, kind, device), toArrayOf(op, y, kind, device)];
}

function dotG(a: Array, b: Array, p: DotGeneralParams): Array {
  return bind1(dotGeneral, [a, b], p);
}

/**
 * Matrix product with numpy semantics: batched over leading axes (broadcast), 1-D operands
 * treated as row/column vectors.
 *
 * @example
 * np.matmul(np.ones([8, 2, 3]), np.ones([3, 4])); // shape [8, 2, 4]
 */
export function matmul(x: ArrayLike, y: ArrayLike): Array {
  const [a0, b0] = promotePair("np.matmul", x, y);
  if (a0.ndim === 0 || b0.ndim === 0) {
    throw new ShapeError("np.matmul: scalar operands are not allowed; use np.multiply (or x.mul(y)) for scaling.");
  }
  const aVec = a0.ndim === 1;
  const bVec = b0.ndim === 1;
  const a = aVec ? reshapeTo(a0, [1, a0.size]) : a0;
  const b = bVec ? reshapeTo(b0, [b0.size, 1]) : b0;
  const k = a.shape[a.ndim - 1]!;
  if (k !== b.shape[b.ndim - 2]) {
    throw new ShapeError(
      `np.matmul: shapes ${fmtShape(a0.shape)} and ${fmtShape(b0.shape)} are not aligned: ` +
        `${k} (last axis of the first) != ${b.shape[b.ndim - 2]} (${bVec ? "the only" : "second-to-last"} axis of the second).`,
    );
  }
  const m = a.shape[a.ndim - 2]!;
  const n = b.shape[b.ndim - 1]!;
  let out: Array;
  if (b.ndim === 2) {
    // One weight matrix for every batch: a single 2-D product.
    const batch = a.shape.slice(0, -2);
    const flat = reshapeTo(a, [batch.reduce((p, d) => p * d, 1) * m, k]);
    out = reshapeTo(dotG(flat, b, { contracting: [[1], [0]], batch: [[], []] }), [...batch, m, n]);
  } else {
    const batch = broadcastShapes("np.matmul (batch axes)", a.shape.slice(0, -2), b.shape.slice(0, -2));
    const nb = batch.length;
    const aa = broadcastTo("np.matmul", a, [...batch, m, k]);
    const bb = broadcastTo("np.matmul", b, [...batch, k, n]);
    out = dotG(aa, bb, { contracting: [[nb + 1], [nb]], batch: [range(nb), range(nb)] });
  }
  const shape = [...out.shape];
  if (bVec) shape.pop();
  if (aVec) shape.splice(shape.length - (bVec ? 1 : 2), 1);
  return reshapeTo(out, shape);
}

/**
 * numpy `dot`: scalars multiply; otherwise contracts the last axis of `x` with the
 * second-to-last axis of `y` (its only axis when 1-D).
 *
 * @example
 * np.dot(np.array([1, 2]), np.array([3, 4])); // 11
 */
export function dot(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promotePair("np.dot", x, y);
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  const ka = a.ndim - 1;
  const kb = b.ndim === 1 ? 0 : b.ndim - 2;
  if (a.shape[ka] !== b.shape[kb]) {
    throw new ShapeError(`np.dot: shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} are not aligned: ${a.shape[ka]} (axis ${ka}) != ${b.shape[kb]} (axis ${kb}).`);
  }
  return dotG(a, b, { contracting: [[ka], [kb]], batch: [[], []] });
}

/**
 * Dot product of the flattened operands, the first one conjugated (for complex64).
 *
 * @example
 * np.vdot(np.ones([2, 2]), np.ones([4])); // 4
 */
export function vdot(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promotePair("np.vdot", x, y);
  if (a.size !== b.size) throw new ShapeError(`np.vdot: operands have ${a.size} and ${b.size} elements; they must match.`);
  const ac = a.dtype === "complex64" ? conjugate(a) : a;
  return dotG(reshapeTo(ac, [a.size]), reshapeTo(b, [b.size]), { contracting: [[0], [0]], batch: [[], []] });
}

/**
 * Contracts the last axes of both operands.
 *
 * @example
 * np.inner(np.ones([2, 3]), np.ones([4, 3])); // shape [2, 4]
 */
export function inner(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promotePair("np.inner", x, y);
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  if (a.shape[a.ndim - 1] !== b.shape[b.ndim - 1]) {
    throw new ShapeError(`np.inner: last axes differ: ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`);
  }
  return dotG(a, b, { contracting: [[a.ndim - 1], [b.ndim - 1]], batch: [[], []] });
}

/**
 * Outer product of the flattened operands.
 *
 * @example
 * np.outer(np.array([1, 2]), np.array([3, 4, 5])); // shape [2, 3]
 */
export function outer(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promotePair("np.outer", x, y);
  return multiply(reshapeTo(a, [a.size, 1]), reshapeTo(b, [1, b.size]));
}

/**
 * Sums products over the last `axes` axes of `x` and the first of `y`, or over the listed
 * pairs `[xAxes, yAxes]`.
 *
 * @example
 * np.tensordot(np.ones([2, 3, 4]), np.ones([3, 4, 5]), 2); // shape [2, 5]
 */
export function tensordot(x: ArrayLike, y: ArrayLike, axes: number | readonly [number | readonly number[], number | readonly number[]] = 2): Array {
  const [a, b] = promotePair("np.tensordot", x, y);
  let ax: number[];
  let bx: number[];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes) || axes < 0 || axes > Math.min(a.ndim, b.ndim)) {
      throw new ShapeError(
        `np.tensordot: axes=${axes} must be an integer from 0 to ${Math.min(a.ndim, b.ndim)} for shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`,
      );
    }
    ax = range(a.ndim, a.ndim - axes);
    bx = range(axes);
  } else {
    ax = (typeof axes[0] === "number" ? [axes[0]] : [...axes[0]]).map((v) => normalizeAxis("np.tensordot", v, a.ndim));
    bx = (typeof axes[1] === "number" ? [axes[1]] : [...axes[1]]).map((v) => normalizeAxis("np.tensordot", v, b.ndim));
  }
  if (ax.length !== bx.length || ax.some((d, i) => a.shape[d] !== b.shape[bx[i]!])) {
    throw new ShapeError(
      `np.tensordot: axes ${formatValue(ax)} of ${fmtShape(a.shape)} and ${formatValue(bx)} of ${fmtShape(b.shape)} must pair up with equal sizes.`,
    );
  }
  return dotG(a, b, { contracting: [ax, bx], batch: [[], []] });
}

// ---------------------------------------------------------------------------------------------
// einsum

interface Term {
  array: Array;
  letters: string[];
}

const ELLIPSIS_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Removes repeated letters in one term by taking diagonals. */
function takeDiagonals(t: Term): Term {
  let { array: a, letters } = t;
  for (;;) {
    const i = letters.findIndex((l, k) => letters.indexOf(l) !== k);
    if (i < 0) return { array: a, letters };
    const first = letters.indexOf(letters[i]!);
    const n = a.shape[first]!;
    if (a.shape[i] !== n) throw new ShapeError(`np.einsum: repeated index "${letters[i]}" has sizes ${n} and ${a.shape[i]}.`);
    // Select (not multiply: inf * 0 is NaN) the diagonal, then sum the zeros away.
    const mask = eye(n, n, 0, { dtype: "bool", device: deviceOf([a]) });
    const shape = a.shape.map((_, d) => (d === first || d === i ? a.shape[d]! : 1));
    const masked = where(reshapeTo(mask, shape), a, 0);
    a = bind1(reduceSum, [masked], { axes: [i] });
    letters = letters.filter((_, d) => d !== i);
  }
}

function sumOut(t: Term, keep: Set<string>): Term {
  const axes = t.letters.map((l, i) => (keep.has(l) ? -1 : i)).filter((i) => i >= 0);
  if (axes.length === 0) return t;
  return { array: bind1(reduceSum, [t.array], { axes }), letters: t.letters.filter((l) => keep.has(l)) };
}

/**
 * Einstein summation, numpy's notation: `"ij,jk->ik"`, implicit output (`"ij,jk"`), repeated
 * indices for diagonals (`"ii->i"`), and `...` for broadcast axes.
 *
 * @example
 * np.einsum("bij,bjk->bik", a, b);   // batched matmul
 * np.einsum("ii", m);                // trace
 */
export function einsum(subscripts: string, ...operands: ArrayLike[]): Array {
  const spec = subscripts.replace(/\s+/g, "");
  const [lhs, rhs] = spec.split("->") as [string, string | undefined];
  const inputs = lhs.split(",");
  if (inputs.length !== operands.length) {
    throw new ShapeError(`np.einsum: "${subscripts}" names ${inputs.length} operands but ${operands.length} were given.`);
  }
  const device = deviceOf(operands);
  let kind = resultType(...operands.map((o) => kindOf("np.einsum", o)));
  if (kind.dtype === "bool") kind = { dtype: "int32", weakType: false };
  const arrays = operands.map((o) => toArrayOf("np.einsum", o, kind, device));

  // Expand "..." into letters, broadcasting those axes across operands.
  const ellipsisDims = Math.max(0, ...inputs.map((s, k) => (s.includes("...") ? arrays[k]!.ndim - (s.length - 3) : 0)));
  const ell = ELLIPSIS_LETTERS.slice(0, ellipsisDims).split("");
  const ellShapes: number[][] = [];
  let terms: Term[] = inputs.map((s, k) => {
    const a = arrays[k]!;
    if (/[^a-zA-Z.]/.test(s)) throw new ShapeError(`np.einsum: bad subscripts "${s}" (use letters and "...").`);
    let letters: string[];
    if (s.includes("...")) {
      const [pre, post] = s.split("...") as [string, string];
      const nE = a.ndim - pre.length - post.length;
      if (nE < 0) throw new ShapeError(`np.einsum: "${s}" has more indices than operand ${k} has axes (${fmtShape(a.shape)}).`);
      letters = [...pre, ...ell.slice(ellipsisDims - nE), ...post];
      ellShapes.push(a.shape.slice(pre.length, pre.length + nE) as number[]);
    } else letters = [...s];
    if (letters.length !== a.ndim) {
      throw new ShapeError(`np.einsum: "${s}" names ${letters.length} axes but operand ${k} has shape ${fmtShape(a.shape)}.`);
    }
    if (/[A-Z]/.test(s)) throw new ShapeError(`np.einsum: use lowercase letters for indices ("${s}").`);
    return { array: a, letters };
  });
  const ellShape = ellipsisDims > 0 ? broadcastShapes("np.einsum (... axes)", ...ellShapes) : [];

  // Check sizes, broadcasting size-1 axes of a letter.
  const sizes = new Map<string, number>();
  terms.forEach(({ array: a, letters }) => letters.forEach((l, d) => {
    const n = a.shape[d]!;
    const known = sizes.get(l);
    if (known === undefined || known === 1) sizes.set(l, n);
    else if (n !== 1 && n !== known) throw new ShapeError(`np.einsum: index "${l}" has sizes ${known} and ${n}.`);
  }));
  ell.forEach((l, i) => sizes.set(l, ellShape[i]!));
  terms = terms.map((t) => ({
    array: broadcastTo("np.einsum", t.array, t.letters.map((l, d) => (t.array.shape[d] === 1 ? sizes.get(l)! : t.array.shape[d]!))),
    letters: t.letters,
  }));

  let outLetters: string[];
  if (rhs !== undefined) {
    outLetters = rhs.includes("...") ? [...rhs.split("...")[0]!, ...ell, ...rhs.split("...")[1]!] : [...rhs];
  } else {
    const counts = new Map<string, number>();
    inputs.forEach((s) => [...s.replace("...", "")].forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1)));
    outLetters = [...ell, ...[...counts].filter(([, c]) => c === 1).map(([l]) => l).sort()];
  }
  for (const l of outLetters) if (!sizes.has(l)) throw new ShapeError(`np.einsum: output index "${l}" does not appear in the inputs.`);

  terms = terms.map(takeDiagonals);
  const neededLater = (k: number) => {
    const s = new Set(outLetters);
    for (let j = k; j < terms.length; j++) for (const l of terms[j]!.letters) s.add(l);
    return s;
  };
  let acc = sumOut(terms[0]!, neededLater(1));
  for (let k = 1; k < terms.length; k++) {
    const b = sumOut(terms[k]!, new Set([...neededLater(k + 1), ...acc.letters]));
    const keep = neededLater(k + 1);
    const shared = acc.letters.filter((l) => b.letters.includes(l));
    const batch = shared.filter((l) => keep.has(l));
    const contract = shared.filter((l) => !keep.has(l));
    const p: DotGeneralParams = {
      contracting: [contract.map((l) => acc.letters.indexOf(l)), contract.map((l) => b.letters.indexOf(l))],
      batch: [batch.map((l) => acc.letters.indexOf(l)), batch.map((l) => b.letters.indexOf(l))],
    };
    const array = dotG(acc.array, b.array, p);
    acc = sumOut(
      { array, letters: [...batch, ...acc.letters.filter((l) => !shared.includes(l)), ...b.letters.filter((l) => !shared.includes(l))] },
      keep,
    );
  }
  acc = sumOut(acc, new Set(outLetters));
  const perm = outLetters.map((l) => acc.letters.indexOf(l));
  return perm.every((p, i) => p === i) ? acc.array : bind1(transposeP, [acc.array], { permutation: perm });
}
