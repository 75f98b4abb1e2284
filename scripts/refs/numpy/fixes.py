"""Reference cases for the options that were silently ignored (issue 15's first list):
reductions with where/initial, every np.pad mode, np.take's modes, np.full with an array,
floor_divide by zero, rint of integers, bool products, and lax's scalar operands and rounding."""
import jax.numpy as jnp
import numpy as np
from jax import lax

from cases import Cases, f32, ints, rand

C = Cases("fixes", "np and lax options that were ignored before: where/initial, pad modes, take modes, full, bool products, lax scalars.")
x = rand((3, 4), 1)
m = np.array([[True, False, True, True], [False, False, True, False], [True, True, True, True]])
xi = ints((3, 4), 2, -5, 6)

# reductions: where, initial, promote_integers, dtype
C.add("sum_where", "sum", x, grad=[0], where=m)
C.add("sum_where_axis", "sum", x, 1, grad=[0], where=m, keepdims=True)
C.add("sum_initial", "sum", x, 0, grad=[0], initial=2.5)
C.add("sum_int_where_initial", "sum", xi, where=m[0], initial=7)
C.add("sum_i8_nopromote", "sum", np.arange(-3, 9, dtype=np.int8).reshape(3, 4), 1, promote_integers=False)
C.add("prod_where_initial", "prod", x, 1, grad=[0], where=m, initial=2.0)
C.add("max_where_initial", "max", x, 1, grad=[0], where=m, initial=-0.5)
C.add("min_where_initial", "min", xi, 0, where=m, initial=3)
C.add("max_empty_initial", "max", np.zeros((0, 3), np.float32), 0, initial=5.0)
C.add("max_initial_only", "max", x, grad=[0], initial=0.9)
C.add("mean_where", "mean", x, 0, grad=[0], where=m)
C.add("mean_where_keep", "mean", x, 1, grad=[0], where=m[1:2], keepdims=True)
C.add("mean_int_dtype", "mean", xi, 1, dtype=jnp.int32)
C.add("var_where", "var", x, 1, grad=[0], where=m, ddof=1)
C.add("std_where", "std", x, None, grad=[0], where=m)
C.add("var_correction", "var", x, 0, correction=1)
C.add("any_where", "any", x > 0, 1, where=m)
C.add("all_where", "all", x > -0.5, 0, where=m)
C.add("argmax_keep", "argmax", x, 1, keepdims=True)
C.add("cumsum_dtype", "cumsum", xi, 1, dtype=jnp.float32)

# pad: every mode
v = f32([3, 1, 4, 1, 5])
x2 = rand((2, 3), 3)
for mode in ["constant", "edge", "wrap", "reflect", "symmetric", "maximum", "minimum", "mean", "median", "linear_ramp", "empty"]:
    C.add(f"pad_{mode}", "pad", v, (2, 7), grad=[0] if mode not in ("median", "empty") else None, mode=mode)
    C.add(f"pad2d_{mode}", "pad", x2, ((1, 2), (3, 0)), grad=[0] if mode not in ("median", "empty") else None, mode=mode)
C.add("pad_constant_values", "pad", x2, ((1, 2), (3, 1)), mode="constant", constant_values=((1.0, 2.0), (3.0, 4.0)))
C.add("pad_constant_pair", "pad", v, 2, mode="constant", constant_values=(-1.0, 9.0))
C.add("pad_reflect_odd", "pad", v, (6, 9), grad=[0], mode="reflect", reflect_type="odd")
C.add("pad_symmetric_odd", "pad", v, (6, 9), grad=[0], mode="symmetric", reflect_type="odd")
C.add("pad_stat_length", "pad", x2, 2, grad=[0], mode="mean", stat_length=((1, 2), (2, 1)))
C.add("pad_median_stat", "pad", v, 3, mode="median", stat_length=2)
C.add("pad_end_values", "pad", x2, ((1, 2), (2, 3)), grad=[0], mode="linear_ramp", end_values=((5.0, -5.0), (1.0, 2.0)))
C.add("pad_int_mean", "pad", np.array([1, 2, 4, 8], np.int32), 2, mode="mean")
C.add("pad_wrap_long", "pad", f32([1, 2, 3]), (7, 5), mode="wrap")
C.add("pad_reflect_long", "pad", f32([1, 2, 3]), (7, 5), mode="reflect")
C.add("pad_symmetric_long", "pad", f32([1, 2, 3]), (7, 5), mode="symmetric")

# take: fill (default), clip (no wrapping of negatives), wrap
t = f32([10, 20, 30])
ti = np.array([-4, -3, -1, 0, 2, 3, 5], np.int32)
C.add("take_default", "take", t, ti)
C.add("take_clip", "take", t, ti, mode="clip")
C.add("take_wrap", "take", t, ti, grad=[0], mode="wrap")
C.add("take_fill_value", "take", t, ti, mode="fill", fill_value=-1.0)
C.add("take_axis_wrap", "take", x, np.array([[5, -1]], np.int32), axis=1, mode="wrap")
C.add("take_along_clip", "take_along_axis", x, np.array([[-5, 1], [4, 0], [-1, 9]], np.int32), 1, mode="clip")
C.add("take_along_default", "take_along_axis", x, np.array([[-5, 1], [4, 0], [-1, 9]], np.int32), 1)

# full with an array fill value
C.add("full_array", "full", (2, 3), f32([1, 2, 3]))
C.add("full_array_dtype", "full", (2, 3), np.array([1, 2, 3], np.int32), dtype=jnp.float32)
C.add("full_like_array", "full_like", x, f32([1, 2, 3, 4]))

# floor_divide by zero, rint of integers, bool products
C.add("floor_divide_zero", "floor_divide", f32([1, -1, 0, 7, -7, 5.5]), f32([0, 0, 0, 2, 2, -2]))
C.add("divmod_zero", "divmod", f32([1, -1, 0]), f32([0, 0, 0]))
C.add("rint_int", "rint", np.array([1, -2, 3], np.int32))
C.add("rint_bool", "rint", np.array([True, False]))
b = np.array([[True, False], [True, True]])
C.add("matmul_bool", "matmul", b, np.array([[False, False], [True, False]]))
C.add("einsum_bool", "einsum", "ij,jk->ik", b, np.array([[False, False], [True, False]]))
C.add("dot_bool", "dot", b[0], b[1])

# lax: rank-0 and size-1 broadcasting, scalar select predicates, rounding methods
C.add("lax_add_scalar", "lax.add", x, 1.5)
C.add("lax_add_rank0", "lax.add", x, f32(2.0), grad=[0, 1])
C.add("lax_add_size1", "lax.add", rand((1, 4), 4), rand((3, 1), 5), grad=[0, 1])
C.add("lax_mul_int", "lax.mul", xi, 3)
C.add("lax_clamp", "lax.clamp", -0.5, x, 0.5, grad=[1])
C.add("lax_clamp_arrays", "lax.clamp", rand((3, 4), 6, -1, 0), x, f32(0.5), grad=[0, 1])
C.add("lax_select_scalar", "lax.select", np.array(True), x, rand((3, 4), 7), grad=[1, 2])
C.add("lax_round", "lax.round", f32([0.5, 1.5, 2.5, -0.5, -2.5, 0.49999997, -0.2, 2.5e9, np.inf, np.nan]))
C.add("lax_round_even", "lax.round", f32([0.5, 1.5, 2.5, -0.5, -2.5, 0.49999997, -0.2]), 1)
C.add("lax_round_grad", "lax.round", x * 3, grad=[0])
C.write()
