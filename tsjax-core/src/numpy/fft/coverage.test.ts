/**
 * np.fft's coverage: exactly JAX 0.10.2's `jax.numpy.fft` functions are exported, and the
 * README's paragraph on np.fft names each, so neither can drift from the code.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { np } from "../../index.js";

// sorted(n for n in dir(jax.numpy.fft) if not n.startswith("_")), JAX 0.10.2 (no snake_case names)
const JAX_FFT = "fft fft2 fftfreq fftn fftshift hfft ifft ifft2 ifftn ifftshift ihfft irfft irfft2 irfftn rfft rfft2 rfftfreq rfftn".split(" ");

test("np.fft exports exactly JAX's functions, and the README names every one", () => {
  const ours = Object.keys(np.fft).filter((k) => typeof (np.fft as Record<string, unknown>)[k] === "function").sort();
  expect(ours).toEqual([...JAX_FFT].sort());
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const start = readme.indexOf("`np.fft` is `jax.numpy.fft`");
  expect(start).toBeGreaterThan(0);
  const paragraph = readme.slice(start, readme.indexOf("\n\n", start));
  for (const name of JAX_FFT) expect(paragraph, `np.fft.${name} in the README`).toMatch(new RegExp(`\`${name}\``));
});
