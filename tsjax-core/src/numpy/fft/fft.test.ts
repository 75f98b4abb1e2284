/**
 * np.fft against JAX 0.10.2 (scripts/refs/fft/refs.py) on every device: every length class of
 * the algorithms (powers of two, mixed radix, primes through Bluestein), the one-axis, 2-D and
 * n-D transforms with their `n`/`axis`/`s`/`axes`/`norm` options (positional and as options),
 * the frequency helpers, vmap and jit; option and shape errors.
 */
import { describe, expect, test } from "vitest";
import { type Array, ShapeError, grad, jit, lax, np, vmap } from "../../index.js";
import { describeDevices } from "../../../test/helpers.js";
import { expectRef, refArray } from "../../../test/fft-helpers.js";

/** The tolerance of an `n`-point float32 transform of O(1) values (the error grows as sqrt(n) log n). */
const tolFor = (n: number) => ({ rtol: 2e-5, atol: 2e-6 * Math.sqrt(n) * Math.max(1, Math.log2(n)) });
const TOL = tolFor(64);

const LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 17, 30, 64, 97, 100, 128, 210, 256, 1000];
/** One length of each class on WebGPU (lavapipe compiles every kernel in software): radix 2 and 4, 3, 5, a DFT-matrix radix (7, 17), mixed, Bluestein. */
const GPU_LENGTHS = [1, 6, 16, 17, 97, 210];

