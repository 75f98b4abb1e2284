"""Reference values for LU, solves, inverses and determinants."""
import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl
import numpy as np
from jax import lax

from common import arr, f32, hilbert, rand, spd, write

lu = {}


def lu_case(name, a):
    a = f32(a)
    w = rand(a.shape, 21)
    packed, piv, perm = lax.linalg.lu(a)
    g = jax.grad(lambda x: jnp.sum(lax.linalg.lu(x)[0] * w))(a)
    lu[name] = {"a": arr(a), "w": arr(w), "lu": arr(packed), "pivots": arr(piv), "perm": arr(perm), "grad": arr(g)}


lu_case("square", rand((4, 4), 20))
lu_case("wide", rand((3, 5), 22))
lu_case("tall", rand((5, 3), 23))
lu_case("batched", rand((2, 3, 4, 4), 24))
zc = rand((4, 4), 25)
zc[:, 1] = 0
lu_case("zero_column", zc)
piv = np.array([[2, 2, 3], [1, 1, 2]], dtype=np.int32)
lu["pivots_to_perm"] = {"pivots": arr(piv), "perm": arr(lax.linalg.lu_pivots_to_permutation(piv, 5))}

sv = {}


def solve_case(name, a, b, grads=True):
    a, b = f32(a), f32(b)
    out = jnp.linalg.solve(a, b)
    case = {"a": arr(a), "b": arr(b), "out": arr(out), "cond": float(np.max(np.linalg.cond(a.astype(np.float64))))}
    if grads:
        w = rand(out.shape, 31)
        ga, gb = jax.grad(lambda x, y: jnp.sum(jnp.linalg.solve(x, y) * w), argnums=(0, 1))(a, b)
        case.update({"w": arr(w), "grad_a": arr(ga), "grad_b": arr(gb)})
    sv[name] = case


A4 = f32(rand((4, 4), 30) + 2 * np.eye(4, dtype=np.float32))
solve_case("vector", A4, rand((4,), 32))
solve_case("matrix", A4, rand((4, 3), 33))
solve_case("broadcast", f32(rand((2, 1, 4, 4), 34) + 2 * np.eye(4, dtype=np.float32)), rand((3, 4, 2), 35))
solve_case("hilbert4", hilbert(4), rand((4,), 36))
solve_case("n48", f32(rand((48, 48), 37) + 8 * np.eye(48, dtype=np.float32)), rand((48, 2), 38), grads=False)

inv = {}
for name, a in [("small", A4), ("batched", f32(rand((3, 3, 3), 40) + 2 * np.eye(3, dtype=np.float32)))]:
    w = rand(a.shape, 41)
    inv[name] = {"a": arr(a), "w": arr(w), "out": arr(jnp.linalg.inv(a)), "grad": arr(jax.grad(lambda x: jnp.sum(jnp.linalg.inv(x) * w))(a))}

det = {}


def det_case(name, a):
    a = f32(a)
    s, l = jnp.linalg.slogdet(a)
    det[name] = {"a": arr(a), "det": arr(jnp.linalg.det(a)), "sign": arr(s), "logabsdet": arr(l),
                 "grad_det": arr(jax.grad(lambda x: jnp.sum(jnp.linalg.det(x)))(a)),
                 "grad_logdet": arr(jax.grad(lambda x: jnp.sum(jnp.linalg.slogdet(x)[1]))(a))}


det_case("n1", [[-3.0]])
det_case("n2", [[1.0, 2.0], [3.0, 4.0]])
det_case("n3", rand((3, 3), 50))
det_case("n5", rand((5, 5), 51))
det_case("batched", rand((2, 2, 4, 4), 52))
r1 = rand((5, 5), 53)
r1[4] = r1[0] + r1[1]
det_case("rank_n_minus_1", r1)
r2 = rand((5, 5), 54)
r2[4] = r2[0]
r2[3] = r2[1]
det["rank_n_minus_2"] = {"a": arr(r2), "det": arr(jnp.linalg.det(r2)), "grad_det": arr(jax.grad(jnp.linalg.det)(r2))}
zero_row = f32(np.diag([1.0, 2.0, 0.0, 3.0]))
s, l = jnp.linalg.slogdet(zero_row)
det["singular_slogdet"] = {"a": arr(zero_row), "sign": arr(s), "logabsdet": arr(l)}

tensor = {}
ta = f32(rand((2, 3, 6), 60) + np.eye(6, dtype=np.float32).reshape(2, 3, 6))
tb = rand((2, 3), 61)
tensor["solve"] = {"a": arr(ta), "b": arr(tb), "out": arr(jnp.linalg.tensorsolve(ta, tb))}
tensor["inv"] = {"a": arr(ta), "out": arr(jnp.linalg.tensorinv(ta, 2))}
ta2 = f32(np.moveaxis(ta, 2, 0))  # [6, 2, 3]: axes=(0,) moves the 6-axis back to the end
tensor["solve_axes"] = {"a": arr(ta2), "b": arr(tb), "out": arr(jnp.linalg.tensorsolve(ta2, tb, axes=(0,)))}

sc = {}
B = rand((4, 2), 70)
lu_, piv_ = jsl.lu_factor(A4)
sc["lu_factor"] = {"a": arr(A4), "b": arr(B), "lu": arr(lu_), "piv": arr(piv_),
                   "solve0": arr(jsl.lu_solve((lu_, piv_), B, trans=0)), "solve1": arr(jsl.lu_solve((lu_, piv_), B, trans=1)),
                   "solve_vec": arr(jsl.lu_solve((lu_, piv_), B[:, 0]))}
for name, a in [("lu_square", A4), ("lu_wide", rand((3, 5), 71)), ("lu_tall", rand((5, 3), 72))]:
    p, l, u = jsl.lu(a)
    pl, u2 = jsl.lu(a, permute_l=True)
    sc[name] = {"a": arr(a), "p": arr(p), "l": arr(l), "u": arr(u), "pl": arr(pl)}
S = spd(4, 73)
Sx = f32(S + np.triu(np.ones((4, 4), dtype=np.float32), 1) * 100)  # garbage above: lower=True must ignore it
for lower in [False, True]:
    a_in = Sx if lower else f32(S + np.tril(np.ones((4, 4), dtype=np.float32), -1) * 100)
    w = rand((4, 2), 74)
    ga, gb = jax.grad(lambda x, y: jnp.sum(jsl.solve(x, y, assume_a="pos", lower=lower) * w), argnums=(0, 1))(a_in, B)
    sc[f"solve_pos_lower{int(lower)}"] = {"a": arr(a_in), "b": arr(B), "w": arr(w), "out": arr(jsl.solve(a_in, B, assume_a="pos", lower=lower)),
                                          "grad_a": arr(ga), "grad_b": arr(gb), "lower": lower}

write("lu", {"lu": lu, "solve": sv, "inv": inv, "det": det, "tensor": tensor, "scipy": sc}, "LU factors, solves, inverses and determinants: values and gradients.")
