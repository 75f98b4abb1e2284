"""Reference values of optax 0.2.8 for tsjax-optim (run by hand, never by CI).

    python3 scripts/refs/optax/make_fixture.py

Writes tsjax-optim/src/fixtures/optax-0.2.8.json: the first 10 updates of every optimizer,
transform and wrapper (with defaults and with other settings) on a fixed problem, every
schedule at steps 0..40, and every loss and utility on fixed inputs. The cases' names are
the keys that tsjax-optim/src/fixtures/optax-fixture.test.ts looks up; each case there builds
the same thing with tsjax-optim.

The problem: params {"b": [3], "w": [2, 3]}; "grads" cases feed a fixed list of 10 gradients
(the updates are applied to the params, which some transforms read); "objective" cases feed
the gradient of a fixed objective at the current params, with value/grad/value_fn extra args.
"""
import json
import os
import warnings

import jax
import jax.numpy as jnp
import numpy as np
import optax

warnings.filterwarnings("ignore")
assert optax.__version__ == "0.2.8", optax.__version__

OUT = os.path.join(os.path.dirname(__file__), "../../../tsjax-optim/src/fixtures/optax-0.2.8.json")
STEPS = 10


def r(x):
  """float32 values as JSON numbers with 7 significant digits (booleans/ints as numbers)."""
  a = np.asarray(x)
  if a.dtype == bool:
    return [int(v) for v in a.ravel()]
  return [float("%.7g" % v) for v in a.astype(np.float64).ravel()]


def flat(tree):
  leaves = jax.tree.leaves(tree)
  return [v for leaf in leaves for v in r(leaf)]


# ---------------------------------------------------------------------------------------
# The fixed problem.
rng = np.random.default_rng(20240822)


def draw(shape, lo=0.05):
  x = np.round(rng.normal(size=shape), 3)
  x = np.where(np.abs(x) < lo, np.sign(x + 1e-9) * (lo + np.abs(x)), x)
  return np.round(x, 3).astype(np.float32)


PARAMS = {"b": np.array([0.5, -1.2, 0.3], np.float32), "w": np.array([[1.0, -0.4, 0.8], [-0.6, 0.2, 1.5]], np.float32)}
GRADS = [{"b": draw((3,)), "w": draw((2, 3))} for _ in range(STEPS)]
OBJ_A = {"b": np.array([1.0, 2.0, 0.5], np.float32), "w": np.array([[1.5, 0.8, 1.2], [0.6, 2.5, 1.0]], np.float32)}
OBJ_C = {"b": np.array([-1.0, 0.5, 2.0], np.float32), "w": np.array([[0.0, 1.5, -1.0], [2.0, -0.5, 0.5]], np.float32)}


def objective(p):
  """sum(0.5 * A * (p - C)^2 + 0.05 * (p - C)^4)."""
  def leaf(x, a, c):
    d = x - c
    return jnp.sum(0.5 * a * d ** 2 + 0.05 * d ** 4)
  return sum(leaf(p[k], OBJ_A[k], OBJ_C[k]) for k in ("b", "w"))


def jp(t):
  return jax.tree.map(jnp.asarray, t)


UPDATES = {}
STATES = {}


def run(name, opt, kind="grads", state_fn=None, params=None):
  """Runs 10 steps of `opt`; records the updates (and `state_fn(state)` if given)."""
  if os.environ.get("ONLY_VALUES"):  # a quick check of the value cases while editing them
    return
  p = jp(params if params is not None else PARAMS)
  s = opt.init(p)
  ups, sts = [], []
  for k in range(STEPS):
    if kind == "objective":
      value, g = jax.value_and_grad(objective)(p)
      u, s = opt.update(g, s, p, value=value, grad=g, value_fn=objective)
    elif kind == "lookahead":
      u, s = opt.update(jp(GRADS[k]), s, p)
    else:
      u, s = opt.update(jp(GRADS[k]), s, p)
    p = optax.apply_updates(p, u)
    ups.append(flat(u))
    if state_fn is not None:
      sts.append(flat(state_fn(s)))
  assert name not in UPDATES, name
  UPDATES[name] = ups
  if state_fn is not None:
    STATES[name] = sts


sched = optax.exponential_decay(0.2, transition_steps=3, decay_rate=0.5)
mask = {"b": False, "w": True}