describeDevices("np.fft transforms (JAX values)", (device) => {
  test("fft and ifft of every length class: radix 2/3/4/5, mixed, primes (Bluestein), 1000", async () => {
    for (const n of device === "webgpu" ? GPU_LENGTHS : LENGTHS) {
      const z = refArray("lengths", `fft${n}.x`);
      await expectRef(np.fft.fft(z), "lengths", `fft${n}.fft`, tolFor(n));
      await expectRef(np.fft.ifft(z), "lengths", `fft${n}.ifft`, tolFor(n));
    }
  });

  test("one axis: rfft/irfft with n (crop and pad) and axis, positional or as options", async () => {
    const x = refArray("oneAxis", "x");
    const z = refArray("oneAxis", "z");
    await expectRef(np.fft.rfft(x), "oneAxis", "rfft", TOL);
    await expectRef(np.fft.rfft(x.get(":", ":9")), "oneAxis", "rfftOdd", TOL);
    await expectRef(np.fft.rfft(x, 7), "oneAxis", "rfftN", TOL);
    await expectRef(np.fft.rfft(x, { n: 7 }), "oneAxis", "rfftN", TOL);
    await expectRef(np.fft.rfft(x, null, 0), "oneAxis", "rfftAxis0", TOL);
    await expectRef(np.fft.rfft(x, { axis: 0 }), "oneAxis", "rfftAxis0", TOL);
    await expectRef(np.fft.irfft(z), "oneAxis", "irfft", TOL);
    await expectRef(np.fft.irfft(z, { n: 11 }), "oneAxis", "irfftN", TOL);
    await expectRef(np.fft.irfft(z, 4), "oneAxis", "irfftN4", TOL);
  });

  test("one axis: fft with n and axis, fft of a real input, hfft/ihfft", async () => {
    const x = refArray("oneAxis", "x");
    const z = refArray("oneAxis", "z");
    await expectRef(np.fft.fft(z, 16), "oneAxis", "fftN16", TOL);
    await expectRef(np.fft.fft(z, 6, 0), "oneAxis", "fftN6Axis0", TOL);
    await expectRef(np.fft.fft(z, { n: 6, axis: -2 }), "oneAxis", "fftN6Axis0", TOL);
    await expectRef(np.fft.fft(x), "oneAxis", "fftReal", TOL);
    await expectRef(np.fft.hfft(z), "oneAxis", "hfft", TOL);
    await expectRef(np.fft.hfft(z, { n: 7 }), "oneAxis", "hfftN", TOL);
    await expectRef(np.fft.ihfft(x), "oneAxis", "ihfft", TOL);
    await expectRef(np.fft.ihfft(x, 6, 0), "oneAxis", "ihfftN", TOL);
  });

  test("norm: backward, ortho, forward for fft/ifft/rfft/irfft/hfft/ihfft", async () => {
    const x = refArray("oneAxis", "x");
    const z = refArray("oneAxis", "z");
    for (const norm of ["backward", "ortho", "forward"] as const) {
      await expectRef(np.fft.fft(z, { norm }), "oneAxis", `fft_${norm}`, TOL);
      await expectRef(np.fft.ifft(z, null, -1, norm), "oneAxis", `ifft_${norm}`, TOL);
      await expectRef(np.fft.rfft(x, { norm }), "oneAxis", `rfft_${norm}`, TOL);
      await expectRef(np.fft.irfft(z, { norm }), "oneAxis", `irfft_${norm}`, TOL);
      await expectRef(np.fft.hfft(z.get(0, ":6"), { norm }), "oneAxis", `hfft_${norm}`, TOL);
      await expectRef(np.fft.ihfft(x.get(0), { norm }), "oneAxis", `ihfft_${norm}`, TOL);
    }
  });

  test("2-D: fft2/ifft2/rfft2/irfft2 with axes and s", async () => {
    const x = refArray("nAxes", "x");
    const z = refArray("nAxes", "z");
    await expectRef(np.fft.fft2(z), "nAxes", "fft2", TOL);
    await expectRef(np.fft.ifft2(z), "nAxes", "ifft2", TOL);
    await expectRef(np.fft.rfft2(x), "nAxes", "rfft2", TOL);
    await expectRef(np.fft.irfft2(z), "nAxes", "irfft2", TOL);
    await expectRef(np.fft.fft2(z, { axes: [0, 2] }), "nAxes", "fft2Axes", TOL);
    await expectRef(np.fft.fft2(z, [3, 8]), "nAxes", "fft2S", TOL);
  });

  test("n-D: fftn/ifftn/rfftn/irfftn with s and axes, and more than three axes (split as JAX)", async () => {
    const x = refArray("nAxes", "x");
    const z = refArray("nAxes", "z");
    await expectRef(np.fft.fftn(z), "nAxes", "fftn", TOL);
    await expectRef(np.fft.ifftn(z, { norm: "ortho" }), "nAxes", "ifftn", TOL);
    await expectRef(np.fft.fftn(z, { s: [2, 6] }), "nAxes", "fftnS", TOL);
    await expectRef(np.fft.fftn(z, null, [1]), "nAxes", "fftnAxes", TOL);
    await expectRef(np.fft.fftn(z, [5, 2], [2, 0]), "nAxes", "fftnSAxes", TOL);
    await expectRef(np.fft.rfftn(x), "nAxes", "rfftn", TOL);
    await expectRef(np.fft.irfftn(z), "nAxes", "irfftn", TOL);
    await expectRef(np.fft.irfftn(z, { s: [3, 4, 7] }), "nAxes", "irfftnS", TOL);
    await expectRef(np.fft.rfftn(x, { axes: [0, 1] }), "nAxes", "rfftnAxes", TOL);
    const x4 = refArray("nAxes", "x4");
    await expectRef(np.fft.fftn(x4, { axes: [1, 2, 3, 4] }), "nAxes", "fftn4", TOL);
    await expectRef(np.fft.fftn(x4), "nAxes", "fftn5", TOL);
    const r4 = np.fft.rfftn(x4, { axes: [0, 1, 2, 3] });
    await expectRef(r4, "nAxes", "rfftn4", TOL);
    await expectRef(np.fft.irfftn(r4, { s: [2, 3, 2, 4], axes: [0, 1, 2, 3] }), "nAxes", "irfftn4", TOL);
  });

  test("fftfreq, rfftfreq (n, d), fftshift, ifftshift (axes)", async () => {
    for (const n of [1, 7, 8]) {
      await expectRef(np.fft.fftfreq(n), "freq", `fftfreq${n}`);
      await expectRef(np.fft.rfftfreq(n), "freq", `rfftfreq${n}`);
    }
    await expectRef(np.fft.fftfreq(9, 0.1), "freq", "fftfreqD");
    await expectRef(np.fft.rfftfreq(9, 0.1), "freq", "rfftfreqD");
    const m = refArray("freq", "m");
    await expectRef(np.fft.fftshift(m), "freq", "fftshift");
    await expectRef(np.fft.ifftshift(m), "freq", "ifftshift");
    await expectRef(np.fft.fftshift(m, 1), "freq", "fftshiftAxis");
    await expectRef(np.fft.ifftshift(m, [0]), "freq", "ifftshiftAxes");
    expect(np.fft.fftfreq(4, { dtype: "float16" }).dtype).toBe("float16");
  });

  test("vmap, jit and vmap of grad through the fft primitive", async () => {
    const xb = refArray("vmap", "x");
    await expectRef(vmap((v: Array) => np.fft.rfft(v))(xb), "vmap", "rfft", TOL);
    await expectRef(jit((v: Array) => np.fft.ifft(np.fft.fft(v).mul(2)))(xb), "vmap", "jitFft", TOL);
    const g = grad((v: Array) => np.sum(np.abs(np.fft.fft(v))));
    await expectRef(vmap(g)(xb), "vmap", "gradVmap", { rtol: 1e-4, atol: 1e-5 });
    await expectRef(jit(vmap(g))(xb), "vmap", "gradVmap", { rtol: 1e-4, atol: 1e-5 });
    // the batch axis in the middle: vmap over axis 1 equals the transform of the transpose
    await expectRef(vmap((v: Array) => np.fft.rfft(v), { inAxes: 1 })(xb.T), "vmap", "rfft", TOL);
  });
});

