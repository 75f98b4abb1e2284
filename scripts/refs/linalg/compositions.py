"""Reference values for the composite np.linalg functions: norms, cond, matrix_rank,
matrix_power, multi_dot, lstsq, pinv and the array-API products."""
import jax
import jax.numpy as jnp
import numpy as np

from common import arr, f32, hilbert, rand, write

norms = {}
v = rand((2, 5), 120)
for o in [2, 1, np.inf, -np.inf, 0, 3, 0.5]:
    key = {np.inf: "inf", -np.inf: "-inf"}.get(o, str(o))
    norms[f"vec_{key}"] = {"x": arr(v), "ord": float(o) if np.isfinite(o) else ("Infinity" if o > 0 else "-Infinity"),
                           "out": arr(jnp.linalg.vector_norm(v, ord=o, axis=-1)),
                           "keep": arr(jnp.linalg.norm(v, ord=o, axis=1, keepdims=True))}
m = rand((3, 4, 5), 121)
for o in ["fro", "nuc", 1, -1, np.inf, -np.inf, 2, -2]:
    key = {np.inf: "inf", -np.inf: "-inf"}.get(o, str(o))
    g = jax.grad(lambda x: jnp.sum(jnp.linalg.norm(x, ord=o, axis=(1, 2))))(m)
    norms[f"mat_{key}"] = {"x": arr(m), "ord": o if isinstance(o, str) else (float(o) if np.isfinite(o) else ("Infinity" if o > 0 else "-Infinity")),
                           "out": arr(jnp.linalg.norm(m, ord=o, axis=(1, 2))),
                           "swapped": arr(jnp.linalg.norm(m, ord=o, axis=(2, 0))),
                           "keep": arr(jnp.linalg.norm(m, ord=o, axis=(2, 1), keepdims=True)),
                           "grad": arr(g)}
norms["default_all"] = {"x": arr(m), "out": arr(jnp.linalg.norm(m)), "matrix": arr(jnp.linalg.matrix_norm(m)),
                        "matrix_nuc": arr(jnp.linalg.matrix_norm(m, ord="nuc")), "vector_all": arr(jnp.linalg.vector_norm(m))}

cond = {}
for name, a in [("well", rand((4, 4), 122) + 3 * np.eye(4, dtype=np.float32)), ("hilbert4", hilbert(4)), ("tall", rand((5, 3), 123))]:
    a = f32(a)
    c = {"a": arr(a), "none": arr(jnp.linalg.cond(a)), "m2": arr(jnp.linalg.cond(a, -2)),
         "grad": arr(jax.grad(lambda x: jnp.linalg.cond(x))(a))}
    if a.shape[0] == a.shape[1]:
        for p in [1, np.inf, "fro"]:
            c[f"p_{p}"] = arr(jnp.linalg.cond(a, p))
    cond[name] = c
sing = f32([[1, 2], [2, 4]])
cond["singular"] = {"a": arr(sing), "p_1": arr(jnp.linalg.cond(sing, 1)), "none": arr(jnp.linalg.cond(sing))}

rank = {}
full = rand((4, 4), 124)
rd = rand((5, 4), 125)
rd[:, 3] = rd[:, 0] + 2 * rd[:, 1]
batch = np.stack([full, full * 0, np.outer(rand((4,), 126), rand((4,), 127)).astype(np.float32)])
for name, a in [("full", full), ("deficient", rd), ("batched", f32(batch))]:
    rank[name] = {"a": arr(a), "out": arr(jnp.linalg.matrix_rank(a))}
rank["rtol"] = {"a": arr(hilbert(6)), "out": arr(jnp.linalg.matrix_rank(hilbert(6), rtol=1e-4)), "default": arr(jnp.linalg.matrix_rank(hilbert(6)))}
rank["vector"] = {"a": arr(f32([0, 0, 1])), "out": arr(jnp.linalg.matrix_rank(f32([0, 0, 1])))}

power = {}
P = f32(rand((2, 3, 3), 128) + np.eye(3, dtype=np.float32))
for k in [0, 1, 2, 3, 5, -1, -2]:
    power[f"n{k}"] = {"a": arr(P), "n": k, "out": arr(jnp.linalg.matrix_power(P, k)),
                      "grad": arr(jax.grad(lambda x: jnp.sum(jnp.linalg.matrix_power(x, k)))(P))}