# --- optimizers -----------------------------------------------------------------------
run("sgd", optax.sgd(0.1))
run("sgd/momentum", optax.sgd(0.1, momentum=0.9))
run("sgd/nesterov", optax.sgd(0.1, momentum=0.8, nesterov=True))
run("sgd/schedule", optax.sgd(sched))
run("adam", optax.adam(0.1))
run("adam/options", optax.adam(0.05, b1=0.8, b2=0.99, eps=1e-3, eps_root=1e-4))
run("adam/nesterov", optax.adam(0.1, nesterov=True))
run("adam/schedule", optax.adam(sched))
run("adamw", optax.adamw(0.1))
run("adamw/options", optax.adamw(0.1, b1=0.8, weight_decay=0.1, mask=mask))
run("adamw/mask-fn", optax.adamw(0.1, weight_decay=0.2, mask=lambda p: jax.tree.map(lambda x: x.ndim > 1, p)))
run("adamw/schedule-decay", optax.adamw(0.1, weight_decay=optax.linear_schedule(0.5, 0.0, 5)))
run("nadam", optax.nadam(0.1))
run("nadamw", optax.nadamw(0.1, weight_decay=0.05))
run("adamax", optax.adamax(0.1))
run("adamax/options", optax.adamax(0.1, b1=0.7, b2=0.9, eps=1e-2))
run("adamaxw", optax.adamaxw(0.1))
run("adamaxw/options", optax.adamaxw(0.1, weight_decay=0.05, mask=mask))
run("amsgrad", optax.amsgrad(0.1))
run("amsgrad/no-bias-correction", optax.amsgrad(0.1, b1=0.8, bias_correction_mu=False, bias_correction_nu=False))
run("amsgrad/mu-only", optax.amsgrad(0.1, bias_correction_nu=False))
run("radam", optax.radam(0.1))
run("radam/options", optax.radam(0.1, b2=0.9, threshold=4.5))
run("radam/nesterov", optax.radam(0.1, b2=0.8, nesterov=True))
run("adabelief", optax.adabelief(0.1))
run("adabelief/options", optax.adabelief(0.1, b1=0.8, b2=0.95, eps=1e-8, eps_root=1e-10))
run("adabelief/nesterov", optax.adabelief(0.1, b1=0.8, nesterov=True))
run("adagrad", optax.adagrad(0.1))
run("adagrad/options", optax.adagrad(0.1, initial_accumulator_value=0.5, eps=1e-3))
run("adadelta", optax.adadelta())
run("adadelta/options", optax.adadelta(0.5, rho=0.8, eps=1e-4, weight_decay=0.1))
run("rmsprop", optax.rmsprop(0.1))
run("rmsprop/centered-momentum", optax.rmsprop(0.1, decay=0.8, centered=True, momentum=0.5))
run("rmsprop/options", optax.rmsprop(0.1, eps=1e-3, initial_scale=1.0, eps_in_sqrt=False, bias_correction=True, momentum=0.9, nesterov=True))
run("rmsprop/centered-bias", optax.rmsprop(0.1, centered=True, bias_correction=True, eps_in_sqrt=False))
run("lamb", optax.lamb(0.1))
run("lamb/options", optax.lamb(0.1, b1=0.8, eps=1e-4, weight_decay=0.1, mask=mask))
run("lars", optax.lars(0.1))
run("lars/options", optax.lars(0.5, weight_decay=0.1, trust_coefficient=0.01, eps=1e-3, trust_ratio_mask=mask, momentum=0.5, nesterov=True))
run("lion", optax.lion(0.1))
run("lion/options", optax.lion(0.1, b1=0.8, b2=0.9, weight_decay=0.0))
run("adafactor", optax.adafactor())
run("adafactor/options", optax.adafactor(0.1, min_dim_size_to_factor=2, decay_rate=0.7, momentum=0.9, weight_decay_rate=0.01, eps=1e-20))
run("adafactor/unclipped", optax.adafactor(0.1, clipping_threshold=None, multiply_by_parameter_scale=False, factored=False, decay_offset=-2))
run("yogi", optax.yogi(0.1))
run("yogi/options", optax.yogi(0.1, b1=0.8, b2=0.9, eps=1e-2))
run("novograd", optax.novograd(0.1))
run("novograd/options", optax.novograd(0.1, b1=0.8, b2=0.5, eps=1e-4, weight_decay=0.1))
run("sm3", optax.sm3(0.1))
run("sm3/momentum", optax.sm3(0.1, momentum=0.5))
run("fromage", optax.fromage(0.1))
run("fromage/schedule", optax.fromage(sched, min_norm=1e-3))
run("noisy_sgd", optax.noisy_sgd(0.1))
run("noisy_sgd/options", optax.noisy_sgd(0.1, eta=0.1, gamma=0.3, key=42))
run("sign_sgd", optax.sign_sgd(0.1))
run("signum", optax.signum(0.1))
run("signum/beta", optax.signum(0.1, beta=0.5))
run("rprop", optax.rprop(0.1))
run("rprop/options", optax.rprop(0.05, eta_minus=0.3, eta_plus=1.5, min_step_size=0.01, max_step_size=0.2))
run("adan", optax.adan(0.1))
run("adan/options", optax.adan(0.1, b1=0.9, b2=0.8, b3=0.95, eps=1e-4, eps_root=0.0, weight_decay=0.1, mask=mask))
run("optimistic_gradient_descent", optax.optimistic_gradient_descent(0.1))
run("optimistic_gradient_descent/options", optax.optimistic_gradient_descent(0.1, alpha=0.5, beta=2.0))
run("optimistic_adam", optax.optimistic_adam(0.1))
run("optimistic_adam/options", optax.optimistic_adam(0.1, optimism=0.3, b1=0.8, nesterov=False))
run("optimistic_adam_v2", optax.optimistic_adam_v2(0.1))
run("optimistic_adam_v2/options", optax.optimistic_adam_v2(0.1, alpha=0.5, beta=0.3, b2=0.9, nesterov=False))
run("polyak_sgd", optax.polyak_sgd(), kind="objective")
run("polyak_sgd/options", optax.polyak_sgd(max_learning_rate=0.3, scaling=0.5, f_min=1.0, eps=1e-3), kind="objective")
run("polyak_sgd/sps+", optax.polyak_sgd(f_min=100.0, variant="sps+"), kind="objective")
run("lbfgs", optax.lbfgs(), kind="objective")
run("lbfgs/options", optax.lbfgs(memory_size=3, scale_init_precond=False), kind="objective")
run("lbfgs/no-linesearch", optax.lbfgs(0.1, linesearch=None), kind="objective")
run("lbfgs/backtracking", optax.lbfgs(linesearch=optax.scale_by_backtracking_linesearch(max_backtracking_steps=15)), kind="objective")
run("lbfgs/zoom-keep", optax.lbfgs(memory_size=5, linesearch=optax.scale_by_zoom_linesearch(max_linesearch_steps=10)), kind="objective")

