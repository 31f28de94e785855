//! The stats module (and empyrical-convention VaR/CVaR) against empyrical's own output
//! (golden values written by scripts/golden/empyrical_stats.py).

use std::collections::HashMap;

use smc_core::risk::{historical_es, historical_var, EsConvention, NanPolicy, QuantileMethod};
use smc_core::stats::{
    annual_return, annual_volatility, calmar, kurtosis, max_drawdown, omega, rolling_metric,
    sharpe, skewness, sortino, tail_ratio, Annualisation, Metric, StatsParams,
};

const R: NanPolicy = NanPolicy::Reject;

fn close(got: f64, expected: f64) -> bool {
    (got.is_nan() && expected.is_nan())
        || (got - expected).abs() <= 1e-10 * expected.abs().max(1e-6)
}

#[test]
fn stats_match_empyrical() {
    let text = include_str!("golden/empyrical_stats.txt");
    let mut series: HashMap<&str, Vec<f64>> = HashMap::new();
    let mut misses = Vec::new();
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('|').collect();
        if f[0] == "series" {
            series.insert(f[1], f[2].split(' ').map(|v| v.parse().unwrap()).collect());
            continue;
        }
        let xs = &series[f[1]];
        let (p, rf, mar, req): (f64, f64, f64, f64) = (
            f[2].parse().unwrap(),
            f[3].parse().unwrap(),
            f[4].parse().unwrap(),
            f[5].parse().unwrap(),
        );
        let ann = Annualisation::new(p).unwrap();
        let nan = f64::NAN;
        if f[0].starts_with("roll_") {
            let expected: Vec<f64> = f[6].split(' ').map(|v| v.parse().unwrap()).collect();
            let metric = if f[0] == "roll_sharpe_30" {
                Metric::Sharpe
            } else {
                Metric::MaxDrawdown
            };
            let params = StatsParams::new(p, rf, mar, req).unwrap();
            let got = rolling_metric(xs, 30, metric, &params).unwrap();
            for (t, (g, x)) in got.iter().zip(&expected).enumerate() {
                if !close(*g, *x) {
                    misses.push(format!("{} {} t={t}: {g} vs {x}", f[0], f[1]));
                }
            }
            checked += 1;
            continue;
        }
        let expected: f64 = f[6].parse().unwrap();
        let got = match f[0] {
            "sharpe" => sharpe(xs, rf, ann, R).unwrap().unwrap_or(nan),
            "sortino" => sortino(xs, mar, ann, R).unwrap().unwrap_or(nan),
            "annual_return" => annual_return(xs, ann, R).unwrap().unwrap_or(nan),
            "annual_volatility" => annual_volatility(xs, ann, R).unwrap(),
            "max_drawdown" => max_drawdown(xs, R).unwrap().max_drawdown,
            "calmar" => calmar(xs, ann, R).unwrap().unwrap_or(nan),
            "omega" => omega(xs, rf, req, ann, R).unwrap().unwrap_or(nan),
            "tail_ratio" => tail_ratio(xs, R).unwrap().unwrap_or(nan),
            "skewness" => skewness(xs, R).unwrap().unwrap_or(nan),
            "kurtosis" => kurtosis(xs, R).unwrap().unwrap_or(nan),
            // empyrical's VaR is the raw 5% quantile (a negative return): ours negated.
            "value_at_risk" => -historical_var(xs, 0.05, QuantileMethod::Linear, R).unwrap(),
            "conditional_value_at_risk" => {
                -historical_es(xs, 0.05, EsConvention::Empyrical, R).unwrap()
            }
            other => panic!("unknown metric {other}"),
        };
        if !close(got, expected) {
            misses.push(format!(
                "{} {} P={p} rf={rf} mar={mar} req={req}: {got} vs {expected}",
                f[0], f[1]
            ));
        }
        checked += 1;
    }
    assert!(checked > 240, "checked {checked}");
    assert!(misses.is_empty(), "{misses:#?}");
}
