//! Sample quantiles with the nine Hyndman-Fan definitions, named and computed as numpy names and
//! computes them (`numpy.quantile(..., method=...)`), so results agree with numpy to rounding.
//!
//! numpy reduces every method to "a position in the sorted sample": discrete methods pick one
//! order statistic, continuous ones interpolate between two neighbours with numpy's `_lerp`.
//! We follow the same formulas operation by operation because the order of floating-point
//! operations is what makes the last bits agree.

use crate::error::{check, Result, SmcError};
use std::str::FromStr;

/// The nine sample-quantile definitions of Hyndman and Fan (1996), by numpy's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum QuantileMethod {
    /// H&F type 1: the inverse of the empirical CDF.
    InvertedCdf,
    /// H&F type 2: type 1 with averaging at discontinuities.
    AveragedInvertedCdf,
    /// H&F type 3: the nearest even order statistic.
    ClosestObservation,
    /// H&F type 4: linear interpolation of the empirical CDF.
    InterpolatedInvertedCdf,
    /// H&F type 5: piecewise linear, nodes at (k - 0.5) / n.
    Hazen,
    /// H&F type 6: nodes at k / (n + 1).
    Weibull,
    /// H&F type 7 (numpy's and R's default): nodes at (k - 1) / (n - 1).
    #[default]
    Linear,
    /// H&F type 8: approximately median-unbiased whatever the distribution.
    MedianUnbiased,
    /// H&F type 9: approximately unbiased for normally distributed data.
    NormalUnbiased,
}

impl QuantileMethod {
    pub const ALL: [QuantileMethod; 9] = [
        QuantileMethod::InvertedCdf,
        QuantileMethod::AveragedInvertedCdf,
        QuantileMethod::ClosestObservation,
        QuantileMethod::InterpolatedInvertedCdf,
        QuantileMethod::Hazen,
        QuantileMethod::Weibull,
        QuantileMethod::Linear,
        QuantileMethod::MedianUnbiased,
        QuantileMethod::NormalUnbiased,
    ];

    /// numpy's name of the method.
    pub fn name(self) -> &'static str {
        match self {
            QuantileMethod::InvertedCdf => "inverted_cdf",
            QuantileMethod::AveragedInvertedCdf => "averaged_inverted_cdf",
            QuantileMethod::ClosestObservation => "closest_observation",
            QuantileMethod::InterpolatedInvertedCdf => "interpolated_inverted_cdf",
            QuantileMethod::Hazen => "hazen",
            QuantileMethod::Weibull => "weibull",
            QuantileMethod::Linear => "linear",
            QuantileMethod::MedianUnbiased => "median_unbiased",
            QuantileMethod::NormalUnbiased => "normal_unbiased",
        }
    }

    /// Where the p-quantile of a sorted sample of `n` values sits: the indexes of the two order
    /// statistics to interpolate between and the weight of the upper one.
    /// Requires n >= 1 and p in [0, 1].
    pub fn position(self, n: usize, p: f64) -> Position {
        let nf = n as f64;
        match self {
            QuantileMethod::InvertedCdf => discrete(n, nf * p - 1.0, |gamma, _| gamma == 0.0),
            QuantileMethod::ClosestObservation => {
                // numpy: round to the nearest even 1-based order statistic, i.e. an odd 0-based
                // index, at ties; `rem_euclid` matches Python's modulo for negative indexes.
                discrete(n, nf * p - 1.0 - 0.5, |gamma, index| {
                    gamma == 0.0 && (index.floor() as i64).rem_euclid(2) == 1
                })
            }
            QuantileMethod::AveragedInvertedCdf => {
                continuous(
                    n,
                    nf * p - 1.0,
                    |gamma| {
                        if gamma == 0.0 {
                            0.5
                        } else {
                            1.0
                        }
                    },
                )
            }
            QuantileMethod::Linear => continuous(n, (nf - 1.0) * p, |gamma| gamma),
            QuantileMethod::InterpolatedInvertedCdf => {
                continuous(n, virtual_index(nf, p, 0.0, 1.0), |gamma| gamma)
            }
            QuantileMethod::Hazen => continuous(n, virtual_index(nf, p, 0.5, 0.5), |gamma| gamma),
            QuantileMethod::Weibull => continuous(n, virtual_index(nf, p, 0.0, 0.0), |gamma| gamma),
            QuantileMethod::MedianUnbiased => {
                continuous(n, virtual_index(nf, p, 1.0 / 3.0, 1.0 / 3.0), |gamma| gamma)
            }
            QuantileMethod::NormalUnbiased => {
                continuous(n, virtual_index(nf, p, 3.0 / 8.0, 3.0 / 8.0), |gamma| gamma)
            }
        }
    }
}

impl FromStr for QuantileMethod {
    type Err = SmcError;

    fn from_str(s: &str) -> Result<Self> {
        QuantileMethod::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = QuantileMethod::ALL.iter().map(|m| m.name()).collect();
                SmcError::invalid(format!(
                    "unknown quantile method '{s}'; expected one of {}",
                    names.join(", ")
                ))
            })
    }
}

/// The p-quantile's place in a sorted sample: `value = lerp(x[lower], x[upper], weight)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub lower: usize,
    pub upper: usize,
    pub weight: f64,
}

impl Position {
    /// Evaluates the position on the two order statistics it names.
    #[inline]
    pub fn interpolate(self, lower_value: f64, upper_value: f64) -> f64 {
        lerp(lower_value, upper_value, self.weight)
    }
}

