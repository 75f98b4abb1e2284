/**
 * `Module`: the base class of every layer. A module gets a unique path name when it is created
 * (`linear`, `linear_1`, `mlp/~/linear_0`), and every method of a subclass runs inside that
 * name, so `getParameter` inside `call` stores `params[moduleName][name]`.
 */
import type { Array } from "tsjax-core";
import { NameError } from "./errors.js";
import { type Frame, type Scope, currentFrame } from "./frame.js";
import { OVERRIDE_PREFIX, camelToSnake, checkName, nameAndNumber } from "./names.js";

/** The context an interceptor sees: the module, the method's name and the original method. */
export interface MethodContext {
  readonly module: Module;
  readonly methodName: string;
  readonly origMethod: (...args: unknown[]) => unknown;
}

/**
 * Wraps module method calls (haiku's `intercept_methods`): call `next(...args)` to run the method
 * (and any later interceptor), or return something else.
 */
export type MethodInterceptor = (next: (...args: unknown[]) => unknown, args: unknown[], context: MethodContext) => unknown;

const interceptors: MethodInterceptor[] = [];
/** @internal Interceptors active everywhere (mixed-precision class policies), outermost first. */
export const globalInterceptors: MethodInterceptor[] = [];

/**
 * Runs `fn` with `interceptor` wrapping every module method called inside it (haiku's
 * `intercept_methods`).
 *
 * @example
 * const log: string[] = [];
 * interceptMethods((next, args, ctx) => { log.push(ctx.module.moduleName); return next(...args); }, () => mlp.call(x));
 */
export function interceptMethods<T>(interceptor: MethodInterceptor, fn: () => T): T {
  interceptors.push(interceptor);
  try {
    return fn();
  } finally {
    interceptors.splice(interceptors.lastIndexOf(interceptor), 1);
  }
}

function runInterceptors(method: (...a: unknown[]) => unknown, module: Module, methodName: string, args: unknown[]): unknown {
  if (interceptors.length === 0 && globalInterceptors.length === 0) return method.apply(module, args);
  const context: MethodContext = { module, methodName, origMethod: (...a) => method.apply(module, a) };
  const stack = [...globalInterceptors, ...interceptors];
  const next = (...a: unknown[]): unknown => {
    const f = stack.shift();
    return f ? f(next, a, context) : method.apply(module, a);
  };
  return next(...args);
}

const wrappedPrototypes = new WeakSet<object>();
const transparentMethods = new WeakSet<(...args: never[]) => unknown>();

/**
 * Marks a method so that it runs in its caller's name scope instead of its module's (haiku's
 * `transparent`): modules it creates are named as if the caller had created them.
 *
 * @example
 * class Net extends Module {
 *   call(x: Array) { return this.project(x); }
 *   project(x: Array) { return new Linear(3, { name: "proj" }).call(x); } // named "net/proj"
 * }
 * transparent(Net.prototype.project);
 */
export function transparent<F extends (...args: never[]) => unknown>(method: F): F {
  transparentMethods.add(method);
  return method;
}

function wrapMethod(methodName: string, method: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  if (transparentMethods.has(method)) return method;
  const wrapped = function (this: Module, ...args: unknown[]): unknown {
    const frame = currentFrame(`${this.constructor.name}.${methodName}`);
    return frame.withScope(this, methodName, () => {
      const out = runInterceptors(method, this, methodName, args);
      // Notify the modules up the stack of this one (for paramsDict).
      for (const s of frame.scopes) if (s.module && s.module !== this) s.module._submodules.add(this.moduleName);
      return out;
    });
  };
  Object.defineProperty(wrapped, "name", { value: method.name });
  return wrapped;
}

