/**
 * Distributions and bijectors as pytrees, the way distrax's `Jittable` does it: an instance's
 * own fields are flattened; the arrays among them (at any depth, including those of nested
 * distributions and bijectors) are the children, and everything else (numbers, strings,
 * booleans, functions, shapes) is static aux data. Rebuilding assigns the fields to a fresh
 * object of the same class without calling its constructor, so a subclass writes nothing to
 * be a pytree. @internal
 */
import { Array, registerPytreeNode, tree } from "tsjax-core";

type TreeDef = tree.TreeDef;

const ids = new WeakMap<object, number>();
let nextId = 0;
function idOf(x: object): number {
  let id = ids.get(x);
  if (id === undefined) ids.set(x, (id = nextId++));
  return id;
}

function staticKey(v: unknown): string {
  if (typeof v === "function") return `fn#${idOf(v)}`;
  if (v === undefined) return "undefined";
  if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) !== Object.prototype && !globalThis.Array.isArray(v)) {
    return `obj#${idOf(v)}`;
  }
  return JSON.stringify(v) ?? String(v);
}

/** The aux data of every custom node of `def`, in order, as one string. */
function defKey(def: TreeDef): string {
  const parts: string[] = [def.toString()];
  const walk = (d: TreeDef): void => {
    if (d.kind === "custom") parts.push(`${idOf(d.node as object)}:${JSON.stringify(d.aux) ?? ""}`);
    d.children.forEach(walk);
  };
  walk(def);
  return parts.join("|");
}

/** The static part of a flattened instance: its class, its fields' structure and non-array leaves. */
class StaticFields {
  constructor(
    readonly cls: Function,
    readonly def: TreeDef,
    readonly dynamic: readonly boolean[],
    readonly statics: readonly unknown[],
  ) {}

  /** Equality (and jit's cache key) by JSON: class, structure, static values (functions by identity). */
  toJSON(): string {
    return `${this.cls.name}#${idOf(this.cls)}{${defKey(this.def)}}[${this.statics.map(staticKey).join(",")}]`;
  }
}

/**
 * Registers `base` (and so every subclass) as a pytree whose children are the arrays found in
 * an instance's own fields.
 */
export function registerFieldsPytree(base: abstract new (...args: never[]) => object): void {
  registerPytreeNode(base, {
    flatten(obj: object) {
      const [pairs, def] = tree.flattenWithPath({ ...obj });
      const children: Array[] = [];
      const keys: string[] = [];
      const dynamic: boolean[] = [];
      const statics: unknown[] = [];
      for (const [path, leaf] of pairs) {
        const isArray = leaf instanceof Array;
        dynamic.push(isArray);
        statics.push(isArray ? undefined : leaf);
        if (isArray) {
          children.push(leaf);
          keys.push(tree.keystr(path).replace(/^\./, ""));
        }
      }
      return [children, new StaticFields(obj.constructor, def, dynamic, statics), keys];
    },
    unflatten(aux: StaticFields, children: unknown[]) {
      let k = 0;
      const leaves = aux.dynamic.map((d, i) => (d ? children[k++] : aux.statics[i]));
      const fields = tree.unflatten<Record<string, unknown>>(aux.def, leaves);
      return Object.assign(Object.create(aux.cls.prototype as object) as object, fields);
    },
  });
}

/**
 * True when `a` and `b` are the same object, or instances of the same class with the same
 * static configuration whose arrays are the same objects (distrax's `same_as`).
 */
export function sameParameters(a: object, b: object): boolean {
  if (a === b) return true;
  if (a.constructor !== b.constructor) return false;
  const [la, da] = tree.flatten(a);
  const [lb, db] = tree.flatten(b);
  return da.equals(db) && la.length === lb.length && la.every((x, i) => x === lb[i]);
}
