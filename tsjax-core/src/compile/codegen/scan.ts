/**
 * The part of a cumulative (`scan`) kernel that both backends' code generators share: the lines
 * computed once per row, and the loop body that combines element `j` into the running value
 * `acc` and stores it. Each backend wraps them in its own loops and renders the combining op.
 */
import type { BinaryOp } from "../scalar-ops.js";
import { POS, ROW, type ScanKernel } from "../kernel.js";
import { Emitter, type Syntax } from "./emitter.js";

/** The op that combines a scan's running value with the next element. */
const COMBINE: Record<ScanKernel["op"], BinaryOp> = { sum: "add", prod: "mul", max: "max", min: "min" };

/**
 * Emits a scan kernel's row lines and step lines: `combine(op, acc, v)` renders the combining
 * op in the backend's language, `store(v)` converts a value to the output's storage type.
 */
export function emitScanStep(
  syntax: Syntax,
  k: ScanKernel,
  combine: (op: BinaryOp, acc: string, v: string) => string,
  store: (v: string) => string,
): { rowLines: string[]; step: string[] } {
  const em = new Emitter(syntax);
  em.bind(ROW, "row");
  em.pushScope([]);
  em.bind(POS, "j");
  const v = em.emit(k.value);
  const o = em.emit(k.outIndex);
  em.line(`acc = ${combine(COMBINE[k.op], "acc", v)};`, `out0[${o}] = ${store("acc")};`);
  const step = em.popScope();
  return { rowLines: em.lines, step };
}
