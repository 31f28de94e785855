//! Properties of the indicators: streaming equals batch bit for bit, outputs stay in range,
//! and the warm-up is exactly as documented.

use proptest::prelude::*;
use smc_core::indicators::*;

/// Random-walk bars (high >= max(open, close) >= min(open, close) >= low), sometimes flat.
fn bars() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Vec<f64>)> {
    prop::collection::vec(
        (
            -2.0f64..2.0,
            0.0f64..1.5,
            0.0f64..1.5,
            prop::bool::weighted(0.1),
        ),
        1..150,
    )
    .prop_map(|steps| {
        let mut price = 100.0;
        let (mut high, mut low, mut close) = (Vec::new(), Vec::new(), Vec::new());
        for (step, up, down, flat) in steps {
            let open = price;
            if !flat {
                price += step;
            }
            let (hi, lo) = if flat {
                (price, price)
            } else {
                (open.max(price) + up, open.min(price) - down)
            };
            high.push(hi);
            low.push(lo);
            close.push(price);
        }
        (high, low, close)
    })
}

fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn streaming_equals_batch((high, low, close) in bars(), n in 1i64..20, k in 1i64..8, d in 1i64..6, m in 1i64..12) {
        let batch = sma(&close, n).unwrap();
        let mut s = Sma::new(n).unwrap();
        let streamed: Vec<f64> = close.iter().map(|&x| s.push(x).unwrap()).collect();
        prop_assert!(same_bits(&batch, &streamed));

        let batch = ema(&close, n).unwrap();
        let mut s = Ema::new(n).unwrap();
        let streamed: Vec<f64> = close.iter().map(|&x| s.push(x).unwrap()).collect();
        prop_assert!(same_bits(&batch, &streamed));

        let batch = rsi(&close, n).unwrap();
        let mut s = Rsi::new(n).unwrap();
        let streamed: Vec<f64> = close.iter().map(|&x| s.push(x).unwrap()).collect();
        prop_assert!(same_bits(&batch, &streamed));
        prop_assert!(batch.iter().all(|x| x.is_nan() || (0.0..=100.0).contains(x)));

        let batch = atr(&high, &low, &close, n).unwrap();
        let mut s = Atr::new(n).unwrap();
        let streamed: Vec<f64> = (0..close.len()).map(|i| s.push(high[i], low[i], close[i]).unwrap()).collect();
        prop_assert!(same_bits(&batch, &streamed));
        let first = n as usize;
        prop_assert!(batch.iter().take(first).all(|x| x.is_nan()));
        prop_assert!(batch.iter().skip(first).all(|&x| x >= 0.0));

        let options = StochRsiOptions { period: n, fast_k: k, fast_d: d };
        let batch = stoch_rsi(&close, options).unwrap();
        let mut s = StochRsi::new(options).unwrap();
        let (mut fk, mut fd) = (Vec::new(), Vec::new());
        for &x in &close {
            let p = s.push(x).unwrap();
            fk.push(p.fast_k);
            fd.push(p.fast_d);
        }
        prop_assert!(same_bits(&batch.fast_k, &fk) && same_bits(&batch.fast_d, &fd));
        let first = (n + k - 1 + d - 1) as usize;
        prop_assert!(batch.fast_k.iter().take(first).all(|x| x.is_nan()));
        prop_assert!(batch.fast_k.iter().skip(first).all(|x| (-1e-9..=100.0 + 1e-9).contains(x)));
        prop_assert!(batch.fast_d.iter().skip(first).all(|x| x.is_finite()));

        let options = DynamicBandsOptions { atr_period: n, ma_period: m, ..Default::default() };
        let batch = dynamic_bands(&high, &low, &close, options).unwrap();
        let mut s = DynamicBands::new(options).unwrap();
        let points: Vec<BandsPoint> = (0..close.len()).map(|i| s.push(high[i], low[i], close[i]).unwrap()).collect();
        prop_assert!(same_bits(&batch.lower, &points.iter().map(|p| p.lower).collect::<Vec<_>>()));
        prop_assert!(same_bits(&batch.upper, &points.iter().map(|p| p.upper).collect::<Vec<_>>()));
        prop_assert!(same_bits(&batch.volatility_ratio, &points.iter().map(|p| p.volatility_ratio).collect::<Vec<_>>()));
        prop_assert!(same_bits(&batch.atr_ma, &points.iter().map(|p| p.atr_ma).collect::<Vec<_>>()));
        let first = (n + m - 1) as usize;
        for i in 0..close.len() {
            if i < first {
                prop_assert!(batch.lower[i].is_nan() && batch.volatility_ratio[i].is_nan());
            } else {
                prop_assert!(batch.lower[i] <= batch.upper[i] - 10.0 + 1e-9);
                prop_assert!(batch.lower[i] >= 0.0 && batch.upper[i] <= 100.0);
                prop_assert!(batch.volatility_ratio[i].is_finite());
            }
        }
    }

    #[test]
    fn sma_equals_the_window_mean(xs in prop::collection::vec(-1e3f64..1e3, 1..100), n in 1i64..15) {
        let out = sma(&xs, n).unwrap();
        let n = n as usize;
        for i in (n - 1)..xs.len() {
            let mean = xs[i + 1 - n..=i].iter().sum::<f64>() / n as f64;
            prop_assert!((out[i] - mean).abs() <= 1e-9 * (1.0 + mean.abs()));
        }
    }

    #[test]
    fn reset_restarts_the_stream(xs in prop::collection::vec(1.0f64..2.0, 1..60), n in 1i64..10) {
        let mut s = StochRsi::new(StochRsiOptions { period: n, fast_k: 3, fast_d: 2 }).unwrap();
        for &x in &xs { s.push(x).unwrap(); }
        s.reset();
        let again: Vec<StochRsiPoint> = xs.iter().map(|&x| s.push(x).unwrap()).collect();
        let batch = stoch_rsi(&xs, s.options()).unwrap();
        prop_assert!(same_bits(&batch.fast_k, &again.iter().map(|p| p.fast_k).collect::<Vec<_>>()));
    }
}
