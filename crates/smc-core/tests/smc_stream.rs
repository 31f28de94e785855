//! SmcStream against the batch functions (its final state must equal them), and the swing
//! run-reduction against a literal port of the package's pass loop, on generated and real bars.

mod support;

use proptest::prelude::*;
use smc_core::ohlc::Ohlc;
use smc_core::smc::*;

struct Series {
    open: Vec<f64>,
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
    volume: Vec<f64>,
}

/// A random walk on a coarse tick grid, so that equal highs/lows (the tie rules) are common.
fn series(steps: &[(i8, u8, u8, bool)]) -> Series {
    let mut s = Series {
        open: vec![],
        high: vec![],
        low: vec![],
        close: vec![],
        volume: vec![],
    };
    let mut price = 100.0f64;
    for &(step, up, down, bull) in steps {
        let open = price;
        price += step as f64 * 0.5;
        let close = if bull {
            price.max(open)
        } else {
            price.min(open)
        };
        s.open.push(open);
        s.close.push(close);
        s.high.push(open.max(close) + up as f64 * 0.5);
        s.low.push(open.min(close) - down as f64 * 0.5);
        s.volume.push(1.0);
    }
    s
}

fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()))
}

/// Feeds every bar, checks each event's latency, finishes, and compares with the batch.
fn check_stream(o: &Ohlc<'_>, options: SmcStreamOptions) -> std::result::Result<(), TestCaseError> {
    let mut stream = SmcStream::new(options).unwrap();
    let length = options.swing_length as usize;
    let mut all = Vec::new();
    for i in 0..o.len() {
        let events = stream
            .push(o.open[i], o.high[i], o.low[i], o.close[i])
            .unwrap();
        all.extend(events.iter().copied());
        for event in events {
            match event {
                SmcEvent::Swing { row, .. } => prop_assert!(row == 0 || row + length <= i),
                SmcEvent::Fvg { row, .. } => prop_assert!(row < i),
                SmcEvent::FvgMitigated {
                    mitigated_index, ..
                } => prop_assert_eq!(mitigated_index, i),
                SmcEvent::BosChoch { broken_index, .. } => prop_assert!(broken_index <= i),
            }
        }
    }
    all.extend(stream.finish());
    // One event per final cell: nothing announced twice, nothing left unannounced.
    let count = |f: fn(&SmcEvent) -> bool| all.iter().filter(|e| f(e)).count();
    let cells = |xs: &[f64], f: fn(f64) -> bool| xs.iter().filter(|&&x| f(x)).count();
    prop_assert_eq!(
        count(|e| matches!(e, SmcEvent::Swing { .. })),
        cells(&stream.swings().high_low, |x| !x.is_nan())
    );
    prop_assert_eq!(
        count(|e| matches!(e, SmcEvent::Fvg { .. })),
        cells(&stream.fvg().fvg, |x| !x.is_nan())
    );
    prop_assert_eq!(
        count(|e| matches!(e, SmcEvent::FvgMitigated { .. })),
        cells(&stream.fvg().mitigated_index, |x| x > 0.0)
    );
    let structures = stream
        .bos_choch()
        .bos
        .iter()
        .zip(&stream.bos_choch().choch)
        .filter(|(b, c)| !b.is_nan() || !c.is_nan())
        .count();
    prop_assert_eq!(
        count(|e| matches!(e, SmcEvent::BosChoch { .. })),
        structures
    );
    let swings = swing_highs_lows(o, options.swing_length).unwrap();
    prop_assert!(
        same(&stream.swings().high_low, &swings.high_low),
        "swings.highLow"
    );
    prop_assert!(same(&stream.swings().level, &swings.level), "swings.level");
    let gaps = fvg(o, options.join_consecutive).unwrap();
    let sf = stream.fvg();
    prop_assert!(
        same(&sf.fvg, &gaps.fvg) && same(&sf.top, &gaps.top) && same(&sf.bottom, &gaps.bottom)
    );
    prop_assert!(
        same(&sf.mitigated_index, &gaps.mitigated_index),
        "fvg.mitigatedIndex"
    );
    let view = SwingsView {
        high_low: &swings.high_low,
        level: &swings.level,
    };
    let bc = bos_choch(o, view, options.close_break).unwrap();
    let sb = stream.bos_choch();
    prop_assert!(same(&sb.bos, &bc.bos), "bos");
    prop_assert!(same(&sb.choch, &bc.choch), "choch");
    prop_assert!(same(&sb.level, &bc.level), "level");
    prop_assert!(same(&sb.broken_index, &bc.broken_index), "brokenIndex");
    Ok(())
}

