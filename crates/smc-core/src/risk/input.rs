//! Input contract shared by the VaR/ES functions: the NaN policy, the tail probability `alpha`
//! and the minimum length each method needs, so the same bad input gets the same error
//! everywhere.

use std::borrow::Cow;
use std::str::FromStr;

use crate::error::{check, Result, SmcError};

/// What to do with NaN inside a return series. Infinities are always rejected: unlike a
/// missing observation they are a bug upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NanPolicy {
    /// A NaN is an error (`SMC_NON_FINITE`): the default, so gaps are never hidden.
    #[default]
    Reject,
    /// NaNs are dropped before computing (R's `na.omit`, numpy's `nan*` functions).
    Skip,
}

impl FromStr for NanPolicy {
    type Err = SmcError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "reject" => Ok(NanPolicy::Reject),
            "skip" => Ok(NanPolicy::Skip),
            _ => Err(SmcError::invalid(format!(
                "unknown NaN policy '{s}'; expected reject or skip"
            ))),
        }
    }
}

/// Applies the NaN policy and checks that at least `min` finite values remain.
pub fn clean<'a>(what: &str, xs: &'a [f64], nan: NanPolicy, min: usize) -> Result<Cow<'a, [f64]>> {
    let cleaned: Cow<'a, [f64]> = match nan {
        NanPolicy::Skip if xs.iter().any(|x| x.is_nan()) => {
            Cow::Owned(xs.iter().copied().filter(|x| !x.is_nan()).collect())
        }
        _ => Cow::Borrowed(xs),
    };
    check::finite(what, &cleaned)?;
    check::min_len(what, &cleaned, min)?;
    Ok(cleaned)
}

/// The tail probability of a VaR: in (0, 0.5] (0.05 is the 95% VaR). Larger values are almost
/// always a confidence level passed by mistake, so they are rejected rather than reinterpreted.
pub fn alpha(alpha: f64) -> Result<f64> {
    if alpha > 0.0 && alpha <= 0.5 {
        Ok(alpha)
    } else {
        Err(SmcError::out_of_range(
            "alpha",
            alpha,
            "a tail probability in (0, 0.5], e.g. 0.05 for 95% VaR",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_policy_and_alpha() {
        let xs = [1.0, f64::NAN, 2.0];
        assert_eq!(
            clean("returns", &xs, NanPolicy::Reject, 1)
                .unwrap_err()
                .code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            &*clean("returns", &xs, NanPolicy::Skip, 2).unwrap(),
            &[1.0, 2.0]
        );
        assert_eq!(
            clean("returns", &xs, NanPolicy::Skip, 3)
                .unwrap_err()
                .code(),
            "SMC_EMPTY_INPUT"
        );
        assert_eq!(
            clean("r", &[f64::INFINITY], NanPolicy::Skip, 1)
                .unwrap_err()
                .code(),
            "SMC_NON_FINITE"
        );
        for bad in [0.0, -0.1, 0.51, 0.95, f64::NAN] {
            assert_eq!(alpha(bad).unwrap_err().code(), "SMC_OUT_OF_RANGE");
        }
        assert_eq!(alpha(0.5).unwrap(), 0.5);
        assert_eq!("skip".parse::<NanPolicy>().unwrap(), NanPolicy::Skip);
        assert!("drop".parse::<NanPolicy>().is_err());
    }
}
