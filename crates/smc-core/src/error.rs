//! The error type of the core. Every variant has a stable string code (see [`SmcError::code`])
//! that the binding passes to JavaScript unchanged and the SDK maps to an `SmcError` subclass.
//! Codes are part of the public API: never rename one, add a new variant instead.

use thiserror::Error;

pub type Result<T> = std::result::Result<T, SmcError>;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum SmcError {
    /// Input that is malformed in a way no more specific variant describes (unknown enum name,
    /// inconsistent options, ...).
    #[error("{0}")]
    InvalidInput(String),

    /// A series or collection that must hold at least `min` elements holds fewer.
    #[error("{what} needs at least {min} element(s), got {actual}")]
    EmptyInput {
        what: String,
        min: usize,
        actual: usize,
    },

    /// NaN or +/-infinity where a finite number is required.
    #[error("{what}[{index}] is {value}; a finite number is required")]
    NonFinite {
        what: String,
        index: usize,
        value: f64,
    },

    /// Columns or paired series whose lengths must agree.
    #[error("{what}: expected length {expected}, got {actual}")]
    LengthMismatch {
        what: String,
        expected: usize,
        actual: usize,
    },

    /// A scalar parameter outside its domain (a probability outside [0, 1], a window < 1, ...).
    #[error("{name} = {value} is out of range: expected {expected}")]
    OutOfRange {
        name: String,
        value: f64,
        expected: String,
    },

    /// Timestamps or sequence numbers that must increase and do not.
    #[error("{0}")]
    Unordered(String),

    /// An order book whose update stream has a gap: the book must be rebuilt from a snapshot.
    #[error("order book resync required: {0}")]
    ResyncRequired(String),

    /// A book whose best bid is at or above its best ask.
    #[error("crossed book: {0}")]
    CrossedBook(String),

    /// A matrix that must be invertible or positive definite is not.
    #[error("singular matrix: {0}")]
    SingularMatrix(String),

    /// An operation that is not valid in the object's current state (an order after completion).
    #[error("invalid state: {0}")]
    InvalidState(String),

    /// A reference to something that does not exist (an unknown venue or order id).
    #[error("not found: {0}")]
    NotFound(String),

    /// A bug in smc-engine (for example a caught panic). Please report it.
    #[error("internal error: {0}")]
    Internal(String),
}

impl SmcError {
    /// The stable code of this error, as seen by JavaScript in `err.code`.
    pub fn code(&self) -> &'static str {
        match self {
            SmcError::InvalidInput(_) => "SMC_INVALID_INPUT",
            SmcError::EmptyInput { .. } => "SMC_EMPTY_INPUT",
            SmcError::NonFinite { .. } => "SMC_NON_FINITE",
            SmcError::LengthMismatch { .. } => "SMC_LENGTH_MISMATCH",
            SmcError::OutOfRange { .. } => "SMC_OUT_OF_RANGE",
            SmcError::Unordered(_) => "SMC_UNORDERED",
            SmcError::ResyncRequired(_) => "SMC_RESYNC_REQUIRED",
            SmcError::CrossedBook(_) => "SMC_CROSSED_BOOK",
            SmcError::SingularMatrix(_) => "SMC_SINGULAR_MATRIX",
            SmcError::InvalidState(_) => "SMC_INVALID_STATE",
            SmcError::NotFound(_) => "SMC_NOT_FOUND",
            SmcError::Internal(_) => "SMC_INTERNAL",
        }
    }

    pub fn invalid(msg: impl Into<String>) -> Self {
        SmcError::InvalidInput(msg.into())
    }

    pub fn out_of_range(name: &str, value: f64, expected: &str) -> Self {
        SmcError::OutOfRange {
            name: name.to_owned(),
            value,
            expected: expected.to_owned(),
        }
    }
}

/// Input checks shared by every module, so that the same bad input gets the same error
/// everywhere.
pub mod check {
    use super::{Result, SmcError};

    /// At least `min` elements.
    pub fn min_len<T>(what: &str, xs: &[T], min: usize) -> Result<()> {
        if xs.len() < min {
            return Err(SmcError::EmptyInput {
                what: what.to_owned(),
                min,
                actual: xs.len(),
            });
        }
        Ok(())
    }

    /// Every element finite (no NaN, no infinity).
    pub fn finite(what: &str, xs: &[f64]) -> Result<()> {
        match xs.iter().position(|x| !x.is_finite()) {
            Some(index) => Err(SmcError::NonFinite {
                what: what.to_owned(),
                index,
                value: xs[index],
            }),
            None => Ok(()),
        }
    }

    /// A single finite scalar.
    pub fn finite_scalar(name: &str, x: f64) -> Result<()> {
        if x.is_finite() {
            Ok(())
        } else {
            Err(SmcError::NonFinite {
                what: name.to_owned(),
                index: 0,
                value: x,
            })
        }
    }

    /// Non-empty and finite: the usual contract of a numeric series.
    pub fn series(what: &str, xs: &[f64]) -> Result<()> {
        min_len(what, xs, 1)?;
        finite(what, xs)
    }

    pub fn same_len(what: &str, expected: usize, actual: usize) -> Result<()> {
        if expected != actual {
            return Err(SmcError::LengthMismatch {
                what: what.to_owned(),
                expected,
                actual,
            });
        }
        Ok(())
    }

