/**
 * A row kernel as one thread runs it, shared by the CPU's JavaScript kernels and WebGPU's short
 * rows (one invocation per row): the lines computed once per kernel, and the lines of one row
 * (`row`): its statistics, then a loop over its `L` elements (`j`) storing each output at
 * `row * L + j`. Each backend puts the row lines inside its own row loop or invocation index.
 */
import type { DType } from "../../dtype.js";
import { type MapKernel, POS, ROW } from "../kernel.js";
import { Emitter, type Syntax, indent } from "./emitter.js";

/**
 * Emits a row kernel's lines: `loop` is the backend's header of a loop of `j` over `[0, L)`
 * (its body and closing brace follow), `store` converts a value to its storage type.
 */
export function emitSequentialRow(
  syntax: Syntax,
  k: MapKernel,
  L: number,
  loop: string,
  store: (dtype: DType, v: string) => string,
): { invariant: string[]; row: string[] } {
  const em = new Emitter(syntax);
  em.pushScope([]);
  em.bind(ROW, "row");
  em.pushScope([]);
  em.bind(POS, "j");
  const vals = k.outputs.map((o) => em.emit(o.value));
  k.outputs.forEach((o, i) => em.line(`out${i}[row * ${L} + j] = ${store(o.dtype, vals[i]!)};`));
  const inner = em.popScope();
  em.line(loop, ...indent(inner), "}");
  const row = em.popScope();
  return { invariant: em.lines, row };
}
