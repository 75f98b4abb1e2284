"""The VAE of examples/vae-mnist in JAX + optax, for the figures its README compares against.

Same split (mnist_split.py), same model (haiku-default initialization: truncated normal with
stddev 1/sqrt(fan_in), zero biases), same ELBO (one reparameterized sample, Bernoulli-logits
likelihood, closed-form KL to N(0, I)), same optimizer and schedule. Prints the held-out
negative ELBO (test images binarized once with a fixed key) after each epoch.

    python3 scripts/refs/examples/vae_mnist.py --epochs 30 --lr 2e-3 --end-lr 1e-5   # the example's configuration
    python3 scripts/refs/examples/vae_mnist.py --epochs 60                           # constant 1e-3
"""
import argparse
import time

import jax
import jax.numpy as jnp
import numpy as np
import optax

from mnist_split import load_split

p = argparse.ArgumentParser()
p.add_argument("--epochs", type=int, default=10)
p.add_argument("--hidden", type=str, default="512")
p.add_argument("--latent", type=int, default=32)
p.add_argument("--batch", type=int, default=128)
p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--end-lr", type=float, default=None, help="cosine decay to this (default: constant)")
p.add_argument("--seed", type=int, default=0)
args = p.parse_args()
hidden = [int(h) for h in args.hidden.split(",")]

(xtr, _), (xte, _) = load_split()
xtr, xte = jnp.asarray(xtr), jnp.asarray(xte)
xte_bin = jax.random.bernoulli(jax.random.key(2), xte).astype(jnp.float32)


def linear_init(key, fan_in, fan_out):
    std = 1.0 / np.sqrt(fan_in) / 0.87962566103423978
    return {"w": jax.random.truncated_normal(key, -2.0, 2.0, (fan_in, fan_out)) * std, "b": jnp.zeros(fan_out)}


def mlp_init(key, sizes):
    keys = jax.random.split(key, len(sizes) - 1)
    return [linear_init(k, a, b) for k, a, b in zip(keys, sizes[:-1], sizes[1:])]


def mlp(params, x):
    for i, layer in enumerate(params):
        x = x @ layer["w"] + layer["b"]
        if i < len(params) - 1:
            x = jax.nn.relu(x)
    return x


k_enc, k_dec = jax.random.split(jax.random.key(args.seed))
params = {
    "encoder": mlp_init(k_enc, [784, *hidden, 2 * args.latent]),
    "decoder": mlp_init(k_dec, [args.latent, *reversed(hidden), 784]),
}


def neg_elbo(params, x, key):
    h = mlp(params["encoder"], x)
    loc, scale = h[:, : args.latent], jax.nn.softplus(h[:, args.latent :]) + 1e-4
    z = loc + scale * jax.random.normal(key, loc.shape)
    logits = mlp(params["decoder"], z)
    log_lik = jnp.sum(x * logits - jax.nn.softplus(logits), -1)  # Bernoulli(logits).log_prob(x)
    kl = jnp.sum(0.5 * (loc**2 + scale**2 - 1) - jnp.log(scale), -1)
    return jnp.mean(kl - log_lik)


steps_per_epoch = xtr.shape[0] // args.batch
total = steps_per_epoch * args.epochs
lr = args.lr if args.end_lr is None else optax.cosine_decay_schedule(args.lr, total, args.end_lr / args.lr)
opt = optax.adam(lr)
state = opt.init(params)


@jax.jit
def step(params, state, x, key):
    kb, kz = jax.random.split(key)
    xb = jax.random.bernoulli(kb, x).astype(jnp.float32)
    loss, g = jax.value_and_grad(neg_elbo)(params, xb, kz)
    updates, state = opt.update(g, state, params)
    return optax.apply_updates(params, updates), state, loss


evaluate = jax.jit(lambda params, key: neg_elbo(params, xte_bin, key))

key = jax.random.key(1)
t0 = time.time()
for epoch in range(1, args.epochs + 1):
    key, kperm = jax.random.split(key)
    order = jax.random.permutation(kperm, xtr.shape[0])
    losses = []
    for i in range(steps_per_epoch):
        key, k = jax.random.split(key)
        params, state, loss = step(params, state, xtr[order[i * args.batch : (i + 1) * args.batch]], k)
        losses.append(loss)
    test = float(evaluate(params, jax.random.key(3)))
    print(f"epoch {epoch:3d}  train {float(jnp.mean(jnp.stack(losses))):7.2f}  held-out -ELBO {test:7.2f}  ({time.time() - t0:.0f} s)", flush=True)