# --- transforms ------------------------------------------------------------------------
run("identity", optax.identity())
run("set_to_zero", optax.set_to_zero())
run("scale", optax.scale(0.5))
run("scale_by_learning_rate", optax.scale_by_learning_rate(0.1))
run("scale_by_learning_rate/no-flip", optax.scale_by_learning_rate(0.1, flip_sign=False))
run("scale_by_learning_rate/schedule", optax.scale_by_learning_rate(sched))
run("scale_by_learning_rate/none", optax.scale_by_learning_rate(None))
run("scale_by_schedule", optax.scale_by_schedule(sched))
run("scale_by_adam", optax.scale_by_adam())
run("scale_by_adam/mu_dtype", optax.scale_by_adam(b1=0.5, mu_dtype=jnp.float32))
run("scale_by_adamax", optax.scale_by_adamax())
run("scale_by_amsgrad", optax.scale_by_amsgrad())
run("scale_by_radam", optax.scale_by_radam())
run("scale_by_belief", optax.scale_by_belief())
run("scale_by_rss", optax.scale_by_rss())
run("scale_by_rms", optax.scale_by_rms())
run("scale_by_rms/options", optax.scale_by_rms(decay=0.5, eps=1e-3, initial_scale=0.1, eps_in_sqrt=False, bias_correction=True))
run("scale_by_stddev", optax.scale_by_stddev())
run("scale_by_stddev/options", optax.scale_by_stddev(decay=0.5, eps=1e-3, initial_scale=1.0, bias_correction=True))
run("scale_by_yogi", optax.scale_by_yogi())
run("scale_by_yogi/options", optax.scale_by_yogi(eps_root=1e-3, initial_accumulator_value=0.1))
run("scale_by_adadelta", optax.scale_by_adadelta())
run("scale_by_lion", optax.scale_by_lion())
run("scale_by_lion/smooth", optax.scale_by_lion(b1=0.5, mode="smooth", smooth_beta=2.0))
run("scale_by_lion/refined", optax.scale_by_lion(mode="refined"))
run("scale_by_novograd", optax.scale_by_novograd())
run("scale_by_sm3", optax.scale_by_sm3())
run("scale_by_sm3/options", optax.scale_by_sm3(b1=0.5, b2=0.9, eps=1e-4))
run("scale_by_rprop", optax.scale_by_rprop(0.1))
run("scale_by_sign", optax.scale_by_sign())
run("scale_by_trust_ratio", optax.scale_by_trust_ratio())
run("scale_by_trust_ratio/options", optax.scale_by_trust_ratio(min_norm=0.5, trust_coefficient=0.1, eps=1e-2))
run("scale_by_param_block_norm", optax.scale_by_param_block_norm())
run("scale_by_param_block_rms", optax.scale_by_param_block_rms(min_scale=0.8))
run("scale_by_factored_rms", optax.scale_by_factored_rms())
run("scale_by_factored_rms/factored", optax.scale_by_factored_rms(min_dim_size_to_factor=1, decay_rate=0.5, step_offset=-1, epsilon=1e-10))
run("scale_by_adan", optax.scale_by_adan())
run("scale_by_optimistic_gradient", optax.scale_by_optimistic_gradient())
run("scale_by_distance_over_gradients", optax.scale_by_distance_over_gradients())
run("scale_by_distance_over_gradients/options", optax.scale_by_distance_over_gradients(reps_rel=1e-2, eps=1e-4, global_scale=0.5))
run("normalize_by_update_norm", optax.normalize_by_update_norm())
run("normalize_by_update_norm/options", optax.normalize_by_update_norm(scale_factor=2.0, eps=0.5))
run("scale_by_lbfgs", optax.chain(optax.scale_by_lbfgs(), optax.scale(-0.5)), kind="objective")
run("scale_by_lbfgs/options", optax.chain(optax.scale_by_lbfgs(memory_size=2, scale_init_precond=False), optax.scale(-0.3)), kind="objective")
run("scale_by_polyak", optax.scale_by_polyak(), kind="objective")
run("scale_by_backtracking_linesearch", optax.chain(optax.sgd(1.0), optax.scale_by_backtracking_linesearch(max_backtracking_steps=15)), kind="objective")
run("scale_by_backtracking_linesearch/options", optax.chain(optax.sgd(2.0), optax.scale_by_backtracking_linesearch(max_backtracking_steps=15, slope_rtol=0.3, decrease_factor=0.5, increase_factor=2.0, max_learning_rate=1.5, store_grad=True)), kind="objective")
run("scale_by_zoom_linesearch", optax.chain(optax.sgd(1.0), optax.scale_by_zoom_linesearch(max_linesearch_steps=15)), kind="objective")
run("scale_by_zoom_linesearch/one", optax.chain(optax.sgd(0.1), optax.scale_by_zoom_linesearch(max_linesearch_steps=15, initial_guess_strategy="one", curv_rtol=0.5)), kind="objective")
run("scale_by_zoom_linesearch/options", optax.chain(optax.sgd(1.0), optax.scale_by_zoom_linesearch(max_linesearch_steps=8, max_learning_rate=0.5, increase_factor=3.0, slope_rtol=0.1, curv_rtol=0.2, approx_dec_rtol=None)), kind="objective")
run("clip", optax.clip(0.3))
run("clip_by_global_norm", optax.clip_by_global_norm(1.0))
run("clip_by_block_rms", optax.clip_by_block_rms(0.5))
run("adaptive_grad_clip", optax.adaptive_grad_clip(0.3))
run("adaptive_grad_clip/axis", optax.adaptive_grad_clip(0.3, eps=0.1, axis=-1))
run("add_decayed_weights", optax.add_decayed_weights(0.1))
run("add_decayed_weights/mask", optax.add_decayed_weights(0.1, mask=mask))
run("add_decayed_weights/schedule", optax.add_decayed_weights(optax.linear_schedule(0.5, 0.0, 5)))
run("add_noise", optax.add_noise(0.01, 0.55, 0))
run("add_noise/key", optax.add_noise(0.5, 0.0, jax.random.key(7)))
run("trace", optax.trace(0.9))
run("trace/nesterov", optax.trace(0.5, nesterov=True))
run("ema", optax.ema(0.9))
run("ema/no-debias", optax.ema(0.7, debias=False))
run("centralize", optax.centralize())
run("zero_nans", optax.zero_nans())
run("keep_params_nonnegative", optax.chain(optax.sgd(0.5), optax.keep_params_nonnegative()))
run("apply_every", optax.apply_every(3))
run("stateless", optax.stateless(lambda u, p: jax.tree.map(lambda x, y: x * y, u, p)))
run("stateless_with_tree_map", optax.stateless_with_tree_map(lambda u, p: u - 0.5 * p))
run("chain", optax.chain(optax.clip_by_global_norm(2.0), optax.scale_by_adam(), optax.scale(-0.1)))
run("named_chain", optax.named_chain(("clip", optax.clip(0.5)), ("sgd", optax.sgd(0.1, momentum=0.5))))
run("with_extra_args_support", optax.with_extra_args_support(optax.scale(2.0)))

