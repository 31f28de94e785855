//! Agreement with TA-Lib on the 252 daily bars of TA-Lib's own regression tests.
//! Reference values come from scripts/golden/talib_indicators.py (python TA-Lib 0.8.2, C 0.8.1).
//! Run with `-- --nocapture` to see the agreement table.

use smc_core::indicators::{atr, ema, rsi, sma, stoch_rsi, true_range, StochRsiOptions};

struct Golden {
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
}

impl Golden {
    fn load() -> Golden {
        let text = include_str!("golden/talib_indicators.csv");
        let mut lines = text.lines();
        let names: Vec<String> = lines
            .next()
            .unwrap()
            .split(',')
            .map(str::to_owned)
            .collect();
        let mut columns = vec![Vec::new(); names.len()];
        for line in lines {
            for (col, cell) in columns.iter_mut().zip(line.split(',')) {
                col.push(cell.parse::<f64>().unwrap());
            }
        }
        Golden { names, columns }
    }

    fn column(&self, name: &str) -> &[f64] {
        let i = self.names.iter().position(|n| n == name).unwrap();
        &self.columns[i]
    }
}

/// Cells that agree (both NaN, or equal within 1e-9 relative), and the largest difference.
fn agreement(ours: &[f64], theirs: &[f64]) -> (usize, f64) {
    assert_eq!(ours.len(), theirs.len());
    let mut matching = 0;
    let mut max_diff = 0.0f64;
    for (a, b) in ours.iter().zip(theirs) {
        if a.is_nan() || b.is_nan() {
            matching += usize::from(a.is_nan() && b.is_nan());
            continue;
        }
        let diff = (a - b).abs();
        max_diff = max_diff.max(diff);
        matching += usize::from(diff <= 1e-9 * b.abs().max(1.0));
    }
    (matching, max_diff)
}

#[test]
fn every_indicator_agrees_with_talib() {
    let g = Golden::load();
    let (high, low, close) = (g.column("high"), g.column("low"), g.column("close"));
    let mut cases: Vec<(String, Vec<f64>)> = Vec::new();
    cases.push(("TRANGE".into(), true_range(high, low, close).unwrap()));
    for n in [1, 2, 5, 14, 30] {
        cases.push((format!("ATR_{n}"), atr(high, low, close, n).unwrap()));
    }
    for n in [2, 5, 14, 30] {
        cases.push((format!("RSI_{n}"), rsi(close, n).unwrap()));
    }
    for n in [2, 5, 20, 50] {
        cases.push((format!("SMA_{n}"), sma(close, n).unwrap()));
        cases.push((format!("EMA_{n}"), ema(close, n).unwrap()));
    }
    for (period, fast_k, fast_d) in [(14, 5, 3), (14, 14, 3), (5, 3, 1), (9, 1, 2), (21, 9, 5)] {
        let out = stoch_rsi(
            close,
            StochRsiOptions {
                period,
                fast_k,
                fast_d,
            },
        )
        .unwrap();
        cases.push((format!("STOCHRSI_{period}_{fast_k}_{fast_d}_K"), out.fast_k));
        cases.push((format!("STOCHRSI_{period}_{fast_k}_{fast_d}_D"), out.fast_d));
    }
    let mut total = 0;
    let mut matching_total = 0;
    let mut bit_exact = 0;
    let mut worst = 0.0f64;
    for (name, ours) in &cases {
        let theirs = g.column(name);
        let (matching, max_diff) = agreement(ours, theirs);
        let exact = ours
            .iter()
            .zip(theirs)
            .filter(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()))
            .count();
        println!(
            "{name:24} {matching}/{} cells agree, {exact} bit-exact, max |diff| {max_diff:e}",
            ours.len()
        );
        total += ours.len();
        matching_total += matching;
        bit_exact += exact;
        worst = worst.max(max_diff);
    }
    println!(
        "TOTAL {matching_total}/{total} cells agree, {bit_exact} bit-exact, max |diff| {worst:e}"
    );
    assert_eq!(matching_total, total);
}
