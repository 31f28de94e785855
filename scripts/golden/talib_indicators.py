"""Writes TA-Lib reference outputs for the indicator agreement tests (Rust and SDK).

Run: python3 -m venv /tmp/venv-talib && /tmp/venv-talib/bin/pip install TA-Lib==0.8.2 &&
     [SMC_SHARED_DATA=/path/to/shared/data] /tmp/venv-talib/bin/python scripts/golden/talib_indicators.py
(the PyPI package `TA-Lib` ships binary wheels that bundle the TA-Lib C library).
Input: $SMC_SHARED_DATA (default ../shared/data)/talib/talib_regtest_daily_ref_252.csv, the 252 daily bars of TA-Lib's own
regression tests. The output is committed so that `npm test` and `cargo test` need no Python.

Output: crates/smc-core/tests/golden/talib_indicators.csv, one row per bar:
idx,high,low,close, then one column per case (name like ATR_14), values in Python repr (which
round-trips f64 exactly), `nan` during warm-up.
"""
import csv
import os
import pathlib

import numpy as np
import talib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("SMC_SHARED_DATA", ROOT.parent / "shared" / "data"))
SOURCE = SHARED / "talib" / "talib_regtest_daily_ref_252.csv"
OUT = ROOT / "crates/smc-core/tests/golden/talib_indicators.csv"

with SOURCE.open() as f:
    rows = list(csv.DictReader(f))
high = np.array([float(r["high"]) for r in rows])
low = np.array([float(r["low"]) for r in rows])
close = np.array([float(r["close"]) for r in rows])

columns = {}
for n in (1, 2, 5, 14, 30):
    columns[f"ATR_{n}"] = talib.ATR(high, low, close, timeperiod=n)
columns["TRANGE"] = talib.TRANGE(high, low, close)
for n in (2, 5, 14, 30):
    columns[f"RSI_{n}"] = talib.RSI(close, timeperiod=n)
for n in (2, 5, 20, 50):
    columns[f"SMA_{n}"] = talib.SMA(close, timeperiod=n)
    columns[f"EMA_{n}"] = talib.EMA(close, timeperiod=n)
# STOCHRSI(period, fastK, fastD), fastd_matype 0 = SMA (TA-Lib's default).
for n, k, d in ((14, 5, 3), (14, 14, 3), (5, 3, 1), (9, 1, 2), (21, 9, 5)):
    fast_k, fast_d = talib.STOCHRSI(close, timeperiod=n, fastk_period=k, fastd_period=d, fastd_matype=0)
    columns[f"STOCHRSI_{n}_{k}_{d}_K"] = fast_k
    columns[f"STOCHRSI_{n}_{k}_{d}_D"] = fast_d

OUT.parent.mkdir(parents=True, exist_ok=True)
with OUT.open("w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["idx", "high", "low", "close", *columns])
    for i in range(len(close)):
        cells = [repr(float(c[i])) for c in columns.values()]
        w.writerow([i, repr(float(high[i])), repr(float(low[i])), repr(float(close[i])), *cells])
print(f"wrote {OUT} with TA-Lib {talib.__ta_version__.decode()} (python TA-Lib {talib.__version__})")
