"""References for jax.scipy.special.hyp2f1 (jax 0.10.2, float32). Run: python3 hyp2f1.py > ../../../tsjax-core/test/refs/lax2/hyp2f1.ts"""
import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.special import hyp2f1

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "laxlib"))
from common import emit, tolist  # noqa: E402  (laxlib's helpers)

# (a, b, c, x) covering JAX's cases: series, x = 0, a = 0, c non-positive integer, Euler
# (c - a - b <= -1), x = 1 (Gauss), b = c, a = c, x > 1, terminating (a or b a negative
# integer), the digamma expansion near x = 1 (integer c - a - b), negative x.
cases = [
    (1.0, 1.0, 2.0, 0.5), (0.5, 1.5, 2.5, 0.3), (2.0, 3.0, 4.0, -0.7), (1.2, 0.7, 3.1, 0.0),
    (0.0, 2.0, 3.0, 0.4), (1.0, 2.0, -2.0, 0.3), (1.0, 2.0, 0.0, 0.3), (2.5, 1.5, 1.2, 0.6),
    (0.3, 0.4, 2.0, 1.0), (1.5, 2.0, 2.0, 0.5), (2.0, 1.5, 2.0, -0.5), (1.0, 1.0, 3.0, 1.5),
    (-3.0, 2.0, 1.5, 0.7), (1.5, -2.0, 3.5, -2.5), (1.0, 1.0, 2.0, 0.95), (0.5, 0.5, 2.0, 0.97),
    (1.5, 0.5, 1.0, 0.93), (0.25, 0.75, 1.5, -3.0), (3.0, 2.0, 7.0, 0.99), (0.2, 0.3, 0.9, 0.8),
]
a, b, c, x = (np.array(v, np.float32) for v in zip(*cases))
out = {"a": tolist(a), "b": tolist(b), "c": tolist(c), "x": tolist(x)}
out["values"] = tolist(hyp2f1(a, b, c, x))
# Gradients where the function is smooth (series region).
ga, gb, gc, gx = (np.array(v, np.float32) for v in zip(*[(0.5, 1.5, 2.5, 0.3), (1.2, 0.7, 3.1, -0.4), (2.0, 1.0, 3.5, 0.6)]))
out["ga"], out["gb"], out["gc"], out["gx"] = tolist(ga), tolist(gb), tolist(gc), tolist(gx)
f = lambda a, b, c, x: hyp2f1(a, b, c, x).sum()
out["grads"] = [tolist(g) for g in jax.grad(f, argnums=(0, 1, 2, 3))(ga, gb, gc, gx)]
emit("HYP2F1", "hyp2f1.py", out, "lax2")
