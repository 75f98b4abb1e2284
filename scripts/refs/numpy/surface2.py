"""Reference cases for the second batch of jax.numpy functions added for issue 15: dtype queries,
index arithmetic and functional updates, sets, array-API products and cumulatives, creation
helpers, rollaxis/block, unwrap, gradient, poly and polydiv."""
import jax.numpy as jnp
import numpy as np

from cases import Cases, f32, ints, rand

C = Cases("surface2", "jax.numpy functions added for issue 15, second batch (values, jit, vmap, grad).")
x = rand((3, 4), 21)
v = rand((5,), 22)

# dtype queries (plain values, no arrays)
for c in ["safe", "same_kind"]:
    for a, b in [("int8", "uint8"), ("uint8", "int8"), ("int32", "float16"), ("int16", "float32"), ("uint8", "int16"), ("float32", "float16"), ("bool", "int8"), ("uint32", "int32")]:
        C.add(f"can_cast_{c}_{a}_{b}", "can_cast", jnp.dtype(a), jnp.dtype(b), c, jit=False, vmap=False)
C.add("promote_types", "promote_types", jnp.dtype("int8"), jnp.dtype("uint8"), jit=False, vmap=False)
C.add("promote_types_f", "promote_types", jnp.dtype("float16"), jnp.dtype("int32"), jit=False, vmap=False)
C.add("result_type", "result_type", np.ones(2, np.int8), 1.5, jit=False, vmap=False)
C.add("result_type_int", "result_type", np.ones(2, np.int8), 3, jit=False, vmap=False)
C.add("issubdtype", "issubdtype", jnp.dtype("int8"), jnp.dtype("int8"), jit=False, vmap=False)
C.add("isscalar", "isscalar", 1.5, jit=False, vmap=False)

# index arithmetic and functional updates
C.add("ravel_multi_index", "ravel_multi_index", (np.array([1, 2], np.int32), np.array([0, 3], np.int32)), (3, 4), jit=False, vmap=False, cpu=True)
C.add("ravel_multi_index_clip", "ravel_multi_index", (np.array([1, 2, -1], np.int32), np.array([0, 3, 5], np.int32)), (3, 4), mode="clip")
C.add("ravel_multi_index_wrap_f", "ravel_multi_index", (np.array([1, 5], np.int32), np.array([-1, 3], np.int32)), (3, 4), mode="wrap", order="F")
C.add("unravel_index", "unravel_index", np.array([5, 11, -1, 13, 0], np.int32), (3, 4))
C.add("ix_", "ix_", np.array([0, 2], np.int32), np.array([1, 3, 0], np.int32))
C.add("fill_diagonal", "fill_diagonal", x, f32([5.0, 6.0]), grad=[0, 1], inplace=False)
C.add("put", "put", v, np.array([0, 7, -1], np.int32), f32([1.0, 2.0]), inplace=False)
C.add("put_wrap", "put", v, np.array([0, 7, -1], np.int32), f32([1.0, 2.0]), "wrap", grad=[0, 2], inplace=False)
C.add("delete", "delete", np.arange(6, dtype=np.int32), np.array([1, 3], np.int32), jit=False, vmap=False, cpu=True)
C.add("delete_axis", "delete", x, 1, 1, grad=[0])
C.add("insert", "insert", np.arange(4, dtype=np.int32), 2, 9)
C.add("insert_list", "insert", v, np.array([1, 3], np.int32), f32([7.0, 8.0]), grad=[0, 2], jit=False, vmap=False, cpu=True)
C.add("insert_axis", "insert", x, 1, f32([7.0, 8.0, 9.0]), 1, grad=[0, 2])
C.add("compress", "compress", np.array([True, False, True]), x, 0, grad=[1], cpu=True, jit=False, vmap=False)
C.add("compress_size", "compress", np.array([False, True, True, False]), x, 1, size=3, fill_value=-1.0)
C.add("extract", "extract", x > 0, x, cpu=True, jit=False, vmap=False)
C.add("extract_size", "extract", x > 0, x, size=6)
C.add("choose_clip", "choose", np.array([0, 1, 2, 5], np.int32), [v[:4], v[1:], v[:4] * 2], mode="clip", grad=None)
C.add("choose_wrap", "choose", np.array([[0, 1, 2, -1]], np.int32), [v[:4], v[1:], v[:4] * 2], mode="wrap")
C.add("choose_raise", "choose", np.array([0, 1, 1, 0], np.int32), [v[:4], v[1:]], jit=False, vmap=False, cpu=True)
C.add("lexsort", "lexsort", (np.array([1, 2, 1, 2], np.int32), np.array([3, 3, 1, 1], np.int32)))
C.add("lexsort_float", "lexsort", (f32([0.5, 0.1, 0.5, 0.2]), f32([1.0, 1.0, 0.0, 1.0]), f32([2.0, 2.0, 2.0, 2.0])))

