"""References for lax.conv_general_dilated_patches / _local (jax 0.10.2). Run: python3 conv_patches.py > ../../../tsjax-core/test/refs/lax2/conv-patches.ts"""
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "laxlib"))
from common import emit, tolist  # noqa: E402  (laxlib's helpers)

rng = np.random.default_rng(1)
x = rng.standard_normal((1, 2, 4, 5)).astype(np.float32)  # NCHW
out = {"x": tolist(x)}
p = lax.conv_general_dilated_patches(x, (2, 3), (1, 2), "SAME")
out["patchesShape"] = list(p.shape)
out["patches"] = tolist(p)
xh = np.transpose(x, (0, 2, 3, 1))  # NHWC
p2 = lax.conv_general_dilated_patches(xh, (3, 2), (2, 1), ((1, 0), (0, 1)), rhs_dilation=(1, 2), dimension_numbers=("NHWC", "HWIO", "NHWC"))
out["patchesNhwcShape"] = list(p2.shape)
out["patchesNhwc"] = tolist(p2)
p3 = lax.conv_general_dilated_patches(x, (2, 2), (1, 1), ((0, 0), (1, 1)), lhs_dilation=(2, 1))
out["patchesLhsDilShape"] = list(p3.shape)
out["patchesLhsDil"] = tolist(p3)
# local conv: NCHW, OIHW kernel with spatial = output spatial.
oh, ow = 3, 3
w = rng.standard_normal((3, 2 * 2 * 3, oh, ow)).astype(np.float32)
out["w"] = tolist(w)
loc = lax.conv_general_dilated_local(x, w, (1, 1), "VALID", (2, 3))
out["localShape"] = list(loc.shape)
out["local"] = tolist(loc)
wh = rng.standard_normal((2, 5, 2 * 3 * 2, 3)).astype(np.float32)  # HWIO with output spatial (2, 5)
out["wh"] = tolist(wh)
loc2 = lax.conv_general_dilated_local(xh, wh, (2, 1), "SAME", (3, 2), dimension_numbers=("NHWC", "HWIO", "NHWC"))
out["localNhwcShape"] = list(loc2.shape)
out["localNhwc"] = tolist(loc2)
cot = rng.standard_normal(loc.shape).astype(np.float32)
gx, gw = jax.grad(lambda x, w: (lax.conv_general_dilated_local(x, w, (1, 1), "VALID", (2, 3)) * cot).sum(), argnums=(0, 1))(x, w)
out["cot"] = tolist(cot)
out["localGradX"] = tolist(gx)
out["localGradW"] = tolist(gw)
gp = jax.grad(lambda x: (lax.conv_general_dilated_patches(x, (2, 3), (1, 2), "SAME") ** 2).sum())(x)
out["patchesGrad"] = tolist(gp)
xb = np.stack([x[0], x[0] * -1.5])  # vmap over a leading axis of [C, H, W] inputs
out["vmapLocal"] = tolist(jax.vmap(lambda xi: lax.conv_general_dilated_local(xi[None], w, (1, 1), "VALID", (2, 3))[0])(xb))
emit("CONV_PATCHES", "conv_patches.py", out, "lax2")
