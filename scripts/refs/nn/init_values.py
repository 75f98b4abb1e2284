"""Reference values for tsjax-nn's tests: haiku's key sequence and default initializers,
written out with jax.random (haiku itself is not installable here).

haiku's PRNGSequence (default reserve of one key) draws key k as
    key, sub = jax.random.split(key)   # sub is returned, key is kept
Run: python3 scripts/refs/nn/init_values.py
"""
import json
import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_threefry_partitionable", True)


class Seq:
    def __init__(self, key):
        self.key = key

    def next(self):
        self.key, sub = jax.random.split(self.key)
        return sub


def r(x, n=6):
    return [round(float(v), n) for v in np.asarray(x).ravel()]


out = {}

# transform(x => Linear(3)(x)).init(random.key(0), ones[2, 5]): w then b (b is zeros, no key).
s = Seq(jax.random.PRNGKey(0))
w = jax.random.truncated_normal(s.next(), -2.0, 2.0, (5, 3), jnp.float32) * (1.0 / np.sqrt(5))
out["linear_w_key0_in5_out3"] = r(w)

# Two Linears: the second draws the next key.
s = Seq(jax.random.PRNGKey(0))
_ = s.next()
w2 = jax.random.truncated_normal(s.next(), -2.0, 2.0, (3, 2), jnp.float32) * (1.0 / np.sqrt(3))
out["linear_1_w_key0_in3_out2"] = r(w2)

# nextRngKey() x3 from key 42, as key data.
s = Seq(jax.random.PRNGKey(42))
out["next_keys_42"] = [[int(v) for v in np.asarray(s.next())] for _ in range(3)]

# PRNGSequence.take(3) from key 42 (one split into 4, the first kept).
ks = jax.random.split(jax.random.PRNGKey(42), 4)
out["take3_keys_42"] = [[int(v) for v in np.asarray(k)] for k in ks[1:]]

# Conv2D(4, 3) on [1, 5, 5, 2]: w [3,3,2,4], stddev 1/sqrt(18).
s = Seq(jax.random.PRNGKey(3))
wc = jax.random.truncated_normal(s.next(), -2.0, 2.0, (3, 3, 2, 4), jnp.float32) / np.sqrt(18)
out["conv2d_w_key3"] = r(wc)

# Orthogonal(): normal [6, 4] -> QR with sign fix; shape [4, 6] (rows < cols -> transposed).
s = Seq(jax.random.PRNGKey(5))
k = s.next()
n_rows, n_cols = 4, 6
m = jax.random.normal(k, (n_cols, n_rows), jnp.float32)
q, rr = jnp.linalg.qr(m)
q = q * jnp.sign(jnp.diag(rr))
q = q.T.reshape((n_rows, n_cols))
out["orthogonal_key5_4x6"] = r(q)

# lax.conv_transpose as haiku's Conv2DTranspose calls it: NHWC, kernel HWOI.
x = np.arange(1 * 3 * 3 * 2, dtype=np.float32).reshape(1, 3, 3, 2) / 10
wt = (np.arange(3 * 3 * 4 * 2, dtype=np.float32).reshape(3, 3, 4, 2) - 30) / 50
dn = ("NHWC", "HWOI", "NHWC")
for pad in ("SAME", "VALID"):
    for stride in (1, 2):
        y = jax.lax.conv_transpose(jnp.asarray(x), jnp.asarray(wt), (stride, stride), pad, dimension_numbers=dn)
        out[f"conv_transpose_{pad}_s{stride}"] = {"shape": list(y.shape), "values": r(y, 5)}
# with output_shape [7, 7] and stride 2, SAME (haiku's compute_adjusted_padding)
def adjusted(i, o, k, s, padding):
    if padding == "VALID":
        before = 0
    else:
        before = max(0, (i - 1) * s + k - o) // 2
    expanded = (i - 1) * s + 1
    padded_out = o + k - 1
    pad_before = k - 1 - before
    return (pad_before, padded_out - expanded - pad_before)
for o, padding in ((5, "SAME"), (6, "SAME"), (7, "VALID"), (8, "VALID")):
    pads = [adjusted(3, o, 3, 2, padding)] * 2
    y = jax.lax.conv_transpose(jnp.asarray(x), jnp.asarray(wt), (2, 2), pads, dimension_numbers=dn)
    out[f"conv_transpose_out{o}_{padding}_s2"] = {"shape": list(y.shape), "values": r(y, 5)}

print(json.dumps(out))
