/** Mask trees: expansion of prefix masks, and splitting/merging trees by a mask. @internal */
import { Array, tree } from "tsjax-core";

/** A mask: a tree of booleans matching the params (or a prefix of them), or a function of the params. */
export type MaskOrFn = unknown | ((params: any) => unknown);

function keyStr(path: readonly (string | number)[]): string {
  return path.length ? path.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("") : "(root)";
}

function isPlain(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !(x instanceof Array) && !globalThis.Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (x instanceof Array) return `an array of shape [${x.shape.join(",")}]`;
  if (globalThis.Array.isArray(x)) return `a list of length ${x.length}`;
  if (isPlain(x)) return `an object with keys [${Object.keys(x).sort().join(", ")}]`;
  return typeof x;
}

/**
 * Expands a (prefix) boolean mask to the full structure of `t`. Throws naming `op` and the path
 * where the structures differ.
 * @internal
 */
export function expandMask(op: string, mask: unknown, t: unknown, path: (string | number)[] = [], what = "params"): unknown {
  if (typeof mask === "boolean") return tree.map(() => mask, t);
  if (mask instanceof Array) {
    throw new TypeError(`${op}: mask leaves must be JS booleans (static), got ${describe(mask)} at ${keyStr(path)}.`);
  }
  if (t === null || t === undefined) {
    if (mask === t) return t;
    throw new TypeError(`${op}: the mask does not match the ${what} at ${keyStr(path)}: the mask has ${describe(mask)}, the ${what} have ${describe(t)}.`);
  }
  if (globalThis.Array.isArray(mask)) {
    if (!globalThis.Array.isArray(t) || t.length !== mask.length) {
      throw new TypeError(`${op}: the mask does not match the ${what} at ${keyStr(path)}: the mask has ${describe(mask)}, the ${what} have ${describe(t)}.`);
    }
    return mask.map((m, i) => expandMask(op, m, t[i], [...path, i], what));
  }
  if (isPlain(mask)) {
    const mk = Object.keys(mask).sort();
    const tk = isPlain(t) ? Object.keys(t).sort() : null;
    if (!tk || mk.join("\u0000") !== tk.join("\u0000")) {
      const missing = tk ? tk.filter((k) => !mk.includes(k)) : [];
      const extra = tk ? mk.filter((k) => !tk.includes(k)) : [];
      const detail = tk ? ` (${missing.length ? `missing in the mask: ${missing.join(", ")}` : ""}${missing.length && extra.length ? "; " : ""}${extra.length ? `not in the ${what}: ${extra.join(", ")}` : ""})` : "";
      throw new TypeError(`${op}: the mask does not match the ${what} at ${keyStr(path)}: the mask has ${describe(mask)}, the ${what} have ${describe(t)}${detail}.`);
    }
    return Object.fromEntries(mk.map((k) => [k, expandMask(op, mask[k], (t as Record<string, unknown>)[k], [...path, k], what)]));
  }
  throw new TypeError(`${op}: mask leaves must be booleans, got ${describe(mask)} at ${keyStr(path)}.`);
}

/** Resolves a mask (calling it when it is a function) and expands it against `t`. @internal */
export function resolveMask(op: string, mask: MaskOrFn, t: unknown, what = "params"): unknown {
  const m = typeof mask === "function" ? (mask as (p: unknown) => unknown)(t) : mask;
  return expandMask(op, m, t, [], what);
}

/** `t` with `null` (an empty node) in place of each leaf whose mask is false. @internal */
export function maskOut(fullMask: unknown, t: unknown): unknown {
  const [leaves, def] = tree.flatten(t);
  const m = tree.leaves(fullMask);
  return tree.unflatten(def, leaves.map((l, i) => (m[i] ? l : null)));
}

/** Takes masked leaves from `inner` (a `maskOut` tree) and the others from `outer`. @internal */
export function mergeMasked(fullMask: unknown, inner: unknown, outer: unknown): unknown {
  const [leaves, def] = tree.flatten(outer);
  const innerLeaves = tree.flatten(inner, { isLeaf: (x) => x === null })[0];
  const m = tree.leaves(fullMask);
  return tree.unflatten(def, leaves.map((l, i) => (m[i] ? innerLeaves[i] : l)));
}
