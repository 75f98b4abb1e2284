/**
 * Errors of tsjax-nn. Each message names the module path or function involved, the shapes, and
 * what to do instead.
 */

/**
 * Base class of every tsjax-nn error.
 *
 * @example
 * try { f.apply(otherParams, null, x); } catch (e) { if (e instanceof NnError) console.error(e.message); }
 */
export class NnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A module, `getParameter`, `nextRngKey` (...) used outside `transform`. @example new Linear(3); // outside transform: throws NotInTransformError */
export class NotInTransformError extends NnError {}

/** A random key is needed but `init`/`apply` was given `null`. @example f.apply(params, null, x); // a dropout inside: throws MissingRngError */
export class MissingRngError extends NnError {}

/** `apply`'s params lack an entry a module asks for, or hold it with another shape. @example f.apply(paramsOfAnotherModel, null, x); // throws ParamsError */
export class ParamsError extends NnError {}

/** State (`getState`/`setState`) used in a transform that has none, or missing state. @example transform((x) => new BatchNorm(true, true, 0.9).call(x, true)).init(null, x); // throws StateError */
export class StateError extends NnError {}

/** A core transformation or control-flow function (not tsjax-nn's) wraps module code. @example transform((xs) => vmap((x) => new Linear(2).call(x))(xs)); // core vmap: throws JaxUsageError at init */
export class JaxUsageError extends NnError {}

/** A module name is invalid or not unique. @example new Linear(2, { name: "2fast" }); // throws NameError */
export class NameError extends NnError {}
