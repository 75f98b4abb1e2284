/** `Sequential`: calls layers one after another. */
import type { Array } from "tsjax-core";
import { Module } from "../base/module.js";
import { checkOptions } from "../util.js";

/** Something a network can apply: a module with `call(x, ...)`, or a function of `x`. */
export type Layer = { call(x: Array, ...args: any[]): Array } | ((x: Array, ...args: any[]) => Array);

/**
 * Applies a layer: `layer.call(x, ...args)` for modules, `layer(x, ...args)` for functions
 * (a function's own `call` is `Function.prototype.call`, so it is told apart here).
 *
 * @example
 * applyLayer(nn.relu, x); applyLayer(new Linear(3), x);
 */
export function applyLayer(layer: Layer, x: Array, ...args: unknown[]): Array {
  return typeof layer === "function" ? layer(x, ...args) : layer.call(x, ...args);
}

/**
 * Calls its layers in order; extra arguments go to the first layer only.
 *
 * @example
 * const net = new Sequential([new Linear(128), nn.relu, new Linear(10)]);
 * const logits = net.call(x);
 */
export class Sequential extends Module {
  static override readonly defaultName: string = "sequential";
  readonly layers: readonly Layer[];

  constructor(layers: Iterable<Layer>, opts: { name?: string } = {}) {
    super(opts.name);
    checkOptions("Sequential", opts, ["name"]);
    this.layers = [...layers];
  }

  /** Runs `inputs` through every layer. */
  call(inputs: Array, ...args: unknown[]): Array {
    let out = inputs;
    this.layers.forEach((layer, i) => {
      out = i === 0 ? applyLayer(layer, out, ...args) : applyLayer(layer, out);
    });
    return out;
  }
}

/**
 * Turns a function into a module class whose `call` runs it, named after the function (haiku's
 * `to_module`), so that the parameters it creates get their own scope.
 *
 * @example
 * const Block = toModule(function block(x: Array) { return new Linear(4).call(x); });
 * new Block().call(x); // params["block/linear"]
 */
export function toModule<A extends unknown[], R>(f: (...args: A) => R): new (name?: string) => Module & { call(...args: A): R } {
  const cls = class extends Module {
    constructor(name?: string) {
      if (name !== undefined && typeof name !== "string") {
        throw new TypeError("toModule: the constructor takes an optional name (a string); toModule returns a class: new (toModule(f))().call(x).");
      }
      super(name ?? (f.name || "to_module_wrapper"));
    }

    call(...args: A): R {
      return f(...args);
    }
  };
  return cls;
}
