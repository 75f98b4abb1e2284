"""Reference values for tsjax-core's owens_t, hyp1f1, sici and fresnel, with gradients.

Run: cd scripts/refs/laxlib && python3 special_more.py > ../../../tsjax-core/test/refs/laxlib/special-more.ts
"""
import jax
import jax.scipy.special as S
import numpy as np

from common import emit, tolist

f32 = lambda v: np.array(v, np.float32)
out = {}
h = f32([0, 0.5, 1, -1, 2, 0.3, 5, 0.1, 1.5, 3, -0.7])
a = f32([0.5, 0.5, 2, 1, 0.3, -3, 0.8, 10, 1, 0.2, -0.4])
out["h"] = tolist(h)
out["a"] = tolist(a)
out["owensT"] = tolist(S.owens_t(h, a))
gh, ga = jax.vmap(jax.grad(S.owens_t, argnums=(0, 1)))(h, a)
out["owensTGrad"] = [tolist(gh), tolist(ga)]
ha = f32([1, 0.5, 2, 0, 3, 1.5, 1, 2.5, 4, 0.7])
hb = f32([2, 1.5, 2, 1, 0, 3.5, 1, 4, 2, 5])
hx = f32([0.5, 3, 1.2, 2, 1, -2, 0.3, 150, 110, 20])
out["ha"] = tolist(ha)
out["hb"] = tolist(hb)
out["hx"] = tolist(hx)
out["hyp1f1"] = tolist(S.hyp1f1(ha, hb, hx))
ga_, gb_, gx_ = f32([1, 0.5, 3, 1.5]), f32([2, 1.5, 4.5, 3.5]), f32([0.5, 3, 1.2, -2])
out["gha"] = tolist(ga_)
out["ghb"] = tolist(gb_)
out["ghx"] = tolist(gx_)
out["hyp1f1Grad"] = [tolist(g) for g in jax.vmap(jax.grad(S.hyp1f1, argnums=(0, 1, 2)))(ga_, gb_, gx_)]
sx = f32([-20, -3, -0.5, 0, 1e-3, 0.5, 1, 3.9, 4.1, 7.5, 8.5, 30, 1e3, 2e9, np.inf])
out["sx"] = tolist(sx)
si, ci = S.sici(sx)
out["si"] = tolist(si)
out["ci"] = tolist(ci)
gsx = f32([-3, 0.5, 1, 4.1, 8.5, 30])
out["gsx"] = tolist(gsx)
out["siGrad"] = tolist(jax.vmap(jax.grad(lambda v: S.sici(v)[0]))(gsx))
out["ciGrad"] = tolist(jax.vmap(jax.grad(lambda v: S.sici(v)[1]))(gsx))
fx = f32([-3, -0.5, 0, 0.1, 0.5, 1, 1.5, 1.7, 2, 5, 20.3, 5e4, np.inf])
out["fx"] = tolist(fx)
fs, fc = S.fresnel(fx)
out["fs"] = tolist(fs)
out["fc"] = tolist(fc)
gfx = f32([-3, 0.5, 1.7, 2, 5])
out["gfx"] = tolist(gfx)
out["fsGrad"] = tolist(jax.vmap(jax.grad(lambda v: S.fresnel(v)[0]))(gfx))
out["fcGrad"] = tolist(jax.vmap(jax.grad(lambda v: S.fresnel(v)[1]))(gfx))
emit("SPECIAL_MORE", "special_more.py", out)
