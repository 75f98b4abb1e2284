import { describe, expect, it } from "vitest";
import { np } from "tsjax-core";
import { Dimensions } from "./dimensions.js";
import { assertShape } from "./shape.js";

describe("Dimensions", () => {
  const dims = new Dimensions({ B: 8, T: 16, C: 3 });
  it("spells shapes", () => {
    expect(dims.shape("BTC")).toEqual([8, 16, 3]);
    expect(dims.shape("B*C")).toEqual([8, null, 3]);
    expect(dims.shape("B1C")).toEqual([8, 1, 3]);
    expect(dims.shape("B(TC)")).toEqual([8, 48]);
    expect(dims.shape("")).toEqual([]);
    expect(dims.B).toBe(8);
    expect(dims.size("T")).toBe(16);
    assertShape(np.zeros([8, 5, 3]), dims.shape("B*C"));
  });
  it("can be extended", () => {
    const d = new Dimensions({ B: 2 }).set({ H: 4 });
    expect(d.shape("BH")).toEqual([2, 4]);
    expect(String(d)).toBe("Dimensions(B=2, H=4)");
  });
  it("rejects unknown names and bad sizes", () => {
    expect(() => dims.shape("BX")).toThrow(/no dimension named "X" \(known: B, T, C\)/);
    expect(() => new Dimensions({ BT: 2 })).toThrow(/single letters/);
    expect(() => new Dimensions({ B: -1 })).toThrow(/non-negative integer/);
    expect(() => dims.shape("B(T")).toThrow(/unclosed/);
  });
});
