//! VaR backtests: exceptions, Kupiec's proportion of failures and time until first failure,
//! Christoffersen's independence and conditional coverage tests, and the Basel traffic light.
//!
//! Likelihood ratios use the convention 0 * ln 0 = 0, so a series without exceptions (or with
//! only exceptions) has a finite statistic.

use std::str::FromStr;

use super::input;
use crate::dist::{binom_cdf, chi2_sf};
use crate::error::{check, Result, SmcError};

/// x * ln(y) with 0 * ln(anything) = 0.
#[inline]
fn xlny(x: f64, y: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else {
        x * y.ln()
    }
}

/// `exceptions[t]` is true when the loss exceeds the VaR: returns[t] < -var[t] (VaR as a
/// positive loss, as every function of this module reports it).
pub fn exceptions(returns: &[f64], var: &[f64]) -> Result<Vec<bool>> {
    check::same_len("var", returns.len(), var.len())?;
    check::finite("returns", returns)?;
    check::finite("var", var)?;
    Ok(returns.iter().zip(var).map(|(r, v)| *r < -*v).collect())
}

/// A likelihood-ratio statistic with its chi-square p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LikelihoodRatio {
    pub statistic: f64,
    pub p_value: f64,
    pub df: u32,
}

impl LikelihoodRatio {
    fn new(statistic: f64, df: u32) -> Self {
        // Rounding can make a zero statistic a tiny negative number.
        let statistic = statistic.max(0.0);
        LikelihoodRatio {
            statistic,
            p_value: chi2_sf(statistic, f64::from(df)),
            df,
        }
    }
}

/// Kupiec (1995) proportion-of-failures test: x exceptions in n days against the expected
/// rate `alpha`. LR = -2 ln[(1-a)^(n-x) a^x] + 2 ln[(1-x/n)^(n-x) (x/n)^x] ~ chi2(1).
pub fn kupiec_pof(exceptions: &[bool], alpha: f64) -> Result<LikelihoodRatio> {
    let alpha = input::alpha(alpha)?;
    check::min_len("exceptions", exceptions, 1)?;
    let n = exceptions.len() as f64;
    let x = exceptions.iter().filter(|&&e| e).count() as f64;
    let rate = x / n;
    let null = xlny(n - x, 1.0 - alpha) + xlny(x, alpha);
    let alt = xlny(n - x, 1.0 - rate) + xlny(x, rate);
    Ok(LikelihoodRatio::new(-2.0 * (null - alt), 1))
}

/// Kupiec's time until first failure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuff {
    /// 1-based day of the first exception; `None` when there is none (then no test).
    pub first_failure: Option<usize>,
    pub lr: Option<LikelihoodRatio>,
}

/// TUFF: with v the day of the first exception, LR = -2 ln[a (1-a)^(v-1)] +
/// 2 ln[(1/v) (1 - 1/v)^(v-1)] ~ chi2(1).
pub fn tuff(exceptions: &[bool], alpha: f64) -> Result<Tuff> {
    let alpha = input::alpha(alpha)?;
    check::min_len("exceptions", exceptions, 1)?;
    let Some(first) = exceptions.iter().position(|&e| e) else {
        return Ok(Tuff {
            first_failure: None,
            lr: None,
        });
    };
    let v = (first + 1) as f64;
    let null = alpha.ln() + xlny(v - 1.0, 1.0 - alpha);
    let alt = -v.ln() + xlny(v - 1.0, 1.0 - 1.0 / v);
    Ok(Tuff {
        first_failure: Some(first + 1),
        lr: Some(LikelihoodRatio::new(-2.0 * (null - alt), 1)),
    })
}

/// Christoffersen (1998) tests with the transition counts they are built from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Christoffersen {
    /// n[i][j]: days in state j after a day in state i (1 = exception).
    pub n00: u64,
    pub n01: u64,
    pub n10: u64,
    pub n11: u64,
    pub pof: LikelihoodRatio,
    /// Independence of exceptions (first-order Markov alternative), chi2(1).
    pub independence: LikelihoodRatio,
    /// Conditional coverage = POF + independence, chi2(2).
    pub conditional_coverage: LikelihoodRatio,
}