# --- wrappers --------------------------------------------------------------------------
run("masked", optax.masked(optax.adam(0.1), mask))
run("masked/fn", optax.masked(optax.sgd(0.1, momentum=0.9), lambda p: {"b": True, "w": False}))
labels = {"b": "slow", "w": "fast"}
run("partition", optax.partition({"slow": optax.sgd(0.01), "fast": optax.adam(0.1)}, labels))
run("multi_transform", optax.multi_transform({"slow": optax.sgd(0.01), "fast": optax.adam(0.1)}, lambda p: labels))
run("freeze", optax.chain(optax.freeze(mask), optax.adam(0.1)))
run("selective_transform", optax.selective_transform(optax.adam(0.1), freeze_mask=mask))
run("inject_hyperparams", optax.inject_hyperparams(optax.adam)(0.1, b1=0.8),
    state_fn=lambda s: [s.hyperparams[k] for k in sorted(s.hyperparams) if k != "mu_dtype"])
run("inject_hyperparams/schedule", optax.inject_hyperparams(optax.sgd)(sched, momentum=0.5),
    state_fn=lambda s: [s.hyperparams[k] for k in sorted(s.hyperparams)])
run("inject_hyperparams/static", optax.inject_hyperparams(optax.rmsprop, static_args=("decay",))(0.1, decay=0.8, momentum=0.5),
    state_fn=lambda s: [s.hyperparams[k] for k in sorted(s.hyperparams)])
run("inject_stateful_hyperparams", optax.inject_stateful_hyperparams(optax.lion)(sched),
    state_fn=lambda s: [s.hyperparams[k] for k in sorted(s.hyperparams) if k != "mu_dtype"])
run("multi_steps", optax.MultiSteps(optax.adam(0.1), 3).gradient_transformation())
run("multi_steps/sum", optax.MultiSteps(optax.sgd(0.1, momentum=0.5), 2, use_grad_mean=False).gradient_transformation())
run("multi_steps/schedule", optax.MultiSteps(optax.adam(0.1), lambda step: jnp.where(step < 2, 1, 3)).gradient_transformation())
run("multi_steps/skip-large", optax.MultiSteps(optax.sgd(0.1), 2, should_skip_update_fn=lambda u, g, p: optax.skip_large_updates(u, g, p, 6.0)).gradient_transformation(),
    state_fn=lambda s: [s.skip_state["should_skip"], s.skip_state["norm_squared"], s.mini_step, s.gradient_step])
run("multi_steps/skip-not-finite", optax.MultiSteps(optax.sgd(0.1), 2, should_skip_update_fn=optax.skip_not_finite).gradient_transformation(),
    state_fn=lambda s: [s.skip_state["should_skip"], s.skip_state["num_not_finite"]])
run("apply_if_finite", optax.apply_if_finite(optax.sgd(0.1, momentum=0.5), 2))
run("conditionally_mask", optax.conditionally_mask(optax.sgd(0.1, momentum=0.5), lambda step: step >= 3))
run("conditionally_transform", optax.chain(optax.conditionally_transform(optax.clip(0.2), lambda step: step % 2 == 0), optax.sgd(0.1)))
run("conditionally_transform/extra", optax.conditionally_transform(optax.scale(-0.5), lambda step, value, **kw: value > 3.0, forward_extra_args=True), kind="objective")
run("lookahead", optax.lookahead(optax.sgd(0.1, momentum=0.5), 3, 0.5), kind="lookahead",
    params=optax.LookaheadParams.init_synced(PARAMS))
run("lookahead/reset", optax.lookahead(optax.adam(0.1), 2, 0.3, reset_state=True), kind="lookahead",
    params=optax.LookaheadParams.init_synced(PARAMS))
run("flatten", optax.flatten(optax.chain(optax.scale_by_trust_ratio(), optax.adam(0.1))))
run("monitor", optax.monitor({"norm": optax.tree.norm, "ema": optax.measure_with_ema(optax.tree.norm, 0.5)}),
    state_fn=lambda s: [s.measurements["ema"], s.measurements["norm"]])
run("measure_with_ema", optax.measure_with_ema(lambda u: jax.tree.map(jnp.abs, u), 0.8))
run("measure_with_ema/no-debias", optax.measure_with_ema(lambda u: jax.tree.map(jnp.square, u), 0.8, debias=False))
run("snapshot", optax.snapshot("sq", lambda u: optax.tree.norm(u, squared=True)),
    state_fn=lambda s: [s.measurement["sq"]])

# ---------------------------------------------------------------------------------------
# Schedules at steps 0..40.
SCHEDULES = {}


def sch(name, s):
  SCHEDULES[name] = r(jnp.stack([jnp.asarray(s(jnp.asarray(i, jnp.int32)), jnp.float32) for i in range(41)]))


