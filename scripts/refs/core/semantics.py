"""Reference values for tsjax-core/src/semantics.test.ts (JAX semantics without surprises).

Run: python3 scripts/refs/core/semantics.py > tsjax-core/test/refs/semantics.ts   (jax 0.10.2, CPU)
(TypeScript constants that the test imports).
"""
import json

import jax
import jax.extend  # noqa: F401 (jax.extend.random.threefry_2x32)
import jax.numpy as jnp
import numpy as np
from jax import lax


def tolist(x):
    x = np.asarray(x)
    if x.dtype == np.float32:
        return [float(v) for v in x.ravel()]
    return x.tolist()


out = {}

# 1. JS control flow on concrete values (Thinking in JAX): f(2) with `if x < 3`
def f(x):
    if x < 3:
        return 3.0 * x ** 2
    return -4 * x
out["controlFlow"] = {"f2": float(f(jnp.array(2.0))), "f5": float(f(jnp.array(5.0))), "gradF2": float(jax.grad(f)(2.0)), "gradF5": float(jax.grad(f)(5.0))}

# weak-typed JS numbers under jit/grad
out["weak"] = {"jitDtype": str(jax.jit(lambda x: x)(5.0).dtype), "jitGrad3": float(jax.jit(jax.grad(lambda x: x ** 3))(3.0))}

# 2. samplers with a positional shape
k = jax.random.key(0)
out["samplers"] = {
    "gamma": tolist(jax.random.gamma(k, 2.0, (5,))),
    "beta": tolist(jax.random.beta(k, 2.0, 3.0, (3,))),
    "poisson": tolist(jax.random.poisson(k, 3.0, (4,))),
    "truncatedNormal": tolist(jax.random.truncated_normal(k, -1.0, 1.0, (3,))),
    "choice": tolist(jax.random.choice(k, 10, (4,))),
    "categoricalAxisShape": tolist(jax.random.categorical(k, jnp.log(jnp.array([0.2, 0.3, 0.5])), -1, (6,))),
    "permutationAxis": tolist(jax.random.permutation(jax.random.key(3), jnp.arange(8).reshape(4, 2), 0)),
    "exponential": tolist(jax.random.exponential(k, (3,))),
    "threefry": tolist(jax.extend.random.threefry_2x32(jax.random.key_data(jax.random.key(42)), jnp.arange(5, dtype=jnp.uint32))),
    "threefry2d": tolist(jax.extend.random.threefry_2x32((np.uint32(1), np.uint32(2)), jnp.arange(6, dtype=jnp.uint32).reshape(2, 3))),
}
k1, k2 = jax.random.split(jax.random.key(7))
out["iterSplit"] = [tolist(jax.random.key_data(k1)), tolist(jax.random.key_data(k2))]

# np.arange with a dtype keyword
out["arange"] = tolist(jnp.arange(10, dtype=jnp.float32))

# 4. indexing
x = jnp.arange(10)
out["indexing"] = {
    "get11": int(x[11]),
    "getMinus11": int(x[-11]),
    "at10add": tolist(x.at[10].add(10)),
    "getFill": tolist(jnp.arange(10.0).at[jnp.array([1, 11, -1, -11])].get(mode="fill")),
    "getFillValue": tolist(jnp.arange(10.0).at[jnp.array([1, 11])].get(mode="fill", fill_value=-5)),
    "getNoWrap": tolist(x.at[jnp.array([-1, 2])].get(wrap_negative_indices=False)),
    "getNoWrapFill": tolist(x.at[jnp.array([-1, 2])].get(mode="fill", wrap_negative_indices=False)),
    "setClip": tolist(x.at[jnp.array([1, 11, -1])].set(100, mode="clip")),
    "setDrop": tolist(x.at[jnp.array([1, 11, -1])].set(100, mode="drop")),
    "setNoWrap": tolist(x.at[jnp.array([1, -1])].set(100, wrap_negative_indices=False)),
    "setNoWrapClip": tolist(x.at[jnp.array([1, -1])].set(100, mode="clip", wrap_negative_indices=False)),
    "mask": tolist(x[x > 5]),
    "mask2d": tolist(jnp.arange(6).reshape(2, 3)[jnp.array([[True, False, True], [False, False, True]])]),
    "maskRows": tolist(jnp.arange(6).reshape(2, 3)[jnp.array([True, False])]),
    "atMaskSet": tolist(x.at[x > 5].set(0)),
    "nonzero2d": [tolist(v) for v in jnp.nonzero(jnp.array([[0, 1], [1, 1]]))],
    "nonzeroSize": [tolist(v) for v in jnp.nonzero(x > 5, size=6, fill_value=-1)],
    "whereSize": [tolist(v) for v in jnp.where(x > 5, size=2)],
    "argwhere": tolist(jnp.argwhere(x > 7)),
    "flatnonzero": tolist(jnp.flatnonzero(x > 7)),
}

