/**
 * Pytrees: nested containers of leaves that transformations flatten and rebuild.
 *
 * Nodes are JS arrays (tuples/lists), plain objects (keys sorted, as JAX sorts dict keys),
 * `null`/`undefined` (empty nodes), and classes registered with `registerPytreeNode` or
 * implementing the `treeNode` symbol protocol. Everything else is a leaf.
 */
import { isList } from "../util.js";

/** One step of a path: an object key or a list index. */
export type PathEntry = string | number;
/** Where a leaf sits in a tree. */
export type KeyPath = readonly PathEntry[];

/** How a class flattens into children and rebuilds from them. */
export interface PytreeNodeDef<T = unknown, Aux = unknown> {
  flatten(node: T): [children: unknown[], aux: Aux, keys?: PathEntry[]];
  unflatten(aux: Aux, children: unknown[]): T;
}

/**
 * Symbol protocol: a class whose instances have a `[treeNode]()` method returning
 * `{ children, aux, rebuild }` is a pytree node (no registration needed).
 */
export const treeNode: unique symbol = Symbol.for("tsjax.treeNode");

export interface TreeNodeProtocol {
  [treeNode](): { children: unknown[]; keys?: PathEntry[]; aux?: unknown; rebuild(children: unknown[]): unknown };
}

const registry = new Map<Function, PytreeNodeDef>();

/**
 * Registers a class as a pytree node, so its instances pass through every transformation.
 *
 * @example
 * class Point { constructor(readonly x: Array, readonly y: Array) {} }
 * registerPytreeNode(Point, {
 *   flatten: (p) => [[p.x, p.y], null, ["x", "y"]],
 *   unflatten: (_aux, [x, y]) => new Point(x as Array, y as Array),
 * });
 */
export function registerPytreeNode<T, Aux>(cls: abstract new (...args: never[]) => T, def: PytreeNodeDef<T, Aux>): void {
  registry.set(cls, def as PytreeNodeDef);
}

type NodeKind = "leaf" | "none" | "undefined" | "list" | "object" | "custom" | "protocol";

/** The structure of a pytree, without its leaves. Compare with `equals`. */
export class TreeDef {
  constructor(
    readonly kind: NodeKind,
    readonly children: readonly TreeDef[] = [],
    /** object keys, custom/protocol child keys */
    readonly keys: readonly PathEntry[] = [],
    /** custom: the class; protocol: the rebuild function */
    readonly node?: unknown,
    readonly aux?: unknown,
    /** custom/protocol: the class name, for messages */
    readonly name?: string,
  ) {
    this.numLeaves = kind === "leaf" ? 1 : children.reduce((n, c) => n + c.numLeaves, 0);
  }

  readonly numLeaves: number;

  /** Structural equality (aux data compared with JSON). */
  equals(other: TreeDef): boolean {
    return firstDifference(this, other, []) === undefined;
  }

  toString(): string {
    switch (this.kind) {
      case "leaf": return "*";
      case "none": return "null";
      case "undefined": return "undefined";
      case "list": return `[${this.children.map(String).join(", ")}]`;
      case "object": return `{${this.children.map((c, i) => `${String(this.keys[i])}: ${c}`).join(", ")}}`;
      default: return `${nodeName(this)}(${this.children.map(String).join(", ")})`;
    }
  }
}

function nodeName(t: TreeDef): string {
  return t.name || (t.kind === "custom" ? "CustomNode" : "Node");
}

function describeNode(t: TreeDef): string {
  switch (t.kind) {
    case "leaf": return "a leaf";
    case "none": return "null";
    case "undefined": return "undefined";
    case "list": return `a list of length ${t.children.length}`;
    case "object": return `an object with keys [${t.keys.join(", ")}]`;
    default: return `a ${nodeName(t)} node with ${t.children.length} children`;
  }
}

