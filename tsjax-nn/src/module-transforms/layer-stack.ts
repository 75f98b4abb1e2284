/** `layerStack`: N copies of a block with stacked params, applied with one `lax.scan`. */
import { type Array, lax, random, tree } from "tsjax-core";
import { NnError } from "../base/errors.js";
import type { Params, State } from "../base/frame.js";
import { maybeNextRngKey } from "../base/params.js";
import { transformWithState } from "../transform/transform.js";
import { checkOptions, fmtShape } from "../util.js";
import { liftWithState } from "./lift.js";

/** Options of `layerStack`. */
export interface LayerStackOptions {
  /** The block also takes per-layer inputs: `f(x, ...ys)` with each `ys` stacked on a leading axis of `numLayers`. */
  withPerLayerInputs?: boolean;
  /** Name of the scope of the stacked params (default `"__layer_stack_no_per_layer"` or `"..._with_per_layer"`). */
  name?: string;
}

function shapeSig(x: unknown): string {
  const [leaves, def] = tree.flatten(x);
  return `${def}|${(leaves as Array[]).map((l) => `${l.dtype}${fmtShape(l.shape)}`).join(",")}`;
}

/**
 * Repeats a block `numLayers` times with separate parameters, stacked along a leading axis of
 * size `numLayers` (params `"<name>/<module>"`: `{ w: [numLayers, ...] }`), and runs it with
 * `lax.scan`: the block is traced once whatever the depth. The block maps `x` to an `x` of the
 * same shape (so every layer's params have the same shapes).
 *
 * Without per-layer inputs, `f(...xs)` returns the new `xs` (one array, or a list when it takes
 * several); with `withPerLayerInputs`, `f(x, ...ys)` returns `[x, z]` and the stack returns
 * `[x, zs]` with the `z`s stacked.
 *
 * @example
 * const stack = layerStack(12)((x: Array) => x.add(new MLP([64, 64]).call(x)));
 * const y = stack(x); // params["__layer_stack_no_per_layer/mlp/~/linear_0"].w: [12, 64, 64]
 */
export function layerStack(numLayers: number, opts: LayerStackOptions = {}) {
  checkOptions("layerStack", opts, ["withPerLayerInputs", "name"]);
  if (!Number.isInteger(numLayers) || numLayers < 1) throw new RangeError(`layerStack: numLayers must be a positive integer, got ${numLayers}.`);
  const perLayer = opts.withPerLayerInputs ?? false;
  const name = opts.name || (perLayer ? "__layer_stack_with_per_layer" : "__layer_stack_no_per_layer");
  return <F extends (...args: any[]) => any>(f: F): F => {
    const wrapped = (...args: unknown[]): unknown => {
      // The carried value and the per-layer inputs.
      const x = perLayer ? args[0] : args;
      const ys = perLayer ? args.slice(1) : [];
      for (const leaf of tree.leaves(ys) as Array[]) {
        if (leaf.shape[0] !== numLayers) throw new RangeError(`layerStack: per-layer inputs need a leading axis of ${numLayers}, got ${fmtShape(leaf.shape)}.`);
      }
      const callBody = (c: unknown, ...y: unknown[]): [unknown, unknown] => {
        if (perLayer) return f(c, ...y) as [unknown, unknown];
        const list = c as unknown[];
        const out = f(...list);
        return [list.length === 1 ? [out] : out, null];
      };
      const inner = transformWithState(callBody);
      const checkSameShape = (before: unknown, after: unknown) => {
        if (shapeSig(before) !== shapeSig(after)) {
          throw new NnError(
            `layerStack: the block changes the shape of what it carries (${shapeSig(before).split("|")[1]} -> ${shapeSig(after).split("|")[1]}), ` +
              "so its layers would need parameters of different shapes, which cannot be stacked. " +
              "Make every layer map x to the same shape (e.g. apply the first, shape-changing layer outside the stack).",
          );
        }
      };
      const perLayerInit = ([c, rng]: readonly [unknown, Array | null], y: unknown[]) => {
        let initRng: Array | null = null;
        let nextRng: Array | null = null;
        let applyRng: Array | null = null;
        if (rng !== null) {
          const keys = random.split(rng, 3);
          [initRng, nextRng, applyRng] = [keys.get(0), keys.get(1), keys.get(2)];
        }
        const [params, state] = inner.init(initRng, c, ...y);
        const [[c2], _s] = inner.apply(params, state, applyRng, c, ...y);
        checkSameShape(c, c2);
        return [[c2, nextRng] as const, [params, state] as const] as const;
      };
      const scannedInit = (x0: unknown, rng: Array | null): [Params, State] => {
        const [, [params, state]] = lax.scan(perLayerInit, [x0, rng] as const, ys, { length: numLayers });
        return [params as Params, state as State];
      };
      const [paramsAndState, updater] = liftWithState(scannedInit, { allowReuse: true, name });
      const [params, state] = paramsAndState(x, maybeNextRngKey());
      const rngKey = maybeNextRngKey();
      const rngs = rngKey ? random.split(rngKey, numLayers) : null;
      const layer = (carry: unknown, scanned: readonly [Params, State, Array | null, unknown[]]) => {
        const [p, s, r, y] = scanned;
        const [[out, z], s2] = inner.apply(p, s, r, carry, ...y);
        checkSameShape(carry, out);
        return [out, [z, s2] as const] as const;
      };
      const [out, [zs, states]] = lax.scan(layer, x, [params, state, rngs, ys] as const, { length: numLayers });
      updater.update(states as State);
      if (perLayer) return [out, zs];
      const list = out as unknown[];
      return list.length === 1 ? list[0] : list;
    };
    return wrapped as F;
  };
}
