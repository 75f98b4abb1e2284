"""Reference values for tsjax-core's new lax functions (JAX 0.10.2, CPU).

Run: cd scripts/refs/laxlib && python3 lax.py > ../../../tsjax-core/test/refs/laxlib/lax.ts
"""
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from common import emit, tolist

out = {}
f32 = lambda v: np.array(v, np.float32)
i32 = lambda v: np.array(v, np.int32)
x = f32(np.arange(24).reshape(2, 3, 4) * 0.5 - 3)
out["x"] = tolist(x)
out["inDim"] = {
    "slice": tolist(lax.slice_in_dim(x, 1, 4, 2, axis=2)),
    "sliceNeg": tolist(lax.slice_in_dim(x, -2, None, 1, axis=1)),
    "index": tolist(lax.index_in_dim(x, 2, axis=1, keepdims=False)),
    "indexKeep": tolist(lax.index_in_dim(x, -1, axis=2)),
    "dynSlice": tolist(lax.dynamic_slice_in_dim(x, 2, 2, axis=1)),
    "dynIndex": tolist(lax.dynamic_index_in_dim(x, 3, axis=2, keepdims=False)),
    "dynUpdSlice": tolist(lax.dynamic_update_slice_in_dim(x, jnp.ones((2, 3, 2)), 3, axis=2)),
    "dynUpdIndex": tolist(lax.dynamic_update_index_in_dim(x, jnp.full((2, 4), 9.0), 1, axis=1)),
}
v = f32([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 1.0009765625, 70000, 1e-8, 3.14159265, -65519.0, 65520.0])
out["rp"] = tolist(v)
out["reducePrecision"] = {
    "f16": tolist(lax.reduce_precision(v, 5, 10)),
    "bf16": tolist(lax.reduce_precision(v, 8, 7)),
    "e3m2": tolist(lax.reduce_precision(v, 3, 2)),
    "grad": tolist(jax.vmap(jax.grad(lambda a: lax.reduce_precision(a * 3.0, 5, 3)))(v[:6])),
}
which = i32([0, 2, 1, 2, 0, 1])
cases = [f32([1, 2, 3, 4, 5, 6]), f32([10, 20, 30, 40, 50, 60]), f32([100, 200, 300, 400, 500, 600])]
out["selectN"] = tolist(lax.select_n(which, *cases))
out["selectNBool"] = tolist(lax.select_n(np.array([True, False, True, False, True, True]), *cases[:2]))
out["selectNGrad"] = [tolist(g) for g in jax.grad(lambda a, b, c: lax.select_n(which, a, b, c).sum(), argnums=(0, 1, 2))(*cases)]

k1 = f32([[3, 1, 2, 1, 3, 2], [0, 0, 1, 1, 0, 1]])
k2 = f32([[2, 5, 1, 4, 1, 3], [6, 5, 4, 3, 2, 1]])
vals = f32([[10, 11, 12, 13, 14, 15], [20, 21, 22, 23, 24, 25]])
out["sortK1"] = tolist(k1)
out["sortK2"] = tolist(k2)
out["sortVals"] = tolist(vals)
out["sort2keys"] = [tolist(a) for a in lax.sort((k1, k2, vals), dimension=1, num_keys=2)]
out["sort1key"] = [tolist(a) for a in lax.sort((k1, k2, vals), dimension=-1, num_keys=1)]
out["sortAxis0"] = [tolist(a) for a in lax.sort((k1, vals), dimension=0, num_keys=1)]
out["sortKeyVal"] = [tolist(a) for a in lax.sort_key_val(k2, vals)]
out["sortKeyValGrad"] = tolist(jax.grad(lambda v: (lax.sort_key_val(k2, v)[1] * jnp.arange(6.0)).sum())(vals))