# divmod
q, r = jnp.divmod(jnp.array([7.0, -7.0, 7.5, -0.5]), jnp.array([2.0, 2.0, -2.0, 3.0]))
qi, ri = jnp.divmod(jnp.array([7, -7, 7, -7]), jnp.array([2, 2, -2, -2]))
out["divmod"] = {"q": tolist(q), "r": tolist(r), "qi": tolist(qi), "ri": tolist(ri)}

# jacobian, defjvps
out["jacobian"] = tolist(jax.jacobian(lambda v: jnp.array([v[0] * v[1], jnp.sin(v[0])]))(jnp.array([1.0, 2.0])))

@jax.custom_jvp
def fxy(x, y):
    return jnp.sin(x) * y
fxy.defjvps(lambda x_dot, primal_out, x, y: jnp.cos(x) * x_dot * y, lambda y_dot, primal_out, x, y: jnp.sin(x) * y_dot)
gx, gy = jax.grad(fxy, argnums=(0, 1))(2.0, 3.0)
out["defjvps"] = {"gx": float(gx), "gy": float(gy)}

# small dtypes
i8 = jnp.array([100, -128, 127, 5], jnp.int8)
u8 = jnp.array([200, 0, 255, 5], jnp.uint8)
out["small"] = {
    "mul3": tolist(i8 * 3),
    "neg": tolist(-i8),
    "abs": tolist(jnp.abs(i8)),
    "floordivNeg1": tolist(i8 // -1),
    "srl": tolist(lax.shift_right_logical(i8, jnp.full(4, 1, jnp.int8))),
    "invertU8": tolist(jnp.invert(u8)),
    "popcount": tolist(lax.population_count(i8)),
    "clz": tolist(lax.clz(i8)),
    "u8minus6": tolist(u8 - 6),
    "fromFloat": tolist(jnp.array([1.7e9, -300.5, np.nan, 3.9], jnp.float32).astype(jnp.int8)),
    "fromInt": tolist(jnp.array([263, -1], jnp.int32).astype(jnp.uint8)),
    "promote": [str((u8 + i8).dtype), str((u8 * jnp.uint16(2)).dtype), str((i8 + jnp.uint32(1)).dtype), str((i8 + 1.5).dtype), str((u8 + 1).dtype)],
    "sum": [str(jnp.sum(i8).dtype), int(jnp.sum(i8)), str(jnp.sum(u8).dtype), int(jnp.sum(u8))],
    "cumsumDtype": str(jnp.cumsum(i8).dtype),
    "scatterAdd": tolist(i8.at[jnp.array([0, 0])].add(100)),
    "int16": tolist(jnp.array([30000], jnp.int16) + jnp.array([30000], jnp.int16)),
    "uint16": tolist(jnp.array([1], jnp.uint16) - 2),
}

# keystr
out["keystr"] = jax.tree_util.keystr((jax.tree_util.SequenceKey(1), jax.tree_util.DictKey("k1")))

# TypeScript constants (NaN is a valid literal there)
print("// Generated by scripts/refs/core/semantics.py (jax " + jax.__version__ + "); do not edit by hand.")
print("export const JAX = " + json.dumps(out).replace("NaN", "NaN") + " as const;")
