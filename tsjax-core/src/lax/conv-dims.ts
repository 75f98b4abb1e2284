/** Parses convolution dimension numbers (string specs such as ["NHWC", "HWIO", "NHWC"]) into axis lists. Internal. */
import type { ConvDimensionNumbers } from "../primitives/conv.js";
import { ShapeError } from "../errors.js";
import { range } from "../util.js";
import { formatValue } from "../util/format.js";
import type { ConvDimensionSpec } from "./lax.js";

export function parseDimensionNumbers(spec: ConvDimensionSpec | undefined, ndim: number, op = "lax.convGeneralDilated"): ConvDimensionNumbers {
  if (spec === undefined) {
    const base = range(ndim);
    return { lhs: base, rhs: base, out: base };
  }
  if (!("length" in spec)) return spec;
  const [l, r, o] = spec;
  const spatialOf = (s: string, batch: string, feature: string): string => [...s].filter((c) => c !== batch && c !== feature).sort().join("");
  const parse = (s: string, batch: string, feature: string): number[] => {
    if (s.length !== ndim) throw new ShapeError(`${op}: dimension spec "${s}" has ${s.length} letters for ${ndim}-D operands.`);
    const once = (c: string) => s.indexOf(c) >= 0 && s.indexOf(c) === s.lastIndexOf(c);
    if (!once(batch) || !once(feature) || new Set(s).size !== s.length) {
      throw new ShapeError(
        `${op}: dimension spec "${s}" must name "${batch}" and "${feature}" once each and every other axis with a distinct letter.`,
      );
    }
    if (spatialOf(s, batch, feature) !== spatialOf(r, "O", "I")) {
      throw new ShapeError(`${op}: dimension specs ${formatValue(spec)} must use the same spatial letters.`);
    }
    const spatial = [...s].map((c, i) => [c, i] as const).filter(([c]) => c !== batch && c !== feature).map(([, i]) => i);
    return [s.indexOf(batch), s.indexOf(feature), ...spatial];
  };
  // Spatial axes pair up in the order the rhs spec lists them (as JAX does).
  const lhs = parse(l, "N", "C");
  const rhs = parse(r, "O", "I");
  const out = parse(o, "N", "C");
  const order = (s: string) => [...s].filter((c) => !"NCOI".includes(c));
  const rs = order(r);
  const reorder = (dims: number[], s: string) => [dims[0]!, dims[1]!, ...rs.map((c) => s.indexOf(c))];
  return { lhs: reorder(lhs, l), rhs, out: reorder(out, o) };
}