pub fn christoffersen(exceptions: &[bool], alpha: f64) -> Result<Christoffersen> {
    let alpha = input::alpha(alpha)?;
    check::min_len("exceptions", exceptions, 2)?;
    let mut n = [[0u64; 2]; 2];
    for w in exceptions.windows(2) {
        n[usize::from(w[0])][usize::from(w[1])] += 1;
    }
    let [[n00, n01], [n10, n11]] = n.map(|row| row.map(|c| c as f64));
    let pi0 = if n00 + n01 > 0.0 {
        n01 / (n00 + n01)
    } else {
        0.0
    };
    let pi1 = if n10 + n11 > 0.0 {
        n11 / (n10 + n11)
    } else {
        0.0
    };
    let pi = (n01 + n11) / (n00 + n01 + n10 + n11);
    let restricted = xlny(n00 + n10, 1.0 - pi) + xlny(n01 + n11, pi);
    let markov = xlny(n00, 1.0 - pi0) + xlny(n01, pi0) + xlny(n10, 1.0 - pi1) + xlny(n11, pi1);
    let independence = LikelihoodRatio::new(-2.0 * (restricted - markov), 1);
    let pof = kupiec_pof(exceptions, alpha)?;
    let conditional_coverage = LikelihoodRatio::new(pof.statistic + independence.statistic, 2);
    Ok(Christoffersen {
        n00: n[0][0],
        n01: n[0][1],
        n10: n[1][0],
        n11: n[1][1],
        pof,
        independence,
        conditional_coverage,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselZone {
    Green,
    Yellow,
    Red,
}

impl BaselZone {
    pub fn name(self) -> &'static str {
        match self {
            BaselZone::Green => "green",
            BaselZone::Yellow => "yellow",
            BaselZone::Red => "red",
        }
    }
}

impl FromStr for BaselZone {
    type Err = SmcError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "green" => Ok(BaselZone::Green),
            "yellow" => Ok(BaselZone::Yellow),
            "red" => Ok(BaselZone::Red),
            _ => Err(SmcError::invalid(format!("unknown Basel zone '{s}'"))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrafficLight {
    pub zone: BaselZone,
    pub exceptions: u64,
    pub days: u64,
    /// P(X <= exceptions), X ~ Binomial(days, alpha): the zone's basis.
    pub cumulative_probability: f64,
    /// The Basel plus factor and the capital multiplier 3 + plus factor.
    pub plus_factor: f64,
    pub multiplier: f64,
}

/// Plus factors of the Basel Committee (1996) table for 250 days at 99%, by exceptions 0..=10+.
const PLUS_FACTOR: [f64; 11] = [0.0, 0.0, 0.0, 0.0, 0.0, 0.40, 0.50, 0.65, 0.75, 0.85, 1.0];

/// The Basel traffic light. Zones come from the binomial CDF for any `days` and `alpha`:
/// green while P(X <= x) < 95%, yellow while < 99.99%, red beyond (for 250 days at 99%: green
/// 0-4, yellow 5-9, red 10+). The plus factor is the Basel table's for 250 days at 99%; for
/// other samples it is the table's entry at the 250-day count with the same cumulative
/// probability (the smallest k with P250(X <= k) >= P(X <= x)), a documented generalisation.
pub fn basel_traffic_light(exceptions: u64, days: u64, alpha: f64) -> Result<TrafficLight> {
    let alpha = input::alpha(alpha)?;
    if days == 0 {
        return Err(SmcError::EmptyInput {
            what: "days".to_owned(),
            min: 1,
            actual: 0,
        });
    }
    if exceptions > days {
        return Err(SmcError::out_of_range(
            "exceptions",
            exceptions as f64,
            &format!("an integer in [0, days = {days}]"),
        ));
    }
    let cumulative = binom_cdf(exceptions, days, alpha);
    let zone = if cumulative < 0.95 {
        BaselZone::Green
    } else if cumulative < 0.9999 {
        BaselZone::Yellow
    } else {
        BaselZone::Red
    };
    let equivalent = if days == 250 && alpha == 0.01 {
        exceptions
    } else {
        // Tolerance so that equal probabilities computed along different paths still match.
        (0..=250u64)
            .find(|&k| binom_cdf(k, 250, 0.01) >= cumulative * (1.0 - 1e-12))
            .unwrap_or(250)
    };
    let plus_factor = PLUS_FACTOR[(equivalent as usize).min(10)];
    Ok(TrafficLight {
        zone,
        exceptions,
        days,
        cumulative_probability: cumulative,
        plus_factor,
        multiplier: 3.0 + plus_factor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basel_table_for_250_days() {
        let zones: Vec<&str> = (0..=12)
            .map(|x| basel_traffic_light(x, 250, 0.01).unwrap().zone.name())
            .collect();
        assert_eq!(zones[..5], ["green"; 5]);
        assert_eq!(zones[5..10], ["yellow"; 5]);
        assert_eq!(zones[10..], ["red"; 3]);
        let m: Vec<f64> = (0..=10)
            .map(|x| basel_traffic_light(x, 250, 0.01).unwrap().multiplier)
            .collect();
        assert_eq!(
            m,
            [3.0, 3.0, 3.0, 3.0, 3.0, 3.4, 3.5, 3.65, 3.75, 3.85, 4.0]
        );
        // 500 days: P(X <= 8) = 0.9329 (green), P(X <= 9) = 0.9689 (yellow, the probability
        // of 5 exceptions in 250 days, so the same plus factor).
        assert_eq!(
            basel_traffic_light(8, 500, 0.01).unwrap().zone,
            BaselZone::Green
        );
        let t = basel_traffic_light(9, 500, 0.01).unwrap();
        assert_eq!((t.zone, t.plus_factor), (BaselZone::Yellow, 0.5));
        assert!(basel_traffic_light(5, 4, 0.01).is_err());
    }

    #[test]
    fn likelihood_ratios_with_no_exceptions_are_finite() {
        let none = vec![false; 250];
        let pof = kupiec_pof(&none, 0.01).unwrap();
        // -2 * 250 * ln(0.99)
        assert!((pof.statistic - -500.0 * 0.99f64.ln()).abs() < 1e-12);
        let c = christoffersen(&none, 0.01).unwrap();
        assert_eq!(c.independence.statistic, 0.0);
        assert_eq!(c.independence.p_value, 1.0);
        assert_eq!(tuff(&none, 0.01).unwrap().first_failure, None);
        let mut first = vec![false; 10];
        first[0] = true;
        let t = tuff(&first, 0.05).unwrap();
        assert_eq!(t.first_failure, Some(1));
        assert!((t.lr.unwrap().statistic - -2.0 * 0.05f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn exceptions_compare_losses_to_var() {
        let e = exceptions(&[-0.03, -0.01, 0.02], &[0.02, 0.02, 0.02]).unwrap();
        assert_eq!(e, [true, false, false]);
        assert_eq!(
            exceptions(&[0.0], &[0.1, 0.2]).unwrap_err().code(),
            "SMC_LENGTH_MISMATCH"
        );
        assert_eq!(
            exceptions(&[f64::NAN], &[0.1]).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(kupiec_pof(&[], 0.01).unwrap_err().code(), "SMC_EMPTY_INPUT");
        assert_eq!(
            kupiec_pof(&[true], 0.99).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
