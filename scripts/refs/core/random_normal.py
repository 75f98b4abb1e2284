"""Reference values for bit-exact random.normal (tsjax-core/src/random/normal-bits.test.ts).

Run: python3 scripts/refs/core/random_normal.py > tsjax-core/src/random/fixtures/normal-bits.json
Prints a JSON fixture: for each case, the FNV-1a hash of the float32 bit patterns of all draws,
and a sample of exact bit patterns at spread positions (jax 0.10.2, CPU).
"""
import json
import jax
import jax.numpy as jnp
import numpy as np


def fnv1a(words):
    h = 0x811C9DC5
    for w in words.tolist():
        h = ((h ^ w) * 16777619) & 0xFFFFFFFF
    return h


def case(seed, n, dtype=jnp.float32, sample=256):
    z = np.asarray(jax.random.normal(jax.random.key(seed), (n,), dtype=dtype))
    bits = z.view(np.uint32 if z.dtype == np.float32 else np.uint16).astype(np.uint32)
    step = max(1, n // sample)
    idx = list(range(0, n, step))[:sample]
    prefix = min(n, 32768)
    return {
        "seed": seed,
        "n": n,
        "dtype": np.dtype(dtype).name,
        "fnv1a": fnv1a(bits),
        # the draws at positions < prefix do not depend on n (partitionable threefry): WebGPU
        # (software Vulkan in CI) checks only these
        "prefix": prefix,
        "prefixFnv1a": fnv1a(bits[:prefix]),
        "sampleIndex": idx,
        "sampleBits": [int(bits[i]) for i in idx],
    }


def truncated(seed, n, lo, hi):
    z = np.asarray(jax.random.truncated_normal(jax.random.key(seed), lo, hi, (n,)))
    bits = z.view(np.uint32)
    return {"seed": seed, "n": n, "lower": lo, "upper": hi, "fnv1a": fnv1a(bits), "first": [int(b) for b in bits[:16]]}


def uniform(seed, n, lo, hi):
    z = np.asarray(jax.random.uniform(jax.random.key(seed), (n,), minval=lo, maxval=hi))
    bits = z.view(np.uint32)
    return {"seed": seed, "n": n, "minval": lo, "maxval": hi, "fnv1a": fnv1a(bits), "first": [int(b) for b in bits[:16]]}


def gamma(seed, a, n, log_space=False):
    f = jax.random.loggamma if log_space else jax.random.gamma
    z = np.asarray(f(jax.random.key(seed), a, (n,)))
    bits = z.view(np.uint32)
    return {"seed": seed, "a": a, "n": n, "log": log_space, "fnv1a": fnv1a(bits), "first": [int(b) for b in bits[:16]]}


out = {
    "jax": jax.__version__,
    "normal": [case(0, 1_000_000), case(42, 4096), case(7, 4096, jnp.float16)],
    "uniform": [uniform(3, 4096, 0.3, 2.7), uniform(4, 4096, -1.7, 0.31)],
    "truncatedNormal": [truncated(3, 4096, -1.5, 2.0), truncated(8, 4096, 0.5, 4.0)],
    # gamma for a < 1 multiplies by u ** (1 / a) (XLA's pow) and loggamma adds log(u) / a: within a
    # few ulps of JAX there, not bit-exact, so not listed.
    "gamma": [gamma(5, 1.5, 2048), gamma(6, 3.0, 2048)],
}
print(json.dumps(out))
