"""Reference cases for the third batch of jax.numpy functions added for issue 15: nextafter,
spacing, packbits/unpackbits, partition/argpartition, broadcast_shapes, place, trim_zeros,
histogramdd/histogram2d."""
import jax.numpy as jnp
import numpy as np

from cases import Cases, f32, rand

C = Cases("surface3", "jax.numpy functions added for issue 15, third batch (values, jit, vmap, grad).")
C.add("nextafter", "nextafter", f32([1.0, 1.0, -1.0, 2.0, 3e38, -5.5, np.nan]), f32([2.0, 0.0, 0.0, 2.0, np.inf, -np.inf, 1.0]))
C.add("nextafter_zero", "nextafter", f32([0.0, 0.0]), f32([1.0, -1.0]), cpu=True)
C.add("spacing", "spacing", f32([1.0, -1.0, 3e38, np.inf, np.nan, 1e-3, -250.0]))
C.add("packbits", "packbits", np.array([1, 0, 1, 1, 0, 0, 0, 0, 1], np.uint8))
C.add("packbits_axis_little", "packbits", np.array([[1, 0, 1], [0, 1, 1]], np.int32), 1, "little")
C.add("packbits_bool_2d", "packbits", np.random.RandomState(3).rand(3, 10) > 0.5, 0)
C.add("unpackbits", "unpackbits", np.array([5, 255, 128], np.uint8))
C.add("unpackbits_axis_count", "unpackbits", np.array([[5], [3]], np.uint8), 1, 3, "little")
C.add("unpackbits_negative_count", "unpackbits", np.array([[5, 7]], np.uint8), 1, -3)
a = f32([5.0, 1.0, 4.0, 2.0, 8.0, 3.0, 7.0])
C.add("partition", "partition", a, 2, grad=[0])
C.add("partition_neg", "partition", a, -2)
C.add("partition_axis", "partition", rand((3, 4), 31), 1, 0, grad=[0])
C.add("argpartition", "argpartition", a, 2)
C.add("argpartition_axis", "argpartition", rand((3, 4), 31), 1, 0)
C.add("broadcast_shapes", "broadcast_shapes", (3, 1), (4,), (2, 1, 1), jit=False, vmap=False)
C.add("place", "place", np.arange(6, dtype=np.float32), np.array([0, 1, 0, 1, 1, 0], bool), f32([9.0, 8.0]), grad=[0, 2], inplace=False)
C.add("trim_zeros", "trim_zeros", np.array([0, 0, 1, 2, 0, 3, 0], np.int32), jit=False, vmap=False, cpu=True)
C.add("trim_zeros_f", "trim_zeros", f32([0.0, 0.0, 1.0, 0.0]), "f", jit=False, vmap=False, cpu=True)
pts = rand((30, 2), 32, -1, 2)
C.add("histogramdd", "histogramdd", pts)
C.add("histogramdd_bins", "histogramdd", pts, [3, 4], [(-1.0, 2.0), (0.0, 1.5)])
C.add("histogramdd_density", "histogramdd", rand((25, 3), 33), 2, weights=rand((25,), 34, 0, 1), density=True)
C.add("histogram2d", "histogram2d", pts[:, 0], pts[:, 1], 4)
C.add("histogram2d_edges", "histogram2d", pts[:, 0], pts[:, 1], [f32([-1.0, 0.0, 2.0]), 3], weights=rand((30,), 35, 0, 1))
C.add("i0", "i0", f32([0.0, 0.5, -1.0, 3.0, 10.0, -19.5, 20.5, 35.0, 80.0]), grad=[0], tol={"rtol": 3e-6, "atol": 1e-6})
C.add("i0_int", "i0", np.array([0, 2], np.int32))
C.write()
