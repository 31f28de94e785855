//! Value at Risk and Expected Shortfall of a return series: historical, Gaussian and modified
//! (Cornish-Fisher).
//!
//! Sign convention: VaR and ES are reported as POSITIVE LOSSES (a 95% VaR of 0.02 means a 2%
//! loss is exceeded 5% of the time); `-var` is the raw return quantile. `alpha` is the tail
//! probability, in (0, 0.5]. R PerformanceAnalytics reports the same numbers negated
//! (`invert = TRUE`).

use std::str::FromStr;

use super::input::{self, NanPolicy};
use super::moments::Moments;
use super::quantile::{quantile_sorted, QuantileMethod};
use crate::dist::{norm_pdf, norm_ppf};
use crate::error::{Result, SmcError};

/// How the mean of the tail beyond the VaR is taken for historical ES.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EsConvention {
    /// Acerbi and Tasche (2002): the mean of the worst n*alpha observations, the last one
    /// counted with its fractional weight. Coherent, and independent of the quantile method.
    #[default]
    AcerbiTasche,
    /// empyrical's `conditional_value_at_risk`: the mean of the worst floor((n-1)*alpha)+1.
    Empyrical,
    /// R PerformanceAnalytics `ES(method = "historical")`: the mean of the returns strictly
    /// below the type-7 quantile, or the VaR itself when none is.
    PerformanceAnalytics,
}

impl FromStr for EsConvention {
    type Err = SmcError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "acerbi_tasche" => Ok(EsConvention::AcerbiTasche),
            "empyrical" => Ok(EsConvention::Empyrical),
            "performance_analytics" => Ok(EsConvention::PerformanceAnalytics),
            _ => Err(SmcError::invalid(format!(
                "unknown ES convention '{s}'; expected acerbi_tasche, empyrical or performance_analytics"
            ))),
        }
    }
}

fn sorted(xs: &[f64]) -> Vec<f64> {
    let mut v = xs.to_vec();
    v.sort_unstable_by(f64::total_cmp);
    v
}

/// Historical VaR: minus the alpha-quantile of the returns (type 7 `linear` is R's and numpy's
/// default, the one PerformanceAnalytics and empyrical use). Needs 1 value.
pub fn historical_var(
    returns: &[f64],
    alpha: f64,
    method: QuantileMethod,
    nan: NanPolicy,
) -> Result<f64> {
    let alpha = input::alpha(alpha)?;
    let xs = input::clean("returns", returns, nan, 1)?;
    Ok(-quantile_sorted(&sorted(&xs), alpha, method))
}

/// Historical ES under `convention` from an ascending sample (shared with the rolling form).
pub fn historical_es_sorted(sorted: &[f64], alpha: f64, convention: EsConvention) -> f64 {
    match convention {
        EsConvention::PerformanceAnalytics => {
            let q = quantile_sorted(sorted, alpha, QuantileMethod::Linear);
            es_strictly_below(sorted.iter().copied(), q)
        }
        _ => es_from_ascending(sorted.iter().copied(), sorted.len(), alpha, convention),
    }
}

/// How many of the lowest values of a sample of `n` the Acerbi-Tasche and empyrical ES read.
#[inline]
pub fn tail_len(n: usize, alpha: f64, convention: EsConvention) -> usize {
    match convention {
        EsConvention::Empyrical => ((n - 1) as f64 * alpha).floor() as usize + 1,
        _ => ((n as f64 * alpha).floor() as usize + 1).min(n),
    }
}

/// Acerbi-Tasche or empyrical ES of a sample of `n` values from its values in ascending order
/// (only the first [`tail_len`] are read), so a rolling window need not copy the sample.
pub fn es_from_ascending(
    mut ascending: impl Iterator<Item = f64>,
    n: usize,
    alpha: f64,
    convention: EsConvention,
) -> f64 {
    match convention {
        EsConvention::Empyrical => {
            let k = tail_len(n, alpha, convention);
            -ascending.take(k).sum::<f64>() / k as f64
        }
        _ => {
            let tail = n as f64 * alpha;
            let whole = tail.floor() as usize;
            let mut sum: f64 = ascending.by_ref().take(whole).sum();
            let fraction = tail - whole as f64;
            if fraction > 0.0 {
                sum += fraction * ascending.next().expect("tail_len <= n");
            }
            -sum / tail
        }
    }
}

/// PerformanceAnalytics' ES: minus the mean of the values strictly below the quantile `q`
/// (ascending input, read until the first value >= q), or -q when there is none.
pub fn es_strictly_below(ascending: impl Iterator<Item = f64>, q: f64) -> f64 {
    let (mut sum, mut count) = (0.0, 0usize);
    for x in ascending.take_while(|&x| x < q) {
        sum += x;
        count += 1;
    }
    if count == 0 {
        -q
    } else {
        -sum / count as f64
    }
}

