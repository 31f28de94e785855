//! Columnar OHLCV bars, the input of indicators, SMC and bar backtests.

use crate::error::{check, Result, SmcError};

/// Borrowed columns of equal length. Construct with [`Ohlc::new`], which validates them once so
/// that every consumer can index freely.
#[derive(Debug, Clone, Copy)]
pub struct Ohlc<'a> {
    /// Bar open times in epoch milliseconds (UTC), non-decreasing, when known.
    pub time: Option<&'a [f64]>,
    pub open: &'a [f64],
    pub high: &'a [f64],
    pub low: &'a [f64],
    pub close: &'a [f64],
    pub volume: &'a [f64],
}

impl<'a> Ohlc<'a> {
    /// Validates the columns: equal lengths, finite prices and volumes, high >= low, and
    /// non-decreasing times.
    pub fn new(
        time: Option<&'a [f64]>,
        open: &'a [f64],
        high: &'a [f64],
        low: &'a [f64],
        close: &'a [f64],
        volume: &'a [f64],
    ) -> Result<Self> {
        let n = close.len();
        check::same_len("open", n, open.len())?;
        check::same_len("high", n, high.len())?;
        check::same_len("low", n, low.len())?;
        check::same_len("volume", n, volume.len())?;
        check::finite("open", open)?;
        check::finite("high", high)?;
        check::finite("low", low)?;
        check::finite("close", close)?;
        check::finite("volume", volume)?;
        if let Some(i) = (0..n).find(|&i| high[i] < low[i]) {
            return Err(SmcError::invalid(format!(
                "bar {i}: high {} is below low {}",
                high[i], low[i]
            )));
        }
        if let Some(t) = time {
            check::same_len("time", n, t.len())?;
            check::finite("time", t)?;
            if let Some(i) = (1..n).find(|&i| t[i] < t[i - 1]) {
                return Err(SmcError::Unordered(format!(
                    "bar {i}: time {} is before the previous bar's {}",
                    t[i],
                    t[i - 1]
                )));
            }
        }
        Ok(Ohlc {
            time,
            open,
            high,
            low,
            close,
            volume,
        })
    }

    pub fn len(&self) -> usize {
        self.close.len()
    }

    pub fn is_empty(&self) -> bool {
        self.close.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_columns() {
        let one = [1.0];
        let two = [1.0, 2.0];
        assert!(Ohlc::new(None, &one, &one, &one, &one, &one).is_ok());
        let e = Ohlc::new(None, &one, &two, &one, &one, &one).unwrap_err();
        assert_eq!(e.code(), "SMC_LENGTH_MISMATCH");
        let e = Ohlc::new(None, &one, &[0.5], &one, &one, &one).unwrap_err();
        assert_eq!(e.code(), "SMC_INVALID_INPUT");
        let e = Ohlc::new(None, &one, &one, &one, &[f64::NAN], &one).unwrap_err();
        assert_eq!(e.code(), "SMC_NON_FINITE");
        let e = Ohlc::new(Some(&[2.0, 1.0]), &two, &two, &two, &two, &two).unwrap_err();
        assert_eq!(e.code(), "SMC_UNORDERED");
    }
}
