import { describe, expect, it } from "vitest";
import { type Array, np } from "tsjax-core";
import { transform } from "../transform/transform.js";
import { Conv1D, Conv2D, Conv3D, ConvND } from "./conv.js";
import { Conv1DTranspose, Conv2DTranspose } from "./conv-transpose.js";
import { DepthwiseConv2D } from "./depthwise-conv.js";
import refs from "../testing/refs.json";
import { close, rand, refConv, samePads, v } from "../testing/helpers.js";

/** Applies a conv module with given w and b to x; returns the output. */
function applyConv(make: () => { call(x: Array): Array; moduleName: string }, x: Array, w: Array, b?: Array): Array {
  const f = transform((xx: Array) => make().call(xx));
  const name = Object.keys(f.init(0, x))[0]!;
  return f.apply({ [name]: b ? { w, b } : { w } }, null, x);
}

describe("Conv2D by a plain loop", () => {
  const x = rand([2, 6, 5, 3], 1);
  it.each([
    ["SAME, stride 1", { padding: "SAME" }, [1, 1], [1, 1]],
    ["VALID, stride 2", { padding: "VALID", stride: 2 }, [2, 2], [1, 1]],
    ["SAME, stride [2, 1], dilation 2", { padding: "SAME", stride: [2, 1], rate: 2 }, [2, 1], [2, 2]],
    ["explicit padding", { padding: [[2, 0], [1, 1]] }, [1, 1], [1, 1]],
  ] as const)("%s", (_, opts, stride, rate) => {
    const w = rand([3, 2, 3, 4], 2);
    const b = rand([4], 3);
    const out = applyConv(() => new Conv2D(4, [3, 2], opts as never), x, w, b);
    const pad = opts.padding === "SAME" ? samePads([6, 5], [3, 2], [...stride], [...rate]) : opts.padding === "VALID" ? [[0, 0], [0, 0]] : opts.padding;
    const ref = refConv(v(x), [2, 6, 5, 3], v(w), [3, 2, 3, 4], { stride: [...stride], pad: pad as never, rate: [...rate] });
    const bias = v(b);
    expect(out.shape).toEqual(ref.shape);
    close(out, ref.values.map((r, i) => r + bias[i % 4]!), { atol: 1e-4 });
  });

  it("feature groups", () => {
    const xg = rand([1, 4, 4, 4], 4);
    const w = rand([3, 3, 2, 6], 5);
    const out = applyConv(() => new Conv2D(6, 3, { featureGroupCount: 2, withBias: false }), xg, w);
    const ref = refConv(v(xg), [1, 4, 4, 4], v(w), [3, 3, 2, 6], { stride: [1, 1], pad: [[1, 1], [1, 1]], groups: 2 });
    close(out, ref.values, { atol: 1e-4 });
  });

  it("NCHW equals NHWC on transposed data; bias shape [C, 1, 1]", () => {
    const w = rand([3, 3, 3, 2], 6);
    const b = rand([2], 7);
    const nhwc = applyConv(() => new Conv2D(2, 3), x, w, b);
    const xc = np.transpose(x, [0, 3, 1, 2]);
    const f = transform((xx: Array) => new Conv2D(2, 3, { dataFormat: "NCHW" }).call(xx));
    expect(f.init(0, xc).conv2_d!.b!.shape).toEqual([2, 1, 1]);
    const nchw = f.apply({ conv2_d: { w, b: b.reshape(2, 1, 1) } }, null, xc);
    close(np.transpose(nchw, [0, 2, 3, 1]), v(nhwc), { atol: 1e-5 });
  });

  it("unbatched inputs, param shapes, and errors", () => {
    const f = transform((xx: Array) => new Conv2D(5, 3).call(xx));
    const p = f.init(0, np.ones([7, 7, 2]));
    expect([p.conv2_d!.w!.shape, p.conv2_d!.b!.shape]).toEqual([[3, 3, 2, 5], [5]]);
    expect(f.apply(p, null, np.ones([7, 7, 2])).shape).toEqual([7, 7, 5]);
    expect(() => f.init(0, np.ones([7, 2]))).toThrow(/Conv2D 'conv2_d': the input must have rank 3 or 4/);
    expect(() => transform(() => new Conv2D(4, 3, { featureGroupCount: 2 }).call(np.ones([1, 3, 3, 3]))).init(0)).toThrow(/multiple of featureGroupCount 2/);
    expect(() => transform(() => new Conv2D(4, 3, { padding: "FULL" as never })).init(0)).toThrow(/padding must be/);
    expect(() => transform(() => new Conv2D(4, [3, 3, 3])).init(0)).toThrow(/kernelShape must be a number or a list of length 1 or 2/);
  });
});

