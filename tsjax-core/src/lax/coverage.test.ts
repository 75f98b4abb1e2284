/**
 * Coverage of `lax`, `nn`, `nn.initializers`, `random` and `special` against JAX 0.10.2's
 * function names: each is exported (camelCase) or listed below as unavailable with the reason,
 * so the list cannot drift from the code. (Generated lists: `dir()` of each JAX module.)
 */
import { expect, test } from "vitest";
import { lax, nn, random, special } from "../index.js";

// The callables of dir(jax.lax), dir(jax.nn), dir(jax.nn.initializers), dir(jax.random), dir(jax.scipy.special).
const JAX: Record<string, string> = {
  "lax":
    "ConvGeneralDilatedDimensionNumbers DotDimensionNumbers PrecisionLike abs acos acosh add after_all all_gather all_to_all approx_max_k approx_min_k " +
    "argmax argmin asin asinh associative_scan atan atan2 atanh axis_index axis_size batch_matmul bessel_i0e bessel_i1e betainc bitcast_convert_type " +
    "bitwise_and bitwise_not bitwise_or bitwise_xor broadcast broadcast_in_dim broadcast_like broadcast_shapes broadcast_to_rank broadcasted_iota cbrt ceil " +
    "clamp clz collapse complex composite concatenate cond conj conv conv_dimension_numbers conv_general_dilated conv_general_dilated_local " +
    "conv_general_dilated_patches conv_general_permutations conv_general_shape_tuple conv_shape_tuple conv_transpose conv_transpose_shape_tuple " +
    "conv_with_general_padding convert_element_type cos cosh create_token cumlogsumexp cummax cummin cumprod cumsum custom_linear_solve custom_root " +
    "dce_sink digamma div dot dot_general dtype dynamic_index_in_dim dynamic_slice dynamic_slice_in_dim dynamic_update_index_in_dim dynamic_update_slice " +
    "dynamic_update_slice_in_dim empty eq erf erf_inv erfc exp exp2 expand_dims expm1 fft floor fori_loop full full_like gather ge gt igamma igamma_grad_a " +
    "igammac imag index_in_dim index_take integer_pow iota is_finite le lgamma log log1p logistic lt map max min mul mulhi ne neg nextafter " +
    "optimization_barrier pad padtype_to_pads pbroadcast pcast platform_dependent pmax pmean pmin polygamma population_count pow ppermute precv psend " +
    "pshuffle psum psum_scatter pswapaxes ragged_all_to_all ragged_dot ragged_dot_general random_gamma_grad real reciprocal reduce reduce_and reduce_max " +
    "reduce_min reduce_or reduce_precision reduce_prod reduce_sum reduce_window reduce_window_shape_tuple reduce_xor rem reshape rev rng_bit_generator " +
    "rng_uniform round rsqrt scaled_dot scan scatter scatter_add scatter_apply scatter_max scatter_min scatter_mul scatter_sub select select_n " +
    "shape_as_value shift_left shift_right_arithmetic shift_right_logical sign sin sinh slice slice_in_dim sort sort_key_val split sqrt square squeeze " +
    "stack stage stop_gradient sub switch tan tanh tile top_k transpose unstack while_loop with_sharding_constraint zeta",
  "nn":
    "celu dot_product_attention elu gelu get_scaled_dot_general_config glu hard_sigmoid hard_silu hard_swish hard_tanh identity leaky_relu log1mexp " +
    "log_sigmoid log_softmax logmeanexp logsumexp mish one_hot relu relu6 scaled_dot_general scaled_matmul selu sigmoid silu soft_sign softmax softplus " +
    "sparse_plus sparse_sigmoid squareplus standardize swish tanh",
  "nn.initializers":
    "constant delta_orthogonal glorot_normal glorot_uniform he_normal he_uniform kaiming_normal kaiming_uniform lecun_normal lecun_uniform normal ones " +
    "orthogonal truncated_normal uniform variance_scaling xavier_normal xavier_uniform zeros",
  "random":
    "PRNGKey ball bernoulli beta binomial bits categorical cauchy chisquare choice clone dirichlet double_sided_maxwell exponential f fold_in gamma " +
    "generalized_normal geometric gumbel key key_data key_dtype key_impl laplace loggamma logistic lognormal maxwell multinomial multivariate_normal normal " +
    "orthogonal pareto permutation poisson rademacher randint rayleigh split t triangular truncated_normal uniform wald weibull_min wrap_key_data",
  "special":
    "bernoulli bessel_jn beta betainc betaln boxcox boxcox1p comb dawsn digamma entr erf erfc erfcx erfinv exp1 expi expit expn factorial fresnel gamma " +
    "gammainc gammaincc gammaln gammasgn hyp1f1 hyp2f1 i0 i0e i1 i1e kl_div log_ndtr log_softmax loggamma logit logsumexp multigammaln ndtr ndtri owens_t " +
    "poch polygamma rel_entr sici softmax spence sph_harm_y wofz xlog1py xlogy zeta",
};