# sets
a = np.array([5, 1, 3, 3, 7], np.int32)
b = np.array([3, 4, 5, 9], np.int32)
C.add("isin", "isin", a, b)
C.add("isin_invert", "isin", x, f32([x[0, 1], x[2, 3]]), invert=True)
C.add("union1d", "union1d", a, b, cpu=True, jit=False, vmap=False)
C.add("union1d_size", "union1d", a, b, size=9, fill_value=-1)
C.add("union1d_size_default", "union1d", a, b, size=9)
C.add("setdiff1d", "setdiff1d", a, b, cpu=True, jit=False, vmap=False)
C.add("setdiff1d_size", "setdiff1d", a, b, size=4)
C.add("intersect1d", "intersect1d", a, b, cpu=True, jit=False, vmap=False)
C.add("intersect1d_indices", "intersect1d", a, b, return_indices=True, cpu=True, jit=False, vmap=False)
C.add("intersect1d_size", "intersect1d", a, b, size=4)
C.add("setxor1d", "setxor1d", a, b, cpu=True, jit=False, vmap=False)
C.add("setxor1d_size", "setxor1d", a, b, size=7)

# array-API products and cumulatives
C.add("vecdot", "vecdot", rand((4, 3), 23), rand((3,), 24), grad=[0, 1])
C.add("vecdot_axis", "vecdot", rand((3, 4), 23), rand((3, 1), 24), axis=0, grad=[0, 1])
C.add("matvec", "matvec", rand((2, 3, 4), 25), rand((4,), 26), grad=[0, 1])
C.add("vecmat", "vecmat", rand((3,), 27), rand((2, 3, 4), 28), grad=[0, 1])
C.add("cumulative_sum", "cumulative_sum", x, axis=1, include_initial=True, grad=[0])
C.add("cumulative_prod", "cumulative_prod", v, grad=[0])
C.add("cumulative_sum_int", "cumulative_sum", np.array([[1, 2], [3, 4]], np.int32), axis=0)

# creation helpers, shapes
C.add("empty", "empty", (2, 3), jit=False, vmap=False)
C.add("empty_like", "empty_like", x)
C.add("copy", "copy", x, grad=[0])
C.add("resize", "resize", v[:3], (2, 4), grad=[0])
C.add("resize_shrink", "resize", x, 5)
C.add("rollaxis", "rollaxis", rand((2, 3, 4, 5), 29), 3, 1)
C.add("rollaxis_fwd", "rollaxis", rand((2, 3, 4, 5), 29), 1, 4)
C.add("block", "block", [[x[:2, :2], x[:2, 2:3]], [x[2:3, :3]]], grad=None)
C.add("block_1d", "block", [v[:2], v[2:]])

# unwrap, gradient, poly, polydiv
C.add("unwrap", "unwrap", f32([0.0, 3.0, 6.5, 0.2, -3.0, 9.0]), grad=[0])
C.add("unwrap_period", "unwrap", f32([[0.0, 5.0, 11.0], [1.0, -4.0, 2.0]]), 3.0, 1, 10.0)
C.add("gradient_1d", "gradient", f32([1.0, 2.0, 4.0, 7.0, 11.0]), grad=[0])
C.add("gradient_2d", "gradient", x)
C.add("gradient_spacing", "gradient", f32([1.0, 2.0, 4.0, 7.0]), 0.5, grad=[0])
C.add("gradient_coords", "gradient", f32([1.0, 2.0, 4.0, 7.0]), f32([0.0, 1.0, 1.5, 3.0]), grad=[0, 1])
C.add("gradient_axis", "gradient", x, axis=0)
C.add("poly", "poly", f32([1.0, 2.0, 3.0]), grad=[0])
C.add("polydiv", "polydiv", f32([1.0, -3.0, 2.0, 5.0]), f32([1.0, 2.0]), grad=[0, 1])
C.add("polydiv_long", "polydiv", f32([2.0, 0.0, -1.0, 4.0, 1.0]), f32([0.5, 1.0, -2.0]), grad=[0, 1], tol={"rtol": 1e-4, "atol": 1e-5})
C.write()