/** Wraps each method and accessor of `ctor`'s prototype chain below `Module` (once per class). */
function wrapClassMethods(ctor: abstract new (...args: never[]) => unknown): void {
  let proto = ctor.prototype as object | null;
  while (proto && proto !== Module.prototype) {
    if (!wrappedPrototypes.has(proto)) {
      wrappedPrototypes.add(proto);
      for (const key of Object.getOwnPropertyNames(proto)) {
        if (key === "constructor") continue;
        const d = Object.getOwnPropertyDescriptor(proto, key)!;
        if (typeof d.value === "function") d.value = wrapMethod(key, d.value);
        else if (d.get || d.set) {
          if (d.get) d.get = wrapMethod(key, d.get) as () => unknown;
          if (d.set) d.set = wrapMethod(key, d.set) as (v: unknown) => void;
        } else continue;
        Object.defineProperty(proto, key, d);
      }
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
}

/** Reserves `name` in the scope, checking that it is unique there when asked. */
function reserveName(scope: Scope, name: string, checkUnique: boolean): void {
  if (checkUnique && scope.usedNames.has(name)) {
    throw new NameError(`Module name '${name}' is not unique: another module in the same scope already has it. Give one of them another name.`);
  }
  scope.usedNames.add(name);
  const [base, number] = nameAndNumber(name);
  scope.counter.set(base, Math.max(scope.counter.get(base) ?? 0, (number ?? 0) + 1));
}

/** haiku's `unique_and_canonical_name`: prefixes the parent's path and numbers repeats. */
function uniqueName(frame: Frame, localName: string): string {
  const caller = frame.scope;
  let name = localName;
  if (caller.module) {
    if (caller.methodName === "constructor") name = `~/${name}`;
    else if (caller.methodName !== "call") name = `~${caller.methodName}/${name}`;
    name = `${caller.module.moduleName}/${name}`;
  }
  const [base, n] = nameAndNumber(name);
  const number = n ?? caller.counter.get(base) ?? 0;
  const full = n !== null || number ? `${base}_${number}` : base;
  reserveName(caller, full, true);
  return full;
}

/**
 * The base class of modules. Subclasses call `super(name)` first, keep their hyperparameters
 * in fields, and compute in `call(...)`; create them inside a transformed function.
 *
 * Every method of a subclass runs in the module's name scope: parameters (`getParameter`) and
 * modules created in `call` are named `<moduleName>/...`. Modules created in the constructor
 * belong to it when created inside `this.build(() => ...)`: they are named
 * `<moduleName>/~/<name>`, as in haiku.
 *
 * @example
 * class Affine extends Module {
 *   constructor(readonly size: number, name?: string) { super(name); }
 *   call(x: Array): Array {
 *     const w = getParameter("w", [x.shape.at(-1)!, this.size], "float32", new TruncatedNormal(0.1));
 *     return x.matmul(w);
 *   }
 * }
 * const f = transform((x: Array) => new Affine(3).call(x));
 * const params = f.init(random.key(0), np.ones([2, 4])); // { affine: { w: [4, 3] } }
 */
export abstract class Module {
  /**
   * The name used when none is given (subclasses may set it; the default is the class name in
   * snake_case, as haiku).
   */
  static readonly defaultName?: string;

  /** The full path name, e.g. `"mlp/~/linear_0"`. */
  readonly moduleName: string;
  /** The last part of `moduleName`. */
  readonly name: string;
  /** @internal Names of modules called from this module's methods. */
  readonly _submodules = new Set<string>();
  #constructorScope: Scope | undefined;

  constructor(name?: string | null) {
    const frame = currentFrame(`new ${new.target.name}(...)`);
    wrapClassMethods(new.target);
    const ctor = new.target as unknown as { defaultName?: string; name: string };
    let n = name ?? (Object.prototype.hasOwnProperty.call(ctor, "defaultName") ? ctor.defaultName! : camelToSnake(ctor.name || "module"));
    if (n.startsWith(OVERRIDE_PREFIX)) {
      n = n.slice(OVERRIDE_PREFIX.length);
      for (const c of n.split("/")) checkName(c, n, true);
      reserveName(frame.scope, n, false);
    } else {
      checkName(n, n);
      n = uniqueName(frame, n);
    }
    this.moduleName = n;
    this.name = n.split("/").at(-1)!;
  }

  /**
   * Runs `fn` as part of this module's constructor: modules it creates are this module's
   * children, named `<moduleName>/~/<name>` (haiku's modules created in `__init__`).
   *
   * @example
   * class Mlp2 extends Module {
   *   readonly layers: Linear[];
   *   constructor() {
   *     super();
   *     this.layers = this.build(() => [new Linear(8), new Linear(2)]); // mlp2/~/linear, mlp2/~/linear_1
   *   }
   *   call(x: Array) { return this.layers[1]!.call(nn.relu(this.layers[0]!.call(x))); }
   * }
   */
  protected build<T>(fn: () => T): T {
    const frame = currentFrame(`${this.constructor.name}.build`);
    this.#constructorScope ??= { module: this, methodName: "constructor", counter: new Map(), usedNames: new Set() };
    return frame.withPushed(frame.scopes, this.#constructorScope, fn);
  }

  /**
   * The parameters of this module and its submodules, keyed `"<modulePath>/<name>"`.
   *
   * @example
   * Object.keys(mlp.paramsDict()); // ["mlp/~/linear_0/b", "mlp/~/linear_0/w", ...]
   */
  paramsDict(): Record<string, Array> {
    const frame = currentFrame("Module.paramsDict");
    return bundleDict(this, frame.params);
  }

  /**
   * The current state of this module and its submodules, keyed `"<modulePath>/<name>"`.
   *
   * @example
   * Object.keys(bn.stateDict()); // ["batch_norm/~/mean_ema/average", ...]
   */
  stateDict(): Record<string, Array> {
    const frame = currentFrame("Module.stateDict");
    const current = Object.fromEntries(
      Object.entries(frame.state).map(([m, b]) => [m, Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v[1]]))]),
    );
    return bundleDict(this, current);
  }
}