sch("constant_schedule", optax.constant_schedule(0.3))
sch("linear_schedule", optax.linear_schedule(1.0, 0.1, 20))
sch("linear_schedule/begin", optax.linear_schedule(0.0, 2.0, 10, transition_begin=5))
sch("polynomial_schedule", optax.polynomial_schedule(1.0, 0.01, 2.0, 30))
sch("polynomial_schedule/begin", optax.polynomial_schedule(0.5, 1.5, 0.5, 20, transition_begin=10))
sch("polynomial_schedule/zero-steps", optax.polynomial_schedule(0.5, 1.5, 2.0, 0))
sch("exponential_decay", optax.exponential_decay(1.0, 5, 0.7))
sch("exponential_decay/staircase", optax.exponential_decay(1.0, 7, 0.5, transition_begin=4, staircase=True))
sch("exponential_decay/end", optax.exponential_decay(1.0, 4, 0.6, end_value=0.2))
sch("exponential_decay/growth", optax.exponential_decay(0.1, 6, 1.5, end_value=0.8))
sch("cosine_decay_schedule", optax.cosine_decay_schedule(1.0, 30))
sch("cosine_decay_schedule/options", optax.cosine_decay_schedule(2.0, 25, alpha=0.1, exponent=2.0))
sch("warmup_cosine_decay_schedule", optax.warmup_cosine_decay_schedule(0.0, 1.0, 5, 35))
sch("warmup_cosine_decay_schedule/options", optax.warmup_cosine_decay_schedule(0.1, 2.0, 8, 30, end_value=0.3, exponent=1.5))
sch("warmup_constant_schedule", optax.warmup_constant_schedule(0.0, 0.5, 10))
sch("warmup_exponential_decay_schedule", optax.warmup_exponential_decay_schedule(0.0, 1.0, 5, 6, 0.5))
sch("warmup_exponential_decay_schedule/options", optax.warmup_exponential_decay_schedule(0.1, 1.0, 4, 5, 0.6, transition_begin=3, staircase=True, end_value=0.3))
sch("piecewise_constant_schedule", optax.piecewise_constant_schedule(1.0, {5: 0.5, 15: 0.1, 30: 2.0}))
sch("piecewise_interpolate_schedule/linear", optax.piecewise_interpolate_schedule("linear", 1.0, {5: 0.5, 15: 0.1, 30: 4.0}))
sch("piecewise_interpolate_schedule/cosine", optax.piecewise_interpolate_schedule("cosine", 2.0, {0: 0.5, 10: 3.0, 11: 0.1, 25: 1.0}))
sch("linear_onecycle_schedule", optax.linear_onecycle_schedule(30, 1.0))
sch("linear_onecycle_schedule/options", optax.linear_onecycle_schedule(36, 2.0, pct_start=0.2, pct_final=0.6, div_factor=10.0, final_div_factor=100.0))
sch("cosine_onecycle_schedule", optax.cosine_onecycle_schedule(30, 1.0))
sch("cosine_onecycle_schedule/options", optax.cosine_onecycle_schedule(33, 0.5, pct_start=0.5, div_factor=5.0, final_div_factor=20.0))
sch("join_schedules", optax.join_schedules([optax.constant_schedule(1.0), optax.linear_schedule(1.0, 0.0, 10), optax.constant_schedule(0.25)], [5, 20]))
sch("sgdr_schedule", optax.sgdr_schedule([
    dict(init_value=0.0, peak_value=1.0, warmup_steps=3, decay_steps=15),
    dict(init_value=0.1, peak_value=0.5, warmup_steps=2, decay_steps=12, end_value=0.05),
    dict(init_value=0.0, peak_value=0.2, warmup_steps=1, decay_steps=20),
]))

# ---------------------------------------------------------------------------------------
# Losses and utilities on fixed inputs.
INPUTS = {
    "logits": draw((4, 5), 0.0),
    "labels_int": np.array([0, 3, 4, 1], np.int32),
    "labels_prob": np.asarray(jax.nn.softmax(draw((4, 5), 0.0) * 2.0), np.float32).round(4),
    "labels_binary": np.array([[1, 0, 1, 1, 0], [0, 0, 1, 0, 1], [1, 1, 0, 0, 0], [0, 1, 0, 1, 1]], np.float32),
    "where": np.array([[True, True, False, True, True], [True, False, True, True, True], [True, True, True, True, True], [False, True, True, False, True]]),
    "predictions": draw((4, 5), 0.0),
    "targets": draw((4, 5), 0.0),
    "embeddings": draw((6, 3), 0.0),
    "emb_labels": np.array([0, 1, 0, 2, 1, 2], np.int32),
    "seg_pred": draw((2, 3, 3, 4), 0.0),
    "seg_target": np.asarray(jax.nn.one_hot(np.array([[[0, 1, 2], [3, 1, 0], [2, 2, 1]], [[1, 1, 0], [0, 3, 3], [2, 1, 0]]]), 4), np.float32),
    "ctc_logits": draw((2, 6, 4), 0.0),
    "ctc_logit_paddings": np.array([[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1]], np.float32),
    "ctc_labels": np.array([[1, 2, 2], [3, 1, 0]], np.int32),
    "ctc_label_paddings": np.array([[0, 0, 0], [0, 0, 1]], np.float32),
    "matrix": np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]], np.float32),
    "A": draw((5, 3), 0.0),
    "rhs": draw((5,), 0.0),
    "batched": draw((4, 3), 0.0),
}
I = {k: jnp.asarray(v) for k, v in INPUTS.items()}
VALUES = {}


def val(name, x):
  assert name not in VALUES, name
  VALUES[name] = flat(x)


