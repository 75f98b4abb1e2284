/** `dataclass`: frozen, typed pytree classes with `replace` (chex's `@dataclass`). */
import { tree } from "tsjax-core";

/** Instance side of a `dataclass`: the fields, read-only, plus `replace`. */
export type DataclassInstance<T extends object> = Readonly<T> & {
  /** A copy with some fields changed. */
  replace(changes: Partial<T>): DataclassInstance<T>;
  /** The fields as a plain object. */
  toObject(): T;
};

/** Constructor of a `dataclass`. */
export interface DataclassCtor<T extends object> {
  new (fields: T): DataclassInstance<T>;
}

/**
 * Makes a base class whose instances are frozen pytrees of the given fields: transformations
 * (`jit`, `grad`, `vmap`, `tree.map`) see each field as a child (keys sorted) and rebuild the
 * same class; `replace` returns a modified copy. Subclasses may add methods and getters (not
 * instance fields, since instances are frozen).
 *
 * @example
 * class Params extends dataclass<{ w: Array; b: Array }>("Params") {
 *   apply(x: Array) { return x.matmul(this.w).add(this.b); }
 * }
 * const p = new Params({ w: np.ones([2, 2]), b: np.zeros([2]) });
 * const g = grad((p: Params) => p.apply(x).sum())(p); // a Params
 * const p2 = p.replace({ b: np.ones([2]) });
 */
export function dataclass<T extends object>(name = "Dataclass"): DataclassCtor<T> {
  class Base {
    constructor(fields: T) {
      Object.assign(this, fields);
      Object.freeze(this);
    }

    replace(changes: Partial<T>): this {
      const unknown = Object.keys(changes).filter((k) => !(k in this));
      if (unknown.length) throw new TypeError(`${this.constructor.name}.replace: unknown field(s) ${unknown.join(", ")} (fields: ${Object.keys(this).join(", ")}).`);
      return rebuild(this, { ...this.toObject(), ...changes });
    }

    toObject(): T {
      return { ...this } as unknown as T;
    }

    [tree.treeNode]() {
      const keys = Object.keys(this).sort();
      return {
        children: keys.map((k) => (this as Record<string, unknown>)[k]),
        keys,
        aux: { class: this.constructor.name, keys },
        rebuild: (children: unknown[]) => rebuild(this, Object.fromEntries(keys.map((k, i) => [k, children[i]]))),
      };
    }

    toString(): string {
      return `${this.constructor.name}(${Object.keys(this).join(", ")})`;
    }
  }
  Object.defineProperty(Base, "name", { value: name });
  return Base as unknown as DataclassCtor<T>;
}

function rebuild<S extends object>(like: S, fields: Record<string, unknown>): S {
  const obj = Object.create(Object.getPrototypeOf(like)) as S;
  Object.assign(obj, fields);
  return Object.freeze(obj);
}
