"""References for lax.ragged_dot / ragged_dot_general (jax 0.10.2). Run: python3 ragged_dot.py > ../../../tsjax-core/test/refs/lax2/ragged-dot.ts"""
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "laxlib"))
from common import emit, tolist  # noqa: E402  (laxlib's helpers)

rng = np.random.default_rng(0)
lhs = rng.standard_normal((5, 3)).astype(np.float32)
rhs = rng.standard_normal((3, 3, 2)).astype(np.float32)
gs = jnp.array([2, 0, 2], jnp.int32)  # row 4 is past the groups: 0
out = {"lhs": tolist(lhs), "rhs": tolist(rhs)}
out["out"] = tolist(lax.ragged_dot(lhs, rhs, gs))
out["over"] = tolist(lax.ragged_dot(lhs, rhs, jnp.array([1, 3, 4], jnp.int32)))
w = rng.standard_normal((5, 2)).astype(np.float32)
f = lambda a, b: (lax.ragged_dot(a, b, gs) * w).sum()
ga, gb = jax.grad(f, argnums=(0, 1))(lhs, rhs)
out["w"] = tolist(w)
out["gradLhs"] = tolist(ga)
out["gradRhs"] = tolist(gb)
lb = np.stack([lhs, lhs * 2])
# JAX 0.10.2 cannot vmap lhs alone ("NYI"): the reference is the per-slice loop of JAX's results.
out["vmap"] = tolist(np.stack([lax.ragged_dot(a, rhs, gs) for a in lb]))
gsb = jnp.array([[2, 0, 2], [1, 1, 1]], jnp.int32)
out["vmapGroups"] = tolist(np.stack([lax.ragged_dot(lhs, rhs, g) for g in gsb]))
dn = lax.RaggedDotDimensionNumbers(dot_dimension_numbers=(([1], [2]), ([], [])), lhs_ragged_dimensions=[0], rhs_group_dimensions=[1])
rhs_t = np.transpose(rhs, (2, 0, 1))  # [n, g, k]
out["general"] = tolist(lax.ragged_dot_general(lhs, rhs_t, gs, dn))
ia = rng.integers(-3, 4, (4, 2)).astype(np.int32)
ib = rng.integers(-3, 4, (2, 2, 2)).astype(np.int32)
out["ia"] = tolist(ia)
out["ib"] = tolist(ib)
out["int"] = tolist(lax.ragged_dot(ia, ib, jnp.array([3, 1], jnp.int32)))
emit("RAGGED_DOT", "ragged_dot.py", out, "lax2")