md = {}
A, B, C, D = rand((5, 2), 129), rand((2, 6), 130), rand((6, 3), 131), rand((3,), 132)
md["chain"] = {"a": arr(A), "b": arr(B), "c": arr(C), "d": arr(D), "out": arr(jnp.linalg.multi_dot([A, B, C, D]))}
v0 = rand((5,), 133)
md["vec_ends"] = {"a": arr(v0), "b": arr(A), "c": arr(B), "d": arr(rand((6,), 134)),
                  "out": arr(jnp.linalg.multi_dot([v0, A, B, rand((6,), 134)]))}

ls = {}
for name, a, b in [("over", rand((6, 3), 135), rand((6,), 136)), ("under", rand((3, 5), 137), rand((3, 2), 138)),
                   ("deficient", rd, rand((5,), 139))]:
    x, resid, r, s = jnp.linalg.lstsq(a, b)
    ls[name] = {"a": arr(a), "b": arr(b), "x": arr(x), "resid": arr(resid), "rank": arr(r), "s": arr(s),
                "grad_a": arr(jax.grad(lambda p, q: jnp.sum(jnp.linalg.lstsq(p, q)[0]), argnums=0)(a, b))}
x, resid, r, s = jnp.linalg.lstsq(rand((5, 3), 140), rand((5,), 141), rcond=0.5)
ls["rcond"] = {"a": arr(rand((5, 3), 140)), "b": arr(rand((5,), 141)), "x": arr(x), "rank": arr(r)}

pv = {}
for name, a in [("tall", rand((5, 3), 142)), ("wide", rand((2, 4), 143)), ("deficient", rd), ("batched", rand((2, 3, 3), 144))]:
    w = rand((a.shape[:-2] + (a.shape[-1], a.shape[-2])), 145)
    pv[name] = {"a": arr(a), "w": arr(w), "out": arr(jnp.linalg.pinv(a)),
                "grad": arr(jax.grad(lambda x: jnp.sum(jnp.linalg.pinv(x) * w))(a))}
H = f32((lambda r: r + r.T)(rand((4, 4), 146)))
pv["hermitian"] = {"a": arr(H), "out": arr(jnp.linalg.pinv(H, hermitian=True))}

pr = {}
x1 = rand((4, 3), 150)
x2 = rand((3,), 151)
pr["cross"] = {"x1": arr(x1), "x2": arr(x2), "out": arr(jnp.linalg.cross(x1, x2))}
y1 = rand((3, 2), 152)
y2 = rand((3, 1), 153)
pr["cross_axis0"] = {"x1": arr(y1), "x2": arr(y2), "out": arr(jnp.linalg.cross(y1, y2, axis=0))}
pr["outer"] = {"x1": arr(x2), "x2": arr(rand((2,), 154)), "out": arr(jnp.linalg.outer(x2, rand((2,), 154)))}
z1 = rand((2, 3, 4), 155)
z2 = rand((3, 4), 156)
pr["vecdot"] = {"x1": arr(z1), "x2": arr(z2), "out": arr(jnp.linalg.vecdot(z1, z2)), "axis1": arr(jnp.linalg.vecdot(z1, z2, axis=-2))}
pr["tensordot"] = {"x1": arr(z1), "x2": arr(z2), "out": arr(jnp.linalg.tensordot(z1, z2)), "axes1": arr(jnp.linalg.tensordot(z1, rand((4, 2), 157), axes=1)),
                   "x3": arr(rand((4, 2), 157))}
d = rand((2, 3, 5), 158)
pr["diagonal"] = {"x": arr(d), "k0": arr(jnp.linalg.diagonal(d)), "k2": arr(jnp.linalg.diagonal(d, offset=2)), "km1": arr(jnp.linalg.diagonal(d, offset=-1)),
                  "k9": arr(jnp.linalg.diagonal(d, offset=9)), "t0": arr(jnp.linalg.trace(d)), "t1": arr(jnp.linalg.trace(d, offset=1)),
                  "tm2": arr(jnp.linalg.trace(d, offset=-2)), "mT": arr(jnp.linalg.matrix_transpose(d))}
di = np.arange(12, dtype=np.int32).reshape(3, 4)
pr["int"] = {"x": arr(di), "trace": arr(jnp.linalg.trace(di)), "vecdot": arr(jnp.linalg.vecdot(di, di)), "matmul": arr(jnp.linalg.matmul(di, di.T))}

write("compositions", {"norms": norms, "cond": cond, "rank": rank, "power": power, "multidot": md, "lstsq": ls, "pinv": pv, "products": pr},
      "Composite np.linalg functions: norms, cond, ranks, powers, chains, least squares, pseudo-inverses, products.")
