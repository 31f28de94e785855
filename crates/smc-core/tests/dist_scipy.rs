//! Distribution functions and backtest statistics against scipy (golden values written by
//! scripts/golden/scipy_reference.py).

use smc_core::dist::{binom_cdf, chi2_cdf, chi2_sf, norm_cdf, norm_pdf, norm_ppf};
use smc_core::risk::{christoffersen, kupiec_pof};

fn rel_err(got: f64, expected: f64) -> f64 {
    if expected == 0.0 {
        got.abs()
    } else {
        ((got - expected) / expected).abs()
    }
}

#[test]
fn distribution_functions_match_scipy() {
    let mut worst: Vec<(String, f64)> = Vec::new();
    let mut max_err: std::collections::BTreeMap<&str, f64> = Default::default();
    let mut checked = 0;
    for line in include_str!("golden/scipy_reference.txt").lines() {
        if line.starts_with('#') || line.starts_with("backtest") || line.is_empty() {
            continue;
        }
        let mut parts = line.split('|');
        let name = parts.next().unwrap();
        let args: Vec<f64> = parts
            .next()
            .unwrap()
            .split(' ')
            .map(|a| a.parse().unwrap())
            .collect();
        let expected: f64 = parts.next().unwrap().parse().unwrap();
        let (got, tol) = match name {
            "norm_ppf" => (norm_ppf(args[0]), 1e-14),
            "norm_cdf" => (norm_cdf(args[0]), 1e-13),
            "norm_pdf" => (norm_pdf(args[0]), 1e-14),
            "chi2_sf" => (chi2_sf(args[0], args[1]), 1e-12),
            "chi2_cdf" => (chi2_cdf(args[0], args[1]), 1e-12),
            "binom_cdf" => (binom_cdf(args[0] as u64, args[1] as u64, args[2]), 1e-12),
            other => panic!("unknown function {other}"),
        };
        let err = rel_err(got, expected);
        let entry = max_err.entry(name).or_default();
        *entry = entry.max(err);
        if err > tol {
            worst.push((
                format!("{name}({args:?}) = {got:e}, scipy {expected:e}"),
                err,
            ));
        }
        checked += 1;
    }
    for (name, err) in &max_err {
        println!("{name}: max relative error vs scipy {err:.1e}");
    }
    assert!(checked > 200);
    assert!(worst.is_empty(), "{worst:#?}");
}

#[test]
fn backtest_statistics_match_scipy() {
    let mut cases = 0;
    for line in include_str!("golden/scipy_reference.txt")
        .lines()
        .filter(|l| l.starts_with("backtest|"))
    {
        let mut parts = line.split('|').skip(1);
        let mut args = parts.next().unwrap().split(' ');
        let alpha: f64 = args.next().unwrap().parse().unwrap();
        let e: Vec<bool> = args.next().unwrap().bytes().map(|b| b == b'1').collect();
        let expected: Vec<f64> = parts
            .next()
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        let pof = kupiec_pof(&e, alpha).unwrap();
        let c = christoffersen(&e, alpha).unwrap();
        let got = [
            pof.statistic,
            pof.p_value,
            c.independence.statistic,
            c.independence.p_value,
            c.conditional_coverage.p_value,
        ];
        for (g, x) in got.iter().zip(&expected) {
            assert!(
                (g - x).abs() <= 1e-10 * x.abs().max(1e-12),
                "{got:?} vs {expected:?}"
            );
        }
        cases += 1;
    }
    assert_eq!(cases, 4);
}