/// The package's swing step 2, literally: passes of simultaneous drops until stable.
fn literal_passes(high: &[f64], low: &[f64], marks: &mut [f64]) {
    loop {
        let positions: Vec<usize> = (0..marks.len()).filter(|&i| !marks[i].is_nan()).collect();
        if positions.len() < 2 {
            return;
        }
        let mut remove = vec![false; positions.len()];
        for k in 0..positions.len() - 1 {
            let (a, b) = (positions[k], positions[k + 1]);
            if marks[a] == 1.0 && marks[b] == 1.0 {
                if high[a] < high[b] {
                    remove[k] = true
                } else {
                    remove[k + 1] = true
                }
            }
            if marks[a] == -1.0 && marks[b] == -1.0 {
                if low[a] > low[b] {
                    remove[k] = true
                } else {
                    remove[k + 1] = true
                }
            }
        }
        if !remove.iter().any(|&r| r) {
            return;
        }
        for (k, &r) in remove.iter().enumerate() {
            if r {
                marks[positions[k]] = f64::NAN;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn stream_final_state_equals_batch(
        steps in prop::collection::vec((-3i8..=3, 0u8..3, 0u8..3, any::<bool>()), 1..400),
        swing_length in 1i64..8,
        join_consecutive in any::<bool>(),
        close_break in any::<bool>(),
    ) {
        let s = series(&steps);
        let o = Ohlc::new(None, &s.open, &s.high, &s.low, &s.close, &s.volume).unwrap();
        check_stream(&o, SmcStreamOptions { swing_length, join_consecutive, close_break })?;
    }

    #[test]
    fn run_reduction_equals_the_literal_pass_loop(
        steps in prop::collection::vec((-3i8..=3, 0u8..3, 0u8..3, any::<bool>()), 1..400),
        swing_length in 1i64..6,
    ) {
        let s = series(&steps);
        let o = Ohlc::new(None, &s.open, &s.high, &s.low, &s.close, &s.volume).unwrap();
        let ours = swing_highs_lows(&o, swing_length).unwrap();
        // Candidates straight from the package's definition (window [i-L+1, i+L]).
        let (n, l) = (s.high.len(), swing_length as usize);
        let mark = |i: usize| {
            if i < 2 * l - 1 || i + l >= n {
                return f64::NAN;
            }
            let window = (i + 1 - l)..=(i + l);
            let max = s.high[window.clone()].iter().copied().fold(f64::MIN, f64::max);
            let min = s.low[window].iter().copied().fold(f64::MAX, f64::min);
            if s.high[i] == max { 1.0 } else if s.low[i] == min { -1.0 } else { f64::NAN }
        };
        let mut marks: Vec<f64> = (0..n).map(mark).collect();
        literal_passes(&s.high, &s.low, &mut marks);
        let inner = 1..n.saturating_sub(1).max(1);
        prop_assert!(same(&ours.high_low[inner.clone()], &marks[inner]));
    }
}

#[test]
fn stream_equals_batch_on_eurusd() {
    let Some(b) = support::eurusd("stream_equals_batch_on_eurusd") else {
        return;
    };
    let o = Ohlc::new(Some(&b.time), &b.open, &b.high, &b.low, &b.close, &b.volume).unwrap();
    for (swing_length, join_consecutive, close_break) in
        [(5, false, true), (10, true, false), (50, false, true)]
    {
        check_stream(
            &o,
            SmcStreamOptions {
                swing_length,
                join_consecutive,
                close_break,
            },
        )
        .unwrap();
    }
}

#[test]
fn stream_rejects_bad_bars_and_use_after_finish() {
    assert_eq!(
        SmcStream::new(SmcStreamOptions {
            swing_length: 0,
            ..Default::default()
        })
        .unwrap_err()
        .code(),
        "SMC_OUT_OF_RANGE"
    );
    let mut s = SmcStream::new(SmcStreamOptions::default()).unwrap();
    assert_eq!(
        s.push(1.0, f64::NAN, 0.5, 1.0).unwrap_err().code(),
        "SMC_NON_FINITE"
    );
    assert_eq!(
        s.push(1.0, 0.5, 0.9, 1.0).unwrap_err().code(),
        "SMC_INVALID_INPUT"
    );
    assert!(s.push(1.0, 1.5, 0.5, 1.2).unwrap().is_empty());
    s.finish();
    assert_eq!(
        s.push(1.0, 1.5, 0.5, 1.2).unwrap_err().code(),
        "SMC_INVALID_STATE"
    );
}
