"""Reference values for tsjax-core's nn additions, nn.initializers and the new random samplers.

Run: python3 scripts/refs/laxlib/nn_random.py > tsjax-core/test/refs/laxlib/nn-random.ts
"""
import jax
import jax.numpy as jnp
import numpy as np
from jax import random
from jax.nn import initializers as I

from common import emit, tolist

out = {}
xs = np.array([-30, -5, -1.5, -1, -0.3, 0, 0.2, 0.7, 1, 2.5, 8, 40], np.float32)
pos = np.array([1e-6, 0.01, 0.3, 0.6931472, 1, 3, 20, 90], np.float32)
acts = {
    "mish": jax.nn.mish, "squareplus": jax.nn.squareplus, "squareplus1": lambda x: jax.nn.squareplus(x, 1.0),
    "sparsePlus": jax.nn.sparse_plus, "sparseSigmoid": jax.nn.sparse_sigmoid, "tanh": jax.nn.tanh,
    "identity": jax.nn.identity,
}
out["x"] = tolist(xs)
out["pos"] = tolist(pos)
out["act"] = {k: tolist(f(xs)) for k, f in acts.items()}
out["actGrad"] = {k: tolist(jax.vmap(jax.grad(f))(xs)) for k, f in acts.items()}
out["log1mexp"] = tolist(jax.nn.log1mexp(pos))
out["log1mexpGrad"] = tolist(jax.vmap(jax.grad(jax.nn.log1mexp))(pos))
m = np.array([[0.5, -1, 3, 2], [-100, -101, -99, -100.5], [1, 1, 1, 1]], np.float32)
w = np.array([[True, False, True, True], [True, True, False, False], [False, False, False, True]])
out["lme"] = {
    "all": tolist(jax.nn.logmeanexp(m)), "axis1": tolist(jax.nn.logmeanexp(m, axis=1)),
    "axis0keep": tolist(jax.nn.logmeanexp(m, axis=0, keepdims=True)),
    "where": tolist(jax.nn.logmeanexp(m, axis=1, where=w)),
    "grad": tolist(jax.grad(lambda a: jax.nn.logmeanexp(a, axis=1).sum())(m)),
}

key = random.key(42)
init = {}
shape = (4, 6)
for name, fn in {
    "uniform": I.uniform(), "uniform10": I.uniform(10.0), "normal": I.normal(), "normal5": I.normal(5.0),
    "truncatedNormal": I.truncated_normal(), "truncatedNormal3": I.truncated_normal(3.0, lower=-1.0, upper=0.5),
    "glorotUniform": I.glorot_uniform(), "glorotNormal": I.glorot_normal(), "heUniform": I.he_uniform(),
    "heNormal": I.he_normal(), "lecunUniform": I.lecun_uniform(), "lecunNormal": I.lecun_normal(),
    "vsFanOutNormal": I.variance_scaling(0.5, "fan_out", "normal"),
    "vsGeoUniform": I.variance_scaling(1.5, "fan_geo_avg", "uniform"),
    "orthogonal": I.orthogonal(), "orthogonal2": I.orthogonal(2.0, column_axis=0),
    "constant": I.constant(-7.0), "zeros": I.zeros, "ones": I.ones,
}.items():
    init[name] = tolist(fn(key, shape, jnp.float32))
init["convHe"] = tolist(I.he_normal(in_axis=-2, out_axis=-1)(key, (3, 3, 2, 4)))
init["batchAxis"] = tolist(I.lecun_normal(in_axis=1, out_axis=2, batch_axis=0)(key, (2, 3, 5)))
init["orthogonal3d"] = tolist(I.orthogonal()(key, (2, 3, 4)))
init["deltaOrthogonal"] = tolist(I.delta_orthogonal()(key, (3, 3, 4)))
init["deltaOrthogonal4"] = tolist(I.delta_orthogonal()(key, (2, 3, 2, 2)))
out["init"] = init

k = random.key(7)
rs = {
    "pareto": random.pareto(k, 3.0, (6,)),
    "paretoArr": random.pareto(k, jnp.array([1.0, 2.0, 5.0])),
    "lognormal": random.lognormal(k, 0.5, (6,)),
    "weibullMin": random.weibull_min(k, 2.0, 1.5, (6,)),
    "rayleigh": random.rayleigh(k, 2.0, (6,)),
    "wald": random.wald(k, 1.5, (6,)),
    "triangular": random.triangular(k, 0.0, 0.3, 1.0, (6,)),
    "geometric": random.geometric(k, 0.3, (6,)),
    "geometricSmall": random.geometric(k, 0.01, (6,)),
    "rademacher": random.rademacher(k, (8,)),
    "rademacherF": random.rademacher(k, (4,), jnp.float32),
    "maxwell": random.maxwell(k, (6,)),
    "doubleSidedMaxwell": random.double_sided_maxwell(k, 1.0, 2.0, (6,)),
    "dsmBroadcast": random.double_sided_maxwell(k, jnp.array([0.0, 10.0]), 1.0, (3,)),
    "f": random.f(k, 5.0, 10.0, (6,)),
    "generalizedNormal": random.generalized_normal(k, 1.5, (6,)),
    "generalizedNormal2": random.generalized_normal(k, 2.0, (6,)),
    "ball": random.ball(k, 3, 2, (4,)),
    "ball1": random.ball(k, 2, 1, (3,)),
    "orthogonal": random.orthogonal(k, 3),
    "orthogonalBatch": random.orthogonal(k, 3, (2,)),
    "orthogonalWide": random.orthogonal(k, 2, (), jnp.float32, 4),
    "orthogonalTall": random.orthogonal(k, 4, (), jnp.float32, 2),
    "binomialSmall": random.binomial(k, 10.0, 0.3, (8,)),
    "binomialLarge": random.binomial(k, 200.0, 0.4, (8,)),
    "binomialHighP": random.binomial(k, 50.0, 0.9, (8,)),
    "binomialMixed": random.binomial(k, jnp.array([5.0, 100.0, 1000.0, 0.0, -1.0, jnp.inf]), jnp.array([0.5, 0.2, 0.7, 0.3, 0.5, 0.5])),
    "multinomial": random.multinomial(k, 100.0, jnp.array([0.2, 0.3, 0.5])),
    "multinomialBatch": random.multinomial(k, jnp.array([10.0, 1000.0]), jnp.array([[0.1, 0.2, 0.7], [0.25, 0.25, 0.5]])),
    "multinomialShape": random.multinomial(k, 20.0, jnp.array([0.5, 0.5]), shape=(3, 2)),
    "bits8": random.bits(random.PRNGKey(0), (4,), jnp.uint8),
    "bits16": random.bits(random.PRNGKey(0), (4,), jnp.uint16),
}
out["random"] = {name: tolist(v) for name, v in rs.items()}
emit("NN_RANDOM", "nn_random.py", out)