/// Historical ES (positive loss). Needs 1 value.
pub fn historical_es(
    returns: &[f64],
    alpha: f64,
    convention: EsConvention,
    nan: NanPolicy,
) -> Result<f64> {
    let alpha = input::alpha(alpha)?;
    let xs = input::clean("returns", returns, nan, 1)?;
    Ok(historical_es_sorted(&sorted(&xs), alpha, convention))
}

fn gaussian_moments(returns: &[f64], ddof: u32, nan: NanPolicy) -> Result<(f64, f64)> {
    let xs = input::clean("returns", returns, nan, ddof as usize + 1)?;
    let m = Moments::of(&xs);
    Ok((m.mean, m.variance(ddof).sqrt()))
}

/// Gaussian VaR = -(mean + z_alpha * sd), sd with `ddof` (PerformanceAnalytics uses 0:
/// `centeredmoment(r, 2)`). Needs ddof + 1 values.
pub fn gaussian_var(returns: &[f64], alpha: f64, ddof: u32, nan: NanPolicy) -> Result<f64> {
    let alpha = input::alpha(alpha)?;
    let (mean, sd) = gaussian_moments(returns, ddof, nan)?;
    Ok(gaussian_var_from(mean, sd, alpha))
}

#[inline]
pub fn gaussian_var_from(mean: f64, sd: f64, alpha: f64) -> f64 {
    -mean - norm_ppf(alpha) * sd
}

#[inline]
pub fn gaussian_es_from(mean: f64, sd: f64, alpha: f64) -> f64 {
    -mean + norm_pdf(norm_ppf(alpha)) * sd / alpha
}

/// Gaussian ES = -mean + sd * phi(z_alpha) / alpha. Needs ddof + 1 values.
pub fn gaussian_es(returns: &[f64], alpha: f64, ddof: u32, nan: NanPolicy) -> Result<f64> {
    let alpha = input::alpha(alpha)?;
    let (mean, sd) = gaussian_moments(returns, ddof, nan)?;
    Ok(gaussian_es_from(mean, sd, alpha))
}

/// The Cornish-Fisher quantile z + (z^2-1)S/6 + (z^3-3z)K/24 - (2z^3-5z)S^2/36.
#[inline]
fn cornish_fisher(z: f64, skew: f64, exkurt: f64) -> f64 {
    z + (z * z - 1.0) * skew / 6.0 + (z * z * z - 3.0 * z) * exkurt / 24.0
        - (2.0 * z * z * z - 5.0 * z) * skew * skew / 36.0
}

/// Modified VaR from moments (PerformanceAnalytics `VaR.CornishFisher`).
pub fn modified_var_from(m: &Moments, alpha: f64) -> f64 {
    let h = cornish_fisher(norm_ppf(alpha), m.skewness(), m.excess_kurtosis());
    -m.mean - h * m.m2.sqrt()
}

/// Modified ES from moments (PerformanceAnalytics `operES.CornishFisher`, the default of
/// `ES(method = "modified")`): Boudt, Peterson and Croux (2008) with the Cornish-Fisher
/// quantile h, E = phi(h) (1 + h^3 S/6 + (h^6 - 9h^4 + 9h^2 + 3) S^2/72 + (h^4 - 2h^2 - 1) K/24),
/// ES = -mean - sd * min(-E/alpha, h), the `min` keeping ES at or beyond the modified VaR.
pub fn modified_es_from(m: &Moments, alpha: f64) -> f64 {
    let (s, k) = (m.skewness(), m.excess_kurtosis());
    let h = cornish_fisher(norm_ppf(alpha), s, k);
    let (h2, h3) = (h * h, h * h * h);
    let h4 = h2 * h2;
    let h6 = h4 * h2;
    let e = norm_pdf(h)
        * (1.0
            + h3 * s / 6.0
            + (h6 - 9.0 * h4 + 9.0 * h2 + 3.0) * s * s / 72.0
            + (h4 - 2.0 * h2 - 1.0) * k / 24.0);
    -m.mean - m.m2.sqrt() * (-e / alpha).min(h)
}

/// The minimum sample for the modified methods: the fourth moment needs a few points to mean
/// anything; 4 is the least for which skewness and kurtosis are both identifiable.
pub const MODIFIED_MIN_LEN: usize = 4;

/// Modified (Cornish-Fisher) VaR with population skewness and excess kurtosis, as
/// PerformanceAnalytics `VaR(method = "modified")`. Needs 4 values.
pub fn modified_var(returns: &[f64], alpha: f64, nan: NanPolicy) -> Result<f64> {
    let alpha = input::alpha(alpha)?;
    let xs = input::clean("returns", returns, nan, MODIFIED_MIN_LEN)?;
    Ok(modified_var_from(&Moments::of(&xs), alpha))
}

