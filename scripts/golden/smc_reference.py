#!/usr/bin/env python3
"""Golden outputs of smartmoneyconcepts 0.0.27 (the Python reference of the `smc` module).

Runs the package on ../shared/data/eurusd-15m/EURUSD_15M.csv (the package's own test input) with
several parameterisations and writes one gzipped CSV per case to crates/smc-core/tests/golden/,
which the Rust and SDK tests compare cell by cell.

Input mapping: index = Date (UTC wall clock), columns lower-cased; `volume` = Tickvol (the CSV's
Volume column is all zeros; one OB case uses it to exercise the zero-volume branch).

Cell format: empty = NaN; columns the package stores as float32 are written with the shortest
float32 repr (tests parse them as f32), the others with Python's round-trip float repr.

Usage: /tmp/venv-smc/bin/python scripts/golden/smc_reference.py [path/to/EURUSD_15M.csv]
(venv: python3 -m venv /tmp/venv-smc && /tmp/venv-smc/bin/pip install smartmoneyconcepts==0.0.27)
"""
import gzip
import os
import sys

import numpy as np
import pandas as pd
from smartmoneyconcepts.smc import smc

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SHARED = os.environ.get("SMC_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data"))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SHARED, "eurusd-15m", "EURUSD_15M.csv")
OUT = os.path.join(ROOT, "crates", "smc-core", "tests", "golden")


def load(volume_column="Tickvol"):
    df = pd.read_csv(DATA)
    df.index = pd.to_datetime(df["Date"], format="%Y.%m.%d %H:%M:%S")
    df.index.name = None
    return pd.DataFrame({
        "open": df["Open"], "high": df["High"], "low": df["Low"],
        "close": df["Close"], "volume": df[volume_column].astype(float),
    })


def cell(v, f32):
    if v is None or (isinstance(v, float) and np.isnan(v)) or (
            isinstance(v, np.floating) and np.isnan(v)):
        return ""
    if f32:
        return np.format_float_positional(np.float32(v), unique=True, trim="-")
    fv = float(v)
    return str(int(fv)) if fv.is_integer() else repr(fv)


def write(name, frame, f32_columns=()):
    path = os.path.join(OUT, f"smc_{name}.csv.gz")
    cols = list(frame.columns)
    lines = [",".join(cols)]
    arrays = [frame[c].to_numpy() for c in cols]
    is_f32 = [frame[c].dtype == np.float32 or c in f32_columns for c in cols]
    for r in range(len(frame)):
        lines.append(",".join(cell(a[r], f) for a, f in zip(arrays, is_f32)))
    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        fh.write(("\n".join(lines) + "\n").encode())
    print(f"{name}: {len(frame)} rows, f32 columns {[c for c, f in zip(cols, is_f32) if f]}")


def main():
    os.makedirs(OUT, exist_ok=True)
    df = load()
    swings = {}
    for length in (5, 10, 50):
        swings[length] = smc.swing_highs_lows(df, swing_length=length)
        write(f"swings_L{length}", swings[length])
    for join in (False, True):
        write(f"fvg_join{str(join).lower()}", smc.fvg(df, join_consecutive=join))
    for length in (5, 10, 50):
        for close_break in (True, False):
            write(f"bos_choch_L{length}_close{str(close_break).lower()}",
                  smc.bos_choch(df, swings[length], close_break=close_break),
                  f32_columns=("Level",))
    for length in (5, 50):
        for close_mitigation in (False, True):
            write(f"ob_L{length}_close{str(close_mitigation).lower()}",
                  smc.ob(df, swings[length], close_mitigation=close_mitigation))
    write("ob_L5_zero_volume", smc.ob(load("Volume"), swings[5]))
    for length in (5, 10, 50):
        write(f"liquidity_L{length}", smc.liquidity(df, swings[length]))
    write("liquidity_L5_range0.05", smc.liquidity(df, swings[5], range_percent=0.05))
    for tf in ("4h", "1D", "W", "1h", "ME"):
        write(f"previous_high_low_{tf}", smc.previous_high_low(df, time_frame=tf))
    sessions = [("London", "", "", "UTC"), ("New York", "", "", "UTC"), ("Sydney", "", "", "UTC"),
                ("Tokyo", "", "", "UTC+2"), ("London open kill zone", "", "", "GMT-3"),
                ("Custom", "10:30", "02:15", "UTC"), ("Custom", "08:00", "12:45", "UTC-5")]
    for session, start, end, tz in sessions:
        tag = session.replace(" ", "_") + (f"_{start}-{end}".replace(":", "") if start else "")
        write(f"sessions_{tag}_{tz}", smc.sessions(df.copy(), session, start, end, tz))
    for length in (5, 10, 50):
        write(f"retracements_L{length}", smc.retracements(df, swings[length]))


if __name__ == "__main__":
    main()
