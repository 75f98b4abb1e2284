"""References for jax.scipy.special.wofz (jax 0.10.2, complex64). Run: python3 wofz.py > ../../../tsjax-core/test/refs/lax2/wofz.ts"""
import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.special import wofz

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "laxlib"))
from common import emit, tolist  # noqa: E402  (laxlib's helpers)


def ri(z):
    z = np.asarray(z)
    return [float(v) for v in np.stack([z.real, z.imag], -1).astype(np.float64).ravel()]


z = np.array([1 + 1j, 0.5 - 0.2j, -2 + 0.1j, 0j, 3 + 4j, -1 - 2j, 0.1 + 6j, 5 - 0.5j], np.complex64)
out = {"z": ri(z), "w": ri(wofz(z))}
xr = np.array([-1.5, 0.0, 0.7, 2.5], np.float32)
out["xr"] = tolist(xr)
out["wReal"] = ri(wofz(xr))
# Derivative of Re and Im of w(x + i y) in x and y (w is holomorphic: d/dx = w', d/dy = i w').
x = np.array([0.3, -1.2, 2.0], np.float32)
y = np.array([0.5, 0.8, -0.4], np.float32)
out["gx"], out["gy"] = tolist(x), tolist(y)
f = lambda x, y: jnp.real(wofz(x + 1j * y)).sum() + 2 * jnp.imag(wofz(x + 1j * y)).sum()
out["grad"] = [tolist(g) for g in jax.grad(f, argnums=(0, 1))(x, y)]
emit("WOFZ", "wofz.py", out, "lax2")
