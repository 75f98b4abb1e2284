"""References for jax.scipy.special.sph_harm_y (jax 0.10.2, complex64). Run: python3 sph_harm.py > ../../../tsjax-core/test/refs/lax2/sph-harm.ts"""
import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.special import sph_harm_y

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "laxlib"))
from common import emit, tolist  # noqa: E402  (laxlib's helpers)


def ri(z):
    z = np.asarray(z)
    return [float(v) for v in np.stack([z.real, z.imag], -1).astype(np.float64).ravel()]


n = np.array([0, 1, 1, 2, 2, 3, 3, 4, 2, 1], np.int32)
m = np.array([0, 0, -1, 2, -2, 1, -3, -2, 3, 1], np.int32)  # (2, 3): |m| > n gives 0
theta = np.array([0.3, 1.1, 2.0, 0.7, 2.9, 1.5, 0.4, 2.2, 1.0, 0.0], np.float32)
phi = np.array([0.0, 0.5, -1.2, 2.5, 0.9, -2.0, 3.0, 1.7, 0.3, 1.0], np.float32)
out = {"n": tolist(n), "m": tolist(m), "theta": tolist(theta), "phi": tolist(phi)}
out["y"] = ri(sph_harm_y(n, m, theta, phi, n_max=4))
f = lambda t, p: (jnp.real(sph_harm_y(n, m, t, p, n_max=4)) + 2 * jnp.imag(sph_harm_y(n, m, t, p, n_max=4))).sum()
out["grad"] = [tolist(g) for g in jax.grad(f, argnums=(0, 1))(theta, phi)]
emit("SPH_HARM", "sph_harm.py", out, "lax2")