function sameAux(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

function firstDifference(a: TreeDef, b: TreeDef, path: PathEntry[]): { path: PathEntry[]; a: TreeDef; b: TreeDef } | undefined {
  const differ =
    a.kind !== b.kind ||
    a.children.length !== b.children.length ||
    (a.kind === "object" && a.keys.some((k, i) => k !== b.keys[i])) ||
    (a.kind === "custom" && (a.node !== b.node || !sameAux(a.aux, b.aux))) ||
    (a.kind === "protocol" && !sameAux(a.aux, b.aux));
  if (differ) return { path, a, b };
  for (let i = 0; i < a.children.length; i++) {
    const key = a.kind === "list" ? i : (a.keys[i] ?? i);
    const d = firstDifference(a.children[i]!, b.children[i]!, [...path, key]);
    if (d) return d;
  }
  return undefined;
}

/** Options of `keystr`. */
export interface KeystrOptions {
  /** Plain keys (`1`, `k1`) instead of their access syntax (`[1]`, `['k1']`). */
  simple?: boolean;
  /** Put between the entries (default ""; JAX's `separator`). */
  separator?: string;
}

/** A string key in Python's repr, as JAX prints dict keys: `'k1'` (double quotes when it holds a `'`). */
function pyRepr(k: string): string {
  if (k.includes("'") && !k.includes('"')) return `"${k}"`;
  return `'${k.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/**
 * Formats a key path as `jax.tree_util.keystr` does: `[1]['k1']` (list indices in brackets,
 * object keys quoted in brackets); `""` for the root. With `simple`, the bare keys, joined by
 * `separator`.
 *
 * @example
 * keystr([1, "k1"]);                                    // "[1]['k1']"
 * keystr(["layers", 0, "w"], { simple: true, separator: "/" }); // "layers/0/w"
 */
export function keystr(path: KeyPath, opts: KeystrOptions = {}): string {
  const parts = path.map((k) => (opts.simple ? String(k) : typeof k === "number" ? `[${k}]` : `[${pyRepr(k)}]`));
  return parts.join(opts.separator ?? "");
}

/** `keystr` for messages: "the root" for the empty path. */
export function keyPathText(path: KeyPath): string {
  return path.length === 0 ? "the root" : keystr(path);
}

/** Throws a TypeError naming the path where two structures differ. */
export function assertSameStructure(op: string, a: TreeDef, b: TreeDef, names: [string, string] = ["first tree", "second tree"]): void {
  const d = firstDifference(a, b, []);
  if (d) {
    throw new TypeError(
      `${op}: tree structures differ at ${keyPathText(d.path)}: the ${names[0]} has ${describeNode(d.a)}, ` +
        `the ${names[1]} has ${describeNode(d.b)}.`,
    );
  }
}

function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The registration of a class or of its nearest registered base class. */
function classDef(cls: Function | undefined): PytreeNodeDef | undefined {
  for (let c = cls; c && c !== Object && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const def = registry.get(c);
    if (def) return def;
  }
  return undefined;
}

function customDef(x: object): PytreeNodeDef | undefined {
  let proto = Object.getPrototypeOf(x);
  while (proto && proto !== Object.prototype) {
    const def = registry.get(proto.constructor);
    if (def) return def;
    proto = Object.getPrototypeOf(proto);
  }
  return undefined;
}

/**
 * The children of a registered or `treeNode` pytree node (whatever fields hold them, private
 * ones included), or undefined for any other value. For reachability walks (array/frames.ts).
 */
export function nodeChildren(x: object): unknown[] | undefined {
  const p = x as Partial<TreeNodeProtocol>;
  if (typeof p[treeNode] === "function") return p[treeNode]!().children;
  return customDef(x)?.flatten(x)[0];
}

/** Decides if `x` is a leaf. `isLeaf` lets callers stop descending early. */
function flattenInto(x: unknown, leaves: unknown[], isLeaf?: (x: unknown) => boolean): TreeDef {
  if (isLeaf?.(x)) {
    leaves.push(x);
    return new TreeDef("leaf");
  }
  if (x === null) return new TreeDef("none");
  if (x === undefined) return new TreeDef("undefined");
  if (isList(x)) return new TreeDef("list", x.map((c) => flattenInto(c, leaves, isLeaf)));
  if (typeof x === "object") {
    const proto = x as Partial<TreeNodeProtocol>;
    if (typeof proto[treeNode] === "function") {
      const { children, keys, aux, rebuild } = proto[treeNode]!();
      return new TreeDef("protocol", children.map((c) => flattenInto(c, leaves, isLeaf)), keys ?? [], rebuild, aux, x.constructor?.name);
    }
    const def = customDef(x);
    if (def) {
      const [children, aux, keys] = def.flatten(x);
      return new TreeDef("custom", children.map((c) => flattenInto(c, leaves, isLeaf)), keys ?? [], x.constructor, aux, x.constructor.name);
    }
    if (isPlainObject(x)) {
      const keys = Object.keys(x).sort();
      return new TreeDef("object", keys.map((k) => flattenInto((x as Record<string, unknown>)[k], leaves, isLeaf)), keys);
    }
  }
  leaves.push(x);
  return new TreeDef("leaf");
}

/**
 * Leaves in order and the structure to rebuild the tree.
 *
 * @example
 * const [leaves, def] = tree.flatten({ b: [1, 2], a: 3 }); // leaves [3, 1, 2]
 */
export function flatten(tree: unknown, isLeaf?: (x: unknown) => boolean): [unknown[], TreeDef] {
  const leaves: unknown[] = [];
  const def = flattenInto(tree, leaves, isLeaf);
  return [leaves, def];
}

/**
 * Rebuilds a tree of structure `def` from `leaves`.
 *
 * @example
 * tree.unflatten(def, [30, 10, 20]);
 */
export function unflatten<T = unknown>(def: TreeDef, leaves: readonly unknown[]): T {
  if (leaves.length !== def.numLeaves) {
    throw new TypeError(`tree.unflatten: the structure ${def} has ${def.numLeaves} leaves but ${leaves.length} were given.`);
  }
  let i = 0;
  const build = (d: TreeDef): unknown => {
    switch (d.kind) {
      case "leaf": return leaves[i++];
      case "none": return null;
      case "undefined": return undefined;
      case "list": return d.children.map(build);
      case "object": {
        const out: Record<string, unknown> = {};
        d.children.forEach((c, k) => (out[d.keys[k] as string] = build(c)));
        return out;
      }
      case "custom": {
        const cls = d.node as Function;
        const def = classDef(cls) ?? customDef(Object.create(cls.prototype as object));
        return def!.unflatten(d.aux, d.children.map(build));
      }
      case "protocol": return (d.node as (c: unknown[]) => unknown)(d.children.map(build));
    }
  };
  return build(def) as T;
}

/** Key paths of every leaf, in flatten order. */
export function leafPaths(def: TreeDef): PathEntry[][] {
  const out: PathEntry[][] = [];
  const walk = (d: TreeDef, path: PathEntry[]) => {
    if (d.kind === "leaf") out.push(path);
    else d.children.forEach((c, i) => walk(c, [...path, d.kind === "list" ? i : (d.keys[i] ?? i)]));
  };
  walk(def, []);
  return out;
}
