"""Reference values for R PerformanceAnalytics' VaR and ES on edhec (first 100 rows, column 1
"Convertible Arbitrage", p = 0.95), derived in Python because R/CRAN is unavailable here.

The formulas are transcribed from PerformanceAnalytics' sources (R/VaR.R, R/ES.R and
R/VaRES.R of braverock/PerformanceAnalytics), with numpy/scipy doing the arithmetic:
  historical VaR  = -quantile(r, 0.05, type = 7)
  historical ES   = -mean(r[r < quantile(r, 0.05)])          (ES.historical)
  gaussian VaR    = -mean(r) - qnorm(0.05) * sqrt(m2)         (VaR.Gaussian; m2 = centeredmoment(r, 2),
                                                                i.e. the POPULATION variance)
  gaussian ES     = -mean(r) + dnorm(qnorm(0.05)) * sqrt(m2) / 0.05   (ES.Gaussian)
  modified VaR    = -mean(r) - h * sqrt(m2), h Cornish-Fisher with skew = m3 / m2^1.5,
                    exkurt = m4 / m2^2 - 3                    (VaR.CornishFisher)
  modified ES     = operES.CornishFisher (ES's default operational = TRUE):
                    E = dnorm(h) (1 + h^3 S/6 + (h^6 - 9h^4 + 9h^2 + 3) S^2/72 + (h^4 - 2h^2 - 1) K/24)
                    ES = -mean(r) - sqrt(m2) * min(-E / 0.05, h)
PerformanceAnalytics reports these negated (invert = TRUE); we store positive losses.

Run: python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy scipy pandas &&
     /tmp/venv/bin/python scripts/golden/performance_analytics.py [path/to/edhec.csv]
"""
import os
import pathlib
import sys

import numpy as np
import pandas as pd
from scipy.stats import norm

root = pathlib.Path(__file__).resolve().parents[2]
shared = pathlib.Path(os.environ.get("SMC_SHARED_DATA", root.parent / "shared/data"))
csv = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else shared / "edhec/edhec.csv"
r = pd.read_csv(csv, index_col=0)["Convertible Arbitrage"].to_numpy()[:100]
alpha = 0.05

mean = r.mean()
m2, m3, m4 = (np.mean((r - mean) ** k) for k in (2, 3, 4))
skew, exkurt = m3 / m2 ** 1.5, m4 / m2 ** 2 - 3
z = norm.ppf(alpha)
h = z + (z**2 - 1) * skew / 6 + (z**3 - 3 * z) * exkurt / 24 - (2 * z**3 - 5 * z) * skew**2 / 36
q = np.quantile(r, alpha, method="linear")
E = norm.pdf(h) * (1 + h**3 * skew / 6 + (h**6 - 9 * h**4 + 9 * h**2 + 3) * skew**2 / 72
                   + (h**4 - 2 * h**2 - 1) * exkurt / 24)

values = {
    "historical_var": -q,
    "historical_es": -r[r < q].mean(),
    "gaussian_var": -mean - z * np.sqrt(m2),
    "gaussian_es": -mean + norm.pdf(z) * np.sqrt(m2) / alpha,
    "modified_var": -mean - h * np.sqrt(m2),
    "modified_es": -mean - np.sqrt(m2) * min(-E / alpha, h),
}
out = root / "crates/smc-core/tests/golden/performance_analytics_edhec.txt"
with out.open("w") as f:
    f.write("# PerformanceAnalytics formulas (Python transcription) on edhec[1:100, 1], p = 0.95;\n")
    f.write("# written by scripts/golden/performance_analytics.py; positive losses\n")
    for k, v in values.items():
        f.write(f"{k}|{float(v)!r}\n")
print(f"wrote {out}")
for k, v in values.items():
    print(f"{k:16s} {v:.10f}")