lg, li, lp, lb, wh = I["logits"], I["labels_int"], I["labels_prob"], I["labels_binary"], I["where"]
pr, tg = I["predictions"], I["targets"]
L = optax.losses
val("l2_loss", L.l2_loss(pr, tg))
val("l2_loss/no-targets", L.l2_loss(pr))
val("squared_error", L.squared_error(pr, tg))
val("huber_loss", L.huber_loss(pr, tg))
val("huber_loss/delta", L.huber_loss(pr, tg, delta=0.5))
val("log_cosh", L.log_cosh(pr, tg))
val("log_cosh/large", L.log_cosh(pr * 30.0))
val("cosine_similarity", L.cosine_similarity(pr, tg))
val("cosine_similarity/options", L.cosine_similarity(pr * 0.1, tg, epsilon=0.5, axis=0))
val("cosine_similarity/where", L.cosine_similarity(pr, tg, where=wh))
val("cosine_distance", L.cosine_distance(pr, tg, epsilon=0.3))
val("softmax_cross_entropy", L.softmax_cross_entropy(lg, lp))
val("softmax_cross_entropy/axis", L.softmax_cross_entropy(lg, lp, axis=0))
val("softmax_cross_entropy/where", L.softmax_cross_entropy(lg, lp, where=wh))
val("softmax_cross_entropy_with_integer_labels", L.softmax_cross_entropy_with_integer_labels(lg, li))
val("softmax_cross_entropy_with_integer_labels/axis", L.softmax_cross_entropy_with_integer_labels(lg.T, li, axis=0))
val("softmax_cross_entropy_with_integer_labels/where", L.softmax_cross_entropy_with_integer_labels(lg, li, where=wh))
val("safe_softmax_cross_entropy", L.safe_softmax_cross_entropy(lg, lp))
val("sigmoid_binary_cross_entropy", L.sigmoid_binary_cross_entropy(lg, lb))
val("sigmoid_focal_loss", L.sigmoid_focal_loss(lg, lb))
val("sigmoid_focal_loss/options", L.sigmoid_focal_loss(lg, lb, alpha=0.25, gamma=1.5))
val("hinge_loss", L.hinge_loss(lg, 2.0 * lb - 1.0))
val("perceptron_loss", L.perceptron_loss(lg, 2.0 * lb - 1.0))
val("sparsemax_loss", L.sparsemax_loss(lg, lb))
val("multiclass_hinge_loss", L.multiclass_hinge_loss(lg, li))
val("multiclass_perceptron_loss", L.multiclass_perceptron_loss(lg, li))
val("multiclass_sparsemax_loss", L.multiclass_sparsemax_loss(lg, li))
val("poly_loss_cross_entropy", L.poly_loss_cross_entropy(lg, lp))
val("poly_loss_cross_entropy/options", L.poly_loss_cross_entropy(lg, lp, epsilon=-0.5, axis=0))
val("poly_loss_cross_entropy/where", L.poly_loss_cross_entropy(lg, lp, where=wh))
logp = jax.nn.log_softmax(lg)
val("kl_divergence", L.kl_divergence(logp, lp))
val("kl_divergence/zero-targets", L.kl_divergence(logp, lb / lb.sum(-1, keepdims=True)))
val("kl_divergence/where", L.kl_divergence(logp, lp, axis=-1, where=wh))
val("kl_divergence_with_log_targets", L.kl_divergence_with_log_targets(logp, jnp.log(lp)))
val("kl_divergence_with_log_targets/axis", L.kl_divergence_with_log_targets(logp, jnp.log(lp), axis=0, where=wh))
val("generalized_kl_divergence", L.generalized_kl_divergence(logp, lp * 1.5))
val("convex_kl_divergence", L.convex_kl_divergence(logp, lp, where=wh))
val("smooth_labels", L.smooth_labels(lp, 0.1))
val("smooth_labels/axis", L.smooth_labels(lp, 0.2, axis=0))
val("smooth_labels/where", L.smooth_labels(lp, 0.2, where=wh))
val("ctc_loss", L.ctc_loss(I["ctc_logits"], I["ctc_logit_paddings"], I["ctc_labels"], I["ctc_label_paddings"]))
val("ctc_loss/options", L.ctc_loss(I["ctc_logits"], I["ctc_logit_paddings"], I["ctc_labels"], I["ctc_label_paddings"], blank_id=3, log_epsilon=-1e4))
val("ctc_loss_with_forward_probs", L.ctc_loss_with_forward_probs(I["ctc_logits"], I["ctc_logit_paddings"], I["ctc_labels"], I["ctc_label_paddings"]))
val("ntxent", L.ntxent(I["embeddings"], I["emb_labels"]))
val("ntxent/temperature", L.ntxent(I["embeddings"], I["emb_labels"], temperature=0.5))
val("triplet_margin_loss", L.triplet_margin_loss(pr[:2], pr[2:], tg[:2]))
val("triplet_margin_loss/options", L.triplet_margin_loss(pr[:2], pr[2:], tg[:2], axis=0, norm_degree=1, margin=0.5, eps=1e-3))
val("ranking_softmax_loss", L.ranking_softmax_loss(lg, lb))
val("ranking_softmax_loss/options", L.ranking_softmax_loss(lg, lb, where=wh, weights=lp, reduce_fn=None))
val("ranking_softmax_loss/sum", L.ranking_softmax_loss(lg, lb, where=wh, reduce_fn=jnp.sum))
sp, st = I["seg_pred"], I["seg_target"]
val("dice_loss", L.dice_loss(sp, st))
val("dice_loss/options", L.dice_loss(jax.nn.softmax(sp, -1), st, class_weights=jnp.array([0.5, 1.0, 1.5, 2.0]), smooth=0.5, alpha=0.3, beta=0.7, apply_softmax=False, reduction="none", ignore_background=True))
val("dice_loss/sum", L.dice_loss(sp, st, reduction="sum", axis=(1,)))
val("binary_dice_loss", L.binary_dice_loss(sp[..., 0], st[..., 1]))
val("binary_dice_loss/options", L.binary_dice_loss(sp[..., 0], st[..., 1], smooth=0.1))
val("multiclass_generalized_dice_loss", L.multiclass_generalized_dice_loss(sp, st))
val("multiclass_generalized_dice_loss/options", L.multiclass_generalized_dice_loss(sp, st, smooth=0.3, ignore_background=True))
fy = L.make_fenchel_young_loss(jax.nn.logsumexp)
val("make_fenchel_young_loss", fy(lg, lp))

