"""Reference cases for nn.dot_product_attention's options (bias and mask positionally, query and
key/value sequence lengths, local windows, the logsumexp residual) and random.uniform's
positional dtype/minval/maxval."""
import jax
import jax.numpy as jnp
import numpy as np

from cases import Cases, f32, rand

C = Cases("attention", "nn.dotProductAttention's options and random.uniform's positional arguments.")
B, T, S, N, K, H = 2, 4, 5, 4, 2, 3
q = rand((B, T, N, H), 1)
k = rand((B, S, K, H), 2)
v = rand((B, S, K, H), 3)
bias = rand((B, N, T, S), 4)
mask = np.random.RandomState(5).rand(B, 1, T, S) > 0.3
kvlen = np.array([5, 2], np.int32)
qlen = np.array([3, 4], np.int32)
C.add("plain", "nn.dot_product_attention", q, k, v, grad=[0, 1, 2], tol={"rtol": 1e-5, "atol": 1e-6})
C.add("bias_mask_positional", "nn.dot_product_attention", q, k, v, bias, mask, grad=[0, 1, 2, 3])
C.add("kv_seq_lengths", "nn.dot_product_attention", q, k, v, grad=[0, 1, 2], key_value_seq_lengths=kvlen)
C.add("q_seq_lengths", "nn.dot_product_attention", q, k, v, grad=[0, 1, 2], query_seq_lengths=qlen)
C.add("both_seq_lengths_causal", "nn.dot_product_attention", q, k, v, None, mask, grad=[0, 1, 2], query_seq_lengths=qlen, key_value_seq_lengths=kvlen, is_causal=True)
C.add("local_window", "nn.dot_product_attention", q, k, v, grad=[0, 1, 2], local_window_size=(1, 2))
C.add("local_window_int", "nn.dot_product_attention", q, k, v, local_window_size=1, scale=0.7)
C.add("residual", "nn.dot_product_attention", q, k, v, bias, grad=[0, 1, 2], return_residual=True, is_causal=True)
C.add("unbatched_residual", "nn.dot_product_attention", q[0], k[0], v[0], bias[0], return_residual=True)
key = jax.random.PRNGKey(3)
C.add("uniform_positional", "random.uniform", key, (3, 2), jnp.float32, -2.0, 5.0)
C.add("uniform_array_bounds", "random.uniform", key, (2, 3), jnp.float32, f32([-1, 0, 1]), f32([[2, 3, 4], [5, 6, 7]]))
C.add("uniform_keywords", "random.uniform", key, (4,), minval=-3.0, maxval=-1.0)
C.write()