t = f32([[9, 3, 6, 4, 10, 6], [-1, -5, np.nan, 7, -0.0, 0.0]])
out["topKx"] = tolist(t)
out["topK3"] = [tolist(a) for a in lax.top_k(t, 3)]
out["topK6"] = [tolist(a) for a in lax.top_k(t, 6)]
out["topKAxis0"] = [tolist(a) for a in lax.top_k(t[:, :4], 1, axis=0)]
ti = i32([[-2**31, 5, 0, 5, 2**31 - 1, -7]])
out["topKInt"] = [tolist(a) for a in lax.top_k(ti, 4)]
out["topKGrad"] = tolist(jax.grad(lambda a: (lax.top_k(a, 3)[0] * jnp.array([1.0, 2.0, 3.0])).sum())(t[0]))

s = f32([[0.5, -1, 2, 3, -0.25, 1.5, 4], [1, 1, 1, 1, 1, 1, 1]])
out["scanX"] = tolist(s)
out["scanAdd"] = tolist(lax.associative_scan(jnp.add, s, axis=1))
out["scanMaxRev"] = tolist(lax.associative_scan(jnp.maximum, s, reverse=True, axis=1))
out["scanAxis0"] = tolist(lax.associative_scan(jnp.multiply, s, axis=0))
# affine recurrence h = a h + b as an associative pair scan
A = f32([0.5, 0.9, 1.1, 0.3, 0.7]); B = f32([1, -1, 2, 0.5, 3])
comb = lambda p, q: (q[0] * p[0], q[0] * p[1] + q[1])
out["scanPair"] = [tolist(a) for a in lax.associative_scan(comb, (A, B))]
out["scanGrad"] = tolist(jax.grad(lambda a: (lax.associative_scan(jnp.multiply, a) ** 2).sum())(A))
out["cumlogsumexp"] = tolist(lax.cumlogsumexp(s, axis=1))
out["cumlogsumexpRev"] = tolist(lax.cumlogsumexp(s, axis=1, reverse=True))
out["cumlogsumexpInf"] = tolist(lax.cumlogsumexp(f32([-np.inf, -np.inf, 0, np.inf, 1])))
out["cumlogsumexpGrad"] = tolist(jax.grad(lambda a: (lax.cumlogsumexp(a) * jnp.arange(7.0)).sum())(s[0]))

r = f32(np.arange(24).reshape(2, 3, 4) % 7 - 3)
out["redX"] = tolist(r)
out["reduceSum"] = tolist(lax.reduce(r, 0.0, lax.add, (0, 2)))
out["reduceMax"] = tolist(lax.reduce(r, -np.inf, lax.max, (1,)))
out["reduceProdAll"] = tolist(lax.reduce(r[0] + 4, 1.0, lax.mul, (0, 1)))
idx = jnp.broadcast_to(jnp.arange(4, dtype=jnp.float32), (2, 3, 4))
def am(a, b):
    (va, ia), (vb, ib) = a, b
    pick = (va > vb) | ((va == vb) & (ia < ib))
    return lax.select(pick, va, vb), lax.select(pick, ia, ib)
out["reduceArgmax"] = [tolist(a) for a in lax.reduce((r, idx), (-np.inf, np.float32(np.inf)), am, (2,))]
out["reduceSumGrad"] = tolist(jax.grad(lambda a: (lax.reduce(a, 0.0, lax.add, (1,)) ** 2).sum())(r))
bits = i32([[5, 3, 12], [-1, 7, 0]])
out["bits"] = tolist(bits)
out["reduceAnd"] = tolist(lax.reduce_and(bits, (1,)))
out["reduceOr"] = tolist(lax.reduce_or(bits, (1,)))
out["reduceXor"] = tolist(lax.reduce_xor(bits, (0,)))
bb = np.array([[True, False, True], [True, True, True]])
out["reduceAndBool"] = tolist(lax.reduce_and(bb, (1,)))
out["reduceXorBool"] = tolist(lax.reduce_xor(bb, (1,)))

