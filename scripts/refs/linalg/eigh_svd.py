"""Reference values for symmetric eigen-decompositions and SVDs (eigenvector and singular-vector
signs are arbitrary: the tests normalize them)."""
import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl
import numpy as np
from jax import lax

from common import arr, f32, hilbert, rand, spd, write


def sym(x):
    return f32((x + np.swapaxes(x, -1, -2)) / 2)


eig = {}


def eigh_case(name, a, grads=True, vectors=True):
    a = f32(a)
    w, v = jnp.linalg.eigh(a)
    case = {"a": arr(a), "w": arr(w), "vectors": vectors}
    if vectors:
        case["v"] = arr(v)
    if grads:
        cw = rand(w.shape, 91)
        W = rand(v.shape, 92)
        # v ∘ v does not depend on the eigenvectors' signs
        f = lambda x: jnp.sum(jnp.linalg.eigh(x)[0] * cw) + jnp.sum(jnp.linalg.eigh(x)[1] ** 2 * W)
        case.update({"cw": arr(cw), "W": arr(W), "grad": arr(jax.grad(f)(a))})
    eig[name] = case


eigh_case("n3", [[2.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 1.0]])
eigh_case("n5", sym(rand((5, 5), 90)))
eigh_case("batched", sym(rand((2, 3, 4, 4), 93)))
eigh_case("n32", sym(rand((32, 32), 94)), grads=False)
eigh_case("hilbert6", hilbert(6), grads=False, vectors=False)  # eigenvalue gaps of 1e-7: vectors are ill-determined in float32
eigh_case("degenerate", f32(np.diag([1.0, 2.0, 2.0, 3.0])), grads=False, vectors=False)
eigh_case("n1", [[-4.0]])
up = f32(np.triu(sym(rand((4, 4), 95))) + np.tril(np.full((4, 4), 50.0, dtype=np.float32), -1))
w_u, v_u = jnp.linalg.eigh(up, UPLO="U", symmetrize_input=False)
eig["upper_only"] = {"a": arr(up), "w": arr(w_u), "v": arr(v_u), "vectors": True}

sv = {}


def svd_case(name, a, grads=True, vectors=True):
    a = f32(a)
    u, s, vh = jnp.linalg.svd(a, full_matrices=False)
    uf, sf, vhf = jnp.linalg.svd(a, full_matrices=True)
    case = {"a": arr(a), "s": arr(s), "vectors": vectors}
    if vectors:
        case.update({"u": arr(u), "vh": arr(vh), "uf": arr(uf), "vhf": arr(vhf)})
    if grads:
        cs = rand(s.shape, 101)
        Wu = rand(u.shape, 102)
        Wv = rand(vh.shape, 103)
        fs = lambda x: jnp.sum(jnp.linalg.svd(x, compute_uv=False) * cs)
        def fuv(x):
            u, s, vh = jnp.linalg.svd(x, full_matrices=False)
            return jnp.sum(s * cs) + jnp.sum(u ** 2 * Wu) + jnp.sum(vh ** 2 * Wv)
        case.update({"cs": arr(cs), "Wu": arr(Wu), "Wv": arr(Wv), "grad_s": arr(jax.grad(fs)(a)), "grad_uv": arr(jax.grad(fuv)(a))})
    sv[name] = case


svd_case("tall", rand((4, 3), 100))
svd_case("wide", rand((3, 5), 104))
svd_case("square", rand((4, 4), 105))
svd_case("batched", rand((2, 3, 3), 106))
rd = rand((5, 3), 107)
rd[:, 2] = rd[:, 0] - rd[:, 1]
svd_case("rank_deficient", rd, grads=False, vectors=False)
svd_case("hilbert6", hilbert(6), grads=False, vectors=False)
svd_case("n40x24", rand((40, 24), 108), grads=False)
svd_case("n1x1", [[-2.5]])

sc = {}
S = sym(rand((4, 4), 110))
w, v = jsl.eigh(S)
sc["eigh"] = {"a": arr(S), "w": arr(w), "v": arr(v), "w_only": arr(jsl.eigh(S, eigvals_only=True))}
A = rand((4, 3), 111)
u, s, vh = jsl.svd(A)
sc["svd"] = {"a": arr(A), "u": arr(u), "s": arr(s), "vh": arr(vh), "s_only": arr(jsl.svd(A, compute_uv=False))}
H = sym(rand((4, 4), 112))
uh, shh, vhh = jnp.linalg.svd(H, hermitian=True)
sc["svd_hermitian"] = {"a": arr(H), "u": arr(uh), "s": arr(shh), "vh": arr(vhh)}

write("eigh_svd", {"eigh": eig, "svd": sv, "scipy": sc}, "Symmetric eigen-decompositions and SVDs: values and sign-invariant gradients.")
