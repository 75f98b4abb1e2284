"""Reference values for examples/flow-2d's make-moons generator.

scikit-learn is not installed here, so this is scikit-learn's `make_moons` (sklearn/datasets/
_samples_generator.py) without the shuffle and the noise, line for line in NumPy: the points the
TypeScript generator must place before it shuffles and adds noise.

    python3 scripts/refs/examples/moons.py
"""
import numpy as np


def make_moons_noiseless(n_samples):
    n_samples_out = n_samples // 2
    n_samples_in = n_samples - n_samples_out
    outer_circ_x = np.cos(np.linspace(0, np.pi, n_samples_out))
    outer_circ_y = np.sin(np.linspace(0, np.pi, n_samples_out))
    inner_circ_x = 1 - np.cos(np.linspace(0, np.pi, n_samples_in))
    inner_circ_y = 1 - np.sin(np.linspace(0, np.pi, n_samples_in)) - 0.5
    X = np.vstack([np.append(outer_circ_x, inner_circ_x), np.append(outer_circ_y, inner_circ_y)]).T
    y = np.hstack([np.zeros(n_samples_out, dtype=np.intp), np.ones(n_samples_in, dtype=np.intp)])
    return X, y


for n in (7, 10):
    X, y = make_moons_noiseless(n)
    print(f"n={n}")
    print("x:", repr(X[:, 0].tolist()))
    print("y:", repr(X[:, 1].tolist()))
    print("labels:", y.tolist())