/// numpy's `_compute_virtual_index`.
#[inline]
fn virtual_index(n: f64, p: f64, alpha: f64, beta: f64) -> f64 {
    n * p + (alpha + p * (1.0 - alpha - beta)) - 1.0
}

/// numpy's `_discrete_interpolation_to_boundaries`: one order statistic, clipped at 0.
#[inline]
fn discrete(n: usize, index: f64, take_previous: impl Fn(f64, f64) -> bool) -> Position {
    let previous = index.floor();
    let gamma = index - previous;
    let chosen = if take_previous(gamma, index) {
        previous
    } else {
        previous + 1.0
    };
    let i = (chosen.max(0.0) as usize).min(n - 1);
    Position {
        lower: i,
        upper: i,
        weight: 0.0,
    }
}

/// numpy's `_get_indexes` + `_get_gamma`: outside [0, n-1] the extreme order statistic.
#[inline]
fn continuous(n: usize, index: f64, fix_gamma: impl Fn(f64) -> f64) -> Position {
    let last = n - 1;
    if index >= last as f64 {
        return Position {
            lower: last,
            upper: last,
            weight: 0.0,
        };
    }
    if index < 0.0 {
        return Position {
            lower: 0,
            upper: 0,
            weight: 0.0,
        };
    }
    let previous = index.floor();
    let lower = previous as usize;
    Position {
        lower,
        upper: lower + 1,
        weight: fix_gamma(index - previous),
    }
}

/// numpy's `_lerp`: the two-sided form keeps the result exact at t = 1 and monotone in t.
#[inline]
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// The p-quantile of an ascending, finite, non-empty slice. Unchecked: the hot-path form for
/// callers that keep data sorted and validated (rolling windows, VaR tables).
#[inline]
pub fn quantile_sorted(sorted: &[f64], p: f64, method: QuantileMethod) -> f64 {
    debug_assert!(!sorted.is_empty());
    let pos = method.position(sorted.len(), p);
    pos.interpolate(sorted[pos.lower], sorted[pos.upper])
}

/// The p-quantile of `values` (any order). O(n): it selects the one or two order statistics it
/// needs instead of sorting.
pub fn quantile(values: &[f64], p: f64, method: QuantileMethod) -> Result<f64> {
    check::series("values", values)?;
    check::probability("p", p)?;
    let pos = method.position(values.len(), p);
    let mut work = values.to_vec();
    let (_, lower, above) = work.select_nth_unstable_by(pos.lower, f64::total_cmp);
    let lower = *lower;
    let upper = if pos.upper == pos.lower {
        lower
    } else {
        // The next order statistic is the minimum of everything above the selected one.
        above.iter().copied().fold(f64::INFINITY, f64::min)
    };
    Ok(pos.interpolate(lower, upper))
}

/// Several quantiles of the same sample: one sort, then O(1) per p.
pub fn quantiles(values: &[f64], ps: &[f64], method: QuantileMethod) -> Result<Vec<f64>> {
    check::series("values", values)?;
    for &p in ps {
        check::probability("p", p)?;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    Ok(ps
        .iter()
        .map(|&p| quantile_sorted(&sorted, p, method))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in QuantileMethod::ALL {
            assert_eq!(m.name().parse::<QuantileMethod>().unwrap(), m);
        }
        let err = "type7".parse::<QuantileMethod>().unwrap_err();
        assert_eq!(err.code(), "SMC_INVALID_INPUT");
        assert!(err.to_string().contains("linear"));
    }

    #[test]
    fn linear_is_type_7() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&x, 0.5, QuantileMethod::Linear).unwrap(), 2.5);
        assert_eq!(quantile(&x, 0.0, QuantileMethod::Linear).unwrap(), 1.0);
        assert_eq!(quantile(&x, 1.0, QuantileMethod::Linear).unwrap(), 4.0);
        // (n - 1) p = 0.3 -> 1 + 0.3
        assert!((quantile(&x, 0.1, QuantileMethod::Linear).unwrap() - 1.3).abs() < 1e-15);
    }

    #[test]
    fn discrete_methods_pick_order_statistics() {
        let x = [10.0, 20.0, 30.0, 40.0];
        // inverted_cdf: smallest x with F(x) >= p.
        assert_eq!(
            quantile(&x, 0.5, QuantileMethod::InvertedCdf).unwrap(),
            20.0
        );
        assert_eq!(
            quantile(&x, 0.51, QuantileMethod::InvertedCdf).unwrap(),
            30.0
        );
        // averaged_inverted_cdf averages at the jump.
        assert_eq!(
            quantile(&x, 0.5, QuantileMethod::AveragedInvertedCdf).unwrap(),
            25.0
        );
        // closest_observation at n p = 2 (index 1.5 -> ...): numpy gives 20.
        assert_eq!(
            quantile(&x, 0.5, QuantileMethod::ClosestObservation).unwrap(),
            20.0
        );
    }

    #[test]
    fn single_value_sample() {
        for m in QuantileMethod::ALL {
            for p in [0.0, 0.3, 1.0] {
                assert_eq!(quantile(&[7.5], p, m).unwrap(), 7.5);
            }
        }
    }

    #[test]
    fn bad_input_is_typed() {
        let m = QuantileMethod::Linear;
        assert_eq!(quantile(&[], 0.5, m).unwrap_err().code(), "SMC_EMPTY_INPUT");
        assert_eq!(
            quantile(&[1.0, f64::NAN], 0.5, m).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            quantile(&[1.0], 1.5, m).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            quantile(&[1.0], -0.1, m).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            quantiles(&[1.0], &[0.5, f64::NAN], m).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
