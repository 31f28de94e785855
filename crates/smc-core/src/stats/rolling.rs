//! Rolling statistics for live dashboards: every value is the one-shot function applied to the
//! trailing window, so the rolling numbers are the one-shot numbers by construction (O(window)
//! per point, which is microseconds for dashboard-sized windows).

use std::collections::VecDeque;
use std::str::FromStr;

use super::drawdown::max_drawdown_clean;
use super::performance::{
    annual_return, annual_volatility, calmar, kurtosis, omega, sharpe, skewness, sortino,
    tail_ratio, Annualisation,
};
use crate::error::{check, Result, SmcError};
use crate::risk::NanPolicy;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Sharpe,
    Sortino,
    AnnualReturn,
    AnnualVolatility,
    MaxDrawdown,
    Calmar,
    Omega,
    TailRatio,
    Skewness,
    Kurtosis,
}

impl FromStr for Metric {
    type Err = SmcError;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s {
            "sharpe" => Metric::Sharpe,
            "sortino" => Metric::Sortino,
            "annualReturn" => Metric::AnnualReturn,
            "annualVolatility" => Metric::AnnualVolatility,
            "maxDrawdown" => Metric::MaxDrawdown,
            "calmar" => Metric::Calmar,
            "omega" => Metric::Omega,
            "tailRatio" => Metric::TailRatio,
            "skewness" => Metric::Skewness,
            "kurtosis" => Metric::Kurtosis,
            _ => {
                return Err(SmcError::invalid(format!(
                    "unknown metric '{s}'; expected sharpe, sortino, annualReturn, \
                     annualVolatility, maxDrawdown, calmar, omega, tailRatio, skewness or kurtosis"
                )))
            }
        })
    }
}

/// Parameters shared by the metrics (all per period except `required_return`, annual).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatsParams {
    pub ann: Annualisation,
    pub risk_free: f64,
    pub mar: f64,
    pub required_return: f64,
}

impl StatsParams {
    pub fn new(
        periods_per_year: f64,
        risk_free: f64,
        mar: f64,
        required_return: f64,
    ) -> Result<Self> {
        check::finite_scalar("riskFree", risk_free)?;
        check::finite_scalar("mar", mar)?;
        check::finite_scalar("requiredReturn", required_return)?;
        if required_return <= -1.0 {
            return Err(SmcError::out_of_range(
                "requiredReturn",
                required_return,
                "a number > -1",
            ));
        }
        Ok(StatsParams {
            ann: Annualisation::new(periods_per_year)?,
            risk_free,
            mar,
            required_return,
        })
    }
}

/// One metric over a finite window; NaN when the metric is undefined there.
fn evaluate(metric: Metric, xs: &[f64], p: &StatsParams) -> f64 {
    const R: NanPolicy = NanPolicy::Reject;
    let value = match metric {
        Metric::Sharpe => sharpe(xs, p.risk_free, p.ann, R).ok().flatten(),
        Metric::Sortino => sortino(xs, p.mar, p.ann, R).ok().flatten(),
        Metric::AnnualReturn => annual_return(xs, p.ann, R).ok().flatten(),
        Metric::AnnualVolatility => annual_volatility(xs, p.ann, R).ok(),
        Metric::MaxDrawdown => Some(max_drawdown_clean(xs).max_drawdown),
        Metric::Calmar => calmar(xs, p.ann, R).ok().flatten(),
        Metric::Omega => omega(xs, p.risk_free, p.required_return, p.ann, R)
            .ok()
            .flatten(),
        Metric::TailRatio => tail_ratio(xs, R).ok().flatten(),
        Metric::Skewness => skewness(xs, R).ok().flatten(),
        Metric::Kurtosis => kurtosis(xs, R).ok().flatten(),
    };
    value.unwrap_or(f64::NAN)
}