describe("Conv1D, Conv3D, ConvND", () => {
  it("Conv1D (NWC) and Conv3D (NDHWC) by a plain loop", () => {
    const x1 = rand([2, 7, 3], 8);
    const w1 = rand([3, 3, 2], 9);
    const out1 = applyConv(() => new Conv1D(2, 3, { stride: 2, withBias: false }), x1, w1);
    close(out1, refConv(v(x1), [2, 7, 3], v(w1), [3, 3, 2], { stride: [2], pad: samePads([7], [3], [2]) }).values, { atol: 1e-4 });
    const x3 = rand([1, 4, 3, 3, 2], 10);
    const w3 = rand([2, 2, 2, 2, 3], 11);
    const out3 = applyConv(() => new Conv3D(3, 2, { padding: "VALID", withBias: false }), x3, w3);
    close(out3, refConv(v(x3), [1, 4, 3, 3, 2], v(w3), [2, 2, 2, 2, 3], { stride: [1, 1, 1], pad: [[0, 0], [0, 0], [0, 0]] }).values, { atol: 1e-4 });
    expect(transform((xx: Array) => new ConvND(1, 4, 3).call(xx)).init(0, np.ones([2, 5, 1])).conv_nd!.w!.shape).toEqual([3, 1, 4]);
  });
});

describe("transposed convolutions", () => {
  const x = np.arange(18).astype("float32").reshape(1, 3, 3, 2).div(10);
  const w = np.arange(72).astype("float32").reshape(3, 3, 4, 2).sub(30).div(50);
  it.each([
    ["SAME", 1], ["SAME", 2], ["VALID", 1], ["VALID", 2],
  ] as const)("equals jax.lax.conv_transpose (%s, stride %d)", (padding, stride) => {
    const ref = refs[`conv_transpose_${padding}_s${stride}` as "conv_transpose_SAME_s1"];
    const out = applyConv(() => new Conv2DTranspose(4, 3, { stride, padding, withBias: false }), x, w);
    expect(out.shape).toEqual(ref.shape);
    close(out, ref.values, { atol: 1e-4 });
  });

  it.each([
    [5, "SAME"], [6, "SAME"], [7, "VALID"], [8, "VALID"],
  ] as const)("outputShape %d (%s) picks the padding (haiku's compute_adjusted_padding)", (o, padding) => {
    const ref = refs[`conv_transpose_out${o}_${padding}_s2` as "conv_transpose_out5_SAME_s2"];
    const out = applyConv(() => new Conv2DTranspose(4, 3, { stride: 2, outputShape: o, padding, withBias: false }), x, w);
    expect(out.shape).toEqual(ref.shape);
    close(out, ref.values, { atol: 1e-4 });
  });

  it("an outputShape the input cannot give is an error", () => {
    expect(() => applyConv(() => new Conv2DTranspose(4, 3, { stride: 2, outputShape: 7 }), x, w)).toThrow(/expected input size 4/);
  });

  it("is the adjoint of the strided convolution: <conv(a), y> = <a, convT(y)>", () => {
    // The adjoint of a stride-2 conv with kernel K [k, in, out] is the transposed conv with the flipped K as its [k, out, in] kernel.
    const a = rand([1, 8, 3], 12);
    const y = rand([1, 4, 2], 13);
    const k = rand([3, 3, 2], 14);
    const conv = applyConv(() => new Conv1D(2, 3, { stride: 2, padding: [[1, 0]], withBias: false }), a, k);
    const convT = applyConv(() => new Conv1DTranspose(3, 3, { stride: 2, padding: [[1, 2]], withBias: false }), y, np.flip(k, 0));
    expect(convT.shape).toEqual([1, 8, 3]);
    close([v(conv.mul(y).sum())[0]!], [v(a.mul(convT).sum())[0]!], { atol: 1e-4 });
  });

  it("param shapes: w [k, out, in], b [out]", () => {
    const p = transform((xx: Array) => new Conv2DTranspose(3, 3).call(xx)).init(0, np.ones([8, 2, 2, 2]));
    expect([p.conv2_d_transpose!.w!.shape, p.conv2_d_transpose!.b!.shape]).toEqual([[3, 3, 3, 2], [3]]);
  });
});

describe("DepthwiseConv2D", () => {
  it("is a grouped convolution with one group per input channel", () => {
    const x = rand([2, 5, 5, 3], 15);
    const w = rand([3, 3, 1, 6], 16);
    const b = rand([6], 17);
    const out = applyConv(() => new DepthwiseConv2D(2, 3), x, w, b);
    const ref = refConv(v(x), [2, 5, 5, 3], v(w), [3, 3, 1, 6], { stride: [1, 1], pad: [[1, 1], [1, 1]], groups: 3 });
    const bias = v(b);
    close(out, ref.values.map((r, i) => r + bias[i % 6]!), { atol: 1e-4 });
    const p = transform((xx: Array) => new DepthwiseConv2D(1, 3).call(xx)).init(0, np.ones([8, 2, 2, 2]));
    expect([p.depthwise_conv2_d!.w!.shape, p.depthwise_conv2_d!.b!.shape]).toEqual([[3, 3, 1, 2], [2]]);
  });
});
