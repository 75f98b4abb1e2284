import { describe, expect, it } from "vitest";
import { type Exp, add, and, constant, ge, i32, load, lt, mul, select, sub, variable } from "../../../compile/exp.js";
import { affineIn } from "../../../compile/affine.js";
import { encodeModule } from "./encode.js";
import { compileGatherPack } from "./gather-pack.js";
import { evaluate } from "../../../../test/evaluate.js";

const [H, W, KH, KW] = [5, 7, 3, 2];
const v = variable;
const ih = sub(add(v("h"), v("kh")), i32(1));
const iw = sub(add(v("w"), mul(v("kw"), i32(2))), i32(1));
// a padded 3 x 2 window with dilation 2 along w over an H x W image: reads before its first and
// past its last element where padded
const valid = and(and(ge(ih, i32(0)), lt(ih, i32(H))), and(ge(iw, i32(0)), lt(iw, i32(W))));
const factor: Exp = select(valid, load(0, add(mul(ih, i32(W)), iw), "float32"), constant(0, "float32"));
const xLoops = [{ name: "h", size: H }, { name: "w", size: W }];
const kLoops = [{ name: "kh", size: KH }, { name: "kw", size: KW }];
const names = [...xLoops, ...kLoops].map((l) => l.name);
const K = KH * KW;
const X = H * W;

/** Packs the factor (panels of P) with the image at byte `imageAt` of a two-page memory, over x loop range [from, to). */
function pack(P: number, imageAt: number, from = 0, to = H): { packed: Float32Array; image: Float32Array } {
  const plan = compileGatherPack(factor, xLoops, kLoops, P, K, (index) => affineIn(index, names))!;
  expect(plan.loads.length).toBe(1);
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 2 });
  const module = new WebAssembly.Module(encodeModule([plan.fn], { initial: 2, maximum: 2, shared: false }));
  const gather = new WebAssembly.Instance(module, { env: { mem: memory } }).exports.gather as (...args: number[]) => void;
  const image = new Float32Array(memory.buffer, imageAt, X);
  image.set(Array.from({ length: X }, (_, i) => i + 1));
  const dstAt = imageAt === 0 ? 4096 : 0;
  const panels = Math.ceil(X / P);
  const packed = new Float32Array(memory.buffer, dstAt, panels * K * P).fill(-1);
  // the load's rest is -W - 1 (padding): its base is that element's address
  gather(dstAt, imageAt - (W + 1) * 4, imageAt, (X - 1) * 4, from, to);
  return { packed, image };
}

describe("compileGatherPack", () => {
  it.each([
    [8, 0],
    [4, 65536 * 2 - X * 4],
  ])("packs a padded window into panels of %i (image at byte %i: a read before or past it would trap)", (P, imageAt) => {
    const { packed, image } = pack(P, imageAt);
    for (let h = 0; h < H; h++)
      for (let w = 0; w < W; w++)
        for (let kh = 0; kh < KH; kh++)
          for (let kw = 0; kw < KW; kw++) {
            const x = h * W + w;
            const k = kh * KW + kw;
            const want = evaluate(factor, { h, w, kh, kw }, [image]);
            expect(packed[Math.floor(x / P) * K * P + k * P + (x % P)], `h=${h} w=${w} kh=${kh} kw=${kw}`).toBe(want);
          }
    // the padding lanes of the last panel (X = 35 is a multiple of neither width) are the caller's
    expect(packed[packed.length - 1]).toBe(-1);
  });

  it("writes only the given range of the outermost loop", () => {
    const { packed } = pack(8, 0, 2, 3);
    for (let x = 0; x < X; x++)
      for (let k = 0; k < K; k++) {
        const written = packed[Math.floor(x / 8) * K * 8 + k * 8 + (x % 8)] !== -1;
        expect(written, `x=${x} k=${k}`).toBe(x >= 2 * W && x < 3 * W);
      }
  });

  it("rejects what it cannot compile: a load whose index is not affine in the loops", () => {
    const f = load(0, mul(v("h"), v("w")), "float32");
    expect(compileGatherPack(f, xLoops, kLoops, 8, K, (index) => affineIn(index, names))).toBeUndefined();
  });
});
