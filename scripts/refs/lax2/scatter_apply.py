"""References for lax.scatter_apply (jax 0.10.2). Run: python3 scatter_apply.py > ../../../tsjax-core/test/refs/lax2/scatter-apply.ts"""
import jax
import jax.numpy as jnp
from jax import lax

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "laxlib"))
from common import emit, tolist  # noqa: E402  (laxlib's helpers)

out = {}
x = jnp.arange(6.0)
idx = jnp.array([[1], [3], [1]])
dn = lax.ScatterDimensionNumbers(update_window_dims=(), inserted_window_dims=(0,), scatter_dims_to_operand_dims=(0,))
out["exp"] = tolist(lax.scatter_apply(x, idx, jnp.exp, dn, update_shape=(3,)))
out["affine"] = tolist(lax.scatter_apply(x, idx, lambda v: v * 2 + 1, dn, update_shape=(3,)))
oob = jnp.array([[7], [2], [-1]])
out["drop"] = tolist(lax.scatter_apply(x, oob, jnp.sin, dn, update_shape=(3,)))
out["clip"] = tolist(lax.scatter_apply(x, oob, jnp.sin, dn, update_shape=(3,), mode="clip"))
xs = jnp.stack([x, x + 1])
out["vmap"] = tolist(jax.vmap(lambda r: lax.scatter_apply(r, idx, jnp.sin, dn, update_shape=(3,)))(xs))
# 2-D operand, rows selected whole (window axis 1).
m = jnp.arange(12.0).reshape(3, 4)
dn2 = lax.ScatterDimensionNumbers(update_window_dims=(1,), inserted_window_dims=(0,), scatter_dims_to_operand_dims=(0,))
out["rows"] = tolist(jax.jit(lambda m: lax.scatter_apply(m, jnp.array([[2], [0], [2]]), jnp.sqrt, dn2, update_shape=(3, 4)))(m))
emit("SCATTER_APPLY", "scatter_apply.py", out, "lax2")
