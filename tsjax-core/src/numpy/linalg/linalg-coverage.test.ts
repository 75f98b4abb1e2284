/**
 * The README's linear-algebra coverage list against JAX's names and our exports: every JAX
 * function is exported here or named in the README as unavailable, and every exported one is
 * listed there, so the list cannot drift from the code.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { lax, np, scipy } from "../../index.js";

// dir(jax.numpy.linalg), the functions of dir(jax.lax.linalg), dir(jax.scipy.linalg): JAX 0.10.2
const JAX = {
  "np.linalg": "cholesky cond cross det diagonal eig eigh eigvals eigvalsh inv lstsq matmul matrix_norm matrix_power matrix_rank matrix_transpose multi_dot norm outer pinv qr slogdet solve svd svdvals tensordot tensorinv tensorsolve trace vecdot vector_norm",
  "lax.linalg": "cholesky cholesky_update eig eigh hessenberg householder_product lu lu_pivots_to_permutation ormqr qdwh qr schur svd symmetric_product triangular_solve tridiagonal tridiagonal_solve",
  "scipy.linalg":
    "block_diag cho_factor cho_solve cholesky circulant companion convolution_matrix det dft eigh eigh_tridiagonal expm expm_frechet fiedler fiedler_companion funm hadamard hankel helmert hessenberg hilbert inv invhilbert invpascal leslie lu lu_factor lu_solve pascal polar qr qr_multiply rsf2csf schur solve solve_sylvester solve_triangular sqrtm svd toeplitz",
};
const OURS: Record<keyof typeof JAX, Record<string, unknown>> = { "np.linalg": np.linalg, "lax.linalg": lax.linalg, "scipy.linalg": scipy.linalg };
/** Exported, but throwing a clear error (complex results). */
const STUBS = new Set(["np.linalg.eig", "np.linalg.eigvals"]);

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const section = readme.slice(readme.indexOf("## Linear algebra"), readme.indexOf("## ", readme.indexOf("## Linear algebra") + 3));

function bullet(ns: string): string {
  const start = section.indexOf(`- \`${ns}\``);
  const end = section.indexOf("\n- ", start + 1);
  return section.slice(start, end < 0 ? undefined : end).replace(/\s+/g, " ");
}

test("every JAX linalg function is exported or named as unavailable in the README, and the README lists every export", () => {
  for (const [ns, names] of Object.entries(JAX) as [keyof typeof JAX, string][]) {
    const text = bullet(ns);
    expect(text.length, `README bullet for ${ns}`).toBeGreaterThan(0);
    const ours = OURS[ns];
    for (const name of names.split(" ").map(camel)) {
      expect(text, `${ns}.${name} in the README`).toMatch(new RegExp(`\\b${name}\\b`));
      const exported = typeof ours[name] === "function";
      // the names after "Out of scope", "Not yet", "Not offered" or before "exist but throw"
      const at = text.search(new RegExp(`\\b${name}\\b`));
      const unavailable = /Out of scope|Not yet|Not offered/.test(text.slice(0, at)) || /^[\w ,]*exist but throw/.test(text.slice(at));
      if (!exported) expect(unavailable, `${ns}.${name} is not exported, so the README must list it as unavailable`).toBe(true);
    }
    for (const [name, value] of Object.entries(ours)) {
      if (typeof value === "function") expect(text, `export ${ns}.${name} listed in the README`).toMatch(new RegExp(`\\b${name}\\b`));
    }
  }
  for (const stub of STUBS) {
    const [, ns, name] = stub.split(".") as [string, string, string];
    expect(() => (OURS[`np.${ns}` as "np.linalg"][name] as (x: unknown) => unknown)(np.eye(2))).toThrow(/complex/);
  }
});
