/** Argument and tree checks with messages that name the op and the tree path. @internal */
import { Array, tree } from "tsjax-core";

/** Throws a TypeError naming `op` and the first path where `a` and `b` differ. @internal */
export function checkSameTree(op: string, a: unknown, b: unknown, names: [string, string]): void {
  tree.assertSameStructure(op, tree.structure(a), tree.structure(b), names);
}

/** Checks a hyperparameter given as a JS number: finite and (optionally) non-negative. @internal */
export function checkHyper(op: string, name: string, v: unknown, opts: { nonNegative?: boolean; positive?: boolean; max?: number } = {}): void {
  if (typeof v !== "number") {
    if (v === undefined || v === null || v instanceof Array || typeof v === "function") return;
    throw new TypeError(`${op}: ${name} must be a number, an array or a schedule, got ${typeof v}.`);
  }
  if (Number.isNaN(v)) throw new RangeError(`${op}: ${name} is NaN.`);
  if (opts.nonNegative && v < 0) throw new RangeError(`${op}: ${name} must be >= 0, got ${v}.`);
  if (opts.positive && !(v > 0)) throw new RangeError(`${op}: ${name} must be > 0, got ${v}.`);
  if (opts.max !== undefined && v > opts.max) throw new RangeError(`${op}: ${name} must be <= ${opts.max}, got ${v}.`);
}

/** Checks a learning rate (number: finite and >= 0). @internal */
export function checkLearningRate(op: string, lr: unknown): void {
  if (lr === undefined || lr === null) throw new TypeError(`${op}: a learning rate is required.`);
  checkHyper(op, "learningRate", lr, { nonNegative: true });
}

/** Throws when `params` is missing for a transformation that needs it. @internal */
export function needParams(op: string, params: unknown): void {
  if (params === undefined || params === null) {
    throw new TypeError(`${op}: this transformation needs params; call update(updates, state, params).`);
  }
}

/**
 * The objective a line search evaluates (`extra.valueFn`) and `extra`, after checking that params were
 * passed; throws naming the transformation when either is missing. @internal
 */
export function lineSearchObjective<E extends { valueFn?: (params: any) => Array }>(op: string, params: unknown, extra: E | undefined): { f: (params: any) => Array; extra: E } {
  needParams(op, params);
  const f = extra?.valueFn;
  if (!extra || !f) throw new TypeError(`${op}: pass the objective: update(grads, state, params, { valueFn, value, grad }).`);
  return { f, extra };
}
