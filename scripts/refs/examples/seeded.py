"""Reference values for examples/common's seeded PRNG (mulberry32) and Fisher-Yates shuffle.

Uses the same mulberry32 as mnist_split.py (an independent Python transcription of the
TypeScript one).

    python3 scripts/refs/examples/seeded.py
"""
from mnist_split import mulberry32

for seed in (0, 1, 123456789):
    rand = mulberry32(seed)
    print(f"seed {seed}:", [rand() for _ in range(4)])

items = list(range(10))
rand = mulberry32(7)
for i in range(len(items) - 1, 0, -1):
    j = int(rand() * (i + 1))
    items[i], items[j] = items[j], items[i]
print("shuffle(range(10), 7):", items)