op = f32(np.arange(12).reshape(4, 3))
sidx = i32([[1], [3], [1], [7], [-1]])
upd = f32([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12], [13, 14, 15]])
dn = lax.ScatterDimensionNumbers(update_window_dims=(1,), inserted_window_dims=(0,), scatter_dims_to_operand_dims=(0,))
out["scOp"] = tolist(op)
out["scIdx"] = tolist(sidx)
out["scUpd"] = tolist(upd)
out["scatter"] = {
    "add": tolist(lax.scatter_add(op, sidx, upd, dn)),
    "sub": tolist(lax.scatter_sub(op, sidx, upd, dn)),
    "mul": tolist(lax.scatter_mul(op, sidx, upd, dn)),
    "min": tolist(lax.scatter_min(op, sidx, upd * 0.5 - 2, dn)),
    "max": tolist(lax.scatter_max(op, sidx, upd * 0.5, dn)),
    "addClip": tolist(lax.scatter_add(op, sidx, upd, dn, mode="clip")),
}
# updates with the window axis first, scattering into axis 1
dn2 = lax.ScatterDimensionNumbers(update_window_dims=(0,), inserted_window_dims=(1,), scatter_dims_to_operand_dims=(1,))
out["scatterAxis1"] = tolist(lax.scatter_add(op, i32([[2], [0]]), f32([[1, 2], [3, 4], [5, 6], [7, 8]]), dn2))
# 2-D index vectors into a [4, 3] operand (points)
dn3 = lax.ScatterDimensionNumbers(update_window_dims=(), inserted_window_dims=(0, 1), scatter_dims_to_operand_dims=(1, 0))
out["scatterPoints"] = tolist(lax.scatter_add(op, i32([[2, 3], [0, 0], [2, 3]]), f32([1, 2, 3]), dn3))
out["scatterAddGrad"] = [tolist(g) for g in jax.grad(lambda o, u: (lax.scatter_add(o, sidx, u, dn) ** 2).sum(), argnums=(0, 1))(op, upd)]
out["scatterMulGrad"] = [tolist(g) for g in jax.grad(lambda o, u: (lax.scatter_mul(o, sidx[:2], u[:2], dn, unique_indices=True) * 1.5).sum(), argnums=(0, 1))(op, upd)]

a8 = np.array([[100, -100, 7], [3, 4, -128]], np.int8)
b8 = np.array([[100, 2], [-100, 3], [1, 127]], np.int8)
out["a8"] = tolist(a8)
out["b8"] = tolist(b8)
out["dotI8I32"] = tolist(lax.dot(a8, b8, preferred_element_type=jnp.int32))
h1 = np.array([[1.0009765625, 2048, 3], [0.1, 0.2, 0.3]], np.float16)
h2 = np.array([[2048, 1], [1, 1], [1, 0.5]], np.float16)
out["h1"] = tolist(h1)
out["h2"] = tolist(h2)
out["dotF16F32"] = tolist(lax.dot(h1, h2, preferred_element_type=jnp.float32))
out["dotF16"] = tolist(lax.dot(h1, h2))
m1 = f32(np.arange(6).reshape(2, 3)); m2 = f32(np.arange(3) - 1.0)
out["dotMV"] = tolist(lax.dot(m1, m2))
ba = f32(np.arange(24).reshape(2, 3, 4) * 0.1); bbm = f32(np.arange(16).reshape(2, 4, 2) * 0.2 - 1)
out["batchMatmul"] = tolist(lax.batch_matmul(ba, bbm))
out["dotGeneralTuple"] = tolist(lax.dot_general(ba, bbm, (((2,), (1,)), ((0,), (0,))), preferred_element_type=jnp.float32))

