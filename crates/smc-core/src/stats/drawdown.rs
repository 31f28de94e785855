//! Maximum drawdown with its dates, counted on the wealth path INCLUDING the initial wealth
//! (as empyrical `max_drawdown`), so a first-period loss is a drawdown.
//!
//! Indexes are wealth points: 0 is the initial wealth, t (1..=n) the wealth after returns[t-1].

use crate::error::Result;
use crate::risk::{clean_returns, NanPolicy};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MaxDrawdown {
    /// The worst (wealth / running peak - 1): 0 or negative, empyrical's sign.
    pub max_drawdown: f64,
    /// Wealth index of the peak before the worst trough.
    pub peak: usize,
    pub trough: usize,
    /// First wealth index at or above the peak after the trough; `None` while still under water.
    pub recovery: Option<usize>,
    /// Periods from peak to trough.
    pub duration: usize,
    /// Periods from peak to recovery, `None` while open.
    pub recovery_duration: Option<usize>,
    /// The worst drawdown has not recovered by the end of the series.
    pub open: bool,
}

pub(crate) fn max_drawdown_clean(xs: &[f64]) -> MaxDrawdown {
    let mut wealth = 1.0;
    let (mut peak_value, mut peak) = (1.0, 0usize);
    let (mut worst, mut worst_peak, mut worst_trough) = (0.0, 0usize, 0usize);
    let mut path = Vec::with_capacity(xs.len() + 1);
    path.push(wealth);
    for (i, r) in xs.iter().enumerate() {
        wealth *= 1.0 + r;
        path.push(wealth);
        if wealth > peak_value {
            peak_value = wealth;
            peak = i + 1;
        }
        let dd = (wealth - peak_value) / peak_value;
        if dd < worst {
            worst = dd;
            worst_peak = peak;
            worst_trough = i + 1;
        }
    }
    let recovery = if worst < 0.0 {
        let target = path[worst_peak];
        (worst_trough + 1..path.len()).find(|&t| path[t] >= target)
    } else {
        None
    };
    MaxDrawdown {
        max_drawdown: worst,
        peak: worst_peak,
        trough: worst_trough,
        recovery,
        duration: worst_trough - worst_peak,
        recovery_duration: recovery.map(|r| r - worst_peak),
        open: worst < 0.0 && recovery.is_none(),
    }
}

/// The maximum drawdown of simple returns with its peak, trough and recovery. Needs 1 return.
pub fn max_drawdown(returns: &[f64], nan: NanPolicy) -> Result<MaxDrawdown> {
    let xs = clean_returns("returns", returns, nan, 1)?;
    Ok(max_drawdown_clean(&xs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initial_wealth_counts_and_open_drawdowns_are_flagged() {
        // First return is a loss: the drawdown starts at the initial wealth (index 0).
        let d = max_drawdown(&[-0.1, 0.05, 0.1, -0.02], NanPolicy::Reject).unwrap();
        assert!((d.max_drawdown + 0.1).abs() < 1e-15);
        assert_eq!((d.peak, d.trough, d.recovery), (0, 1, Some(3)));
        assert_eq!(
            (d.duration, d.recovery_duration, d.open),
            (1, Some(3), false)
        );
        let open = max_drawdown(&[0.1, -0.2, 0.05], NanPolicy::Reject).unwrap();
        assert_eq!(
            (open.peak, open.trough, open.recovery, open.open),
            (1, 2, None, true)
        );
        let up = max_drawdown(&[0.1, 0.2], NanPolicy::Reject).unwrap();
        assert_eq!((up.max_drawdown, up.open, up.recovery), (0.0, false, None));
    }
}
