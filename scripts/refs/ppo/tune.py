"""PPO on CartPole-v1 in JAX (PureJaxRL's algorithm, flax-free), to choose the example's
hyperparameters: trains several seeds at once (vmap) and prints, per config, the mean training
return of the last iterations and the greedy return over 100 episodes after 500,000 steps.

    python3 scripts/refs/ppo/tune.py N T M EPOCHS LR [SEEDS]

The example's config, `python3 scripts/refs/ppo/tune.py 64 128 16 4 1e-3 4`, printed (JAX 0.10.2,
optax 0.2.8): last-iteration training return per seed [500, 493, 500, 500], greedy return over
100 episodes per seed [500.0, 500.0, 500.0, 499.9]: 4/4 seeds solve CartPole-v1 in 499,712 steps.
"""
import sys, math
import jax, jax.numpy as jnp, optax

G, MC, MP, L, F, TAU = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
TM, PML = MC + MP, MP * L
TH, XT, MAXT = 12 * 2 * math.pi / 360, 2.4, 500

def reset(key):
    s = jax.random.uniform(key, (4,), minval=-0.05, maxval=0.05)
    return s, jnp.int32(0)

def dyn(s, t, a):
    x, xd, th, thd = s
    force = jnp.where(a == 1, F, -F)
    c, si = jnp.cos(th), jnp.sin(th)
    temp = (force + PML * thd**2 * si) / TM
    tha = (G * si - c * temp) / (L * (4.0 / 3.0 - MP * c**2 / TM))
    xa = temp - PML * tha * c / TM
    s2 = jnp.stack([x + TAU * xd, xd + TAU * xa, th + TAU * thd, thd + TAU * tha])
    t2 = t + 1
    done = (jnp.abs(s2[0]) > XT) | (jnp.abs(s2[2]) > TH) | (t2 >= MAXT)
    return s2, t2, done

def step(s, t, a, key):
    s2, t2, done = dyn(s, t, a)
    rs, rt = reset(key)
    return jnp.where(done, rs, s2), jnp.where(done, rt, t2), 1.0, done

def orth(key, shape, gain):
    return jax.nn.initializers.orthogonal(gain)(key, shape)

def init_params(key):
    ks = jax.random.split(key, 6)
    def tower(k, out, g):
        k = jax.random.split(k, 3)
        return [(orth(k[0], (4, 64), math.sqrt(2)), jnp.zeros(64)), (orth(k[1], (64, 64), math.sqrt(2)), jnp.zeros(64)), (orth(k[2], (64, out), g), jnp.zeros(out))]
    return {"a": tower(ks[0], 2, 0.01), "c": tower(ks[1], 1, 1.0)}

def mlp(ps, x):
    for i, (w, b) in enumerate(ps):
        x = x @ w + b
        if i < 2: x = jnp.tanh(x)
    return x

def apply(p, obs):
    return mlp(p["a"], obs), mlp(p["c"], obs)[..., 0]

