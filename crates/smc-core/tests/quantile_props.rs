//! Property tests: the selection-based quantile, the sorted batch and the rolling window all
//! equal a naive oracle that sorts the sample and reads the numpy position.

use proptest::prelude::*;
use smc_core::risk::{quantile, quantile_sorted, quantiles, QuantileMethod, RollingQuantile};

fn method() -> impl Strategy<Value = QuantileMethod> {
    (0usize..9).prop_map(|i| QuantileMethod::ALL[i])
}

/// Finite values with many ties, so that duplicate handling is exercised.
fn values(max_len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![
            (-1000i32..1000).prop_map(|v| v as f64 / 8.0),
            -1e6f64..1e6f64,
        ],
        1..max_len,
    )
}

fn oracle(xs: &[f64], p: f64, m: QuantileMethod) -> f64 {
    let mut s = xs.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    quantile_sorted(&s, p, m)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn selection_equals_sorting(xs in values(200), p in 0.0f64..=1.0, m in method()) {
        let expected = oracle(&xs, p, m);
        prop_assert_eq!(quantile(&xs, p, m).unwrap().to_bits(), expected.to_bits());
        prop_assert_eq!(quantiles(&xs, &[p], m).unwrap()[0].to_bits(), expected.to_bits());
    }

    #[test]
    fn quantile_is_monotone_in_p(xs in values(100), p in 0.0f64..=1.0, q in 0.0f64..=1.0, m in method()) {
        let (lo, hi) = if p <= q { (p, q) } else { (q, p) };
        prop_assert!(quantile(&xs, lo, m).unwrap() <= quantile(&xs, hi, m).unwrap());
    }

    #[test]
    fn rolling_equals_recompute_from_scratch(
        xs in values(400),
        window in 1usize..80,
        p in 0.0f64..=1.0,
        other_p in 0.0f64..=1.0,
        m in method(),
    ) {
        let mut rq = RollingQuantile::new(window as i64, p, m, 1).unwrap();
        let out = rq.push_many(&xs).unwrap();
        for (i, got) in out.iter().enumerate() {
            let start = (i + 1).saturating_sub(window);
            let expected = oracle(&xs[start..=i], p, m);
            prop_assert_eq!(got.to_bits(), expected.to_bits(), "push {}", i);
        }
        let start = xs.len().saturating_sub(window);
        prop_assert_eq!(
            rq.value(other_p).unwrap().to_bits(),
            oracle(&xs[start..], other_p, m).to_bits()
        );
    }

    #[test]
    fn large_windows_split_and_merge_chunks(xs in prop::collection::vec(-50i32..50, 3000..6000), window in 500usize..2500) {
        let xs: Vec<f64> = xs.into_iter().map(f64::from).collect();
        let mut rq = RollingQuantile::new(window as i64, 0.05, QuantileMethod::Linear, 1).unwrap();
        let out = rq.push_many(&xs).unwrap();
        for i in (0..xs.len()).step_by(97) {
            let start = (i + 1).saturating_sub(window);
            prop_assert_eq!(out[i], oracle(&xs[start..=i], 0.05, QuantileMethod::Linear));
        }
    }
}
