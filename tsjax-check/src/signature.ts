/** Argument signatures (what a jit cache key is made of) and their differences. */
import { Array as JArray, tree } from "tsjax-core";
import { pathStr, shapeStr, show } from "./util.js";

/** Tree structure plus, per leaf, `f32[3]` for arrays or the static value. */
export interface Signature {
  structure: string;
  leaves: { path: string; kind: "array" | "static"; desc: string; shape?: string; dtype?: string; weak?: boolean }[];
}

function argPath(path: readonly (string | number)[]): string {
  return path.length ? `argument ${path[0]}${pathStr(path.slice(1)).replace("(root)", "")}` : "arguments";
}

/**
 * The signature of a call's arguments: tree structure, array shapes/dtypes and static values.
 *
 * @example
 * signatureOf([x, 2]).leaves; // [{ path: "argument 0", desc: "float32[3]" }, { path: "argument 1", desc: "2" }]
 */
export function signatureOf(args: readonly unknown[]): Signature {
  const [pairs, def] = tree.flattenWithPath([...args]);
  return {
    structure: String(def),
    leaves: pairs.map(([path, leaf]) =>
      leaf instanceof JArray
        ? { path: argPath(path), kind: "array", desc: `${leaf.dtype}${shapeStr(leaf.shape)}`, shape: shapeStr(leaf.shape), dtype: leaf.dtype, weak: leaf.weakType }
        : { path: argPath(path), kind: "static", desc: show(leaf) },
    ),
  };
}

/**
 * Human-readable differences from `prev` to `next` (empty when identical).
 *
 * @example
 * diffSignatures(signatureOf([x3]), signatureOf([x4])); // ["argument 0: shape changed from [3] to [4]"]
 */
export function diffSignatures(prev: Signature, next: Signature): string[] {
  if (prev.structure !== next.structure) return [`tree structure of the arguments changed from ${prev.structure} to ${next.structure}`];
  const out: string[] = [];
  prev.leaves.forEach((p, i) => {
    const n = next.leaves[i]!;
    if (p.kind !== n.kind) out.push(`${n.path}: changed from ${p.kind === "array" ? `an array ${p.desc}` : `the static value ${p.desc}`} to ${n.kind === "array" ? `an array ${n.desc}` : `the static value ${n.desc}`}`);
    else if (p.kind === "static") {
      if (p.desc !== n.desc) out.push(`${n.path}: static value changed from ${p.desc} to ${n.desc}`);
    } else {
      if (p.shape !== n.shape) out.push(`${n.path}: shape changed from ${p.shape} to ${n.shape}`);
      if (p.dtype !== n.dtype) out.push(`${n.path}: dtype changed from ${p.dtype} to ${n.dtype}`);
      else if (p.weak !== n.weak) out.push(`${n.path}: weak type changed from ${p.weak} to ${n.weak} (a JS number vs an array)`);
    }
  });
  return out;
}
