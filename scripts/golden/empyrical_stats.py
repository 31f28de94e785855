"""empyrical (Quantopian's conventions, package empyrical-reloaded) reference values for the
stats module, plus scipy's skewness/kurtosis and empyrical's VaR/CVaR for the risk module.

Run: python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy scipy pandas empyrical-reloaded &&
     /tmp/venv/bin/python scripts/golden/empyrical_stats.py
Lines: series|id|x1 x2 ...   and   metric|id|periodsPerYear|riskFree|mar|requiredReturn|expected
(rolling metrics: expected is a space-separated series with nan for gaps, window in the name).
"""
import pathlib

import empyrical as ep
import numpy as np
from scipy.stats import kurtosis, skew

root = pathlib.Path(__file__).resolve().parents[2]
out = root / "crates/smc-core/tests/golden/empyrical_stats.txt"
rng = np.random.default_rng(20261121)

series = {
    "daily": rng.standard_t(4, 500) * 0.01 + 0.0004,
    "first_loss": np.concatenate([[-0.05], rng.normal(0.001, 0.02, 120)]),
    "crypto": rng.standard_t(3, 800) * 0.03,
    "short": np.array([0.01, -0.02, 0.015, 0.003, -0.007]),
    "drawdown_open": np.concatenate([rng.normal(0.002, 0.01, 60), rng.normal(-0.01, 0.01, 40)]),
}
params = [(252, 0.0, 0.0, 0.0), (252, 0.0001, 0.0002, 0.05), (365, 0.0, 0.001, 0.1), (8760, 0.0, 0.0, 0.0)]

lines = [f"# empyrical {ep.__version__}, written by scripts/golden/empyrical_stats.py"]
for sid, x in series.items():
    lines.append(f"series|{sid}|" + " ".join(repr(float(v)) for v in x))
    for P, rf, mar, req in params:
        values = {
            "sharpe": ep.sharpe_ratio(x, risk_free=rf, annualization=P),
            "sortino": ep.sortino_ratio(x, required_return=mar, annualization=P),
            "annual_return": ep.annual_return(x, annualization=P),
            "annual_volatility": ep.annual_volatility(x, annualization=P),
            "max_drawdown": ep.max_drawdown(x),
            "calmar": ep.calmar_ratio(x, annualization=P),
            "omega": ep.omega_ratio(x, risk_free=rf, required_return=req, annualization=P),
            "tail_ratio": ep.tail_ratio(x),
            "skewness": skew(x),
            "kurtosis": kurtosis(x),
            "value_at_risk": ep.value_at_risk(x, cutoff=0.05),
            "conditional_value_at_risk": ep.conditional_value_at_risk(x, cutoff=0.05),
        }
        for name, v in values.items():
            lines.append(f"{name}|{sid}|{P}|{rf!r}|{mar!r}|{req!r}|{float(v)!r}")
    if len(x) > 40:
        roll = ep.roll_sharpe_ratio(x, window=30, risk_free=0.0001, annualization=252)
        # empyrical's rolling output starts at the first full window; pad to input length.
        padded = np.concatenate([np.full(len(x) - len(roll), np.nan), np.asarray(roll, dtype=float)])
        lines.append(f"roll_sharpe_30|{sid}|252|0.0001|0.0|0.0|" + " ".join(repr(float(v)) for v in padded))
        roll = ep.roll_max_drawdown(x, window=30)
        padded = np.concatenate([np.full(len(x) - len(roll), np.nan), np.asarray(roll, dtype=float)])
        lines.append(f"roll_max_drawdown_30|{sid}|252|0.0|0.0|0.0|" + " ".join(repr(float(v)) for v in padded))

out.write_text("\n".join(lines) + "\n")
print(f"wrote {out} ({len(lines) - 1} lines)")
