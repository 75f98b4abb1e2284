"""Reference cases for the np (and a few lax/nn/random) tests: each case calls a JAX function on
fixed inputs and records the inputs, the options (camelCase) and the outputs, and, for
differentiable cases, the gradient of sum(out * w) for fixed weights w. The TypeScript side
(tsjax-core/test/np-cases.ts) makes the same call by name, so one table tests values, dtypes,
jit, vmap and grad of many functions at once. Tests never run Python: the scripts write
tsjax-core/test/refs/numpy/<name>.ts, which is committed.

    python3 scripts/refs/numpy/<script>.py
"""
import json
import math
import os

import jax
import jax.numpy as jnp
import numpy as np

OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tsjax-core", "test", "refs", "numpy")

NAMESPACES = {"np": jnp, "lax": jax.lax, "nn": jax.nn, "random": jax.random, "special": jax.scipy.special}


def camel(name):
    parts = name.split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def resolve(name):
    """"sum" -> jnp.sum; "lax.round" -> jax.lax.round; "linalg.norm" -> jnp.linalg.norm."""
    head, _, rest = name.partition(".")
    obj = NAMESPACES[head] if head in NAMESPACES and rest else jnp
    path = rest.split(".") if head in NAMESPACES and rest else name.split(".")
    for p in path:
        obj = getattr(obj, p)
    return obj


def num(v):
    v = float(v)
    if math.isnan(v):
        return {"f": "NaN"}
    if math.isinf(v):
        return {"f": "Infinity" if v > 0 else "-Infinity"}
    return float("%.9g" % v)


def enc(x):
    """JSON for an argument or a result: arrays as {a: flat values, s: shape, d: dtype}."""
    if isinstance(x, (jax.Array, np.ndarray, np.generic)) and not isinstance(x, (str, bytes)):
        x = np.asarray(x)
        if x.dtype == np.bool_:
            data = x.reshape(-1).tolist()
        elif np.issubdtype(x.dtype, np.integer):
            data = [int(v) for v in x.reshape(-1).tolist()]
        else:
            data = [num(v) for v in x.reshape(-1).tolist()]
        return {"a": data, "s": list(x.shape), "d": str(x.dtype)}
    if isinstance(x, (tuple, list)):
        return [enc(v) for v in x]
    if isinstance(x, dict):
        return {"o": {camel(k): enc(v) for k, v in x.items()}}
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, int):
        return x
    if isinstance(x, float):
        return num(x)
    if isinstance(x, np.dtype) or isinstance(x, type) or type(x).__name__ == "_ScalarMeta":
        return {"dtype": str(np.dtype(x))}
    raise TypeError(f"cannot encode {type(x)}: {x!r}")


def leaves(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def f32(x):
    return np.asarray(x, dtype=np.float32)


def rand(shape, seed, lo=-1.0, hi=1.0):
    return f32(np.random.RandomState(seed).uniform(lo, hi, size=shape))


def ints(shape, seed, lo=0, hi=10, dtype=np.int32):
    return np.random.RandomState(seed).randint(lo, hi, size=shape).astype(dtype)


class Cases:
    """A table of cases, written to test/refs/numpy/<name>.ts by write()."""

    def __init__(self, name, header):
        self.name = name
        self.header = header
        self.cases = {}

    def add(self, key, fn, *args, grad=None, tol=None, jit=True, vmap=True, cpu=False, **kw):
        """Records fn(*args, **kw). grad: indices of the float arguments to differentiate;
        jit/vmap=False where the function needs concrete values; cpu=True where the call reads
        values on the host (tsjax does that on the CPU only)."""
        if key in self.cases:
            raise ValueError(f"duplicate case {key}")
        f = resolve(fn)
        out = f(*args, **kw)
        case = {"fn": fn, "args": [enc(a) for a in args], "out": enc(out)}
        if kw:
            case["kw"] = {camel(k): enc(v) for k, v in kw.items()}
        if tol:
            case["tol"] = tol
        if not jit:
            case["jit"] = False
        if not vmap:
            case["vmap"] = False
        if cpu:
            case["cpu"] = True
        if grad:
            outs = leaves(out)
            ws = [rand(np.shape(o), 1000 + i) if jnp.issubdtype(jnp.asarray(o).dtype, jnp.floating) else None for i, o in enumerate(outs)]

            def loss(*xs):
                a = list(args)
                for i, x in zip(grad, xs):
                    a[i] = x
                res = leaves(f(*a, **kw))
                return sum(jnp.sum(r * w) for r, w in zip(res, ws) if w is not None)

            g = jax.grad(loss, argnums=tuple(range(len(grad))))(*[args[i] for i in grad])
            case["grad"] = list(grad)
            case["w"] = [None if w is None else enc(w) for w in ws]
            case["g"] = [enc(v) for v in g]
        self.cases[key] = case
        return out

    def write(self):
        os.makedirs(OUT_DIR, exist_ok=True)
        path = os.path.join(OUT_DIR, f"{self.name}.ts")
        body = json.dumps(self.cases, separators=(",", ":"))
        with open(path, "w") as fh:
            fh.write(f"/**\n * {self.header}\n * Generated by scripts/refs/numpy/{self.name}.py with JAX {jax.__version__} (float32, CPU); do not edit.\n */\n")
            fh.write('import type { Case } from "../../np-cases.js";\n\n')
            fh.write(f"export const CASES: Record<string, Case> = {body};\n")
        print("wrote", os.path.relpath(path), len(self.cases), "cases")
