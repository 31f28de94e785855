"""backtesting.py's SMA-cross on the bench's bars: best wall time of N rounds.

usage: backtesting_sma.py <bars.csv> <fast> <slow> <rounds>
"""
import sys
import time

import pandas as pd
from backtesting import Backtest, Strategy
from backtesting.lib import crossover
from backtesting.test import SMA

path, fast, slow, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
df = pd.read_csv(path)
df.index = pd.to_datetime(df.pop("time"), unit="ms")


class SmaCross(Strategy):
    def init(self):
        self.fast = self.I(SMA, self.data.Close, fast)
        self.slow = self.I(SMA, self.data.Close, slow)

    def next(self):
        if crossover(self.fast, self.slow):
            self.position.close()
            self.buy(size=1)
        elif crossover(self.slow, self.fast):
            self.position.close()
            self.sell(size=1)


best = float("inf")
stats = None
for _ in range(rounds):
    t0 = time.perf_counter()
    bt = Backtest(df, SmaCross, cash=10_000_000, commission=0, finalize_trades=True)
    stats = bt.run()
    best = min(best, (time.perf_counter() - t0) * 1000)
print(f"best_ms={best:.1f} trades={stats['# Trades']}")