tx, ty = {"b": I["predictions"][0, :3], "w": I["targets"][:2, :3]}, {"b": I["targets"][1, :3], "w": I["predictions"][2:, :3]}
T = optax.tree
val("tree_add", T.add(tx, ty, tx))
val("tree_sub", T.sub(tx, ty))
val("tree_mul", T.mul(tx, ty))
val("tree_div", T.div(tx, ty))
val("tree_scale", T.scale(0.3, tx))
val("tree_add_scale", T.add_scale(tx, -0.7, ty))
val("tree_vdot", T.vdot(tx, ty))
val("tree_sum", T.sum(tx))
val("tree_max", T.max(tx))
val("tree_min", T.min(tx))
val("tree_size", T.size(tx))
val("tree_norm", [T.norm(tx), T.norm(tx, squared=True), T.norm(tx, ord=1), T.norm(tx, ord="inf"), T.norm(tx, ord=1, squared=True)])
val("tree_clip", T.clip(tx, -0.5, 0.5))
val("tree_where", T.where(tx["b"][0] > 0, tx, ty))
val("tree_full_like", T.full_like(tx, 0.25))
val("tree_zeros_like", T.zeros_like(tx))
val("tree_ones_like", T.ones_like(tx))
val("tree_batch_shape", T.batch_shape(tx, (2,)))
val("tree_update_moment", T.update_moment(tx, ty, 0.9, 3))
val("tree_update_moment_per_elem_norm", T.update_moment_per_elem_norm(tx, ty, 0.8, 3))
val("tree_update_infinity_moment", T.update_infinity_moment(tx, ty, 0.9, 1e-3))
val("tree_bias_correction", T.bias_correction(tx, 0.9, jnp.asarray(3)))
val("tree_allclose", [T.allclose(tx, tx), T.allclose(tx, ty), T.allclose(tx, T.add(tx, T.full_like(tx, 1e-4)), rtol=0.0, atol=1e-3)])
val("tree_random_like", T.random_like(jax.random.key(3), tx))
val("tree_random_like/uniform", T.random_like(jax.random.key(4), tx, sampler=jax.random.uniform))
val("tree_split_key_like", jax.random.key_data(jax.tree.leaves(T.split_key_like(jax.random.key(5), tx))[1]))
val("global_norm", optax.global_norm(tx))
val("safe_norm", [optax.safe_norm(tx["w"], 0.1), optax.safe_norm(tx["w"] * 1e-3, 0.1), *optax.safe_norm(tx["w"], 1.0, axis=1)])
val("safe_norm/ord", [optax.safe_norm(tx["w"], 0.1, ord=1), *optax.safe_norm(tx["w"], 2.0, ord=jnp.inf, axis=0, keepdims=True).ravel()])
val("safe_root_mean_squares", [optax.safe_root_mean_squares(tx["w"], 0.1), optax.safe_root_mean_squares(tx["w"], 5.0)])
val("safe_increment", [optax.safe_increment(jnp.asarray(3, jnp.int32)), optax.safe_increment(jnp.asarray(2**31 - 1, jnp.int32)), optax.safe_increment(jnp.asarray(1.5, jnp.float32))])
val("incremental_update", optax.incremental_update(tx, ty, 0.3))
val("periodic_update", [*flat(optax.periodic_update(tx, ty, jnp.asarray(4), 2)), *flat(optax.periodic_update(tx, ty, jnp.asarray(3), 2))])
val("apply_updates", optax.apply_updates(tx, ty))
val("scale_gradient", jax.grad(lambda x: jnp.sum(optax.scale_gradient(x, 0.25) ** 2))(tx["w"]))
val("scale_gradient/tree", jax.grad(lambda t: T.sum(T.mul(optax.scale_gradient(t, -2.0), t)))(tx))
val("per_example_global_norm_clip", optax.per_example_global_norm_clip([I["batched"], I["batched"][:, :2] * 2.0], 1.5))
val("per_example_layer_norm_clip", optax.per_example_layer_norm_clip([I["batched"], I["batched"][:, :2] * 2.0], 1.5))
val("per_example_layer_norm_clip/nonuniform", optax.per_example_layer_norm_clip([I["batched"], I["batched"][:, :2] * 2.0], 1.5, uniform=False))
val("unitwise_norm", [optax.transforms.unitwise_norm(I["seg_pred"][0]), optax.transforms.unitwise_norm(I["A"]), optax.transforms.unitwise_norm(I["rhs"]), optax.transforms.unitwise_norm(I["A"], axis=1)])
val("unitwise_clip", optax.transforms.unitwise_clip(optax.transforms.unitwise_norm(I["A"]), jnp.full((5, 3), 1.2), I["A"]))
mat = I["matrix"]
val("power_iteration", optax.power_iteration(mat))
val("power_iteration/fn", optax.power_iteration(lambda v: mat @ v, v0=jnp.array([1.0, 0.0, 0.0]), num_iters=5, error_tolerance=0.0))
val("matrix_inverse_pth_root", optax.matrix_inverse_pth_root(mat, 2))
val("matrix_inverse_pth_root/p4", optax.matrix_inverse_pth_root(mat, 4, ridge_epsilon=1e-3))
val("nnls", optax.nnls(I["A"], I["rhs"], 100))
val("nnls/L", optax.nnls(I["A"], jnp.stack([I["rhs"], -I["rhs"]], 1), 20, L=50.0))
mn = optax.multi_normal(jnp.array([0.5, -1.0]), jnp.array([0.1, -0.3]))
val("multi_normal", [mn.log_prob(jnp.array([0.3, -0.5])), *mn.sample((3,), jax.random.key(1)).ravel()])
P = optax.projections
pt = {"a": I["predictions"][0], "b": I["targets"][0, :3]}
val("projection_non_negative", P.projection_non_negative(pt))
val("projection_box", P.projection_box(pt, T.full_like(pt, -0.3), T.full_like(pt, 0.4)))
val("projection_hypercube", P.projection_hypercube(pt["a"], 0.5))
val("projection_simplex", P.projection_simplex(pt))
val("projection_simplex/scale", P.projection_simplex(pt, 3.0))
val("projection_l1_sphere", P.projection_l1_sphere(pt, 2.0))
val("projection_l1_ball", [*flat(P.projection_l1_ball(pt, 2.0)), *flat(P.projection_l1_ball(pt, 100.0))])
val("projection_l2_sphere", P.projection_l2_sphere(pt, 0.5))
val("projection_l2_ball", [*flat(P.projection_l2_ball(pt, 0.5)), *flat(P.projection_l2_ball(pt, 50.0))])
val("projection_linf_ball", P.projection_linf_ball(pt, 0.6))
val("projection_vector", P.projection_vector(pt, T.full_like(pt, 1.0)))
val("projection_hyperplane", P.projection_hyperplane(pt, T.full_like(pt, 1.0), 0.5))
val("projection_halfspace", [*flat(P.projection_halfspace(pt, T.full_like(pt, 1.0), -3.0)), *flat(P.projection_halfspace(pt, T.full_like(pt, 1.0), 30.0))])
pf = optax.perturbations.make_perturbed_fun(lambda x: jnp.sum(jnp.maximum(x, 0.0) ** 2), num_samples=50, sigma=0.5, noise=optax.perturbations.Normal())
val("make_perturbed_fun", [pf(jax.random.key(0), I["rhs"]), *jax.grad(pf, argnums=1)(jax.random.key(0), I["rhs"])])
pg = optax.perturbations.make_perturbed_fun(lambda x: jax.nn.one_hot(jnp.argmax(x), 5), num_samples=30, sigma=0.3)
val("make_perturbed_fun/gumbel", pg(jax.random.key(2), I["rhs"]))
val("perturbations_log_prob", [*optax.perturbations.Normal().log_prob(I["rhs"]), *optax.perturbations.Gumbel().log_prob(I["rhs"])])
MB = optax.microbatching
xs6 = I["embeddings"]
sq = lambda x: jnp.sum(x ** 2, axis=0)
val("microbatch/sum", optax.microbatch(sq, argnums=0, microbatch_size=2)(xs6))
val("microbatch/mean", optax.microbatch(sq, argnums=0, microbatch_size=3, accumulator=MB.AccumulationType.MEAN)(xs6))
val("microbatch/running_mean", optax.microbatch(lambda a, x: a * sq(x), argnums=1, microbatch_size=2, accumulator=MB.AccumulationType.RUNNING_MEAN)(2.0, xs6))
val("microbatch/concat", optax.microbatch(lambda x: x * 2.0 + 1.0, argnums=0, microbatch_size=2, accumulator=MB.AccumulationType.CONCAT)(xs6))
val("microbatch/num_real", optax.microbatch(sq, argnums=0, microbatch_size=2, num_real_microbatches=2)(xs6))
val("micro_vmap", MB.micro_vmap(lambda x: jnp.sum(x * x), microbatch_size=2)(xs6))
mg = MB.micro_grad(lambda w, x: jnp.sum((x @ w) ** 2), microbatch_size=3)(jnp.array([0.5, -1.0, 2.0]), xs6)
val("micro_grad", [*r(mg[0]), *r(mg[1].values)])
val("reshape_batch_axis", MB.reshape_batch_axis(xs6, 3))
st0 = optax.lbfgs().init(jp(PARAMS))
vg = optax.value_and_grad_from_state(objective)
v1, g1 = vg(jp(PARAMS), state=st0)
val("value_and_grad_from_state", [v1, *flat(g1)])
opt_tmp = optax.adam(0.1)
sa = opt_tmp.init(jp(PARAMS))
val("tree_map_params", optax.tree_map_params(opt_tmp, lambda p: p + 1.0, sa, transform_non_params=lambda v: v * 0 - 1))
val("tree_get", [optax.tree_utils.tree_get(sa, "count"), optax.tree_utils.tree_get(sa, "nope", 5)])
val("tree_set", optax.tree_utils.tree_set(sa, count=jnp.asarray(7)))

