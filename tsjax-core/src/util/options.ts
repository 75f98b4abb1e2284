/**
 * Options objects: JAX's keyword arguments are a trailing `{ ... }` argument here. These checks
 * make a mistyped key or an options object in the wrong place an error that lists what is
 * accepted and shows the right call, instead of an option that is silently ignored.
 *
 * Internal (not part of the public API); every function that takes options can use it.
 */
import { isList } from "../util.js";

/** True for a plain `{ ... }` object (what an options object is), not an array or class instance. */
export function isOptionsObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object" || isList(x) || ArrayBuffer.isView(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** How a function takes its options, for the checks and their messages. */
export interface OptionsSpec {
  /** The keys the options object accepts. */
  readonly accepted: readonly string[];
  /** The call written out, shown in errors: `"random.gamma(key, a, shape?, { dtype })"`. */
  readonly signature?: string;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (isList(x)) return `a list of length ${x.length}`;
  if (typeof x === "object") return `an object (${(x as object).constructor?.name ?? "Object"})`;
  return typeof x === "string" ? `the string ${JSON.stringify(x)}` : `${typeof x} ${String(x)}`;
}

function callHint(spec: OptionsSpec): string {
  return spec.signature ? ` Call it as ${spec.signature}.` : "";
}

function acceptedList(spec: OptionsSpec): string {
  return spec.accepted.length ? `Accepted options: ${spec.accepted.join(", ")}.` : "It takes no options.";
}

/**
 * Checks an options argument: `undefined` gives `{}`; anything but a plain object, or a key not
 * in `spec.accepted`, throws a TypeError listing the accepted keys (and the call, when given).
 *
 * @example
 * const o = checkOptions("np.arange", opts, { accepted: ["dtype", "device"] });
 * checkOptions("np.arange", { dtyp: "int32" }, { accepted: ["dtype"] });
 * // TypeError: np.arange: unknown option "dtyp" (did you mean "dtype"?). Accepted options: dtype.
 */
export function checkOptions<T extends object>(op: string, opts: T | undefined, spec: OptionsSpec): T {
  if (opts === undefined) return {} as T;
  if (!isOptionsObject(opts)) {
    throw new TypeError(`${op}: expected an options object { ${spec.accepted.join(", ")} }, got ${describe(opts)}.${callHint(spec)}`);
  }
  for (const key of Object.keys(opts)) {
    if (!spec.accepted.includes(key)) {
      const near = nearest(key, spec.accepted);
      throw new TypeError(
        `${op}: unknown option ${JSON.stringify(key)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}. ${acceptedList(spec)}${callHint(spec)}`,
      );
    }
  }
  return opts;
}

/**
 * Splits a call's arguments into positionals and a trailing options object, as JAX's keyword
 * arguments: the options object may follow any number of the optional positionals
 * (`np.arange(10, { dtype })` is `jnp.arange(10, dtype=...)`). An options object followed by
 * more arguments, or more positionals than `maxPositional`, throws an error showing the call.
 *
 * @example
 * const [[start, stop, step], opts] = splitOptions("np.arange", args, 3, spec);
 */
export function splitOptions<T extends object>(op: string, args: readonly unknown[], maxPositional: number, spec: OptionsSpec): [unknown[], T] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const last = args[end - 1];
  const hasOpts = end > 0 && isOptionsObject(last);
  const positional = args.slice(0, hasOpts ? end - 1 : end);
  const misplaced = positional.findIndex(isOptionsObject);
  if (misplaced >= 0) {
    throw new TypeError(
      `${op}: argument ${misplaced + 1} is an options object, but options come last, after the positional arguments.${callHint(spec)}`,
    );
  }
  if (positional.length > maxPositional) {
    throw new TypeError(
      `${op}: takes at most ${maxPositional} positional argument(s) before the options, got ${positional.length}.${callHint(spec)}`,
    );
  }
  return [positional, checkOptions<T>(op, (hasOpts ? last : undefined) as T | undefined, spec)];
}

/**
 * A value that may be given positionally or as an option (JAX lets every positional argument be
 * a keyword): the one given, or throws when both are.
 *
 * @example
 * const shape = positionalOrOption("random.gamma", "shape", shapeArg, opts.shape);
 */
export function positionalOrOption<V>(op: string, name: string, positional: V | undefined, option: V | undefined): V | undefined {
  if (positional !== undefined && option !== undefined) {
    throw new TypeError(`${op}: ${name} was given both as an argument and as the option ${JSON.stringify(name)}; give it once.`);
  }
  return positional !== undefined ? positional : option;
}

/** The accepted key closest to `key` (edit distance at most 2), for "did you mean". */
function nearest(key: string, accepted: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const a of accepted) {
    const d = editDistance(key.toLowerCase(), a.toLowerCase());
    if (d < bestD) [best, bestD] = [a, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * JAX-style arguments by name: up to `positional.length` positionals (in that order), then an
 * options object that may also name any of them (as a Python keyword) or a `keywordOnly` key.
 * Returns one object with every given value; a value given both ways, a misplaced options
 * object, too many positionals or an unknown key is an error showing the call.
 *
 * @example
 * const { n, axis, prepend } = namedArgs<DiffArgs>("np.diff", rest, ["n", "axis"], ["prepend", "append"]);
 */
export function namedArgs<T extends object>(op: string, args: readonly unknown[], positional: readonly string[], keywordOnly: readonly string[] = [], signature?: string): T {
  const spec = { accepted: [...positional, ...keywordOnly], signature };
  const [pos, opts] = splitOptions<Record<string, unknown>>(op, args, positional.length, spec);
  const out: Record<string, unknown> = { ...opts };
  pos.forEach((v, i) => {
    const name = positional[i]!;
    const given = positionalOrOption(op, name, v, opts[name]);
    if (given !== undefined) out[name] = given;
  });
  return out as T;
}
