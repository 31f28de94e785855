//! Bindings of `smc_core::stats`.

use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;
use smc_core::error::check;
use smc_core::stats::{self, Annualisation, StatsParams};
use smc_core::SmcError;

use crate::error::{guard, Result};
use crate::risk::nan_policy;

/// Options shared by the statistics; which fields a function reads is in the SDK's types.
#[napi(object)]
pub struct StatsOptions {
    pub periods_per_year: Option<f64>,
    pub risk_free: Option<f64>,
    pub mar: Option<f64>,
    pub required_return: Option<f64>,
    pub nan: Option<String>,
}

impl StatsOptions {
    fn ann(&self) -> smc_core::Result<Annualisation> {
        let p = self.periods_per_year.ok_or_else(|| {
            SmcError::invalid("periodsPerYear is required (252 equities, 365 or 8760 crypto)")
        })?;
        Annualisation::new(p)
    }
    fn params(&self) -> smc_core::Result<StatsParams> {
        StatsParams::new(
            self.ann()?.get(),
            self.risk_free.unwrap_or(0.0),
            self.mar.unwrap_or(0.0),
            self.required_return.unwrap_or(0.0),
        )
    }
    fn nan(&self) -> smc_core::Result<smc_core::risk::NanPolicy> {
        nan_policy(self.nan.clone())
    }
}

#[napi(js_name = "sharpe")]
pub fn sharpe(returns: Float64Array, o: StatsOptions) -> Result<Option<f64>> {
    guard(|| stats::sharpe(&returns, o.risk_free.unwrap_or(0.0), o.ann()?, o.nan()?))
}

#[napi(js_name = "sortino")]
pub fn sortino(returns: Float64Array, o: StatsOptions) -> Result<Option<f64>> {
    guard(|| stats::sortino(&returns, o.mar.unwrap_or(0.0), o.ann()?, o.nan()?))
}

#[napi(js_name = "annualReturn")]
pub fn annual_return(returns: Float64Array, o: StatsOptions) -> Result<Option<f64>> {
    guard(|| stats::annual_return(&returns, o.ann()?, o.nan()?))
}

#[napi(js_name = "annualVolatility")]
pub fn annual_volatility(returns: Float64Array, o: StatsOptions) -> Result<f64> {
    guard(|| stats::annual_volatility(&returns, o.ann()?, o.nan()?))
}

#[napi(js_name = "calmar")]
pub fn calmar(returns: Float64Array, o: StatsOptions) -> Result<Option<f64>> {
    guard(|| stats::calmar(&returns, o.ann()?, o.nan()?))
}

#[napi(js_name = "omega")]
pub fn omega(returns: Float64Array, o: StatsOptions) -> Result<Option<f64>> {
    guard(|| {
        stats::omega(
            &returns,
            o.risk_free.unwrap_or(0.0),
            o.required_return.unwrap_or(0.0),
            o.ann()?,
            o.nan()?,
        )
    })
}

#[napi(js_name = "tailRatio")]
pub fn tail_ratio(returns: Float64Array, o: StatsOptions) -> Result<Option<f64>> {
    guard(|| stats::tail_ratio(&returns, o.nan()?))
}

#[napi(js_name = "skewness")]
pub fn skewness(returns: Float64Array, o: StatsOptions) -> Result<Option<f64>> {
    guard(|| stats::skewness(&returns, o.nan()?))
}

#[napi(js_name = "kurtosis")]
pub fn kurtosis(returns: Float64Array, o: StatsOptions) -> Result<Option<f64>> {
    guard(|| stats::kurtosis(&returns, o.nan()?))
}

#[napi(object)]
pub struct MaxDrawdownResult {
    pub max_drawdown: f64,
    pub peak: u32,
    pub trough: u32,
    pub recovery: Option<u32>,
    pub duration: u32,
    pub recovery_duration: Option<u32>,
    pub open: bool,
}

#[napi(js_name = "maxDrawdown")]
pub fn max_drawdown(returns: Float64Array, o: StatsOptions) -> Result<MaxDrawdownResult> {
    guard(|| stats::max_drawdown(&returns, o.nan()?)).map(|d| MaxDrawdownResult {
        max_drawdown: d.max_drawdown,
        peak: d.peak as u32,
        trough: d.trough as u32,
        recovery: d.recovery.map(|r| r as u32),
        duration: d.duration as u32,
        recovery_duration: d.recovery_duration.map(|r| r as u32),
        open: d.open,
    })
}

#[napi(object)]
pub struct TradeStatsResult {
    pub trades: u32,
    pub wins: u32,
    pub losses: u32,
    pub profit_factor: Option<f64>,
    pub win_rate: f64,
    pub payoff: Option<f64>,
    pub expectancy: f64,
    pub kelly: Option<f64>,
}

#[napi(js_name = "tradeStats")]
pub fn trade_stats(pnl: Float64Array, o: StatsOptions) -> Result<TradeStatsResult> {
    guard(|| stats::trade_stats(&pnl, o.nan()?)).map(|s| TradeStatsResult {
        trades: s.trades as u32,
        wins: s.wins as u32,
        losses: s.losses as u32,
        profit_factor: s.profit_factor,
        win_rate: s.win_rate,
        payoff: s.payoff,
        expectancy: s.expectancy,
        kelly: s.kelly,
    })
}

#[napi(js_name = "rollingMetric")]
pub fn rolling_metric(
    returns: Float64Array,
    window: f64,
    metric: String,
    o: StatsOptions,
) -> Result<Float64Array> {
    guard(|| {
        let metric: stats::Metric = metric.parse()?;
        stats::rolling_metric(
            &returns,
            check::count("window", window, 1, check::MAX_WINDOW)? as i64,
            metric,
            &o.params()?,
        )
    })
    .map(Float64Array::new)
}

#[napi(object)]
pub struct StatsSnapshot {
    pub count: u32,
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

#[napi]
pub struct RollingStats {
    inner: stats::RollingStats,
}

#[napi]
impl RollingStats {
    #[napi(constructor)]
    pub fn new(window: f64, options: StatsOptions) -> Result<Self> {
        guard(|| {
            let inner = stats::RollingStats::new(
                check::count("window", window, 1, check::MAX_WINDOW)? as i64,
                options.params()?,
            )?;
            Ok(RollingStats { inner })
        })
    }

    #[napi]
    pub fn push_many(&mut self, xs: Float64Array) -> Result<()> {
        guard(|| self.inner.push_many(&xs))
    }

    #[napi]
    pub fn snapshot(&mut self) -> StatsSnapshot {
        let s = self.inner.snapshot();
        StatsSnapshot {
            count: s.count as u32,
            sharpe: s.sharpe,
            sortino: s.sortino,
            annual_return: s.annual_return,
            annual_volatility: s.annual_volatility,
            max_drawdown: s.max_drawdown,
            calmar: s.calmar,
            omega: s.omega,
            tail_ratio: s.tail_ratio,
            skewness: s.skewness,
            kurtosis: s.kurtosis,
        }
    }

    #[napi(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }
}

#[napi(js_name = "equityReturns")]
pub fn equity_returns(equity: Float64Array) -> Result<Float64Array> {
    guard(|| stats::equity_returns(&equity)).map(Float64Array::new)
}

#[napi(js_name = "underwater")]
pub fn underwater(equity: Float64Array) -> Result<Float64Array> {
    guard(|| stats::underwater(&equity)).map(Float64Array::new)
}
