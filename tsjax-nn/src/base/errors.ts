/**
 * Errors of tsjax-nn. Each message names the module path or function involved, the shapes, and
 * what to do instead.
 */

/** Base class of every tsjax-nn error. */
export class NnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A module, `getParameter`, `nextRngKey` (...) used outside `transform`. */
export class NotInTransformError extends NnError {}

/** A random key is needed but `init`/`apply` was given `null`. */
export class MissingRngError extends NnError {}

/** `apply`'s params lack an entry a module asks for, or hold it with another shape. */
export class ParamsError extends NnError {}

/** State (`getState`/`setState`) used in a transform that has none, or missing state. */
export class StateError extends NnError {}

/** A core transformation or control-flow function (not tsjax-nn's) wraps module code. */
export class JaxUsageError extends NnError {}

/** A module name is invalid or not unique. */
export class NameError extends NnError {}
