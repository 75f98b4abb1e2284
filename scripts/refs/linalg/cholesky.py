"""Reference values for cholesky and triangular solves (lax.linalg, np.linalg, scipy.linalg)."""
import itertools

import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl
import numpy as np
from jax import lax

from common import arr, f32, hilbert, rand, spd, write

chol = {}


def chol_case(name, a, **extra):
    a = f32(a)
    w = rand(a.shape, 99)
    f = lambda x: jnp.sum(jnp.linalg.cholesky(x) * w)
    chol[name] = {"a": arr(a), "w": arr(w), "out": arr(jnp.linalg.cholesky(a)),
                  "upper": arr(jnp.linalg.cholesky(a, upper=True)),
                  "grad": arr(jax.grad(f)(a)), **extra}


chol_case("small", [[4.0, 2.0, 0.4], [2.0, 5.0, 1.0], [0.4, 1.0, 3.0]])
chol_case("batched", spd(4, 1, batch=(2, 3)))
chol_case("hilbert5", hilbert(5))
chol_case("n32", spd(32, 2))
chol_case("not_pd", [[1.0, 2.0], [2.0, 1.0]])
chol_case("asymmetric", f32([[4.0, 1.0], [3.0, 5.0]]))
chol_case("one", [[9.0]])

# lax.linalg.cholesky without symmetrization reads the lower triangle only
lower_only = f32([[4.0, 1e30], [2.0, 3.0]])
chol["lower_only"] = {"a": arr(lower_only), "out": arr(lax.linalg.cholesky(lower_only, symmetrize_input=False))}

tri = {}
A = rand((5, 5), 3) + 4 * np.eye(5, dtype=np.float32)
A = f32(A)
for left, lower, trans, unit in itertools.product([False, True], repeat=4):
    b = rand((5, 3) if left else (3, 5), 4)
    opts = dict(left_side=left, lower=lower, transpose_a=trans, unit_diagonal=unit)
    f = lambda a, b: lax.linalg.triangular_solve(a, b, **opts)
    w = rand(b.shape, 5)
    ga, gb = jax.grad(lambda a, b: jnp.sum(f(a, b) * w), argnums=(0, 1))(A, b)
    name = f"l{int(left)}_lo{int(lower)}_t{int(trans)}_u{int(unit)}"
    tri[name] = {"a": arr(A), "b": arr(b), "w": arr(w), "out": arr(f(A, b)), "grad_a": arr(ga), "grad_b": arr(gb),
                 "leftSide": left, "lower": lower, "transposeA": trans, "unitDiagonal": unit}

# batched, a vector right-hand side, an ill-conditioned triangle
Ab = f32(rand((2, 3, 4, 4), 6) + 3 * np.eye(4, dtype=np.float32))
bb = rand((2, 3, 4, 2), 7)
tri["batched"] = {"a": arr(Ab), "b": arr(bb), "out": arr(lax.linalg.triangular_solve(Ab, bb, left_side=True, lower=True)),
                  "leftSide": True, "lower": True, "transposeA": False, "unitDiagonal": False}
vb = rand((5,), 8)
tri["vector"] = {"a": arr(A), "b": arr(vb), "out": arr(lax.linalg.triangular_solve(A, vb, left_side=True, lower=False)),
                 "leftSide": True, "lower": False, "transposeA": False, "unitDiagonal": False}
ill = f32(np.tril(np.ones((6, 6))) * 0.5 + np.diag([1, 1e-1, 1e-2, 1e-3, 1e-2, 1e-1]).astype(np.float32))
bi = rand((6, 2), 9)
tri["ill"] = {"a": arr(ill), "b": arr(bi), "out": arr(lax.linalg.triangular_solve(ill, bi, left_side=True, lower=True)),
              "cond": float(np.linalg.cond(ill.astype(np.float64))),
              "leftSide": True, "lower": True, "transposeA": False, "unitDiagonal": False}

sc = {}
S = spd(4, 10)
bs = rand((4, 2), 11)
for lower in [False, True]:
    c = jsl.cho_factor(S, lower=lower)
    sc[f"cho_lower{int(lower)}"] = {"a": arr(S), "b": arr(bs), "factor": arr(c[0]), "chol": arr(jsl.cholesky(S, lower=lower)),
                                   "solve": arr(jsl.cho_solve(c, bs)), "lower": lower}
for trans in [0, 1, 2]:
    for lower in [False, True]:
        bv = rand((5,), 12)
        sc[f"st_trans{trans}_lower{int(lower)}"] = {"a": arr(A), "b": arr(bv),
                                                     "out": arr(jsl.solve_triangular(A, bv, trans=trans, lower=lower)),
                                                     "trans": trans, "lower": lower}
bcast_b = rand((3, 5, 2), 13)
sc["st_broadcast"] = {"a": arr(A), "b": arr(bcast_b), "out": arr(jsl.solve_triangular(A, bcast_b, lower=True, unit_diagonal=True)),
                      "trans": 0, "lower": True, "unitDiagonal": True}

write("cholesky", {"cholesky": chol, "triangular": tri, "scipy": sc}, "Cholesky factors and triangular solves: values and gradients.")
