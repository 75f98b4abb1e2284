/** `partition` (`multiTransform`) and `freeze`: different transformations for labelled leaves. */
import { tree } from "tsjax-core";
import { type GradientTransformation, gradientTransformation, setToZero } from "../base.js";
import { options } from "../options.js";
import { type MaskedState, masked, maskedAs } from "./masked.js";
import { expandMask } from "./mask-utils.js";

/** State of `partition`: one masked state per label. */
export interface PartitionState {
  innerStates: Record<string, MaskedState>;
}

/** State of `multiTransform` (optax's older name of `PartitionState`). */
export type MultiTransformState = PartitionState;

/** Options of `partition`. */
export interface PartitionOptions {
  /** Also mask the extra arguments shaped like the updates (see `masked`; default false). */
  maskCompatibleExtraArgs?: boolean;
}

/** Labels: a tree of strings matching the params (or a prefix), or a function of the params. */
export type ParamLabels = unknown | ((params: any) => unknown);

function labelsOf(op: string, labels: ParamLabels, params: unknown): unknown {
  const l = typeof labels === "function" ? (labels as (p: unknown) => unknown)(params) : labels;
  // Expand a prefix of labels with the same rules as masks (checking the structure).
  const expand = (x: unknown, t: unknown, path: (string | number)[]): unknown => {
    if (typeof x === "string") return tree.map(() => x, t);
    if (x !== null && typeof x === "object" && !("shape" in (x as object))) {
      const keys = Object.keys(x as object);
      const probe = globalThis.Array.isArray(x) ? (x as unknown[]).map(() => true) : Object.fromEntries(keys.map((k) => [k, true]));
      expandMask(op, probe, t, path, "params"); // throws on a structure mismatch at this level
      return globalThis.Array.isArray(x)
        ? (x as unknown[]).map((c, i) => expand(c, (t as unknown[])[i], [...path, i]))
        : Object.fromEntries(keys.map((k) => [k, expand((x as Record<string, unknown>)[k], (t as Record<string, unknown>)[k], [...path, k])]));
    }
    throw new TypeError(`${op}: labels must be strings, got ${x === null ? "null" : typeof x} at ${path.length ? path.join(".") : "(root)"}.`);
  };
  return expand(l, params, []);
}

/**
 * Applies `transforms[label]` to the leaves labelled `label` (optax `partition` / `multi_transform`).
 *
 * @example
 * const opt = partition({ adam: adam(1e-3), sgd: sgd(1e-2) }, { encoder: "adam", head: "sgd" });
 */
export function partition(transforms: Record<string, GradientTransformation>, paramLabels: ParamLabels, opts: PartitionOptions = {}): GradientTransformation<PartitionState> {
  const op = "partition";
  const { maskCompatibleExtraArgs } = options(op, opts, { maskCompatibleExtraArgs: false });
  const names = Object.keys(transforms);
  const maskFor = (name: string) => (params: unknown) => {
    const labels = labelsOf(op, paramLabels, params);
    const used = new Set(tree.leaves(labels) as string[]);
    const missing = [...used].filter((l) => !(l in transforms));
    if (missing.length) throw new TypeError(`${op}: no transformation for the label(s) ${missing.map((m) => `"${m}"`).join(", ")}; transforms have [${names.join(", ")}].`);
    return tree.map((l: string) => l === name, labels);
  };
  const inner = Object.fromEntries(names.map((n) => [n, maskedAs(op, transforms[n]!, maskFor(n), maskCompatibleExtraArgs)]));
  return gradientTransformation<PartitionState>(
    (params) => ({ innerStates: Object.fromEntries(names.map((n) => [n, inner[n]!.init(params)])) }),
    (updates, state, params, extra) => {
      const next: Record<string, MaskedState> = {};
      for (const n of names) {
        if (!(n in state.innerStates)) throw new TypeError(`${op}: the state has no entry for the label "${n}".`);
        const [u, s] = inner[n]!.update(updates, state.innerStates[n]!, params ?? undefined, extra);
        updates = u;
        next[n] = s;
      }
      return [updates, { innerStates: next }];
    },
  );
}

/**
 * Alias of `partition` (optax's older name).
 *
 * @example
 * const opt = multiTransform({ a: adam(1e-3), f: setToZero() }, labels);
 */
export const multiTransform = partition;

/**
 * Freezes the leaves where `mask` is true: their updates become 0 (optax `freeze`,
 * `masked(setToZero(), mask)`).
 *
 * @example
 * const opt = chain(freeze({ encoder: true, head: false }), adam(1e-3));
 */
export function freeze(mask: unknown): GradientTransformation<MaskedState> {
  return masked(setToZero(), mask);
}

/**
 * Runs `optimizer` on the leaves where `freezeMask` is false and freezes the others (optax
 * `selective_transform`); the optimizer's state only holds the trained leaves.
 *
 * @example
 * const opt = selectiveTransform(adam(1e-3), { freezeMask: { encoder: true, head: false } });
 */
export function selectiveTransform(optimizer: GradientTransformation, opts: { freezeMask: unknown }): GradientTransformation<PartitionState> {
  const { freezeMask } = options("selectiveTransform", opts, { freezeMask: undefined as unknown });
  if (freezeMask === undefined) throw new TypeError("selectiveTransform: pass { freezeMask }: a boolean tree (or prefix) of the leaves to freeze.");
  const labels = tree.map((m: boolean) => (m ? "freeze" : "train"), freezeMask);
  return partition({ train: optimizer, freeze: setToZero() }, () => labels);
}
