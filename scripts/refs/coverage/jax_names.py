"""Writes JAX's public function names per namespace (JAX 0.10.2) into
tsjax-core/api-coverage/<namespace>.json ("names"), which the coverage table and its test read
(tsjax-core/test/coverage.ts, tsjax-core/test/coverage.test.ts). The other fields of each file
(where the namespace lives in tsjax, strict, outOfScope) are edited by hand and kept. To add a
namespace, add it to NAMESPACES below and run once (per JAX version):

    python3 scripts/refs/coverage/jax_names.py

A name counts when it is public (no leading underscore) and callable but not a class, nor a
dtype (jnp.float32 ...). Modules count only where JAX users call through them as a namespace of
its own that no other entry covers: jax.nn.initializers. jax.scipy.stats lists each
distribution's functions as "norm.logpdf" and the module-level functions as themselves.
"""
import inspect
import json
import os
import types

import jax
import jax.numpy as jnp
import jax.numpy.fft
import jax.numpy.linalg
import jax.lax
import jax.nn
import jax.random
import jax.scipy.linalg
import jax.scipy.special
import jax.scipy.stats

OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tsjax-core", "api-coverage")


def functions(mod, modules=()):
    out = []
    for n in dir(mod):
        if n.startswith("_"):
            continue
        v = getattr(mod, n)
        if isinstance(v, types.ModuleType):
            if n in modules:
                out.append(n)
            continue
        if inspect.isclass(v) or not callable(v):
            continue
        if isinstance(v, type(jnp.float32)):  # scalar types such as jnp.float32 are classes of their own
            continue
        if type(v).__module__ in ("typing", "types"):  # type aliases (lax.DotDimensionNumbers ...)
            continue
        out.append(n)
    return sorted(out)


def stats():
    out = []
    for n in dir(jax.scipy.stats):
        if n.startswith("_"):
            continue
        v = getattr(jax.scipy.stats, n)
        if isinstance(v, types.ModuleType):
            out += [f"{n}.{f}" for f in functions(v)]
        elif callable(v):
            out.append(n)
    return sorted(out)


# JAX namespace -> its names; the tsjax namespace of the same name (camelCase) is looked up.
NAMESPACES = {
    "np": functions(jnp),
    "np.linalg": functions(jax.numpy.linalg),
    "np.fft": functions(jax.numpy.fft),
    "lax": functions(jax.lax),
    "lax.linalg": functions(jax.lax.linalg),
    "nn": functions(jax.nn, modules=("initializers",)),
    "nn.initializers": functions(jax.nn.initializers),
    "random": functions(jax.random),
    "scipy.special": functions(jax.scipy.special),
    "scipy.linalg": functions(jax.scipy.linalg),
    "scipy.stats": stats(),
}
DOC = ("JAX's public functions of this namespace (names: written by scripts/refs/coverage/jax_names.py) and the "
       "ones tsjax leaves out on purpose, with the reason (outOfScope: edited by hand). strict: the coverage test "
       "fails on a name that is neither exported nor out of scope. See tsjax-core/test/coverage.ts.")
os.makedirs(OUT_DIR, exist_ok=True)
for ns, names in NAMESPACES.items():
    path = os.path.join(OUT_DIR, f"{ns}.json")
    old = json.load(open(path)) if os.path.exists(path) else {}
    obj = {
        "_doc": DOC,
        "namespace": ns,
        "tsjax": old.get("tsjax", [ns]),
        "jax": jax.__version__,
        "strict": old.get("strict", False),
        "outOfScope": old.get("outOfScope", {}),
        "names": names,
    }
    with open(path, "w") as f:
        f.write(json.dumps(obj, indent=1) + "\n")
    print(f"{ns}: {len(names)} -> {os.path.relpath(path)}")
