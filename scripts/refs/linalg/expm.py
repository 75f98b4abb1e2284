"""Reference values for scipy.linalg.expm (each Padé order, scaling, batching, triangular)."""
import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl
import numpy as np

from common import arr, f32, rand, write

ex = {}
for name, a in [("small", rand((3, 3), 160) * 0.1), ("mid", rand((3, 3), 161) * 0.5), ("order7", rand((4, 4), 162)),
                ("scaled", rand((4, 4), 163) * 6), ("batched", rand((2, 3, 3), 164) * np.float32([[[0.1]], [[2.0]]])),
                ("nilpotent", f32([[0, 1], [0, 0]]))]:
    a = f32(a)
    w = rand(a.shape, 165)
    ex[name] = {"a": arr(a), "out": arr(jsl.expm(a)), "w": arr(w), "grad": arr(jax.grad(lambda x: jnp.sum(jsl.expm(x) * w))(a))}
ut = f32(np.triu(rand((4, 4), 166)))
ex["upper"] = {"a": arr(ut), "out": arr(jsl.expm(ut, upper_triangular=True))}
big = f32(rand((3, 3), 167) * 1e6)
ex["too_big"] = {"a": arr(big), "out": arr(jsl.expm(big, max_squarings=4))}
write("expm", {"expm": ex}, "Matrix exponentials: values and gradients.")
