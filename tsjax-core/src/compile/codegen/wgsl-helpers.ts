/**
 * WGSL helper functions with numpy semantics for special values.
 *
 * WGSL lets the compiler assume that no NaN or infinity occurs (and Dawn's drivers do fold
 * `x != x` to false), so NaN tests use the bit pattern, NaN and infinity are produced from
 * runtime bit patterns (a NaN literal is a compile error), and each function handles its
 * special inputs explicitly. float16 arithmetic is done in float32 and rounded, as XLA does.
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
    `fn tj_rem(a: f32, b: f32) -> f32 {
  if (tj_isnan(a) || tj_isnan(b) || tj_isinf(a) || b == 0.0) { return tj_nan(); }
  if (tj_isinf(b) || a == 0.0) { return a; }
  let ab = abs(b);
  var r = fma(-b, trunc(a / b), a);
  if (abs(r) >= ab) { r = r - select(ab, -ab, r < 0.0); }
  if (r != 0.0 && tj_signbit(r) != tj_signbit(a)) { r = r + select(-ab, ab, r < 0.0); }
  return r;
}`,
    ["bits"],
  ],
  exp: [
    `fn tj_exp(x: f32) -> f32 {
  if (tj_isnan(x)) { return x; }
  if (x > 88.72283935546875) { return tj_inf(); }
  if (x < -103.97208404541016) { return 0.0; }
  return exp(x);
}`,
    ["bits"],
  ],
  exp2: [
    `fn tj_exp2(x: f32) -> f32 {
  if (tj_isnan(x)) { return x; }
  if (x >= 128.0) { return tj_inf(); }
  if (x < -150.0) { return 0.0; }
  return exp2(x);
}`,
    ["bits"],
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
  return exp(x) - 1.0;
}`,
    ["bits"],
  ],
  log: [
    `fn tj_log(x: f32) -> f32 {
  if (tj_isnan(x) || x < 0.0) { return tj_nan(); }
  if (x == 0.0) { return -tj_inf(); }
  if (tj_isinf(x)) { return x; }
  return log(x);
}`,
    ["bits"],
  ],
  log2: [
    `fn tj_log2(x: f32) -> f32 {
  if (tj_isnan(x) || x < 0.0) { return tj_nan(); }
  if (x == 0.0) { return -tj_inf(); }
  if (tj_isinf(x)) { return x; }
  return log2(x);
}`,
    ["bits"],
  ],
  log1p: [
    `fn tj_log1p(x: f32) -> f32 {
  if (tj_isnan(x) || x < -1.0) { return tj_nan(); }
  if (x == -1.0) { return -tj_inf(); }
  if (tj_isinf(x)) { return x; }
  if (x < -0.2928932188134524 || x > 0.41421356237309503) { return log(1.0 + x); }
  let z = x * x;
  let p = ((((((((7.0376836292e-2 * x - 1.1514610310e-1) * x + 1.1676998740e-1) * x - 1.2420140846e-1) * x
    + 1.4249322787e-1) * x - 1.6668057665e-1) * x + 2.0000714765e-1) * x - 2.4999993993e-1) * x + 3.3333331174e-1);
  return x + (x * z * p - 0.5 * z);
}`,
    ["bits"],
  ],
  sqrt: [
    `fn tj_sqrt(x: f32) -> f32 {
  if (tj_isnan(x) || x < 0.0) { return tj_nan(); }
  if (tj_isinf(x)) { return x; }
  return sqrt(x);
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
  return tj_neg_if(y, x < 0.0);
}`,
    ["bits"],
  ],
  sin: [`fn tj_sin(x: f32) -> f32 { if (!tj_isfinite(x)) { return tj_nan(); } return sin(x); }`, ["bits"]],
  cos: [`fn tj_cos(x: f32) -> f32 { if (!tj_isfinite(x)) { return tj_nan(); } return cos(x); }`, ["bits"]],
  tan: [`fn tj_tan(x: f32) -> f32 { if (!tj_isfinite(x)) { return tj_nan(); } return tan(x); }`, ["bits"]],
  asin: [`fn tj_asin(x: f32) -> f32 { if (tj_isnan(x) || abs(x) > 1.0) { return tj_nan(); } return asin(x); }`, ["bits"]],
  acos: [`fn tj_acos(x: f32) -> f32 { if (tj_isnan(x) || abs(x) > 1.0) { return tj_nan(); } return acos(x); }`, ["bits"]],
  atan: [
    `fn tj_atan(x: f32) -> f32 {
  if (tj_isnan(x)) { return x; }
  if (tj_isinf(x)) { return tj_neg_if(1.5707963267948966, x < 0.0); }
  return atan(x);
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
  return atan2(y, x);
}`,
    ["bits"],
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
    r = tj_exp(a - 0.6931471805599453);
  } else {
    let e = exp(a);
    r = 0.5 * (e - 1.0 / e);
  }
  return tj_neg_if(r, x < 0.0);
}`,
    ["bits", "exp"],
  ],
  cosh: [
    `fn tj_cosh(x: f32) -> f32 {
  if (tj_isnan(x)) { return x; }
  let a = abs(x);
  if (a > 88.0) { return tj_exp(a - 0.6931471805599453); }
  let e = exp(a);
  return 0.5 * (e + 1.0 / e);
}`,
    ["bits", "exp"],
  ],
  tanh: [
    `fn tj_tanh(x: f32) -> f32 {
  if (tj_isnan(x)) { return x; }
  let a = abs(x);
  var r: f32;
  if (a < 0.625) {
    let z = a * a;
    r = a + a * z * ((((-5.70498872745e-3 * z + 2.06390887954e-2) * z - 5.37397155531e-2) * z + 1.33314422036e-1) * z - 3.33332819422e-1);
  } else if (a > 9.0) {
    r = 1.0;
  } else {
    r = 1.0 - 2.0 / (exp(2.0 * a) + 1.0);
  }
  return tj_neg_if(r, x < 0.0);
}`,
    ["bits"],
  ],
  asinh: [
    `fn tj_asinh(x: f32) -> f32 {
  if (!tj_isfinite(x)) { return x; }
  let a = abs(x);
  var r: f32;
  if (a > 1e10) { r = log(a) + 0.6931471805599453; } else { r = tj_log1p(a + a * a / (1.0 + sqrt(1.0 + a * a))); }
  return tj_neg_if(r, x < 0.0);
}`,
    ["bits", "log1p"],
  ],
  acosh: [
    `fn tj_acosh(x: f32) -> f32 {
  if (tj_isnan(x) || x < 1.0) { return tj_nan(); }
  if (tj_isinf(x)) { return x; }
  if (x > 1e10) { return log(x) + 0.6931471805599453; }
  let t = x - 1.0;
  return tj_log1p(t + sqrt(2.0 * t + t * t));
}`,
    ["bits", "log1p"],
  ],
  atanh: [
    `fn tj_atanh(x: f32) -> f32 {
  let a = abs(x);
  if (tj_isnan(x) || a > 1.0) { return tj_nan(); }
  if (a == 1.0) { return tj_neg_if(tj_inf(), x < 0.0); }
  return tj_neg_if(0.5 * tj_log1p(2.0 * a / (1.0 - a)), x < 0.0);
}`,
    ["bits", "log1p"],
  ],
  logistic: [
    `fn tj_logistic(x: f32) -> f32 {
  if (tj_isnan(x)) { return x; }
  if (x >= 0.0) { return 1.0 / (1.0 + tj_exp(-x)); }
  let e = tj_exp(x);
  return e / (1.0 + e);
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
  else { r = tj_exp2(y * log2(ax)); }
  return tj_neg_if(r, tj_signbit(x) && yodd);
}`,
    ["bits", "exp2"],
  ],
  max: [`fn tj_max(a: f32, b: f32) -> f32 { if (tj_isnan(a) || tj_isnan(b)) { return tj_nan(); } return max(a, b); }`, ["bits"]],
  min: [`fn tj_min(a: f32, b: f32) -> f32 { if (tj_isnan(a) || tj_isnan(b)) { return tj_nan(); } return min(a, b); }`, ["bits"]],
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