describe("np.fft errors", () => {
  const x = np.ones([4, 6]);
  test("unknown options, norms and misplaced arguments list what is accepted", () => {
    expect(() => np.fft.fft(x, { nn: 4 } as never)).toThrow(/np\.fft\.fft: unknown option "nn" \(did you mean "n"\?\)\. Accepted options: n, axis, norm/);
    expect(() => np.fft.fftn(x, { axis: [0] } as never)).toThrow(/np\.fft\.fftn: unknown option "axis".*Accepted options: s, axes, norm/);
    expect(() => np.fft.fft(x, { norm: "bogus" as never })).toThrow(/np\.fft\.fft: invalid norm "bogus"; use "backward", "ortho" or "forward"/);
    expect(() => np.fft.rfft2(x, null, null, "unitary" as never)).toThrow(/np\.fft\.rfft2: invalid norm "unitary"/);
    expect(() => np.fft.fft(x, 4, 0, { axis: 1 })).toThrow(/np\.fft\.fft: axis was given both as an argument and as the option "axis"/);
    expect(() => np.fft.fft(x, { n: 4 } as never, 0)).toThrow(/np\.fft\.fft: argument 2 is an options object.*np\.fft\.fft\(a, n\?, axis\?, norm\?\)/);
    expect(() => np.fft.fftfreq(4, { spacing: 2 } as never)).toThrow(/np\.fft\.fftfreq: unknown option "spacing".*Accepted options: dtype, device/);
  });

  test("bad lengths, axes and dtypes name the op and the fix", () => {
    expect(() => np.fft.fft(x, 0)).toThrow(ShapeError);
    expect(() => np.fft.fft(x, 2.5)).toThrow(/np\.fft\.fft: the shape s must hold positive integers/);
    expect(() => np.fft.fft(x, { axis: 2 })).toThrow(/np\.fft\.fft/);
    expect(() => np.fft.fft(x, { axis: [0, 1] as never })).toThrow(/axis must be one integer.*np\.fft\.fftn/);
    expect(() => np.fft.fft2(np.ones([2, 2, 2]), { axes: [0, 1, 2] })).toThrow(/np\.fft\.fft2: only supports 2 axes/);
    expect(() => np.fft.fftn(x, [2, 2], [0])).toThrow(/s \[2, ?2\] and axes \[0\] have different lengths/);
    expect(() => np.fft.fftn(x, null, [1, 1])).toThrow(/repeated axes/);
    expect(() => np.fft.irfft(np.ones([3, 1]))).toThrow(/np\.fft\.irfft: invalid number of FFT data points/);
    expect(() => np.fft.rfft(np.array([{ re: 1, im: 1 }]))).toThrow(/RFFT takes real inputs only/);
    expect(() => lax.fft(x, "FFT", [4, 6, 1, 1])).toThrow(/fftLengths must name 1 to 3 trailing axes/);
    expect(() => lax.fft(x, "FFT", [5])).toThrow(/the minor axes \[6\] must equal fftLengths \[5\]/);
    expect(() => lax.fft(x, "DCT" as never, [6])).toThrow(/unknown FFT type "DCT"; use one of FFT, IFFT, RFFT, IRFFT/);
    expect(() => np.fft.fftfreq(-1)).toThrow(/n must be one non-negative integer/);
  });
});