/// `out[t]` = the metric over returns[t+1-window..=t]; NaN before the first full window and
/// where the metric is undefined (zero volatility, no losses, ...), the documented gap value of
/// rolling series.
pub fn rolling_metric(
    returns: &[f64],
    window: i64,
    metric: Metric,
    params: &StatsParams,
) -> Result<Vec<f64>> {
    let w = check::window("window", window, 1)?;
    check::finite("returns", returns)?;
    let mut out = vec![f64::NAN; returns.len()];
    for t in w.saturating_sub(1)..returns.len() {
        out[t] = evaluate(metric, &returns[t + 1 - w..=t], params);
    }
    Ok(out)
}

/// All metrics of the current window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatsSnapshot {
    pub count: usize,
    pub sharpe: f64,
    pub sortino: f64,
    pub annual_return: f64,
    pub annual_volatility: f64,
    pub max_drawdown: f64,
    pub calmar: f64,
    pub omega: f64,
    pub tail_ratio: f64,
    pub skewness: f64,
    pub kurtosis: f64,
}

/// Streaming window of returns with an on-demand snapshot of every metric.
#[derive(Debug, Clone)]
pub struct RollingStats {
    values: VecDeque<f64>,
    capacity: usize,
    params: StatsParams,
}

impl RollingStats {
    pub fn new(window: i64, params: StatsParams) -> Result<Self> {
        let capacity = check::window("window", window, 1)?;
        Ok(RollingStats {
            values: VecDeque::with_capacity(capacity),
            capacity,
            params,
        })
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Adds returns (validated first: a bad value adds nothing).
    pub fn push_many(&mut self, xs: &[f64]) -> Result<()> {
        check::finite("returns", xs)?;
        for &x in xs {
            if self.values.len() == self.capacity {
                self.values.pop_front();
            }
            self.values.push_back(x);
        }
        Ok(())
    }

    /// Every metric over the values currently held (NaN where undefined or too few values).
    pub fn snapshot(&mut self) -> StatsSnapshot {
        let xs = self.values.make_contiguous();
        let p = &self.params;
        StatsSnapshot {
            count: xs.len(),
            sharpe: evaluate(Metric::Sharpe, xs, p),
            sortino: evaluate(Metric::Sortino, xs, p),
            annual_return: evaluate(Metric::AnnualReturn, xs, p),
            annual_volatility: evaluate(Metric::AnnualVolatility, xs, p),
            max_drawdown: if xs.is_empty() {
                f64::NAN
            } else {
                evaluate(Metric::MaxDrawdown, xs, p)
            },
            calmar: evaluate(Metric::Calmar, xs, p),
            omega: evaluate(Metric::Omega, xs, p),
            tail_ratio: evaluate(Metric::TailRatio, xs, p),
            skewness: evaluate(Metric::Skewness, xs, p),
            kurtosis: evaluate(Metric::Kurtosis, xs, p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolling_equals_one_shot_on_each_window() {
        let xs: Vec<f64> = (0..80)
            .map(|i| ((i * 13 % 23) as f64 - 11.0) / 500.0)
            .collect();
        let p = StatsParams::new(252.0, 0.0001, 0.0, 0.05).unwrap();
        let sharpe_series = rolling_metric(&xs, 20, Metric::Sharpe, &p).unwrap();
        assert!(sharpe_series[..19].iter().all(|v| v.is_nan()));
        for t in 19..80 {
            let one = sharpe(&xs[t - 19..=t], 0.0001, p.ann, NanPolicy::Reject)
                .unwrap()
                .unwrap();
            assert_eq!(sharpe_series[t], one);
        }
        let mut live = RollingStats::new(20, p).unwrap();
        live.push_many(&xs).unwrap();
        let snap = live.snapshot();
        assert_eq!(snap.sharpe, sharpe_series[79]);
        let omega_series = rolling_metric(&xs, 20, Metric::Omega, &p).unwrap();
        assert_eq!(snap.omega, omega_series[79]);
        assert_eq!(snap.count, 20);
        assert_eq!(
            "sharp".parse::<Metric>().unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
        assert_eq!(
            live.push_many(&[f64::NAN]).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
    }
}
