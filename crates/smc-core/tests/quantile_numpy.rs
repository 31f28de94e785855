//! The nine quantile methods against numpy's own output (golden vectors written by
//! scripts/golden/numpy_quantiles.py): agreement to 1e-12, relative for large magnitudes.

use smc_core::risk::{quantile, quantiles, QuantileMethod, RollingQuantile};

struct Case {
    method: QuantileMethod,
    p: f64,
    expected: f64,
    xs: Vec<f64>,
}

fn cases() -> Vec<Case> {
    include_str!("golden/numpy_quantiles.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|line| {
            let mut parts = line.split('|');
            let method = parts.next().unwrap().parse().unwrap();
            let p = parts.next().unwrap().parse().unwrap();
            let expected = parts.next().unwrap().parse().unwrap();
            let xs = parts
                .next()
                .unwrap()
                .split(' ')
                .map(|v| v.parse().unwrap())
                .collect();
            Case {
                method,
                p,
                expected,
                xs,
            }
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

#[test]
fn all_methods_match_numpy() {
    let cases = cases();
    assert!(cases.len() > 3000, "golden file is incomplete");
    for c in &cases {
        let got = quantile(&c.xs, c.p, c.method).unwrap();
        assert!(
            close(got, c.expected),
            "{} p={} n={}: got {got}, numpy {}",
            c.method.name(),
            c.p,
            c.xs.len(),
            c.expected
        );
        let batch = quantiles(&c.xs, &[c.p], c.method).unwrap();
        assert!(close(batch[0], c.expected));
    }
}

#[test]
fn rolling_window_over_whole_sample_matches_numpy() {
    for c in cases() {
        let mut rq = RollingQuantile::new(c.xs.len() as i64, c.p, c.method, 1).unwrap();
        let out = rq.push_many(&c.xs).unwrap();
        assert!(close(*out.last().unwrap(), c.expected));
    }
}
