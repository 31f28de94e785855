//! Properties of the VaR/ES family over random inputs.

use proptest::prelude::*;
use smc_core::risk::{
    historical_es, historical_var, portfolio_gaussian_var, DdSketch, EsConvention, NanPolicy,
    QuantileMethod, RollingVar, VarModel,
};

const R: NanPolicy = NanPolicy::Reject;

fn returns() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-0.2f64..0.2, 1..200)
}

proptest! {
    #[test]
    fn rolling_historical_equals_one_shot(xs in returns(), window in 1usize..40, alpha in 0.001f64..0.5) {
        let model = VarModel::Historical { method: QuantileMethod::Linear, convention: EsConvention::AcerbiTasche };
        let mut rv = RollingVar::new(window as i64, alpha, model, None).unwrap();
        for t in 0..xs.len() {
            let (v, e) = rv.push(xs[t]).unwrap();
            let win = &xs[(t + 1).saturating_sub(window)..=t];
            prop_assert_eq!(v, historical_var(win, alpha, QuantileMethod::Linear, R).unwrap());
            prop_assert_eq!(e, historical_es(win, alpha, EsConvention::AcerbiTasche, R).unwrap());
        }
    }

    #[test]
    fn coherent_es_dominates_var(xs in returns(), alpha in 0.001f64..0.5) {
        // Acerbi-Tasche ES >= the inverted-CDF VaR it averages beyond (up to rounding).
        let v = historical_var(&xs, alpha, QuantileMethod::InvertedCdf, R).unwrap();
        let e = historical_es(&xs, alpha, EsConvention::AcerbiTasche, R).unwrap();
        prop_assert!(e >= v - 1e-12 * v.abs().max(1.0));
        let min = xs.iter().copied().fold(f64::INFINITY, f64::min);
        prop_assert!(e <= -min + 1e-12);
    }

    #[test]
    fn component_var_sums_to_total(
        w in prop::collection::vec(-1.0f64..1.0, 3),
        a in prop::collection::vec(-0.3f64..0.3, 9),
        alpha in 0.001f64..0.5,
    ) {
        // S = A A' + 0.01 I is symmetric positive definite.
        let mut s = [0.0; 9];
        for i in 0..3 {
            for j in 0..3 {
                s[i * 3 + j] = (0..3).map(|k| a[i * 3 + k] * a[j * 3 + k]).sum::<f64>()
                    + if i == j { 0.01 } else { 0.0 };
            }
        }
        prop_assume!(w.iter().any(|x| x.abs() > 1e-3));
        let p = portfolio_gaussian_var(&w, &s, None, alpha).unwrap();
        let sum: f64 = p.component.iter().sum();
        prop_assert!((sum - p.var).abs() <= 1e-12 * p.var.abs().max(1e-9));
    }

    #[test]
    fn ddsketch_relative_accuracy(xs in prop::collection::vec(-1e3f64..1e3, 1..400), q in 0.0f64..1.0) {
        let mut sk = DdSketch::new(0.02).unwrap();
        sk.add_many(&xs).unwrap();
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        let exact = sorted[(q * (xs.len() - 1) as f64).floor() as usize];
        let got = sk.quantile(q).unwrap();
        prop_assert!((got - exact).abs() <= 0.02 * exact.abs() + 1e-300, "{} vs {}", got, exact);
    }
}