rng = np.random.RandomState(0)
cx = f32(rng.randn(1, 3, 4, 2))  # NHWC
cw = f32(rng.randn(3, 2, 2, 3))  # HWIO
out["cx"] = tolist(cx)
out["cw"] = tolist(cw)
out["convT"] = {
    "same2": tolist(lax.conv_transpose(cx, cw, (2, 2), "SAME")),
    "valid2": tolist(lax.conv_transpose(cx, cw, (2, 2), "VALID")),
    "same1": tolist(lax.conv_transpose(cx, cw, (1, 1), "SAME")),
    "pads": tolist(lax.conv_transpose(cx, cw, (2, 1), ((1, 0), (2, 1)))),
    "dil": tolist(lax.conv_transpose(cx, cw, (2, 2), "SAME", rhs_dilation=(2, 1))),
}
cw2 = f32(rng.randn(3, 2, 3, 2))  # HWIO with I=3 (kernel of the forward conv 2->3); transpose_kernel swaps
out["cw2"] = tolist(cw2)
out["convT"]["transposeKernel"] = tolist(lax.conv_transpose(cx, cw2, (2, 2), "SAME", transpose_kernel=True))
c1x = f32(rng.randn(2, 2, 5))  # NCH
c1w = f32(rng.randn(3, 2, 3))  # IOH? use explicit specs
out["c1x"] = tolist(c1x)
out["c1w"] = tolist(c1w)
out["convT"]["nch"] = tolist(lax.conv_transpose(c1x, c1w, (3,), "VALID", dimension_numbers=("NCH", "OIH", "NCH")))
out["convTGrad"] = tolist(jax.grad(lambda w: (lax.conv_transpose(cx, w, (2, 2), "SAME") ** 2).sum())(cw))

# custom_root: sqrt(a) by Newton with a fixed number of steps; implicit gradient 1 / (2 sqrt a)
def newton(f, x0):
    def body(i, x):
        fx, dfx = jax.jvp(f, (x,), (jnp.ones_like(x),))
        return x - fx / dfx
    return lax.fori_loop(0, 30, body, x0)
def sqrt_root(a):
    return lax.custom_root(lambda x: x * x - a, jnp.ones_like(a), newton, lambda g, y: y / g(jnp.ones_like(y)))
sa = f32([2.0, 9.0, 0.25])
out["rootA"] = tolist(sa)
out["root"] = tolist(jax.vmap(sqrt_root)(sa))
out["rootGrad"] = tolist(jax.vmap(jax.grad(sqrt_root))(sa))
M = f32([[4, 1, 0], [1, 3, 1], [0, 1, 2]])
bvec = f32([1, 2, 3])
def lin(M, b):
    return lax.custom_linear_solve(lambda v: M @ v, b, lambda mv, r: jnp.linalg.solve(M, r), symmetric=True)
out["M"] = tolist(M)
out["bvec"] = tolist(bvec)
out["linsolve"] = tolist(lin(M, bvec))
gM, gb = jax.grad(lambda M, b: (lin(M, b) * jnp.array([1.0, -2.0, 0.5])).sum(), argnums=(0, 1))(M, bvec)
out["linsolveGradM"] = tolist(gM)
out["linsolveGradB"] = tolist(gb)
N = f32([[3, 1, 0], [0.5, 2, 1], [0, -1, 4]])
def lin2(N, b):
    return lax.custom_linear_solve(lambda v: N @ v, b, lambda mv, r: jnp.linalg.solve(N, r), lambda vm, r: jnp.linalg.solve(N.T, r))
out["N"] = tolist(N)
gN, gb2 = jax.grad(lambda N, b: (lin2(N, b) ** 2).sum(), argnums=(0, 1))(N, bvec)
out["linsolve2"] = tolist(lin2(N, bvec))
out["linsolve2GradN"] = tolist(gN)
out["linsolve2GradB"] = tolist(gb2)