def make(N, T, M, E, LR, TOTAL=500_000, gamma=0.99, lam=0.95, clip=0.2, vf=0.5, ent=0.01, mgn=0.5):
    iters = TOTAL // (N * T)
    B = N * T
    sched = optax.linear_schedule(LR, 0.0, iters * E * M)
    opt = optax.chain(optax.clip_by_global_norm(mgn), optax.adam(sched, eps=1e-5))

    def loss_fn(p, b):
        logits, v = apply(p, b["obs"])
        logp_all = jax.nn.log_softmax(logits)
        logp = jnp.take_along_axis(logp_all, b["a"][:, None], -1)[:, 0]
        vc = b["v"] + jnp.clip(v - b["v"], -clip, clip)
        vl = 0.5 * jnp.maximum((v - b["tgt"])**2, (vc - b["tgt"])**2).mean()
        ratio = jnp.exp(logp - b["logp"])
        adv = (b["adv"] - b["adv"].mean()) / (b["adv"].std() + 1e-8)
        al = -jnp.minimum(ratio * adv, jnp.clip(ratio, 1 - clip, 1 + clip) * adv).mean()
        en = -(jnp.exp(logp_all) * logp_all).sum(-1).mean()
        return al + vf * vl - ent * en

    def iteration(carry, _):
        p, os, s, t, obs, ret, key = carry
        key, kr, ku = jax.random.split(key, 3)
        def rstep(c, _):
            s, t, ret, k = c
            k, ka, ke = jax.random.split(k, 3)
            logits, v = apply(p, s)
            a = jax.random.categorical(ka, logits)
            logp = jax.nn.log_softmax(logits)[jnp.arange(N), a]
            s2, t2, r, d = jax.vmap(step)(s, t, a, jax.random.split(ke, N))
            tot = ret + r
            return (s2, t2, jnp.where(d, 0.0, tot), k), dict(obs=s, a=a, logp=logp, v=v, r=r * jnp.ones(N), d=d, fin=jnp.where(d, tot, 0.0))
        (s, t, ret, _), tr = jax.lax.scan(rstep, (s, t, ret, kr), None, T)
        _, lastv = apply(p, s)
        def g(c, x):
            adv, nv = c
            r, v, d = x
            live = 1.0 - d
            delta = r + gamma * nv * live - v
            adv = delta + gamma * lam * live * adv
            return (adv, v), adv
        _, adv = jax.lax.scan(g, (jnp.zeros(N), lastv), (tr["r"], tr["v"], tr["d"].astype(jnp.float32)), reverse=True)
        batch = dict(obs=tr["obs"], a=tr["a"], logp=tr["logp"], v=tr["v"], adv=adv, tgt=adv + tr["v"])
        batch = jax.tree.map(lambda x: x.reshape(B, *x.shape[2:]), batch)
        def epoch(c, k):
            perm = jax.random.permutation(k, B)
            mb = jax.tree.map(lambda x: x[perm].reshape(M, B // M, *x.shape[1:]), batch)
            def upd(c, b):
                p, os = c
                gr = jax.grad(loss_fn)(p, b)
                u, os = opt.update(gr, os, p)
                return (optax.apply_updates(p, u), os), None
            return jax.lax.scan(upd, c, mb)[0], None
        (p, os), _ = jax.lax.scan(epoch, (p, os), jax.random.split(ku, E))
        mret = tr["fin"].sum() / jnp.maximum(tr["d"].sum(), 1)
        return (p, os, s, t, s, ret, key), mret

    def evaluate(p, key):
        s, t = jax.vmap(reset)(jax.random.split(key, 100))
        def body(c):
            s, t, done, ret = c
            a = jnp.argmax(apply(p, s)[0], -1)
            s2, t2, d = jax.vmap(dyn)(s, t, a)
            return s2, t2, done | d, ret + (~done)
        c = jax.lax.while_loop(lambda c: ~c[2].all(), body, (s, t, jnp.zeros(100, bool), jnp.zeros(100)))
        return c[3].mean()

    def run(seed):
        key = jax.random.PRNGKey(seed)
        k1, k2, k3, k4 = jax.random.split(key, 4)
        p = init_params(k1)
        s, t = jax.vmap(reset)(jax.random.split(k2, N))
        carry = (p, opt.init(p), s, t, s, jnp.zeros(N), k3)
        carry, rets = jax.lax.scan(iteration, carry, None, iters)
        return rets, evaluate(carry[0], k4)
    return jax.jit(jax.vmap(run)), iters

if __name__ == "__main__":
    N, T, M, E = map(int, sys.argv[1:5]); LR = float(sys.argv[5]); S = int(sys.argv[6]) if len(sys.argv) > 6 else 8
    run, iters = make(N, T, M, E, LR)
    rets, ev = run(jnp.arange(S))
    import numpy as np
    rets = np.asarray(rets)
    print(f"N={N} T={T} M={M} E={E} lr={LR} iters={iters} grad steps={iters*E*M}")
    print("  train return (last iter) per seed:", np.round(rets[:, -1]).astype(int).tolist())
    print("  greedy eval per seed:", np.round(np.asarray(ev), 1).tolist())
    print(f"  mean last train {rets[:, -1].mean():.1f}, mean eval {np.asarray(ev).mean():.1f}, seeds eval>=475: {(np.asarray(ev) >= 475).sum()}/{S}")
