"""Writes the numpy reference vectors for the quantile tests (Rust and SDK).

Run: python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy==2.4.6 &&
     /tmp/venv/bin/python scripts/golden/numpy_quantiles.py
The output is committed so that `npm test` needs no Python; this script says how it was made.
Line format: method|p|expected|x1 x2 ... (Python repr, which round-trips f64 exactly).
"""
import pathlib

import numpy as np

METHODS = [
    "inverted_cdf", "averaged_inverted_cdf", "closest_observation",
    "interpolated_inverted_cdf", "hazen", "weibull", "linear",
    "median_unbiased", "normal_unbiased",
]

rng = np.random.default_rng(20261121)
samples = []
for n in [1, 2, 3, 4, 5, 6, 7, 10, 11, 20, 50, 101, 250]:
    samples.append(rng.standard_normal(n) * 0.02)          # daily-return-like
samples.append(np.round(rng.standard_normal(40), 1))       # many ties
samples.append(np.array([3.0, 3.0, 3.0, 3.0]))             # constant
samples.append(np.array([-0.0, 0.0, 1e-300, -1e300, 1e300]))  # extremes

ps = sorted(set([0.0, 1.0, 0.5, 0.01, 0.025, 0.05, 0.1, 0.25, 0.75, 0.9, 0.95, 0.975, 0.99,
                 1 / 3, 2 / 3, 0.2, 0.4, 0.6, 0.8, 0.125, 0.375, 0.999, 0.001]))

out = pathlib.Path(__file__).resolve().parents[2] / "crates/smc-core/tests/golden/numpy_quantiles.txt"
with out.open("w") as f:
    f.write(f"# numpy {np.__version__} quantiles, written by scripts/golden/numpy_quantiles.py\n")
    for x in samples:
        xs = " ".join(repr(float(v)) for v in x)
        for m in METHODS:
            for p in ps:
                q = float(np.quantile(x, p, method=m))
                f.write(f"{m}|{p!r}|{q!r}|{xs}\n")
print(f"wrote {out}")
