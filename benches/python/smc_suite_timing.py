"""Times the full smartmoneyconcepts 0.0.27 suite on EURUSD 15m (called by smc.bench.mjs).

Same inputs and parameters as the SDK side: swing_length 50, fvg, bos_choch, ob, liquidity,
previous_high_low('1D'), sessions('London'), retracements; CSV parsing excluded from the timing.
Prints one JSON line: {"runs": [...ms], "min_ms": .., "median_ms": .., "rows": ..}.
"""
import contextlib
import io
import json
import statistics
import sys
import time

import pandas as pd

with contextlib.redirect_stdout(io.StringIO()):  # the package prints a banner on import
    from smartmoneyconcepts.smc import smc


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    raw = pd.read_csv(path)
    df = pd.DataFrame({
        "open": raw["Open"], "high": raw["High"], "low": raw["Low"], "close": raw["Close"],
        "volume": raw["Tickvol"].astype(float),
    })
    df.index = pd.to_datetime(raw["Date"], format="%Y.%m.%d %H:%M:%S")
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        swings = smc.swing_highs_lows(df, swing_length=50)
        smc.fvg(df)
        smc.bos_choch(df, swings, close_break=True)
        smc.ob(df, swings)
        smc.liquidity(df, swings)
        smc.previous_high_low(df, time_frame="1D")
        smc.sessions(df, "London")
        smc.retracements(df, swings)
        runs.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"runs": runs, "min_ms": min(runs), "median_ms": statistics.median(runs), "rows": len(df)}))


if __name__ == "__main__":
    main()
