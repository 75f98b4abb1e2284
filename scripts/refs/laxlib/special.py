"""Reference values for tsjax-core's new jax.scipy.special functions (gamma family, zeta, polygamma
with array n, entropy functions, Box-Cox, i0/i1, bessel_jn) and their gradients.

Run: cd scripts/refs/laxlib && python3 special.py > ../../../tsjax-core/test/refs/laxlib/special.ts
"""
import jax
import jax.numpy as jnp
import jax.scipy.special as S
import numpy as np

from common import emit, tolist

f32 = lambda v: np.array(v, np.float32)
out = {}
xs = f32([-3.5, -2.5, -1.5, -0.5, 0.1, 0.5, 1, 1.5, 2, 3.7, 5, 10, 20, 33])
out["x"] = tolist(xs)
unary = {
    "gamma": S.gamma, "gammasgn": S.gammasgn, "loggamma": S.loggamma, "factorial": S.factorial,
    "i0": S.i0, "i1": S.i1, "entr": S.entr,
}
out["unary"] = {k: tolist(f(xs)) for k, f in unary.items()}
out["unaryGrad"] = {k: tolist(jax.vmap(jax.grad(unary[k]))(xs)) for k in ["gamma", "i0", "i1"]}
pos = f32([0.1, 0.5, 1, 2.5, 7])
out["pos"] = tolist(pos)
out["entrGrad"] = tolist(jax.vmap(jax.grad(S.entr))(pos))
out["multigammaln3"] = tolist(S.multigammaln(f32([1.5, 2.5, 4, 10]), 3))
out["multigammaln1"] = tolist(S.multigammaln(f32([0.5, 2.5, 4, 10]), 1))

a = f32([0.5, 1, 2, 3.5, -1.5, 10, 0.25])
b = f32([0.5, 3, 2.5, 1, 2, 0.1, 4])
out["a"] = tolist(a)
out["b"] = tolist(b)
out["beta"] = tolist(S.beta(a, b))
out["betaGrad"] = [tolist(v) for v in jax.vmap(jax.grad(S.beta, argnums=(0, 1)))(a, b)]
out["poch"] = tolist(S.poch(a, b))
out["pochGrad"] = [tolist(v) for v in jax.vmap(jax.grad(S.poch, argnums=(0, 1)))(jnp.abs(a), b)]
N = f32([10, 10, 10, 5.5, 4, 0, -1])
K = f32([0, 3, 11, 2, 4, 0, 1])
out["combN"] = tolist(N)
out["combK"] = tolist(K)
out["comb"] = tolist(S.comb(N, K))
out["combRep"] = tolist(S.comb(N, K, repetition=True))

zx = f32([2, 3, 1.5, 4, 2, 6, 1, 0.5, 2, 3, 2])
zq = f32([1, 1, 2, 0.3, 10, 2.5, 1, 1, -2, -2, -1.5])
out["zx"] = tolist(zx)
out["zq"] = tolist(zq)
out["zeta"] = tolist(S.zeta(zx, zq))
gx, gq = zx[[0, 1, 2, 3, 4, 5]], zq[[0, 1, 2, 3, 4, 5]]
out["zetaGrad"] = [tolist(v) for v in jax.vmap(jax.grad(S.zeta, argnums=(0, 1)))(gx, gq)]
pn = np.array([0, 1, 2, 3, 1, 4, -1], np.int32)
px = f32([1, 1, 1, 2.5, 0.3, 7, 1])
out["pn"] = tolist(pn)
out["px"] = tolist(px)
out["polygammaArr"] = tolist(S.polygamma(pn, px))
out["polygammaArrGrad"] = tolist(jax.vmap(jax.grad(lambda x, n: S.polygamma(n, x)))(px[:6], pn[:6]))
out["bernoulli"] = tolist(S.bernoulli(12))

p = f32([0.5, 0, 1, 0.2, 0, -1, 0.3])
q = f32([0.25, 1, 0, 0.7, 0, 1, -0.1])
out["p"] = tolist(p)
out["q"] = tolist(q)
out["relEntr"] = tolist(S.rel_entr(p, q))
out["klDiv"] = tolist(S.kl_div(p, q))
gp, gq2 = f32([0.5, 0.2, 1.5]), f32([0.25, 0.7, 0.5])
out["gp"] = tolist(gp)
out["gq"] = tolist(gq2)
out["relEntrGrad"] = [tolist(v) for v in jax.vmap(jax.grad(S.rel_entr, argnums=(0, 1)))(gp, gq2)]
out["klDivGrad"] = [tolist(v) for v in jax.vmap(jax.grad(S.kl_div, argnums=(0, 1)))(gp, gq2)]
bx = f32([0.5, 1, 2, 4, 1e-3])
bl = f32([0.5, 0, -1.5, 2, 0.3])
out["bx"] = tolist(bx)
out["bl"] = tolist(bl)
out["boxcox"] = tolist(S.boxcox(bx, bl))
out["boxcox1p"] = tolist(S.boxcox1p(bx, bl))
out["boxcoxGrad"] = tolist(jax.vmap(jax.grad(S.boxcox))(bx, bl))
jz = f32([0.5, 1, 2.5, 7, 12])
out["jz"] = tolist(jz)
out["besselJn3"] = tolist(S.bessel_jn(jz, v=3))
emit("SPECIAL", "special.py", out)