    /// A probability in [0, 1].
    pub fn probability(name: &str, p: f64) -> Result<()> {
        if !(0.0..=1.0).contains(&p) {
            // NaN fails `contains` too, and is reported as out of range.
            return Err(SmcError::out_of_range(name, p, "a number in [0, 1]"));
        }
        Ok(())
    }

    /// A whole number given as f64 (JavaScript numbers): rejects NaN, infinities and fractions.
    pub fn integer(name: &str, x: f64) -> Result<i64> {
        if !x.is_finite() || x.fract() != 0.0 || x.abs() > 9_007_199_254_740_991.0 {
            return Err(SmcError::out_of_range(name, x, "a whole number"));
        }
        Ok(x as i64)
    }

    /// Largest window of a rolling estimator (elements kept in memory).
    pub const MAX_WINDOW: usize = 1 << 24;
    /// Largest number of generated rows (synthetic bars, random draws): 2^24 rows of the seven
    /// synthetic-bar columns is about 1 GB.
    pub const MAX_ROWS: usize = 1 << 24;
    /// Largest small structural count (buckets of a histogram, iterations, levels, ...).
    pub const MAX_SMALL: usize = 1 << 20;

    /// A count given as f64 (a JavaScript number) in `[min, max]`: rejects NaN, infinities,
    /// fractions and values outside the range with `OutOfRange`. `max` is a sanity bound chosen
    /// per use (see [`MAX_WINDOW`], [`MAX_ROWS`], [`MAX_SMALL`]) so that a count sized by user
    /// input can never request an allocation that aborts the process.
    pub fn count(name: &str, x: f64, min: usize, max: usize) -> Result<usize> {
        if !x.is_finite() || x.fract() != 0.0 || x < min as f64 || x > max as f64 {
            return Err(SmcError::out_of_range(
                name,
                x,
                &format!("a whole number in [{min}, {max}]"),
            ));
        }
        Ok(x as usize)
    }

    /// A memory bound given as f64 (a JavaScript number): a whole number >= 0, or `+Infinity`
    /// for no limit (`usize::MAX`). Bounds cap what a structure keeps as it grows; nothing is
    /// allocated up front from them, so no sanity maximum is needed.
    pub fn bound(name: &str, x: f64) -> Result<usize> {
        if x == f64::INFINITY {
            return Ok(usize::MAX);
        }
        if !x.is_finite() || x.fract() != 0.0 || !(0.0..=9_007_199_254_740_991.0).contains(&x) {
            return Err(SmcError::out_of_range(
                name,
                x,
                "a whole number >= 0, or Infinity for no limit",
            ));
        }
        Ok(x as usize)
    }

    /// A window or period length of at least `min`.
    pub fn window(name: &str, n: i64, min: i64) -> Result<usize> {
        if n < min {
            return Err(SmcError::out_of_range(
                name,
                n as f64,
                &format!("an integer >= {min}"),
            ));
        }
        Ok(n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_distinct() {
        let all = [
            SmcError::InvalidInput(String::new()),
            SmcError::EmptyInput {
                what: String::new(),
                min: 1,
                actual: 0,
            },
            SmcError::NonFinite {
                what: String::new(),
                index: 0,
                value: f64::NAN,
            },
            SmcError::LengthMismatch {
                what: String::new(),
                expected: 1,
                actual: 2,
            },
            SmcError::out_of_range("p", 2.0, "[0, 1]"),
            SmcError::Unordered(String::new()),
            SmcError::ResyncRequired(String::new()),
            SmcError::CrossedBook(String::new()),
            SmcError::SingularMatrix(String::new()),
            SmcError::InvalidState(String::new()),
            SmcError::NotFound(String::new()),
            SmcError::Internal(String::new()),
        ];
        let mut codes: Vec<&str> = all.iter().map(SmcError::code).collect();
        assert!(codes.iter().all(|c| c.starts_with("SMC_")));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }

    #[test]
    fn checks_report_the_offending_element() {
        let err = check::finite("returns", &[1.0, f64::INFINITY]).unwrap_err();
        assert_eq!(err.code(), "SMC_NON_FINITE");
        assert!(err.to_string().contains("returns[1]"));
        assert_eq!(
            check::probability("p", f64::NAN).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            check::window("window", -1, 1).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        for bad in [f64::NAN, f64::INFINITY, 2.5, 0.0, 11.0, -1.0, 2f64.powi(52)] {
            assert_eq!(
                check::count("n", bad, 1, 10).unwrap_err().code(),
                "SMC_OUT_OF_RANGE",
                "{bad}"
            );
        }
        assert_eq!(check::count("n", 1.0, 1, 10).unwrap(), 1);
        assert_eq!(check::count("n", 10.0, 1, 10).unwrap(), 10);
        for bad in [f64::NAN, f64::NEG_INFINITY, 2.5, -1.0, 2f64.powi(60)] {
            assert_eq!(
                check::bound("max", bad).unwrap_err().code(),
                "SMC_OUT_OF_RANGE",
                "{bad}"
            );
        }
        assert_eq!(check::bound("max", 0.0).unwrap(), 0);
        assert_eq!(check::bound("max", 1e5).unwrap(), 100_000);
        assert_eq!(check::bound("max", f64::INFINITY).unwrap(), usize::MAX);
        assert_eq!(
            check::series("x", &[]).unwrap_err().code(),
            "SMC_EMPTY_INPUT"
        );
        assert_eq!(
            check::same_len("low", 3, 2).unwrap_err().code(),
            "SMC_LENGTH_MISMATCH"
        );
    }
}
