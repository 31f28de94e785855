//! True range (Wilder 1978; TA-Lib `TRANGE`).

use super::check_hlc;
use crate::error::Result;

/// The true range of a bar given the previous close:
/// TR = max(high - low, |high - prevClose|, |low - prevClose|).
#[inline]
pub fn true_range_of(high: f64, low: f64, prev_close: f64) -> f64 {
    // Plain comparisons as in TA-Lib's TRANGE: inputs are finite, so `f64::max`'s NaN handling
    // would only cost instructions in the hottest loop of ATR.
    let mut greatest = high - low;
    let up = (prev_close - high).abs();
    if up > greatest {
        greatest = up;
    }
    let down = (prev_close - low).abs();
    if down > greatest {
        greatest = down;
    }
    greatest
}

/// True range per bar. Bar 0 has no previous close, so it is NaN (TA-Lib's lookback of 1).
///
/// Errors: `EmptyInput`, `LengthMismatch`, `NonFinite`, `InvalidInput` (high < low).
pub fn true_range(high: &[f64], low: &[f64], close: &[f64]) -> Result<Vec<f64>> {
    check_hlc(high, low, close)?;
    let mut out = Vec::with_capacity(close.len());
    out.push(f64::NAN);
    out.extend((1..close.len()).map(|i| true_range_of(high[i], low[i], close[i - 1])));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_count() {
        // Bar 1 gaps up over the previous close 10: TR = 14 - 10 = 4, not 14 - 12 = 2.
        // Bar 2 gaps down: prevClose 13 - low 9 = 4.
        let out = true_range(&[11.0, 14.0, 10.0], &[9.0, 12.0, 9.0], &[10.0, 13.0, 9.5]).unwrap();
        assert!(out[0].is_nan());
        assert_eq!(&out[1..], &[4.0, 4.0]);
    }

    #[test]
    fn bad_input() {
        let e = true_range(&[1.0, 2.0], &[1.0], &[1.0, 2.0]).unwrap_err();
        assert_eq!(e.code(), "SMC_LENGTH_MISMATCH");
        let e = true_range(&[1.0], &[2.0], &[1.5]).unwrap_err();
        assert_eq!(e.code(), "SMC_INVALID_INPUT");
        let e = true_range(&[1.0], &[f64::NEG_INFINITY], &[1.0]).unwrap_err();
        assert_eq!(e.code(), "SMC_NON_FINITE");
        assert_eq!(
            true_range(&[], &[], &[]).unwrap_err().code(),
            "SMC_EMPTY_INPUT"
        );
    }
}