if os.environ.get("ONLY_VALUES"):
  raise SystemExit(f"{len(VALUES)} values computed; nothing written")
def finite(section):
  for name, v in section.items():
    arr = np.asarray(v, dtype=np.float64)
    assert np.all(np.isfinite(arr)), f"{name}: optax gives non-finite values; change the case"


for sec in (UPDATES, STATES, SCHEDULES, VALUES):
  finite(sec)
json.dump({
    "meta": {"optax": optax.__version__, "jax": jax.__version__, "steps": STEPS},
    "params": {k: r(v) for k, v in PARAMS.items()},
    "grads": [{k: r(v) for k, v in g.items()} for g in GRADS],
    "objective": {"a": {k: r(v) for k, v in OBJ_A.items()}, "c": {k: r(v) for k, v in OBJ_C.items()}},
    "inputs": {k: {"shape": list(np.shape(v)), "dtype": str(np.asarray(v).dtype), "data": r(v)} for k, v in INPUTS.items()},
    "updates": UPDATES,
    "states": STATES,
    "schedules": SCHEDULES,
    "values": VALUES,
}, open(OUT, "w"), separators=(",", ":"), allow_nan=False)
print(f"wrote {OUT}: {len(UPDATES)} update cases, {len(SCHEDULES)} schedules, {len(VALUES)} values, {os.path.getsize(OUT)} bytes")