out["sqLike"] = {
    "square": tolist(lax.square(f32([-3, 0.5]))),
    "reciprocal": tolist(lax.reciprocal(f32([4, -0.5]))),
    "bitwiseNot": tolist(lax.bitwise_not(i32([0, 5, -1]))),
    "lgamma": tolist(lax.lgamma(f32([0.5, 3, 10]))),
    "digamma": tolist(lax.digamma(f32([0.5, 3, 10]))),
    "igamma": tolist(lax.igamma(f32([0.5, 3, 10]), f32([1, 2, 12]))),
    "igammac": tolist(lax.igammac(f32([0.5, 3, 10]), f32([1, 2, 12]))),
    "betainc": tolist(lax.betainc(f32([0.5, 3, 10]), f32([1, 2, 12]), f32([0.2, 0.5, 0.7]))),
    "besselI0e": tolist(lax.bessel_i0e(f32([0.5, 3, 10]))),
    "besselI1e": tolist(lax.bessel_i1e(f32([0.5, 3, 10]))),
    "erf": tolist(lax.erf(f32([0.5, -1, 2]))),
    "erfc": tolist(lax.erfc(f32([0.5, -1, 2]))),
    "erfInv": tolist(lax.erf_inv(f32([0.5, -0.9, 0]))),
    "zeta": tolist(lax.zeta(f32([2, 3, 4.5]), f32([1, 2, 0.5]))),
    "polygamma": tolist(lax.polygamma(f32([1, 2, 1.5]), f32([1, 1, 1]))),
}
out["shapes"] = {
    "expandDims": list(lax.expand_dims(x, (0, -1)).shape),
    "squeeze": list(lax.squeeze(jnp.ones((1, 3, 1)), (0, 2)).shape),
    "broadcast": list(lax.broadcast(jnp.ones((3,)), (2, 4)).shape),
    "broadcastToRank": list(lax.broadcast_to_rank(jnp.ones((3,)), 3).shape),
    "collapse": list(lax.collapse(x, 1).shape),
    "collapse02": list(lax.collapse(x, 0, 2).shape),
}
na = f32([1, 1, -1, 0, 0, 3.5, 1e30, -2, np.nan])
nb = f32([2, 0, -3, 1, -1, 3.5, np.inf, np.inf, 1])
out["naX1"] = tolist(na)
out["naX2"] = tolist(nb)
out["nextafter"] = tolist(lax.nextafter(na, nb))
ma = i32([0x40000000, -5, 123456789, -2**31, 2**31 - 1, 7])
mb = i32([8, 3, 987654321, -2**31, 2**31 - 1, -1])
out["mulhiA"] = tolist(ma)
out["mulhiB"] = tolist(mb)
out["mulhi"] = tolist(lax.mulhi(ma, mb))
out["mulhiU"] = tolist(lax.mulhi(ma.view(np.uint32), mb.view(np.uint32)))
ak = f32([[5, 1, 4, 1, np.nan, -2], [0, -0.0, 3, 3, -1, 2]])
out["akX"] = tolist(ak)
out["approxMaxK"] = [tolist(a) for a in lax.approx_max_k(ak, 3)]
out["approxMinK"] = [tolist(a) for a in lax.approx_min_k(ak, 3)]
out["padtypeToPads"] = [list(map(list, lax.padtype_to_pads((5, 8), (3, 4), (2, 3), p))) for p in ["SAME", "SAME_LOWER", "VALID"]]
out["igammaGradA"] = tolist(lax.igamma_grad_a(f32([0.5, 2, 7]), f32([1, 1, 9])))
out["randomGammaGrad"] = tolist(lax.random_gamma_grad(f32([0.5, 2, 7]), f32([0.3, 1.5, 9])))
it = f32(np.arange(24).reshape(2, 3, 4))
out["indexTake"] = tolist(lax.index_take(it, i32([[1, 0, 1], [2, 0, 0]]), (0, 2)))
cwx = f32(rng.randn(1, 2, 5, 5)); cww = f32(rng.randn(3, 2, 2, 2))
out["cwx"] = tolist(cwx)
out["cww"] = tolist(cww)
out["convWGP"] = tolist(lax.conv_with_general_padding(cwx, cww, (2, 1), ((1, 0), (0, 2)), (1, 2), (2, 1)))
emit("LAX", "lax.py", out)
