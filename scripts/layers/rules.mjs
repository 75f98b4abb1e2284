/**
 * The layers of tsjax-core (see ARCHITECTURE.md, "The layers of tsjax-core"), bottom first.
 * A file belongs to the first layer with a matching pattern: an exact path under `src/`, or a
 * folder prefix ending in `/`. A file may import (at run time) only files of its own layer or
 * of layers below it, and run-time import cycles are allowed only inside a layer that says so.
 */

/** @type {{ name: string, files: string[], cycles?: string }[]} */
export const LAYERS = [
  {
    name: "foundations",
    files: ["dtype.ts", "errors.ts", "float16.ts", "lru.ts", "util.ts", "util/options.ts", "util/mulberry32.ts", "util/identity.ts", "util/late-bound.ts", "tree/"],
  },
  {
    name: "runtime",
    // arrays, devices, the kernel IR and code generators (everything below jaxprs); shape.ts
    // and util/format.ts are here because error messages show user values, arrays included
    files: ["shape.ts", "util/format.ts", "array/", "backend/", "memory-api.ts", "compile/"],
  },
  {
    name: "core",
    // Primitive, the trace stack, bind, jaxprs, staging, eager evaluation, batching and AD
    // helpers; and the program builder, which eager evaluation uses for one-equation programs
    files: ["core/", "compile/program.ts"],
  },
  {
    name: "interpreters",
    // they import only the core; primitives give them rules
    files: ["transforms/jvp.ts", "transforms/vmap.ts", "transforms/linearize.ts", "transforms/jaxpr-transforms.ts"],
  },
  {
    name: "primitives",
    // rules use other primitives, so the files of this layer may import each other in cycles
    files: ["primitives/", "complex/prims.ts", "complex/math.ts"],
    cycles: "rules of one primitive bind others (JAX's lax has the same knot)",
  },
  {
    name: "compiler",
    // jaxpr optimization (inlining, complex lowering, unrolling short scans), control-flow host steps
    files: ["compile/optimize.ts", "compile/unroll.ts", "compile/host-steps.ts", "complex/"],
  },
  {
    name: "control-flow",
    // lax's control flow (traces bodies into cond/while/scan) and numpy's operand conversion
    files: ["lax/control-flow.ts", "numpy/convert.ts"],
  },
  {
    name: "expansions",
    // primitives defined by an expansion written with lax's control flow (the decompositions)
    files: ["primitives/linalg/", "primitives/linalg.ts"],
  },
  {
    name: "api",
    // the public library and transformation API
    files: ["lax/", "numpy/", "nn/", "random/", "scipy/", "special/", "transforms/"],
  },
  { name: "entry", files: ["index.ts"] },
];

/**
 * Known exceptions, each with the reason it is still there. The check fails when one of them
 * is no longer needed, so this list only shrinks.
 *
 * @type {{ from: string, to: string, why: string }[]}
 */
export const ALLOWED_UPWARD = [];

/** @type {{ files: string[], why: string }[]} */
export const ALLOWED_CYCLES = [];

/** The layer index of `file` (a path relative to `src/`), or -1. */
export function layerOf(file, layers = LAYERS) {
  // the most specific pattern wins (an exact file over its folder)
  let best = -1;
  let bestLen = -1;
  layers.forEach((layer, i) => {
    for (const p of layer.files) {
      const hit = p.endsWith("/") ? file.startsWith(p) : file === p;
      if (hit && p.length > bestLen) {
        best = i;
        bestLen = p.length;
      }
    }
  });
  return best;
}
