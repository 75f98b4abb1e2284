"""The public names of optax 0.2.8 outside `contrib` (run by hand, never by CI).

    python3 scripts/refs/optax/names.py

Writes tsjax-optim/src/fixtures/optax-0.2.8-names.json: one entry per public name of `optax`
and of each public submodule (`losses`, `schedules`, `transforms`, `tree`, `tree_utils`,
`projections`, `perturbations`, `second_order`, `assignment`, `microbatching`,
`experimental.aggregating`), with its kind. tsjax-optim/src/names.test.ts checks that each one
is exported by tsjax-optim under its camelCase name or listed in the README as deliberately
absent.
"""
import inspect
import json
import os
import types
import typing
import warnings

import optax

warnings.filterwarnings("ignore")
assert optax.__version__ == "0.2.8", optax.__version__

OUT = os.path.join(os.path.dirname(__file__), "../../../tsjax-optim/src/fixtures/optax-0.2.8-names.json")
MODULES = ["", "losses", "schedules", "transforms", "tree", "tree_utils", "projections", "perturbations",
           "second_order", "assignment", "microbatching", "experimental", "experimental.aggregating"]


def kind_of(obj):
  if isinstance(obj, types.ModuleType):
    return "module"
  if typing.get_origin(obj) is not None or type(obj).__module__ in ("typing", "types", "collections.abc"):
    return "type"  # a typing alias (Union, Callable, ...)
  if inspect.isclass(obj):
    return "class"
  if callable(obj):
    return "function"
  return "value"


entries = []
for mod_name in MODULES:
  mod = optax
  for part in mod_name.split(".") if mod_name else []:
    mod = getattr(mod, part)
  for name in sorted(dir(mod)):
    if name.startswith("_") or name == "contrib" or (mod_name and name in dir(typing)):
      continue
    obj = getattr(mod, name)
    kind = kind_of(obj)
    origin = getattr(obj, "__module__", "") or ""
    # Skip what a submodule merely imports from elsewhere (jax, typing, numpy, ...).
    if kind == "module" and not obj.__name__.startswith("optax"):
      continue
    if kind != "module" and mod_name and origin and not origin.startswith("optax") and kind != "type":
      continue
    if mod_name == "experimental.aggregating" and origin != "optax.experimental._aggregating" and kind != "type":
      continue
    entries.append({"module": mod_name, "name": name, "kind": kind})

json.dump({"optax": optax.__version__, "names": entries}, open(OUT, "w"), indent=0)
print(f"wrote {OUT}: {len(entries)} names")