/// Modified ES (Boudt-Peterson-Croux), as PerformanceAnalytics `ES(method = "modified")`.
pub fn modified_es(returns: &[f64], alpha: f64, nan: NanPolicy) -> Result<f64> {
    let alpha = input::alpha(alpha)?;
    let xs = input::clean("returns", returns, nan, MODIFIED_MIN_LEN)?;
    Ok(modified_es_from(&Moments::of(&xs), alpha))
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: NanPolicy = NanPolicy::Reject;

    #[test]
    fn historical_conventions_on_ten_values() {
        let xs: Vec<f64> = (1..=10).map(|i| i as f64 / 100.0 - 0.06).collect(); // -0.05..0.04
                                                                                // type 7 at 0.2: index 1.8 -> -0.04 + 0.8 * 0.01
        let var = historical_var(&xs, 0.2, QuantileMethod::Linear, R).unwrap();
        assert!((var - 0.032).abs() < 1e-15);
        // Acerbi-Tasche at 0.25: n*alpha = 2.5 -> (-0.05 - 0.04 + 0.5 * -0.03) / 2.5
        let at = historical_es(&xs, 0.25, EsConvention::AcerbiTasche, R).unwrap();
        assert!((at - 0.042).abs() < 1e-15);
        // empyrical: floor(9 * 0.25) + 1 = 3 worst
        let emp = historical_es(&xs, 0.25, EsConvention::Empyrical, R).unwrap();
        assert!((emp - 0.04).abs() < 1e-15);
        // PerformanceAnalytics: q = -0.0275, strictly below: -0.05, -0.04, -0.03
        let pa = historical_es(&xs, 0.25, EsConvention::PerformanceAnalytics, R).unwrap();
        assert!((pa - 0.04).abs() < 1e-15);
        // No value strictly below the quantile: ES = VaR.
        let pa_min = historical_es(&[0.01; 5], 0.05, EsConvention::PerformanceAnalytics, R);
        assert_eq!(pa_min.unwrap(), -0.01);
    }

    #[test]
    fn es_is_at_least_var() {
        let xs: Vec<f64> = (0..200)
            .map(|i| ((i * 37) % 101) as f64 / 1000.0 - 0.05)
            .collect();
        for &a in &[0.01, 0.05, 0.1, 0.5] {
            let var = historical_var(&xs, a, QuantileMethod::Linear, R).unwrap();
            for c in [EsConvention::AcerbiTasche, EsConvention::Empyrical] {
                assert!(historical_es(&xs, a, c, R).unwrap() >= var - 1e-12);
            }
            assert!(gaussian_es(&xs, a, 1, R).unwrap() > gaussian_var(&xs, a, 1, R).unwrap());
            assert!(modified_es(&xs, a, R).unwrap() >= modified_var(&xs, a, R).unwrap());
        }
    }

    #[test]
    fn modified_collapses_to_gaussian_without_skew_or_kurtosis() {
        let m = Moments {
            n: 100,
            mean: 0.001,
            m2: 0.0004,
            m3: 0.0,
            m4: 3.0 * 0.0004 * 0.0004,
        };
        let g = gaussian_var_from(m.mean, m.m2.sqrt(), 0.05);
        assert!((modified_var_from(&m, 0.05) - g).abs() < 1e-15);
        let ges = gaussian_es_from(m.mean, m.m2.sqrt(), 0.05);
        assert!((modified_es_from(&m, 0.05) - ges).abs() < 1e-14);
    }

    #[test]
    fn bad_input_is_typed() {
        let m = QuantileMethod::Linear;
        assert_eq!(
            historical_var(&[], 0.05, m, R).unwrap_err().code(),
            "SMC_EMPTY_INPUT"
        );
        assert_eq!(
            historical_var(&[0.1, f64::NAN], 0.05, m, R)
                .unwrap_err()
                .code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            historical_var(&[0.1, f64::NAN], 0.05, m, NanPolicy::Skip).unwrap(),
            -0.1
        );
        assert_eq!(
            historical_var(&[0.1], 0.95, m, R).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            gaussian_var(&[0.1], 0.05, 1, R).unwrap_err().code(),
            "SMC_EMPTY_INPUT"
        );
        assert_eq!(
            modified_es(&[0.1, 0.2, 0.3], 0.05, R).unwrap_err().code(),
            "SMC_EMPTY_INPUT"
        );
        assert_eq!(
            "cvar".parse::<EsConvention>().unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
    }
}
