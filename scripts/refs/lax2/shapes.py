"""References for lax's shape helpers and broadcast_like (jax 0.10.2). Run: python3 shapes.py > ../../../tsjax-core/test/refs/lax2/shapes.ts"""
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "laxlib"))
from common import emit, tolist  # noqa: E402  (laxlib's helpers)


def t(x):
    return [int(v) for v in x]


out = {}
dn = [("NCHW", "OIHW", "NCHW"), ("NHWC", "HWIO", "NHWC"), ("NHWC", "OHWI", "CHWN"), ("NWHC", "HWIO", "WNCH"), ("NCDHW", "DOIWH", "NDHWC")]
out["perms"] = [[t(p) for p in lax.conv_general_permutations(d)] for d in dn]
cd = lax.conv_dimension_numbers((2, 3, 4, 5), (6, 3, 2, 2), ("NHWC", "OHWI", "CHWN"))
out["convDims"] = [t(cd.lhs_spec), t(cd.rhs_spec), t(cd.out_spec)]
cd0 = lax.conv_dimension_numbers((2, 3, 4), (6, 3, 2), None)
out["convDimsNone"] = [t(cd0.lhs_spec), t(cd0.rhs_spec), t(cd0.out_spec)]
cases = [
    ((2, 3, 9, 8), (4, 3, 3, 2), (1, 1), "SAME", 1),
    ((2, 3, 9, 8), (4, 3, 3, 2), (2, 3), "SAME", 1),
    ((2, 3, 9, 8), (4, 3, 3, 2), (2, 3), "VALID", 1),
    ((4, 3, 9, 8), (4, 3, 3, 2), (2, 1), ((1, 2), (0, -1)), 2),
    ((2, 3, 9, 8), (4, 3, 3, 2), (1, 1), "SAME_LOWER", 1),
]
out["convShape"] = [t(lax.conv_shape_tuple(*c)) for c in cases]
g = [
    ((2, 9, 8, 3), (3, 2, 3, 4), (1, 2), "SAME", ("NHWC", "HWIO", "NHWC")),
    ((2, 9, 8, 3), (4, 3, 2, 3), (2, 1), "VALID", ("NHWC", "OHWI", "CHWN")),
    ((2, 3, 9, 8), (4, 3, 3, 2), (2, 2), ((1, 1), (2, 0)), ("NCHW", "OIHW", "NCHW")),
]
out["convGeneralShape"] = [t(lax.conv_general_shape_tuple(*c)) for c in g]
tr = [
    ((2, 9, 8, 3), (3, 2, 3, 4), (1, 2), "SAME", ("NHWC", "HWIO", "NHWC")),
    ((2, 9, 8, 3), (3, 2, 3, 4), (2, 2), "VALID", ("NHWC", "HWIO", "NHWC")),
    ((2, 9, 8, 3), (4, 3, 2, 3), (3, 1), "SAME", ("NHWC", "OHWI", "CHWN")),
    ((2, 3, 9, 8), (4, 3, 3, 2), (2, 2), ((1, 1), (2, 0)), ("NCHW", "OIHW", "NCHW")),
]
out["convTransposeShape"] = [t(lax.conv_transpose_shape_tuple(*c)) for c in tr]
rw = [
    ((7, 8), (3, 2), (1, 1), ((0, 0), (0, 0)), None, None),
    ((7, 8), (3, 2), (2, 3), ((1, 1), (2, 0)), None, None),
    ((7, 8), (3, 2), (2, 1), ((1, 0), (0, 1)), (2, 1), (1, 3)),
    ((5,), (6,), (1,), ((0, 0),), None, None),
]
out["reduceWindowShape"] = [t(lax.reduce_window_shape_tuple(*c)) for c in rw]
x = jnp.array([1.0, 2.0, 3.0])
out["broadcastLike"] = tolist(lax.broadcast_like(x, jnp.zeros((2, 3), jnp.int32)))
out["broadcastLikeGrad"] = tolist(jax.grad(lambda x: (lax.broadcast_like(x, jnp.zeros((2, 3))) * jnp.arange(6.0).reshape(2, 3)).sum())(x))
out["broadcastLikeDtype"] = str(lax.broadcast_like(jnp.array([1, 2], jnp.int32), jnp.zeros((3, 2))).dtype)
emit("SHAPES", "shapes.py", out, "lax2")
