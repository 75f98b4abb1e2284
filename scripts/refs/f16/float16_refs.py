"""Reference values for tsjax-core's float16 tests (src/backend/webgpu/float16.test.ts), from
JAX 0.10.2 on CPU. Inputs come from `gen`, which the test reproduces exactly; every input is a
float16 value, and the products' and sums' inputs are multiples of a power of two small enough
that every float32 partial sum is exact, so a float32-accumulated result does not depend on
the order of the sum: JAX's result is then defined bit for bit (sum in float32, round once),
while a float16 accumulator gives other values.

Run: python3 scripts/refs/f16/float16_refs.py > tsjax-core/test/refs/f16/float16.json
"""
import json
import jax
import jax.numpy as jnp
import numpy as np


def gen(n, seed, span, denom):
    """x_i = (((i * 7919 + seed * 104729) mod (2 span + 1)) - span) / denom, as float16."""
    i = np.arange(n, dtype=np.int64)
    k = (i * 7919 + seed * 104729) % (2 * span + 1) - span
    return (k / denom).astype(np.float16)


def vals(x):
    """float16 values as one hex string of their bits (4 digits each); float32 as numbers."""
    x = np.asarray(x)
    if x.dtype == np.float32:
        return [float(v) for v in x.ravel()]
    assert x.dtype == np.float16
    return "".join(f"{int(b):04x}" for b in x.ravel().view(np.uint16))


def check(name, got, f32_then_round):
    """Asserts JAX's float16 result is the float32 computation rounded once."""
    assert np.array_equal(np.asarray(got), f32_then_round, equal_nan=True), name


out = {"jax": jax.__version__}

# sums and means: 48 x 320 values k / 2048, |k| <= 2048 (every partial sum exact in float32)
x = gen(48 * 320, 1, 2048, 2048).reshape(48, 320)
xj = jnp.array(x)
x32 = x.astype(np.float32)
for name, fn, ref in [
    ("sum0", lambda a: jnp.sum(a, 0), x32.sum(0)),
    ("sum1", lambda a: jnp.sum(a, 1), x32.sum(1)),
    ("sumAll", lambda a: jnp.sum(a), x32.sum()),
    ("mean0", lambda a: jnp.mean(a, 0), x32.sum(0) / np.float32(48)),
    ("mean1", lambda a: jnp.mean(a, 1), x32.sum(1) / np.float32(320)),
]:
    r = fn(xj)
    assert r.dtype == jnp.float16, name
    check(name, r, np.asarray(ref, np.float32).astype(np.float16))
    out[name] = vals(r)

# partial sums past float16's range: [60000, 60000, -60000, -60000] * 1024 sums to 0 in float32
# (a float16 accumulator overflows to inf); 4096 x 30 = 122880 rounds to inf at the end
big = np.tile(np.array([60000, 60000, -60000, -60000], np.float16), 1024)
out["sumCancel"] = vals(jnp.sum(jnp.array(big)))
out["sumOverflow"] = vals(jnp.sum(jnp.full((4096,), 30, jnp.float16)))
out["meanCancel"] = vals(jnp.mean(jnp.array(big).reshape(4, 1024), 1))

# softmax over rows of 16 x 320 values in [-8, 8]: JAX rounds exp to float16, sums in float32
s = gen(16 * 320, 2, 2048, 256).reshape(16, 320)
out["softmax"] = vals(jax.nn.softmax(jnp.array(s), axis=-1))

# matmul 20 x 300 @ 300 x 36, values k / 64, |k| <= 64: exact float32 sums
a = gen(20 * 300, 3, 64, 64).reshape(20, 300)
b = gen(300 * 36, 4, 64, 64).reshape(300, 36)
ref = a.astype(np.float32) @ b.astype(np.float32)
mm = jnp.matmul(jnp.array(a), jnp.array(b))
assert mm.dtype == jnp.float16
check("matmul", mm, ref.astype(np.float16))
out["matmul"] = vals(mm)
mm32 = jnp.matmul(jnp.array(a), jnp.array(b), preferred_element_type=jnp.float32)
assert mm32.dtype == jnp.float32 and np.array_equal(np.asarray(mm32), ref)
out["matmulF32"] = vals(mm32)
# batched, with B transposed in memory: 3 x 24 x 40 @ (3 x 72 x 40)^T
ba = gen(3 * 24 * 40, 5, 64, 64).reshape(3, 24, 40)
bb = gen(3 * 72 * 40, 6, 64, 64).reshape(3, 72, 40)
bm = jnp.einsum("bik,bjk->bij", jnp.array(ba), jnp.array(bb))
check("batched", bm, np.einsum("bik,bjk->bij", ba.astype(np.float32), bb.astype(np.float32)).astype(np.float16))
out["batchedT"] = vals(bm)

# the bench's 8-op chain on 4096 values in [-4, 4]: JAX rounds each op to float16 (the same as
# correctly rounded float64 functions rounded after each op, checked here)
c16 = gen(4096, 7, 2048, 512)
c = jnp.array(c16)
t = jnp.tanh(c * 1.5 + 0.5) * c - 0.25
chain = jnp.sqrt(jnp.maximum(jnp.exp(t), 0.1))
h = lambda v: np.asarray(v).astype(np.float32).astype(np.float16).astype(np.float64)
p = h(h(h(c16 * 1.5) + 0.5))
p = h(np.sqrt(np.maximum(h(np.exp(h(h(h(np.tanh(p)) * c16) - 0.25))), h(0.1))))
assert np.array_equal(np.asarray(chain).astype(np.float64), p)
out["chain"] = vals(chain)
out["affine"] = vals(c * 1.5 + 0.5)

print(json.dumps(out))
