"""Reference values for lax.linalg's smaller routines: tridiagonal_solve, symmetric_product,
cholesky_update, householder_product."""
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from common import arr, f32, rand, spd, write

ex = {}
m = 6
dl = rand((2, m), 170)
du = rand((2, m), 171)
d = f32(rand((2, m), 172) + 4.0)
b = rand((2, m, 3), 173)
w = rand(b.shape, 174)
f = lambda l, c, u, r: jnp.sum(lax.linalg.tridiagonal_solve(l, c, u, r) * w)
g = jax.grad(f, argnums=(0, 1, 2, 3))(dl, d, du, b)
ex["tridiagonal"] = {"dl": arr(dl), "d": arr(d), "du": arr(du), "b": arr(b), "w": arr(w), "out": arr(lax.linalg.tridiagonal_solve(dl, d, du, b)),
                     "g_dl": arr(g[0]), "g_d": arr(g[1]), "g_du": arr(g[2]), "g_b": arr(g[3])}
a = rand((2, 3, 4), 175)
c = spd(3, 176, batch=(2,))
ex["symmetric_product"] = {"a": arr(a), "c": arr(c), "out": arr(lax.linalg.symmetric_product(a, c, alpha=2.0, beta=0.5)),
                           "sym": arr(lax.linalg.symmetric_product(a, c, alpha=2.0, beta=0.5, symmetrize_output=True))}
S = spd(5, 177)
R = f32(np.linalg.cholesky(S.astype(np.float64)).T)
z = rand((5,), 178)
ex["cholesky_update"] = {"r": arr(R), "w": arr(z), "out": arr(lax.linalg.cholesky_update(R, z))}
A = rand((5, 3), 179)
from jax._src.lax.linalg import geqrf
packed, taus = geqrf(A)
ex["householder"] = {"a": arr(packed), "taus": arr(taus), "out": arr(lax.linalg.householder_product(packed, taus)),
                     "q": arr(jnp.linalg.qr(A)[0])}
write("extras", {"extras": ex}, "lax.linalg's smaller routines: tridiagonal solves, symmetric products, Cholesky updates, Householder products.")