function bundleDict(module: Module, bundles: Record<string, Record<string, Array>>): Record<string, Array> {
  const out: Record<string, Array> = {};
  for (const [m, bundle] of Object.entries(bundles)) {
    if (m === module.moduleName || m.startsWith(`${module.moduleName}/`) || module._submodules.has(m)) {
      for (const [k, v] of Object.entries(bundle)) out[`${m}/${k}`] = v;
    }
  }
  return out;
}

/** The module whose method is running (null at the top level of a transformed function). @example class M extends Module { call() { return currentModule() === this; } } */
export function currentModule(): Module | null {
  return currentFrame("currentModule").scope.module;
}

/**
 * The name of the module or name scope whose code is running, or `"~"` at the top level (the
 * key of top-level parameters).
 *
 * @example
 * transform(() => currentName()).apply({}, null); // "~"
 */
export function currentName(): string {
  return currentFrame("currentName").scope.module?.moduleName ?? "~";
}

/** The module that `nameScope` simulates. */
class NameScopeModule extends Module {}

/**
 * Runs `fn` with `name` added to the path of every module, parameter and state it creates
 * (haiku's `name_scope`); `"a/b"` adds two levels. Like a module method named `methodName`
 * (default `"call"`), so a repeated scope name gets numbered (`foo`, `foo_1`).
 *
 * @example
 * nameScope("encoder", () => new Linear(3).call(x)); // params["encoder/linear"]
 */
export function nameScope<T>(name: string, fn: () => T, opts: { methodName?: string } = {}): T {
  const frame = currentFrame("nameScope");
  if (!name || name.startsWith("/")) throw new NameError(`nameScope: name scopes must not be empty or start with "/", got "${name}".`);
  const methodName = opts.methodName ?? "call";
  const parts = name.startsWith(OVERRIDE_PREFIX) ? [name] : name.split("/");
  const enter = (i: number): T => {
    const module = new NameScopeModule(parts[i]);
    return frame.withScope(module, methodName, () => (i + 1 < parts.length ? enter(i + 1) : fn()));
  };
  return enter(0);
}

/**
 * A name that a module takes exactly, whatever scope it is created in (haiku's `force_name`),
 * e.g. to share parameters with another module.
 *
 * @example
 * const a = new Linear(1);
 * const b = new Linear(1, { name: forceName(a.moduleName) }); // shares a's params
 */
export function forceName(name: string): string {
  return `${OVERRIDE_PREFIX}${name}`;
}
