"""Reference values for tsjax-core's exponential integrals (expi, exp1, expn), dawsn and spence, with gradients.

Run: cd scripts/refs/laxlib && python3 special_expint.py > ../../../tsjax-core/test/refs/laxlib/special-expint.ts
"""
import jax
import jax.numpy as jnp
import jax.scipy.special as S
import numpy as np

from common import emit, tolist

f32 = lambda v: np.array(v, np.float32)
out = {}
ex = f32([-30, -5, -1, -0.1, 0, 1e-3, 0.5, 1, 2, 3.5, 6, 12, 20, 40, 70, 85])
out["ex"] = tolist(ex)
out["expi"] = tolist(S.expi(ex))
gx = f32([-5, -1, 0.5, 1, 3.5, 12, 40, 70])
out["gx"] = tolist(gx)
out["expiGrad"] = tolist(jax.vmap(jax.grad(S.expi))(gx))
e1 = f32([0, 1e-4, 0.2, 0.5, 1, 1.5, 3, 10, 50, -1])
out["e1x"] = tolist(e1)
out["exp1"] = tolist(S.exp1(e1))
nn = f32([0, 1, 2, 3, 5, 2, 0, 3, 10, 6000, 6000, -1, -1, 2.0])
nx = f32([0.5, 0.3, 0.7, 1.0, 0.2, 0, 0, 2.5, 4, 0.5, 3, 0.5, 2, -1])
out["nn"] = tolist(nn)
out["nx"] = tolist(nx)
out["expn"] = tolist(S.expn(nn, nx))
gn = f32([1, 2, 3, 1, 4])
gnx = f32([0.5, 0.7, 2.5, 3, 0.9])
out["gn"] = tolist(gn)
out["gnx"] = tolist(gnx)
out["expnGrad"] = tolist(jax.vmap(jax.grad(S.expn, argnums=1))(gn, gnx))
dx = f32([-8, -3.3, -1, -0.2, 0, 0.3, 1, 2.5, 3.25, 5, 6.25, 9, 50, 1e4])
out["dx"] = tolist(dx)
out["dawsn"] = tolist(S.dawsn(dx))
out["dawsnGrad"] = tolist(jax.vmap(jax.grad(S.dawsn))(dx))
sx = f32([-1, 0, 0.1, 0.4, 0.5, 0.9, 1, 1.2, 1.6, 2, 2.5, 10, 1e3])
out["sx"] = tolist(sx)
out["spence"] = tolist(S.spence(sx))
out["spenceGrad"] = tolist(jax.vmap(jax.grad(S.spence))(f32([0.1, 0.4, 0.9, 1.2, 1.6, 2.5, 10])))
emit("SPECIAL_EXPINT", "special_expint.py", out)
