//! VaR and ES on edhec (first 100 rows, "Convertible Arbitrage", p = 0.95) against R
//! PerformanceAnalytics' formulas (scripts/golden/performance_analytics.py) and against the
//! other conventions computed directly. Skips with a message when ../shared/data is absent.

use std::path::PathBuf;

use smc_core::risk::{
    gaussian_es, gaussian_var, historical_es, historical_var, modified_es, modified_var,
    EsConvention, NanPolicy, QuantileMethod,
};

fn edhec_column1() -> Option<Vec<f64>> {
    let shared = std::env::var_os("SMC_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let path = shared.join("edhec/edhec.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("[data] risk_edhec: skipped ({} not found)", path.display());
        return None;
    };
    Some(
        text.lines()
            .skip(1)
            .take(100)
            .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
            .collect(),
    )
}

fn golden(name: &str) -> f64 {
    include_str!("golden/performance_analytics_edhec.txt")
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name}|")))
        .unwrap_or_else(|| panic!("no golden {name}"))
        .parse()
        .unwrap()
}

#[test]
fn performance_analytics_agreement_on_edhec() {
    let Some(r) = edhec_column1() else { return };
    assert_eq!(r.len(), 100);
    let n = NanPolicy::Reject;
    let a = 0.05;
    let ours = [
        (
            "historical_var",
            historical_var(&r, a, QuantileMethod::Linear, n).unwrap(),
        ),
        (
            "historical_es",
            historical_es(&r, a, EsConvention::PerformanceAnalytics, n).unwrap(),
        ),
        ("gaussian_var", gaussian_var(&r, a, 0, n).unwrap()),
        ("gaussian_es", gaussian_es(&r, a, 0, n).unwrap()),
        ("modified_var", modified_var(&r, a, n).unwrap()),
        ("modified_es", modified_es(&r, a, n).unwrap()),
    ];
    for (name, value) in ours {
        let expected = golden(name);
        let rel = ((value - expected) / expected).abs();
        println!("edhec {name}: ours {value:.12} PerformanceAnalytics-formula {expected:.12} rel {rel:.1e}");
        assert!(rel < 1e-12, "{name}: {value} vs {expected}");
    }
}
