/**
 * Row kernels with short rows (a max pool's gradient over its 2x2 windows, softmax over a few
 * keys): one invocation per row, its reductions plain loops. The workgroup-per-row form
 * (`wgsl-rows.ts` `wgslRows`) leaves most of a workgroup idle on such rows and pays a barrier tree
 * per reduction; on lavapipe a 2x2 max pool's gradient (200k rows of 4) took 500 ms that way
 * and takes a few ms this way; the transformer step's layer norms (512 rows of 48) 3 to 5x less.
 */
import type { MapKernel } from "../../compile/kernel.js";
import { emitSequentialRow } from "../../compile/codegen/sequential-row.js";
import { WgslHelpers } from "./wgsl-helpers.js";
import { assemble, inputBindings, makeSyntax, store, wgslStorageType } from "./wgsl.js";

/** WGSL for a row kernel of rows of `L` elements, one invocation per row. */
export function wgslShortRows(k: MapKernel, L: number): string {
  const h = new WgslHelpers();
  const { invariant, row } = emitSequentialRow(makeSyntax(h), k, L, `for (var j: i32 = 0; j < ${L}; j++) {`, store);
  const bindings = [
    ...inputBindings(k.inputs),
    ...k.outputs.map((o, i) => ({ name: `out${i}`, type: wgslStorageType(o.dtype), access: "read_write" as const })),
  ];
  const body = [`if (gidx >= ${k.size / L}) { return; }`, "let row = gidx;", ...invariant, ...row];
  return assemble(h, bindings, k.numParams, body);
}
