import { describe, expect, it } from "vitest";
import { type Array, nn, np, random } from "tsjax-core";
import { transform } from "../transform/transform.js";
import { getParameter } from "../base/params.js";
import { ones } from "../initializers/constant.js";
import { Linear } from "./linear.js";
import { Bias, biasShape } from "./bias.js";
import { Sequential, toModule } from "./sequential.js";
import { Flatten, Reshape } from "./reshape.js";
import { dropout } from "./dropout.js";
import { close, f32, v } from "../testing/helpers.js";

describe("Linear", () => {
  it("x @ w + b, by hand", () => {
    const f = transform((x: Array) => new Linear(2).call(x));
    const x = f32([[1, 2, 3], [-1, 0, 0.5]]);
    const params = { linear: { w: f32([[1, 0], [0, 1], [2, -1]]), b: f32([0.5, -0.5]) } };
    // [1+0+6+0.5, 0+2-3-0.5], [-1+0+1+0.5, 0+0-0.5-0.5]
    expect(v(f.apply(params, null, x))).toEqual([7.5, -1.5, 0.5, -1]);
  });

  it("param shapes, withBias: false, wInit/bInit, leading axes", () => {
    const f = transform((x: Array) => new Linear(4, { withBias: false, wInit: ones }).call(x));
    const p = f.init(null, np.ones([2, 3, 5]));
    expect(Object.keys(p.linear!)).toEqual(["w"]);
    expect(p.linear!.w!.shape).toEqual([5, 4]);
    expect(f.apply(p, null, np.ones([2, 3, 5])).shape).toEqual([2, 3, 4]);
    const g = transform((x: Array) => new Linear(2, { bInit: ones }).call(x));
    expect(v(g.init(random.key(0), np.ones([1, 2])).linear!.b!)).toEqual([1, 1]);
  });

  it("errors: scalar input, unknown option", () => {
    expect(() => transform(() => new Linear(2).call(np.array(1))).init(0)).toThrow(/Linear 'linear': the input must not be a scalar/);
    expect(() => transform(() => new Linear(2, { with_bias: false } as never)).init(0)).toThrow(/Linear: unknown option\(s\) "with_bias"/);
  });
});

describe("Bias", () => {
  it("adds b (default shape: all but the batch axis); multiplier", () => {
    const f = transform((x: Array, m?: number) => new Bias().call(x, m));
    const x = f32([[1, 2], [3, 4]]);
    const p = { bias: { b: f32([10, 20]) } };
    expect(v(f.apply(p, null, x))).toEqual([11, 22, 13, 24]);
    expect(v(f.apply(p, null, x, 2))).toEqual([21, 42, 23, 44]);
  });

  it("bias shapes as haiku's calculate_bias_shape", () => {
    expect(biasShape([8, 4, 5, 3], undefined)).toEqual([4, 5, 3]);
    expect(biasShape([8, 4, 5, 3], [])).toEqual([]);
    expect(biasShape([8, 4, 5, 3], [-1])).toEqual([3]);
    expect(biasShape([8, 4, 5, 3], [1])).toEqual([4, 1, 1]);
    expect(biasShape([8, 4, 5, 3], [1, 3])).toEqual([4, 1, 3]);
    expect(() => biasShape([8, 3], [0])).toThrow(/batch axis/);
  });

  it("checks outputSize and the rank", () => {
    expect(() => transform(() => new Bias({ outputSize: [3] }).call(np.ones([2, 4]))).init(0)).toThrow(/must be \[-1, 3\]/);
    expect(() => transform(() => new Bias().call(np.ones([4]))).init(0)).toThrow(/rank >= 2/);
  });
});

describe("Sequential, toModule", () => {
  it("calls layers in order; extra arguments go to the first", () => {
    const f = transform((x: Array) => new Sequential([(y: Array, k?: number) => y.mul(k ?? 1), nn.relu, (y: Array) => y.add(1)]).call(x, -2));
    expect(v(f.apply({}, null, f32([1, -1])))).toEqual([1, 3]);
  });

  it("layers keep the names they were created with (outside the Sequential, as in haiku)", () => {
    const f = transform((x: Array) => new Sequential([new Linear(3), nn.relu, new Linear(2)]).call(x));
    expect(Object.keys(f.init(random.key(0), np.ones([1, 4])))).toEqual(["linear", "linear_1"]);
  });

  it("toModule names a function's params after it", () => {
    const Block = toModule(function block(x: Array) {
      return x.mul(getParameter("s", [], "float32", ones));
    });
    const f = transform((x: Array) => new Block().call(x));
    expect(Object.keys(f.init(null, np.ones([2])))).toEqual(["block"]);
    expect(() => transform(() => new Block(3 as never)).init(null)).toThrow(/optional name/);
  });
});

describe("Reshape, Flatten", () => {
  it("keep the leading axes", () => {
    const f = transform((x: Array) => [new Reshape([3, -1]).call(x).shape, new Flatten().call(x).shape, new Flatten({ preserveDims: 2 }).call(x).shape]);
    expect(f.apply({}, null, np.ones([2, 3, 4, 5]))).toEqual([[2, 3, 20], [2, 60], [2, 3, 20]]);
    expect(transform((x: Array) => new Flatten({ preserveDims: 3 }).call(x).shape).apply({}, null, np.ones([2, 3]))).toEqual([2, 3]);
    expect(() => transform(() => new Reshape([-1, -1])).init(null)).toThrow(/-1 can occur only once/);
  });
});

describe("dropout", () => {
  it("keeps about 1 - rate of the elements, scaled by 1 / (1 - rate)", () => {
    const y = v(dropout(random.key(0), 0.25, np.ones([200, 200])));
    const kept = y.filter((e) => e !== 0);
    expect(Math.abs(kept.length / y.length - 0.75)).toBeLessThan(0.01);
    kept.forEach((e) => expect(e).toBeCloseTo(4 / 3, 5));
  });

  it("equals the mask of random.bernoulli with the same key", () => {
    const x = f32([1, 2, 3, 4, 5, 6]);
    const keep = v(random.bernoulli(random.key(3), 0.5, [6]));
    close(dropout(random.key(3), 0.5, x), keep.map((k, i) => (k ? (i + 1) * 2 : 0)));
  });

  it("broadcastDims share the draw; rate 0 is the identity; bad rates are errors", () => {
    const y = v(dropout(random.key(1), 0.5, np.ones([4, 50]), { broadcastDims: [0] })).map((e) => e !== 0);
    for (let j = 0; j < 50; j++) for (let i = 1; i < 4; i++) expect(y[i * 50 + j]).toBe(y[j]);
    const x = np.ones([3]);
    expect(dropout(random.key(1), 0, x)).toBe(x);
    expect(() => dropout(random.key(1), 1, x)).toThrow(/rate must be in \[0, 1\)/);
  });
});
