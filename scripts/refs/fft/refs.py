"""Reference values of the complex64 and np.fft tests (tsjax-core/src/complex/*.test.ts,
tsjax-core/src/numpy/fft/*.test.ts), computed with JAX 0.10.2 on CPU (float32 / complex64).

Run: python3 scripts/refs/fft/refs.py   (writes tsjax-core/test/refs/fft.ts; the tests never run Python)

Arrays are {"shape": [...], "dtype": ..., "data": [...]}: complex64 data interleaved (re, im),
NaN and infinities as strings.
"""
import json
import math
import os

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tsjax-core", "test", "refs", "fft.ts")


def num(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return float("%.9g" % v)


def arr(x):
    x = np.asarray(x)
    flat = x.reshape(-1)
    if np.iscomplexobj(x):
        data = []
        for v in flat.astype(np.complex64):
            data += [num(v.real), num(v.imag)]
        dtype = "complex64"
    elif x.dtype == np.bool_:
        data, dtype = [bool(v) for v in flat], "bool"
    elif np.issubdtype(x.dtype, np.integer):
        data, dtype = [int(v) for v in flat], "int32"
    else:
        data, dtype = [num(v) for v in flat.astype(np.float32)], "float32"
    return {"shape": list(x.shape), "dtype": dtype, "data": data}


def rand(shape, seed):
    return np.random.RandomState(seed).uniform(-1, 1, size=shape).astype(np.float32)


def crand(shape, seed):
    r = np.random.RandomState(seed)
    return (r.uniform(-1, 1, size=shape) + 1j * r.uniform(-1, 1, size=shape)).astype(np.complex64)


out = {}

# --- complex elementwise ops -------------------------------------------------------------
z1 = crand((7,), 1) * np.complex64(2)
z2 = crand((7,), 2) * np.complex64(2)
z1[0] = 0.5 + 0j
z2[1] = 0 - 1.5j
ops = {}
u = {
    "neg": jnp.negative, "exp": jnp.exp, "log": jnp.log, "sqrt": jnp.sqrt, "abs": jnp.abs, "conj": jnp.conj,
    "real": jnp.real, "imag": jnp.imag, "angle": jnp.angle, "sin": jnp.sin, "cos": jnp.cos, "tan": jnp.tan,
    "sinh": jnp.sinh, "cosh": jnp.cosh, "tanh": jnp.tanh, "expm1": jnp.expm1, "log1p": jnp.log1p,
    "rsqrt": lax.rsqrt, "sign": jnp.sign, "square": jnp.square, "cube": lambda z: z ** 3, "powm2": lambda z: z ** -2,
    "reciprocal": jnp.reciprocal, "log10": jnp.log10, "round": lambda z: jnp.round(z * 3), "round1": lambda z: jnp.round(z * 3, 1), "rint": lambda z: jnp.rint(z * 3),
}
for k, f in u.items():
    ops[k] = arr(f(z1))
b = {"add": jnp.add, "sub": jnp.subtract, "mul": jnp.multiply, "div": jnp.divide, "pow": jnp.power,
     "equal": jnp.equal, "notEqual": jnp.not_equal}
for k, f in b.items():
    ops[k] = arr(f(z1, z2))
ops["equalSelf"] = arr(jnp.equal(z1, z1))
cond = np.array([True, False, True, True, False, False, True])
ops["where"] = arr(jnp.where(cond, z1, z2))
out["ops"] = {"z1": arr(z1), "z2": arr(z2), "cond": arr(cond), **ops}

# large and special arguments
zs = np.array([1e30 + 1e30j, 1e-30 + 2e-30j, 80 + 1j, -80 + 1j, 1 + 80j, 0 + 0j, -4 + 0j, 0 - 4j, 3e38 + 3e38j], dtype=np.complex64)
out["special"] = {"z": arr(zs), "abs": arr(jnp.abs(zs)), "sqrt": arr(jnp.sqrt(zs)), "tanh": arr(jnp.tanh(zs[2:5])),
                  "tan": arr(jnp.tan(zs[2:5])), "log": arr(jnp.log(zs[:2])), "div": arr(jnp.divide(jnp.asarray(zs), jnp.complex64(1e30 + 2e30j)))}
nanz = np.array([complex(np.nan, 0), complex(0, np.inf), 1 + 1j, complex(-np.inf, 2)], dtype=np.complex64)
out["nonfinite"] = {"z": arr(nanz), "isnan": arr(jnp.isnan(nanz)), "isinf": arr(jnp.isinf(nanz)), "isfinite": arr(jnp.isfinite(nanz))}

# promotion, conversion
x32 = rand((7,), 3)
out["promote"] = {
    "f32c64": str((jnp.asarray(x32) + jnp.asarray(z1)).dtype),
    "i32c64": str((jnp.arange(7, dtype=jnp.int32) + jnp.asarray(z1)).dtype),
    "f16c64": str((jnp.asarray(x32, dtype=jnp.float16) + jnp.asarray(z1)).dtype),
    "weak": str((jnp.asarray(z1) * 2.5).dtype),
    "x": arr(x32),
    "sum": arr(jnp.asarray(x32) + jnp.asarray(z1)),
    "toReal": arr(jnp.asarray(z1).astype(jnp.float32)),
    "toInt": arr(jnp.asarray(z1 * 3).astype(jnp.int32)),
    "toBool": arr(jnp.asarray(np.array([0, 1j, 2, 0j], dtype=np.complex64)).astype(jnp.bool_)),
    "fromReal": arr(jnp.asarray(x32).astype(jnp.complex64)),
    "laxComplex": arr(lax.complex(x32, x32[::-1].copy())),
}

# reductions and products
za = crand((3, 4), 4)
zb = crand((4, 2), 5)
zc = crand((2, 3, 4), 6)
out["reduce"] = {
    "a": arr(za), "b": arr(zb), "c": arr(zc),
    "sum": arr(jnp.sum(za)), "sum0": arr(jnp.sum(za, 0)), "mean1": arr(jnp.mean(za, 1)), "prod1": arr(jnp.prod(za, 1)),
    "prodAll": arr(jnp.prod(zc)), "var": arr(jnp.var(za, 1)), "std": arr(jnp.std(za)),
    "cumsum": arr(jnp.cumsum(za, 1)),
    "matmul": arr(za @ zb), "dot": arr(jnp.dot(za[0], zb[:, 0])), "einsum": arr(jnp.einsum("bij,jk->bik", zc, zb)),
    "vdot": arr(jnp.vdot(za[0], za[1])),
    "matmulMixed": arr(za @ rand((4, 2), 7)), "mixedB": arr(rand((4, 2), 7)),
}

# --- autodiff with complex values (JAX's convention) ------------------------------------
xr = rand((8,), 8)
w = rand((8,), 9)
zz = crand((5,), 10)
cw = crand((5,), 11)
ad = {"x": arr(xr), "w": arr(w), "z": arr(zz), "cw": arr(cw)}
ad["gradPower"] = arr(jax.grad(lambda x: jnp.sum(jnp.abs(jnp.fft.fft(x)) ** 2 * jnp.concatenate([w, w])[:8]))(xr))
ad["gradRealMul"] = arr(jax.grad(lambda z: jnp.real(jnp.sum(z * cw)))(zz))
ad["gradAbs"] = arr(jax.grad(lambda z: jnp.sum(jnp.abs(z)))(zz))
ad["gradAbs2"] = arr(jax.grad(lambda z: jnp.sum(jnp.abs(z) ** 2))(zz))
ad["gradExpImag"] = arr(jax.grad(lambda z: jnp.sum(jnp.imag(jnp.exp(z)) * jnp.arange(5.0)))(zz))
ad["gradAngle"] = arr(jax.grad(lambda z: jnp.sum(jnp.angle(z)))(zz))
ad["gradSqrtLog"] = arr(jax.grad(lambda z: jnp.sum(jnp.real(jnp.sqrt(z) * jnp.log(z) / (z + 2))))(zz))
ad["gradMatmul"] = arr(jax.grad(lambda a: jnp.sum(jnp.abs(a @ zb) ** 2))(za))
ad["holoSin"] = arr(jax.grad(lambda z: jnp.sin(z) * z, holomorphic=True)(zz[0]))
ad["holoJacfwd"] = arr(jax.jacfwd(lambda z: jnp.exp(z) * z[::-1], holomorphic=True)(zz))
ad["holoJacrev"] = arr(jax.jacrev(lambda z: jnp.exp(z) * z[::-1], holomorphic=True)(zz))
ad["jacfwdRealToComplex"] = arr(jax.jacfwd(lambda x: jnp.fft.fft(x))(xr[:4]))
ad["jacrevComplexToReal"] = arr(jax.jacrev(lambda z: jnp.abs(z) ** 2 + jnp.real(z))(zz[:3]))
y, vjp_fn = jax.vjp(lambda z: jnp.fft.fft(z), zz)
ad["vjpFft"] = arr(vjp_fn(cw)[0])
ad["jvpFft"] = arr(jax.jvp(lambda z: jnp.fft.fft(z), (zz,), (cw,))[1])
y, vjp_fn = jax.vjp(lambda x: jnp.fft.rfft(x), xr)
ad["ct5"] = arr(crand((5,), 12))
ad["vjpRfft"] = arr(vjp_fn(crand((5,), 12))[0])
zh = crand((5,), 13)
y, vjp_fn = jax.vjp(lambda z: jnp.fft.irfft(z), zh)
ad["zh"] = arr(zh)
ad["vjpIrfft"] = arr(vjp_fn(rand((8,), 14))[0])
ad["ct8"] = arr(rand((8,), 14))
y, vjp_fn = jax.vjp(lambda z: jnp.fft.irfft(z, 9), zh)
ad["vjpIrfftOdd"] = arr(vjp_fn(rand((9,), 15))[0])
ad["ct9"] = arr(rand((9,), 15))
y, vjp_fn = jax.vjp(lambda x: jnp.fft.rfft(x, 9), xr)
ad["vjpRfftOdd"] = arr(vjp_fn(crand((5,), 16))[0])
ad["ct5b"] = arr(crand((5,), 16))
x2 = rand((4, 6), 17)
ad["x2"] = arr(x2)
ad["gradRfft2"] = arr(jax.grad(lambda x: jnp.sum(jnp.abs(jnp.fft.rfft2(x)) * jnp.arange(4.0)[:, None]))(x2))
ad["gradIrfft2"] = arr(jax.grad(lambda z: jnp.sum(jnp.fft.irfft2(z, s=(4, 6)) ** 2))(jnp.fft.rfft2(x2)))
ad["gradIfft"] = arr(jax.grad(lambda z: jnp.sum(jnp.real(jnp.fft.ifft(z)) * w[:5]))(zz))
out["ad"] = ad

# --- np.fft ------------------------------------------------------------------------------
ff = {}
for n in [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 17, 30, 64, 97, 100, 128, 210, 256, 1000]:
    z = crand((n,), 100 + n)
    ff[f"fft{n}"] = {"x": arr(z), "fft": arr(jnp.fft.fft(z)), "ifft": arr(jnp.fft.ifft(z))}
out["lengths"] = ff

x = rand((3, 10), 20)
zx = crand((3, 10), 21)
one = {"x": arr(x), "z": arr(zx)}
one["rfft"] = arr(jnp.fft.rfft(x))
one["rfftOdd"] = arr(jnp.fft.rfft(x[:, :9]))
one["rfftN"] = arr(jnp.fft.rfft(x, n=7))
one["rfftAxis0"] = arr(jnp.fft.rfft(x, axis=0))
one["irfft"] = arr(jnp.fft.irfft(zx))
one["irfftN"] = arr(jnp.fft.irfft(zx, n=11))
one["irfftN4"] = arr(jnp.fft.irfft(zx, n=4))
one["fftN16"] = arr(jnp.fft.fft(zx, n=16))
one["fftN6Axis0"] = arr(jnp.fft.fft(zx, n=6, axis=0))
one["fftReal"] = arr(jnp.fft.fft(x))
for norm in ["backward", "ortho", "forward"]:
    one[f"fft_{norm}"] = arr(jnp.fft.fft(zx, norm=norm))
    one[f"ifft_{norm}"] = arr(jnp.fft.ifft(zx, norm=norm))
    one[f"rfft_{norm}"] = arr(jnp.fft.rfft(x, norm=norm))
    one[f"irfft_{norm}"] = arr(jnp.fft.irfft(zx, norm=norm))
    one[f"hfft_{norm}"] = arr(jnp.fft.hfft(zx[0, :6], norm=norm))
    one[f"ihfft_{norm}"] = arr(jnp.fft.ihfft(x[0], norm=norm))
one["hfft"] = arr(jnp.fft.hfft(zx))
one["hfftN"] = arr(jnp.fft.hfft(zx, n=7))
one["ihfft"] = arr(jnp.fft.ihfft(x))
one["ihfftN"] = arr(jnp.fft.ihfft(x, n=6, axis=0))
out["oneAxis"] = one

x3 = rand((3, 4, 5), 30)
z3 = crand((3, 4, 5), 31)
nd = {"x": arr(x3), "z": arr(z3)}
nd["fft2"] = arr(jnp.fft.fft2(z3))
nd["ifft2"] = arr(jnp.fft.ifft2(z3))
nd["rfft2"] = arr(jnp.fft.rfft2(x3))
nd["irfft2"] = arr(jnp.fft.irfft2(z3))
nd["fft2Axes"] = arr(jnp.fft.fft2(z3, axes=(0, 2)))
nd["fft2S"] = arr(jnp.fft.fft2(z3, s=(3, 8)))
nd["fftn"] = arr(jnp.fft.fftn(z3))
nd["ifftn"] = arr(jnp.fft.ifftn(z3, norm="ortho"))
nd["fftnS"] = arr(jnp.fft.fftn(z3, s=(2, 6)))
nd["fftnAxes"] = arr(jnp.fft.fftn(z3, axes=(1,)))
nd["fftnSAxes"] = arr(jnp.fft.fftn(z3, s=(5, 2), axes=(2, 0)))
nd["rfftn"] = arr(jnp.fft.rfftn(x3))
nd["irfftn"] = arr(jnp.fft.irfftn(z3))
nd["irfftnS"] = arr(jnp.fft.irfftn(z3, s=(3, 4, 7)))
nd["rfftnAxes"] = arr(jnp.fft.rfftn(x3, axes=(0, 1)))
x4 = rand((2, 3, 2, 4, 3), 32)
nd["x4"] = arr(x4)
nd["fftn4"] = arr(jnp.fft.fftn(x4, axes=(1, 2, 3, 4)))
nd["fftn5"] = arr(jnp.fft.fftn(x4))
nd["rfftn4"] = arr(jnp.fft.rfftn(x4, axes=(0, 1, 2, 3)))
nd["irfftn4"] = arr(jnp.fft.irfftn(jnp.fft.rfftn(x4, axes=(0, 1, 2, 3)), s=(2, 3, 2, 4), axes=(0, 1, 2, 3)))
out["nAxes"] = nd

fr = {}
for n in [1, 7, 8]:
    fr[f"fftfreq{n}"] = arr(jnp.fft.fftfreq(n))
    fr[f"rfftfreq{n}"] = arr(jnp.fft.rfftfreq(n))
fr["fftfreqD"] = arr(jnp.fft.fftfreq(9, d=0.1))
fr["rfftfreqD"] = arr(jnp.fft.rfftfreq(9, d=0.1))
m = np.arange(12, dtype=np.float32).reshape(3, 4)
fr["m"] = arr(m)
fr["fftshift"] = arr(jnp.fft.fftshift(m))
fr["ifftshift"] = arr(jnp.fft.ifftshift(m))
fr["fftshiftAxis"] = arr(jnp.fft.fftshift(m, axes=1))
fr["ifftshiftAxes"] = arr(jnp.fft.ifftshift(m, axes=(0,)))
out["freq"] = fr

# batching and jit through the primitive
xb = rand((4, 12), 40)
out["vmap"] = {"x": arr(xb), "rfft": arr(jax.vmap(jnp.fft.rfft)(xb)),
               "gradVmap": arr(jax.vmap(jax.grad(lambda v: jnp.sum(jnp.abs(jnp.fft.fft(v)))))(xb)),
               "jitFft": arr(jax.jit(lambda v: jnp.fft.ifft(jnp.fft.fft(v) * 2))(xb))}

with open(OUT, "w") as fh:
    fh.write("// Generated by scripts/refs/fft/refs.py (jax %s, CPU); do not edit by hand.\n" % jax.__version__)
    fh.write("export const JAX: Record<string, Record<string, unknown>> = %s;\n" % json.dumps(out, separators=(",", ":")))
print("wrote", OUT)
