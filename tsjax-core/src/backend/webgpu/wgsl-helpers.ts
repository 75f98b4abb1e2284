/**
 * WGSL helper functions with numpy semantics for special values.
 *
 * WGSL lets the compiler assume that no NaN or infinity occurs (and Dawn's drivers do fold
 * `x != x` to false), so NaN tests use the bit pattern, NaN and infinity are produced from
 * runtime bit patterns (a NaN literal is a compile error), and each function handles its
 * special inputs explicitly. float16 arithmetic is done in float32 and rounded, as XLA does.
 *
 * WGSL also allows built-ins with large errors, and drivers have them (on Mesa's lavapipe:
 * `log` near 1, `asin`/`acos`/`atan`, `exp` of large arguments, an unfused `fma`), so those
 * functions are written out here from float32 algorithms (Cephes, musl) accurate to a few ulps.
 */

/** Helper name -> [WGSL source, names of helpers it uses]. */
const HELPERS: Record<string, [string, string[]]> = {
  bits: [
    `var<private> tj_bits_nan: u32 = 0x7fc00000u;
var<private> tj_bits_inf: u32 = 0x7f800000u;
fn tj_nan() -> f32 { return bitcast<f32>(tj_bits_nan); }
fn tj_inf() -> f32 { return bitcast<f32>(tj_bits_inf); }
fn tj_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn tj_isinf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn tj_isfinite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
fn tj_signbit(x: f32) -> bool { return (bitcast<u32>(x) & 0x80000000u) != 0u; }
fn tj_neg_if(x: f32, c: bool) -> f32 { return select(x, -x, c); }`,
    [],
  ],
  div: [
    `fn tj_div(a: f32, b: f32) -> f32 {
  if (b == 0.0) {
    if (a == 0.0 || tj_isnan(a)) { return tj_nan(); }
    return bitcast<f32>(((bitcast<u32>(a) ^ bitcast<u32>(b)) & 0x80000000u) | 0x7f800000u);
  }
  return a / b;
}`,
    ["bits"],
  ],
  rem: [
    // Exact C fmod by long division on the significands (as musl's fmodf): a float formula
    // like a - b * trunc(a / b) loses the low bits when WGSL's fma is not fused.
    `fn tj_rem(a: f32, b: f32) -> f32 {
  let ua = bitcast<u32>(a);
  let sx = ua & 0x80000000u;
  var ux = ua & 0x7fffffffu;
  let uy = bitcast<u32>(b) & 0x7fffffffu;
  if (ux >= 0x7f800000u || uy > 0x7f800000u || uy == 0u) { return tj_nan(); }
  if (ux <= uy) {
    if (ux == uy) { return bitcast<f32>(sx); }
    return a;
  }
  var ex = i32(ux >> 23u);
  var ey = i32(uy >> 23u);
  var mx: u32;
  var my: u32;
  if (ex == 0) { let s = i32(countLeadingZeros(ux)) - 8; mx = ux << u32(s); ex = 1 - s; }
  else { mx = (ux & 0x007fffffu) | 0x00800000u; }
  if (ey == 0) { let s = i32(countLeadingZeros(uy)) - 8; my = uy << u32(s); ey = 1 - s; }
  else { my = (uy & 0x007fffffu) | 0x00800000u; }
  loop {
    if (mx >= my) {
      mx = mx - my;
      if (mx == 0u) { return bitcast<f32>(sx); }
    }
    if (ex <= ey) { break; }
    mx = mx << 1u;
    ex = ex - 1;
  }
  let s = i32(countLeadingZeros(mx)) - 8;
  mx = mx << u32(s);
  ex = ex - s;
  if (ex > 0) { mx = (mx & 0x007fffffu) | (u32(ex) << 23u); } else { mx = mx >> u32(1 - ex); }
  return bitcast<f32>(mx | sx);
}`,
    ["bits"],
  ],
  scale2: [
    // y * 2^k for an integral float k in [-252, 254], as two exact power-of-two factors built
    // from bit patterns (so results in the subnormal range are rounded once). Faster than
    // ldexp, and than converting k with i32() (both are slow on lavapipe): k + 1.5 * 2^23 holds
    // k in its low significand bits.
    `fn tj_scale2(y: f32, k: f32) -> f32 {
  let ki = bitcast<i32>(k + 12582912.0) - 0x4B400000;
  let k1 = ki >> 1u;
  return y * bitcast<f32>((k1 + 127) << 23u) * bitcast<f32>((ki - k1 + 127) << 23u);
}`,
    [],
  ],
  exppoly: [
    // Cephes expf: e^r for |r| <= ln2/2, under 1 ulp with unfused multiply-adds (lavapipe's
    // fma is unfused). Written out rather than the built-in exp, whose error bound is loose and
    // which repeats its own range reduction.
    `fn tj_exppoly(r: f32) -> f32 {
  return (((((1.9875691500e-4 * r + 1.3981999507e-3) * r + 8.3334519073e-3) * r + 4.1665795894e-2) * r
    + 1.6666665459e-1) * r + 5.0000001201e-1) * (r * r) + r + 1.0;
}`,
    [],
  ],
  exp: [
    // exp(x) = 2^k * e^r, |r| <= ln2/2 (Cody-Waite: ln2 in two parts, k * 0.693359375 exact).
    // Branch-free, so GPUs and lavapipe's SIMD lanes run one path. Clamping to [-104, 89]
    // already gives inf above ln(FLT_MAX) and 0 below the smallest subnormal (2^k is applied
    // in two exact factors, so subnormal results are rounded once); only NaN needs a select.
    // k is read from the bits of k + 1.5 * 2^23 (a conversion with i32() is slow on lavapipe).
    `fn tj_exp(x: f32) -> f32 {
  let xc = clamp(x, -104.0, 89.0);
  let k = round(xc * 1.4426950408889634);
  let r = (xc - k * 0.693359375) + k * 2.12194440e-4;
  let ki = bitcast<i32>(k + 12582912.0) - 0x4B400000;
  let k1 = ki >> 1u;
  let y = bitcast<f32>(bitcast<i32>(tj_exppoly(r)) + (k1 << 23u)) * bitcast<f32>((ki - k1 + 127) << 23u);
  return select(y, x, tj_isnan(x));
}`,
    ["bits", "exppoly"],
  ],
  exp2: [
    `fn tj_exp2(x: f32) -> f32 {
  let k = floor(clamp(x, -151.0, 129.0) + 0.5);
  let y = tj_scale2(exp2(clamp(x, -151.0, 129.0) - k), k);
  return select(select(select(y, 0.0, x < -150.0), tj_inf(), x >= 128.0), x, tj_isnan(x));
}`,
    ["bits", "scale2"],
  ],
  expm1: [
    `fn tj_expm1(x: f32) -> f32 {
  if (tj_isnan(x)) { return x; }
  if (x > 88.72283935546875) { return tj_inf(); }
  if (abs(x) < 0.5) {
    return x * (1.0 + x * (0.5 + x * (0.16666666666666666 + x * (0.041666666666666664 + x * (0.008333333333333333
      + x * (0.001388888888888889 + x * (0.0001984126984126984 + x * (0.0000248015873015873 + x * 0.0000027557319223985893))))))));
  }
  if (x < -20.0) { return -1.0; }
  return tj_exp(x) - 1.0;
}`,
    ["bits", "exp"],
  ],
  logpoly: [
    // Cephes logf: log1p(f) - f for f in [sqrt(1/2) - 1, sqrt(2) - 1].
    `fn tj_logpoly(f: f32) -> f32 {
  let z = f * f;
  let p = ((((((((7.0376836292e-2 * f - 1.1514610310e-1) * f + 1.1676998740e-1) * f - 1.2420140846e-1) * f
    + 1.4249322787e-1) * f - 1.6668057665e-1) * f + 2.0000714765e-1) * f - 2.4999993993e-1) * f + 3.3333331174e-1);
  return f * z * p - 0.5 * z;
}
// x = 2^e * (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)), for finite x > 0; returns (e, f).
fn tj_logsplit(x: f32) -> vec2<f32> {
  var bits = bitcast<u32>(x);
  var e = i32(bits >> 23u) - 127;
  if (e == -127) {
    bits = bitcast<u32>(x * 8388608.0);
    e = i32(bits >> 23u) - 150;
  }
  var m = bitcast<f32>((bits & 0x007fffffu) | 0x3f800000u);
  if (m > 1.4142135623730951) { m = m * 0.5; e = e + 1; }
  return vec2<f32>(f32(e), m - 1.0);
}`,
    [],
  ],
  log: [
    // The built-in log has an absolute error bound, which is a large relative error near 1.
    `fn tj_log(x: f32) -> f32 {
  if (tj_isnan(x) || x < 0.0) { return tj_nan(); }
  if (x == 0.0) { return -tj_inf(); }
  if (tj_isinf(x)) { return x; }
  let s = tj_logsplit(x);
  return ((tj_logpoly(s.y) - 2.12194440e-4 * s.x) + s.y) + 0.693359375 * s.x;
}`,
    ["bits", "logpoly"],
  ],
  log2: [
    `fn tj_log2(x: f32) -> f32 {
  if (tj_isnan(x) || x < 0.0) { return tj_nan(); }
  if (x == 0.0) { return -tj_inf(); }
  if (tj_isinf(x)) { return x; }
  let s = tj_logsplit(x);
  return s.x + (s.y + tj_logpoly(s.y)) * 1.4426950408889634;
}`,
    ["bits", "logpoly"],
  ],
  log1p: [
    `fn tj_log1p(x: f32) -> f32 {
  if (tj_isnan(x) || x < -1.0) { return tj_nan(); }
  if (x == -1.0) { return -tj_inf(); }
  if (tj_isinf(x)) { return x; }
  if (x < -0.2928932188134524 || x > 0.41421356237309503) {
    let u = 1.0 + x;
    // log(u) plus the rounding error of 1 + x, to first order.
    return tj_log(u) + (x - (u - 1.0)) / u;
  }
  return x + tj_logpoly(x);
}`,
    ["bits", "log", "logpoly"],
  ],
  u64: [
    // 64-bit unsigned integers as vec2<u32>(high word, low word), for tj_fma.
    `fn tj_shl64(x: vec2<u32>, s: u32) -> vec2<u32> {
  if (s == 0u) { return x; }
  if (s >= 64u) { return vec2<u32>(0u, 0u); }
  if (s >= 32u) { return vec2<u32>(x.y << (s - 32u), 0u); }
  return vec2<u32>((x.x << s) | (x.y >> (32u - s)), x.y << s);
}
fn tj_shr64(x: vec2<u32>, s: u32) -> vec2<u32> {
  if (s == 0u) { return x; }
  if (s >= 64u) { return vec2<u32>(0u, 0u); }
  if (s >= 32u) { return vec2<u32>(0u, x.x >> (s - 32u)); }
  return vec2<u32>(x.x >> s, (x.y >> s) | (x.x << (32u - s)));
}
fn tj_add64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let lo = a.y + b.y;
  return vec2<u32>(a.x + b.x + select(0u, 1u, lo < a.y), lo);
}
fn tj_sub64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  return vec2<u32>(a.x - b.x - select(0u, 1u, a.y < b.y), a.y - b.y);
}
fn tj_lt64(a: vec2<u32>, b: vec2<u32>) -> bool { return a.x < b.x || (a.x == b.x && a.y < b.y); }
fn tj_clz64(x: vec2<u32>) -> u32 { return select(countLeadingZeros(x.x), 32u + countLeadingZeros(x.y), x.x == 0u); }`,
    [],
  ],
  fma: [
    // Correctly rounded a * b + c (the built-in fma may be unfused: lavapipe's is). Finite
    // nonzero operands: the 48-bit product of the significands and the addend's, both placed
    // with their top bit at bit 61 of a 64-bit integer, aligned (bits shifted out of the
    // smaller one kept as a sticky bit), added, and rounded to nearest even (subnormal results
    // included). Otherwise the unfused expression is exact.
    `fn tj_fma(a: f32, b: f32, c: f32) -> f32 {
  let ua = bitcast<u32>(a);
  let ub = bitcast<u32>(b);
  let uc = bitcast<u32>(c);
  let ea = (ua >> 23u) & 0xffu;
  let eb = (ub >> 23u) & 0xffu;
  let ec = (uc >> 23u) & 0xffu;
  if (ea == 255u || eb == 255u || ec == 255u || (ua & 0x7fffffffu) == 0u || (ub & 0x7fffffffu) == 0u || (uc & 0x7fffffffu) == 0u) {
    return a * b + c;
  }
  let ma = select((ua & 0x7fffffu) | 0x800000u, ua & 0x7fffffu, ea == 0u);
  let mb = select((ub & 0x7fffffu) | 0x800000u, ub & 0x7fffffu, eb == 0u);
  let mc = select((uc & 0x7fffffu) | 0x800000u, uc & 0x7fffffu, ec == 0u);
  let al = ma & 0xffffu;
  let ah = ma >> 16u;
  let bl = mb & 0xffffu;
  let bh = mb >> 16u;
  let mid = ah * bl + al * bh;
  var p = tj_add64(vec2<u32>(ah * bh, al * bl), vec2<u32>(mid >> 16u, mid << 16u));
  var ep = i32(max(ea, 1u)) + i32(max(eb, 1u)) - 300;
  var q = vec2<u32>(0u, mc);
  var eq2 = i32(max(ec, 1u)) - 150;
  let sp = tj_clz64(p) - 2u;
  p = tj_shl64(p, sp);
  ep = ep - i32(sp);
  let sq = tj_clz64(q) - 2u;
  q = tj_shl64(q, sq);
  eq2 = eq2 - i32(sq);
  let sgnP = (ua ^ ub) & 0x80000000u;
  let sgnQ = uc & 0x80000000u;
  let pBig = ep > eq2 || (ep == eq2 && !tj_lt64(p, q));
  let big = select(q, p, pBig);
  let small = select(p, q, pBig);
  let e = select(eq2, ep, pBig);
  let sgn = select(sgnQ, sgnP, pBig);
  let d = u32(min(abs(ep - eq2), 64));
  var sh = tj_shr64(small, d);
  if (any(tj_shl64(sh, d) != small)) { sh.y = sh.y | 1u; }
  let r = select(tj_sub64(big, sh), tj_add64(big, sh), sgnP == sgnQ);
  if (r.x == 0u && r.y == 0u) { return 0.0; }
  let emsb = e + 63 - i32(tj_clz64(r));
  let lsb = max(emsb - 23, -149);
  let shift = lsb - e;
  var m: u32;
  if (shift <= 0) {
    m = r.y << u32(-shift);
  } else {
    let s = u32(min(shift, 64));
    let kept = tj_shr64(r, s);
    m = kept.y;
    let rem = tj_sub64(r, tj_shl64(kept, s));
    let half = tj_shl64(vec2<u32>(0u, 1u), s - 1u);
    if (tj_lt64(half, rem) || (all(rem == half) && (m & 1u) == 1u)) { m = m + 1u; }
  }
  let out = (u32(lsb + 149) << 23u) + m;
  return bitcast<f32>(sgn | min(out, 0x7f800000u));
}`,
    ["u64"],
  ],
  sqrt: [
    // x itself for +inf, NaN and -0 (bits >= +inf's, as unsigned), NaN for the other negatives:
    // the built-in's results there are indeterminate.
    `fn tj_sqrt(x: f32) -> f32 {
  let u = bitcast<u32>(x);
  return select(select(sqrt(x), x, u >= 0x7f800000u), tj_nan(), u > 0x80000000u);
}`,
    ["bits"],
  ],
  rsqrt: [
    `fn tj_rsqrt(x: f32) -> f32 {
  if (tj_isnan(x) || x < 0.0) { return tj_nan(); }
  if (x == 0.0) { return tj_neg_if(tj_inf(), tj_signbit(x)); }
  if (tj_isinf(x)) { return 0.0; }
  return inverseSqrt(x);
}`,
    ["bits"],
  ],
  cbrt: [
    `fn tj_cbrt(x: f32) -> f32 {
  if (x == 0.0 || !tj_isfinite(x)) { return x; }
  let a = abs(x);
  var y = exp2(log2(a) / 3.0);
  y = y + (a / (y * y) - y) / 3.0;
  return tj_neg_if(y, tj_signbit(x));
}`,
    ["bits"],
  ],
  sin: [`fn tj_sin(x: f32) -> f32 { if (!tj_isfinite(x)) { return tj_nan(); } return sin(x); }`, ["bits"]],
  cos: [`fn tj_cos(x: f32) -> f32 { if (!tj_isfinite(x)) { return tj_nan(); } return cos(x); }`, ["bits"]],
  tan: [`fn tj_tan(x: f32) -> f32 { if (!tj_isfinite(x)) { return tj_nan(); } return tan(x); }`, ["bits"]],
  asin: [
    // Cephes asinf / acosf / atanf (the built-ins are far less accurate on some drivers).
    `fn tj_asin(x: f32) -> f32 {
  let a = abs(x);
  if (tj_isnan(x) || a > 1.0) { return tj_nan(); }
  let big = a > 0.5;
  var z: f32;
  var w: f32;
  if (big) { z = 0.5 * (1.0 - a); w = sqrt(z); } else { z = a * a; w = a; }
  var r = ((((4.2163199048e-2 * z + 2.4181311049e-2) * z + 4.5470025998e-2) * z + 7.4953002686e-2) * z
    + 1.6666752422e-1) * z * w + w;
  if (big) { r = (1.5707963705062866 - (r + r)) - 4.371139000186243e-8; }
  return tj_neg_if(r, tj_signbit(x));
}`,
    ["bits"],
  ],
  acos: [
    `fn tj_acos(x: f32) -> f32 {
  if (tj_isnan(x) || abs(x) > 1.0) { return tj_nan(); }
  if (x < -0.5) { return (3.1415927410125732 - 2.0 * tj_asin(sqrt(0.5 * (1.0 + x)))) - 8.742278000372486e-8; }
  if (x > 0.5) { return 2.0 * tj_asin(sqrt(0.5 * (1.0 - x))); }
  return (1.5707963705062866 - tj_asin(x)) - 4.371139000186243e-8;
}`,
    ["bits", "asin"],
  ],
  atan: [
    `fn tj_atan(x: f32) -> f32 {
  if (tj_isnan(x)) { return x; }
  if (tj_isinf(x)) { return tj_neg_if(1.5707963267948966, x < 0.0); }
  var a = abs(x);
  var y = 0.0;
  if (a > 2.414213562373095) { y = 1.5707963267948966; a = -1.0 / a; }
  else if (a > 0.41421356237309503) { y = 0.7853981633974483; a = (a - 1.0) / (a + 1.0); }
  let z = a * a;
  y = y + ((((8.05374449538e-2 * z - 1.38776856032e-1) * z + 1.99777106478e-1) * z - 3.33329491539e-1) * z * a + a);
  return tj_neg_if(y, tj_signbit(x));
}`,
    ["bits"],
  ],
  atan2: [
    `fn tj_atan2(y: f32, x: f32) -> f32 {
  if (tj_isnan(x) || tj_isnan(y)) { return tj_nan(); }
  let xneg = tj_signbit(x);
  let yneg = tj_signbit(y);
  if (y == 0.0) { return tj_neg_if(select(0.0, 3.141592653589793, xneg), yneg); }
  if (tj_isinf(x)) {
    if (tj_isinf(y)) { return tj_neg_if(select(0.7853981633974483, 2.356194490192345, xneg), yneg); }
    return tj_neg_if(select(0.0, 3.141592653589793, xneg), yneg);
  }
  if (tj_isinf(y) || x == 0.0) { return tj_neg_if(1.5707963267948966, yneg); }
  let t = tj_atan(abs(y) / abs(x));
  var r = t;
  if (xneg) { r = (3.1415927410125732 - t) - 8.742278000372486e-8; }
  return tj_neg_if(r, yneg);
}`,
    ["bits", "atan"],
  ],
  sinh: [
    `fn tj_sinh(x: f32) -> f32 {
  if (tj_isnan(x)) { return x; }
  let a = abs(x);
  var r: f32;
  if (a < 0.5) {
    let z = a * a;
    r = a + a * z * (0.16666666666666666 + z * (0.008333333333333333 + z * (0.0001984126984126984 + z * 0.0000027557319223985893)));
  } else if (a > 88.0) {
    // e^a / 2 = e^(a - c) * e^(c - ln 2) with c = 0.693359375, so that a - c is exact.
    r = tj_exp(a - 0.693359375) * 1.0002122169548875;
  } else {
    let e = tj_exp(a);
    r = 0.5 * (e - 1.0 / e);
  }
  return tj_neg_if(r, tj_signbit(x));
}`,
    ["bits", "exp"],
  ],
  cosh: [
    `fn tj_cosh(x: f32) -> f32 {
  if (tj_isnan(x)) { return x; }
  let a = abs(x);
  if (a > 88.0) { return tj_exp(a - 0.693359375) * 1.0002122169548875; }
  let e = tj_exp(a);
  return 0.5 * (e + 1.0 / e);
}`,
    ["bits", "exp"],
  ],
  tanh: [
    // XLA's float32 tanh (the rational approximation of Eigen's fast tanh, as jax.numpy.tanh
    // computes it on CPU and GPU): x for |x| < 0.0004, else p(x) / q(x) on x clamped to
    // +-7.90531110763549805, where it rounds to +-1 exactly. Relative error under 4e-7 without
    // fused multiply-adds (scripts/refs/webgpu/transcendental.py). The unsigned compare of |x|'s bits
    // takes both |x| < 0.0004 and NaN (returned as is).
    `fn tj_tanh(x: f32) -> f32 {
  let c = clamp(x, -7.90531110763549805, 7.90531110763549805);
  let z = c * c;
  let p = c * ((((((-2.76076847742355e-16 * z + 2.00018790482477e-13) * z - 8.60467152213735e-11) * z
    + 5.12229709037114e-08) * z + 1.48572235717979e-05) * z + 6.37261928875436e-04) * z + 4.89352455891786e-03);
  let q = ((1.19825839466702e-06 * z + 1.18534705686654e-04) * z + 2.26843463243900e-03) * z + 4.89352518554385e-03;
  let small = (bitcast<u32>(x) & 0x7fffffffu) - 0x39d1b717u > 0x7f800000u - 0x39d1b717u;
  return select(p / q, x, small);
}`,
    [],
  ],
  asinh: [
    `fn tj_asinh(x: f32) -> f32 {
  if (!tj_isfinite(x)) { return x; }
  let a = abs(x);
  var r: f32;
  if (a > 1e10) { r = tj_log(a) + 0.6931471805599453; } else { r = tj_log1p(a + a * a / (1.0 + sqrt(1.0 + a * a))); }
  return tj_neg_if(r, tj_signbit(x));
}`,
    ["bits", "log", "log1p"],
  ],
  acosh: [
    `fn tj_acosh(x: f32) -> f32 {
  if (tj_isnan(x) || x < 1.0) { return tj_nan(); }
  if (tj_isinf(x)) { return x; }
  if (x > 1e10) { return tj_log(x) + 0.6931471805599453; }
  let t = x - 1.0;
  return tj_log1p(t + sqrt(2.0 * t + t * t));
}`,
    ["bits", "log", "log1p"],
  ],
  atanh: [
    `fn tj_atanh(x: f32) -> f32 {
  let a = abs(x);
  if (tj_isnan(x) || a > 1.0) { return tj_nan(); }
  if (a == 1.0) { return tj_neg_if(tj_inf(), x < 0.0); }
  return tj_neg_if(0.5 * tj_log1p(2.0 * a / (1.0 - a)), tj_signbit(x));
}`,
    ["bits", "log1p"],
  ],
  logistic: [
    `fn tj_logistic(x: f32) -> f32 {
  let e = tj_exp(-abs(x));
  return select(select(e / (1.0 + e), 1.0 / (1.0 + e), x >= 0.0), x, tj_isnan(x));
}`,
    ["bits", "exp"],
  ],
  pow: [
    `fn tj_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0 || x == 1.0) { return 1.0; }
  if (tj_isnan(x) || tj_isnan(y)) { return tj_nan(); }
  let ax = abs(x);
  if (tj_isinf(y)) {
    if (ax == 1.0) { return 1.0; }
    return select(0.0, tj_inf(), (ax > 1.0) == (y > 0.0));
  }
  let yint = floor(y) == y;
  if (x < 0.0 && !yint) { return tj_nan(); }
  let yodd = yint && abs(y) < 16777216.0 && (i32(abs(y)) & 1) == 1;
  var r: f32;
  if (ax == 0.0) { r = select(0.0, tj_inf(), y < 0.0); }
  else if (tj_isinf(ax)) { r = select(0.0, tj_inf(), y > 0.0); }
  else { r = tj_exp2(y * tj_log2(ax)); }
  return tj_neg_if(r, tj_signbit(x) && yodd);
}`,
    ["bits", "exp2", "log2"],
  ],
  max: [`fn tj_max(a: f32, b: f32) -> f32 { return select(max(a, b), tj_nan(), tj_isnan(a) || tj_isnan(b)); }`, ["bits"]],
  min: [`fn tj_min(a: f32, b: f32) -> f32 { return select(min(a, b), tj_nan(), tj_isnan(a) || tj_isnan(b)); }`, ["bits"]],
  sign: [`fn tj_sign(x: f32) -> f32 { if (tj_isnan(x)) { return x; } return sign(x); }`, ["bits"]],
  f2i: [
    `fn tj_f2i(x: f32) -> i32 {
  if (tj_isnan(x)) { return 0; }
  if (x >= 2147483648.0) { return 2147483647; }
  if (x <= -2147483648.0) { return i32(-2147483647) - 1; }
  return i32(x);
}`,
    ["bits"],
  ],
  f2u: [
    `fn tj_f2u(x: f32) -> u32 {
  if (tj_isnan(x) || x <= 0.0) { return 0u; }
  if (x >= 4294967296.0) { return 4294967295u; }
  return u32(x);
}`,
    ["bits"],
  ],
  f2h: [
    `fn tj_f2h(x: f32) -> f16 {
  if (tj_isnan(x)) { return f16(x); }
  if (abs(x) >= 65520.0) { return f16(tj_neg_if(tj_inf(), x < 0.0)); }
  return f16(x);
}`,
    ["bits"],
  ],
  idiv: [`fn tj_idiv(a: i32, b: i32) -> i32 { if (b == 0) { return 0; } return a / b; }`, []],
  irem: [`fn tj_irem(a: i32, b: i32) -> i32 { if (b == 0) { return 0; } return a % b; }`, []],
  udiv: [`fn tj_udiv(a: u32, b: u32) -> u32 { if (b == 0u) { return 0u; } return a / b; }`, []],
  urem: [`fn tj_urem(a: u32, b: u32) -> u32 { if (b == 0u) { return 0u; } return a % b; }`, []],
  ipow: [
    `fn tj_ipow(a: i32, b: i32) -> i32 {
  if (b < 0) { if (a == 1) { return 1; } if (a == -1) { return select(1, -1, (b & 1) == 1); } return 0; }
  var r = 1; var base = a; var e = u32(b);
  loop { if (e == 0u) { break; } if ((e & 1u) == 1u) { r = r * base; } base = base * base; e = e >> 1u; }
  return r;
}`,
    [],
  ],
  upow: [
    `fn tj_upow(a: u32, b: u32) -> u32 {
  var r = 1u; var base = a; var e = b;
  loop { if (e == 0u) { break; } if ((e & 1u) == 1u) { r = r * base; } base = base * base; e = e >> 1u; }
  return r;
}`,
    [],
  ],
};

/** Collects the helpers a kernel uses and emits them once, dependencies first. */
export class WgslHelpers {
  private readonly used: string[] = [];

  /** Marks helper `name` (and its dependencies) as used; returns the WGSL function name `tj_<name>`. */
  use(name: string): string {
    if (!this.used.includes(name)) {
      const entry = HELPERS[name];
      if (!entry) throw new Error(`internal: unknown WGSL helper ${name}`);
      for (const dep of entry[1]) this.use(dep);
      this.used.push(name);
    }
    return `tj_${name}`;
  }

  /** Uses the bit-pattern helpers and returns `tj_<name>` (`isnan`, `isinf`, `isfinite`, `nan`, `inf`, ...). */
  bit(name: string): string {
    this.use("bits");
    return `tj_${name}`;
  }

  /** The source of every used helper. */
  source(): string {
    return this.used.map((n) => HELPERS[n]![0]).join("\n");
  }
}
