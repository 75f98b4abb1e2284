/**
 * Identity ids: a number per object, stable for the object's life, for cache keys that must
 * tell objects apart by identity (functions, jaxprs, registered pytree classes).
 */
const ids = new WeakMap<object, number>();
let nextId = 0;

/** The id of `o` (the same number every time for the same object; never reused). */
export function identityId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}