const OURS: Record<string, Record<string, unknown>> = { lax, nn, "nn.initializers": nn.initializers as Record<string, unknown>, random, special };

const COLLECTIVES = "Out of scope: multi-device collectives and sharding (one device per program)";
/** JAX names not offered, with the reason. */
export const UNAVAILABLE: Record<string, string> = {
  ...Object.fromEntries(
    "all_gather all_to_all axis_index axis_size pbroadcast pcast pmax pmean pmin ppermute precv psend pshuffle psum psum_scatter pswapaxes ragged_all_to_all with_sharding_constraint"
      .split(" ")
      .map((n) => [`lax.${n}`, COLLECTIVES]),
  ),
  "lax.ConvGeneralDilatedDimensionNumbers": "A type (exported as the TS type ConvDimensionSpec)",
  "lax.DotDimensionNumbers": "A type (exported as the TS type DotDimensionNumbers)",
  "lax.PrecisionLike": "A type (exported as the TS type PrecisionLike)",
  "lax.after_all": "Out of scope: XLA tokens",
  "lax.create_token": "Out of scope: XLA tokens",
  "lax.dce_sink": "Out of scope: XLA-internal",
  "lax.composite": "Out of scope: XLA composite ops",
  "lax.platform_dependent": "Out of scope: per-platform lowering",
  "lax.stage": "Out of scope: XLA staging hint",
  "lax.shape_as_value": "Out of scope: dynamic shapes",
  "lax.rng_bit_generator": "Not offered: use random (tsjax's PRNG is threefry)",
  "lax.rng_uniform": "Not offered: use random.uniform",
  "lax.ragged_dot": "Not yet",
  "lax.ragged_dot_general": "Not yet",
  "lax.scaled_dot": "Out of scope: microscaling (fp8/mx) dtypes",
  "lax.scatter_apply": "Not yet",
  "lax.broadcast_like": "Not yet",
  "lax.conv_general_dilated_local": "Not yet",
  "lax.conv_general_dilated_patches": "Not yet",
  "lax.conv_dimension_numbers": "Not yet (shape helper)",
  "lax.conv_general_permutations": "Not yet (shape helper)",
  "lax.conv_general_shape_tuple": "Not yet (shape helper)",
  "lax.conv_shape_tuple": "Not yet (shape helper)",
  "lax.conv_transpose_shape_tuple": "Not yet (shape helper)",
  "lax.reduce_window_shape_tuple": "Not yet (shape helper; windowOutputSize covers one axis)",
  "nn.scaled_dot_general": "Out of scope: microscaling (fp8/mx) dtypes",
  "nn.scaled_matmul": "Out of scope: microscaling (fp8/mx) dtypes",
  "nn.get_scaled_dot_general_config": "Out of scope: microscaling (fp8/mx) dtypes",
  "special.hyp2f1": "Not yet",
  "special.sph_harm_y": "Not yet (complex results)",
  "special.wofz": "Not yet (complex argument and result)",
};

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

test("every JAX function of lax, nn, nn.initializers, random and special is exported or listed as unavailable", () => {
  const missing: string[] = [];
  const stale: string[] = [];
  for (const [ns, names] of Object.entries(JAX)) {
    for (const name of names.split(/\s+/).filter(Boolean)) {
      const key = `${ns}.${name}`;
      const exported = typeof OURS[ns]![camel(name)] === "function" || typeof OURS[ns]![name] === "function";
      if (!exported && !(key in UNAVAILABLE)) missing.push(key);
      if (exported && key in UNAVAILABLE) stale.push(key);
    }
  }
  expect(missing, "JAX functions neither exported nor listed as unavailable").toEqual([]);
  expect(stale, "exported functions still listed as unavailable").toEqual([]);
  for (const key of Object.keys(UNAVAILABLE)) {
    const [ns, name] = [key.slice(0, key.lastIndexOf(".")), key.slice(key.lastIndexOf(".") + 1)];
    expect(JAX[ns]!.split(/\s+/), `${key} is a JAX name`).toContain(name);
  }
});
