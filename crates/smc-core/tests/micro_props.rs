//! Properties of the microstructure estimators: streaming equals batch, and the rolling
//! estimators equal a from-scratch recomputation over each window.

// Index loops mirror the textbook formulas being checked.
#![allow(clippy::needless_range_loop)]

use proptest::prelude::*;
use smc_core::micro::{self, Quotes};

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn quotes_strategy() -> impl Strategy<Value = Vec<(i64, f64, i64, f64)>> {
    prop::collection::vec((-3i64..=3, 0.0f64..10.0, 1i64..=3, 0.0f64..10.0), 2..200).prop_map(
        |steps| {
            let mut bid = 10_000i64;
            steps
                .into_iter()
                .map(|(d, bq, spread, aq)| {
                    bid += d;
                    (bid, bq, bid + spread, aq)
                })
                .collect()
        },
    )
}

proptest! {
    #[test]
    fn ofi_rolling_sum_is_the_window_sum(rows in quotes_strategy(), window in 1i64..20) {
        let bid: Vec<f64> = rows.iter().map(|r| r.0 as f64 / 100.0).collect();
        let bq: Vec<f64> = rows.iter().map(|r| r.1).collect();
        let ask: Vec<f64> = rows.iter().map(|r| r.2 as f64 / 100.0).collect();
        let aq: Vec<f64> = rows.iter().map(|r| r.3).collect();
        let q = Quotes::new(&bid, &bq, &ask, &aq).unwrap();
        let (e, total) = micro::ofi(&q, window).unwrap();
        let mut stream = micro::Ofi::new(window).unwrap();
        let w = window as usize;
        for i in 0..bid.len() {
            let (se, st) = stream.push(bid[i], bq[i], ask[i], aq[i]);
            prop_assert!(close(se, e[i]) && close(st, total[i]));
            if i >= w {
                let naive: f64 = e[i + 1 - w..=i].iter().sum();
                prop_assert!(close(total[i], naive), "{} vs {}", total[i], naive);
            } else {
                prop_assert!(total[i].is_nan());
            }
        }
    }

    #[test]
    fn rolling_estimators_match_recomputation(
        xs in prop::collection::vec((-5.0f64..5.0, -100.0f64..100.0, 1.0f64..50.0), 3..150),
        window in 2i64..15,
    ) {
        let w = window as usize;
        let dm: Vec<f64> = xs.iter().map(|x| x.0).collect();
        let q: Vec<f64> = xs.iter().map(|x| x.1).collect();
        let price: Vec<f64> = xs.iter().scan(1000.0, |p, x| { *p += x.0; Some(*p) }).collect();
        let lambda = micro::kyle_lambda(&dm, &q, window).unwrap();
        let mut k = micro::KyleLambda::new(window).unwrap();
        for i in 0..dm.len() {
            prop_assert_eq!(k.push(dm[i], q[i]).to_bits(), lambda[i].to_bits());
            if i + 1 >= w {
                let (xw, yw) = (&q[i + 1 - w..=i], &dm[i + 1 - w..=i]);
                let (mx, my) = (xw.iter().sum::<f64>() / w as f64, yw.iter().sum::<f64>() / w as f64);
                let cov: f64 = xw.iter().zip(yw).map(|(x, y)| (x - mx) * (y - my)).sum();
                let var: f64 = xw.iter().map(|x| (x - mx) * (x - mx)).sum();
                if var > 1e-6 {
                    prop_assert!((lambda[i] - cov / var).abs() < 1e-6 * (1.0 + (cov / var).abs()));
                }
            }
        }
        let roll = micro::roll_spread(&price, window).unwrap();
        let dp: Vec<f64> = price.windows(2).map(|p| p[1] - p[0]).collect();
        for i in 0..price.len() {
            if i < w + 1 {
                prop_assert!(roll[i].is_nan());
                continue;
            }
            // Pairs (dp[j], dp[j-1]) for the w latest j ending at dp index i-1.
            let a: Vec<f64> = (i - w..i).map(|j| dp[j]).collect();
            let b: Vec<f64> = (i - w..i).map(|j| dp[j - 1]).collect();
            let (ma, mb) = (a.iter().sum::<f64>() / w as f64, b.iter().sum::<f64>() / w as f64);
            let cov = a.iter().zip(&b).map(|(x, y)| (x - ma) * (y - mb)).sum::<f64>() / (w as f64 - 1.0);
            if cov < -1e-9 {
                prop_assert!((roll[i] - 2.0 * (-cov).sqrt()).abs() < 1e-6, "{} vs {}", roll[i], cov);
            } else if cov > 1e-9 {
                prop_assert!(roll[i].is_nan());
            }
        }
        let rv = micro::realized_volatility(&price, window).unwrap();
        for i in w..price.len() {
            let naive: f64 = (i + 1 - w..=i).map(|j| (price[j] / price[j - 1]).ln().powi(2)).sum::<f64>().sqrt();
            prop_assert!((rv[i] - naive).abs() < 1e-12);
        }
        let vol: Vec<f64> = xs.iter().map(|x| x.2).collect();
        let opts = micro::VpinOptions { bucket_volume: 40.0, buckets: 3, sigma_window: window as usize };
        let batch = micro::vpin(&price, &vol, opts).unwrap();
        let mut s = micro::Vpin::new(opts).unwrap();
        for i in 0..price.len() {
            let v = s.push(price[i], vol[i]);
            prop_assert_eq!(v.to_bits(), batch[i].to_bits());
            prop_assert!(v.is_nan() || (0.0..=1.0 + 1e-12).contains(&v));
        }
    }
}
