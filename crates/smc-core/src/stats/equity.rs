//! From an equity curve to the series the statistics and reports need: simple returns per
//! period and the underwater curve (drawdown from the running peak).

use crate::error::{check, Result, SmcError};

/// Simple returns `e[t] / e[t-1] - 1` of an equity curve (length `n - 1`).
///
/// Errors: fewer than 2 points, a non-finite value, or an equity `<= 0` (a return from a
/// non-positive wealth is undefined).
pub fn equity_returns(equity: &[f64]) -> Result<Vec<f64>> {
    check::min_len("equity", equity, 2)?;
    check::finite("equity", equity)?;
    if let Some(i) = equity.iter().position(|&e| e <= 0.0) {
        return Err(SmcError::out_of_range(
            &format!("equity[{i}]"),
            equity[i],
            "a wealth > 0",
        ));
    }
    Ok(equity.windows(2).map(|w| w[1] / w[0] - 1.0).collect())
}

/// Drawdown of each point from the running peak, as a fraction `<= 0` (`e / peak - 1`).
///
/// Errors: an empty curve, a non-finite value, or an equity `<= 0`.
pub fn underwater(equity: &[f64]) -> Result<Vec<f64>> {
    check::min_len("equity", equity, 1)?;
    check::finite("equity", equity)?;
    if let Some(i) = equity.iter().position(|&e| e <= 0.0) {
        return Err(SmcError::out_of_range(
            &format!("equity[{i}]"),
            equity[i],
            "a wealth > 0",
        ));
    }
    let mut peak = f64::NEG_INFINITY;
    Ok(equity
        .iter()
        .map(|&e| {
            peak = peak.max(e);
            e / peak - 1.0
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_of_a_known_curve() {
        let r = equity_returns(&[100.0, 110.0, 99.0, 99.0]).unwrap();
        assert_eq!(r.len(), 3);
        assert!((r[0] - 0.1).abs() < 1e-15);
        assert!((r[1] + 0.1).abs() < 1e-15);
        assert_eq!(r[2], 0.0);
    }

    #[test]
    fn compounding_the_returns_gives_back_the_curve() {
        let e = [50.0, 51.5, 49.0, 60.25, 60.0, 75.5];
        let r = equity_returns(&e).unwrap();
        let mut w = e[0];
        for (i, x) in r.iter().enumerate() {
            w *= 1.0 + x;
            assert!((w - e[i + 1]).abs() < 1e-12);
        }
    }

    #[test]
    fn underwater_from_the_running_peak() {
        let d = underwater(&[100.0, 120.0, 90.0, 120.0, 130.0, 65.0]).unwrap();
        assert_eq!(d, vec![0.0, 0.0, -0.25, 0.0, 0.0, -0.5]);
    }

    #[test]
    fn bad_curves_are_errors() {
        assert!(matches!(
            equity_returns(&[1.0]),
            Err(SmcError::EmptyInput { .. })
        ));
        assert!(matches!(
            equity_returns(&[1.0, f64::NAN]),
            Err(SmcError::NonFinite { .. })
        ));
        assert!(matches!(
            equity_returns(&[1.0, 0.0]),
            Err(SmcError::OutOfRange { .. })
        ));
        assert!(matches!(underwater(&[]), Err(SmcError::EmptyInput { .. })));
        assert!(matches!(
            underwater(&[1.0, -2.0]),
            Err(SmcError::OutOfRange { .. })
        ));
    }
}
