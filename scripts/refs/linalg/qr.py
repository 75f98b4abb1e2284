"""Reference values for QR decompositions (lax.linalg.qr, np.linalg.qr, scipy.linalg.qr)."""
import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl
import numpy as np
from jax import lax

from common import arr, f32, hilbert, rand, write

qr = {}


def qr_case(name, a, grads=(False, True)):
    a = f32(a)
    case = {"a": arr(a)}
    for full in (True, False):
        q, r = lax.linalg.qr(a, full_matrices=full)
        tag = "full" if full else "reduced"
        case[f"q_{tag}"] = arr(q)
        case[f"r_{tag}"] = arr(r)
        if full in grads:
            wq = rand(q.shape, 81)
            wr = rand(r.shape, 82)
            g = jax.grad(lambda x: jnp.sum(lax.linalg.qr(x, full_matrices=full)[0] * wq) + jnp.sum(lax.linalg.qr(x, full_matrices=full)[1] * wr))(a)
            case[f"wq_{tag}"] = arr(wq)
            case[f"wr_{tag}"] = arr(wr)
            case[f"grad_{tag}"] = arr(g)
    qr[name] = case


qr_case("square", rand((4, 4), 80), grads=(True, False))
qr_case("tall", rand((5, 3), 83), grads=(True, False))
qr_case("wide", rand((3, 5), 84), grads=(True, False))
qr_case("batched", rand((2, 3, 4, 3), 85))
zc = rand((4, 3), 86)
zc[:, 1] = 0
qr_case("zero_column", zc, grads=())
qr_case("hilbert5", hilbert(5), grads=())
qr_case("n40", rand((40, 32), 87), grads=())

sc = {}
A = rand((4, 3), 88)
q, r = jsl.qr(A)
qe, re = jsl.qr(A, mode="economic")
(rr,) = jsl.qr(A, mode="r")
sc["modes"] = {"a": arr(A), "q": arr(q), "r": arr(r), "qe": arr(qe), "re": arr(re), "rr": arr(rr)}
q2, r2 = jnp.linalg.qr(A, mode="complete")
sc["np_complete"] = {"a": arr(A), "q": arr(q2), "r": arr(r2), "r_only": arr(jnp.linalg.qr(A, mode="r"))}

write("qr", {"qr": qr, "scipy": sc}, "QR decompositions: values and gradients.")
