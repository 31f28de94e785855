//! SmcStream against the batch functions (its final state must equal them), and the swing
//! run-reduction against a literal port of the package's pass loop, on generated and real bars.

mod support;

use proptest::prelude::*;
use smc_core::ohlc::Ohlc;
use smc_core::smc::*;

struct Series {
    time: Vec<f64>,
    open: Vec<f64>,
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
    volume: Vec<f64>,
}

/// A random walk on a coarse tick grid, so that equal highs/lows (the tie rules) are common.
fn series(steps: &[(i8, u8, u8, bool)]) -> Series {
    let mut s = Series {
        time: vec![],
        open: vec![],
        high: vec![],
        low: vec![],
        close: vec![],
        volume: vec![],
    };
    let mut price = 100.0f64;
    // Hourly bars from Friday 2022-10-07 20:00 UTC, with a gap after every 29th bar, so that
    // sessions, 4h / daily / weekly bins and empty bins all occur.
    let mut time = 1_665_172_800_000.0;
    for (k, &(step, up, down, bull)) in steps.iter().enumerate() {
        time += if k % 29 == 28 {
            7.0 * 3_600_000.0
        } else {
            3_600_000.0
        };
        s.time.push(time);
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
        // Zero volumes now and then: the order-block percentage has a 0/0 rule.
        s.volume.push(f64::from(up) + f64::from(down));
    }
    s
}

fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()))
}

fn same_cells(a: &[f64], b: &[f64]) -> bool {
    same(a, b)
}

/// Cells of the look-ahead functions that the stream declared final before `finish`, recorded
/// when first declared, to be compared with the final (batch) cells.
struct Early {
    retracements: Vec<Option<[f64; 3]>>,
    ob: Vec<Option<[f64; 6]>>,
    sessions: Vec<[f64; 3]>,
    previous: Vec<[f64; 4]>,
}

impl Early {
    fn record(&mut self, stream: &SmcStream, upto: usize) {
        for r in 0..upto {
            if self.retracements[r].is_none() && stream.retracement_is_final(r) {
                let x = stream.retracements();
                self.retracements[r] = Some([
                    x.direction[r],
                    x.current_retracement[r],
                    x.deepest_retracement[r],
                ]);
            }
            if self.ob[r].is_none() && stream.ob_is_final(r) {
                let x = stream.ob();
                self.ob[r] = Some([
                    x.ob[r],
                    x.top[r],
                    x.bottom[r],
                    x.ob_volume[r],
                    x.mitigated_index[r],
                    x.percentage[r],
                ]);
            }
        }
    }
}

/// Feeds every bar, checks each event's latency, finishes, and compares every function with the
/// batch; `scan_every` sets how often the cells declared final are recorded (each scan is O(n)).
fn check_stream(
    o: &Ohlc<'_>,
    options: SmcStreamOptions,
    scan_every: usize,
) -> std::result::Result<EarlyCounts, TestCaseError> {
    let mut stream = SmcStream::new(options).unwrap();
    let length = options.swing_length as usize;
    let n = o.len();
    let mut early = Early {
        retracements: vec![None; n],
        ob: vec![None; n],
        sessions: Vec::new(),
        previous: Vec::new(),
    };
    let mut all = Vec::new();
    for i in 0..n {
        let events = stream
            .push_bar(StreamBar {
                time: o.time.map(|t| t[i]),
                open: o.open[i],
                high: o.high[i],
                low: o.low[i],
                close: o.close[i],
                volume: o.volume[i],
            })
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
                SmcEvent::Ob { row, .. } | SmcEvent::ObReset { row, .. } => prop_assert!(row < i),
                SmcEvent::ObMitigated {
                    mitigated_index, ..
                } => prop_assert!(mitigated_index <= i),
                SmcEvent::Liquidity { .. } => prop_assert!(false, "liquidity before finish"),
            }
        }
        if let Ok(x) = stream.sessions() {
            early.sessions.push([x.active[i], x.high[i], x.low[i]]);
        }
        if let Ok(x) = stream.previous_high_low() {
            early.previous.push([
                x.previous_high[i],
                x.previous_low[i],
                x.broken_high[i],
                x.broken_low[i],
            ]);
        }
        if i % scan_every == 0 {
            early.record(&stream, i + 1);
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
    check_lookahead(o, options, &stream, view, &early, &all)?;
    let final_early = |xs: &[Option<[f64; 3]>]| xs.iter().filter(|x| x.is_some()).count();
    Ok(EarlyCounts {
        retracements: final_early(&early.retracements),
        ob: early.ob.iter().filter(|x| x.is_some()).count(),
        ob_events: count(|e| matches!(e, SmcEvent::Ob { .. })),
    })
}

/// How much the stream settled before `finish` (for the latency assertions on real data).
#[derive(Debug)]
struct EarlyCounts {
    retracements: usize,
    ob: usize,
    ob_events: usize,
}

/// ob, retracements, liquidity, sessions and previous high/low after `finish` against the batch,
/// and the cells declared final earlier against their final values.
fn check_lookahead(
    o: &Ohlc<'_>,
    options: SmcStreamOptions,
    stream: &SmcStream,
    view: SwingsView<'_>,
    early: &Early,
    all: &[SmcEvent],
) -> std::result::Result<(), TestCaseError> {
    let b = ob(o, view, options.ob).unwrap();
    let s = stream.ob();
    let columns = [
        ("ob", &s.ob, &b.ob),
        ("top", &s.top, &b.top),
        ("bottom", &s.bottom, &b.bottom),
        ("obVolume", &s.ob_volume, &b.ob_volume),
        ("mitigatedIndex", &s.mitigated_index, &b.mitigated_index),
        ("percentage", &s.percentage, &b.percentage),
    ];
    for (name, ours, theirs) in columns {
        prop_assert!(same_cells(ours, theirs), "ob.{}", name);
    }
    for (r, cells) in early.ob.iter().enumerate() {
        if let Some(c) = cells {
            let fin = [
                b.ob[r],
                b.top[r],
                b.bottom[r],
                b.ob_volume[r],
                b.mitigated_index[r],
                b.percentage[r],
            ];
            prop_assert!(same(c, &fin), "ob row {} declared final early", r);
        }
    }
    let b = retracements(o, view).unwrap();
    let s = stream.retracements();
    prop_assert!(same(&s.direction, &b.direction), "retracements.direction");
    prop_assert!(
        same(&s.current_retracement, &b.current_retracement),
        "retracements.current"
    );
    prop_assert!(
        same(&s.deepest_retracement, &b.deepest_retracement),
        "retracements.deepest"
    );
    for (r, cells) in early.retracements.iter().enumerate() {
        if let Some(c) = cells {
            let fin = [
                b.direction[r],
                b.current_retracement[r],
                b.deepest_retracement[r],
            ];
            prop_assert!(same(c, &fin), "retracement row {} declared final early", r);
        }
    }
    let b = liquidity(o, view, options.range_percent).unwrap();
    let s = stream.liquidity().unwrap();
    prop_assert!(same(&s.liquidity, &b.liquidity), "liquidity");
    prop_assert!(
        same(&s.level, &b.level) && same(&s.end, &b.end),
        "liquidity.level/end"
    );
    prop_assert!(same(&s.swept, &b.swept), "liquidity.swept");
    let pools = all
        .iter()
        .filter(|e| matches!(e, SmcEvent::Liquidity { .. }))
        .count();
    prop_assert_eq!(pools, b.liquidity.iter().filter(|x| !x.is_nan()).count());
    if let Some(opts) = options.sessions {
        let b = sessions(o, &opts).unwrap();
        for (r, c) in early.sessions.iter().enumerate() {
            prop_assert!(
                same(c, &[b.active[r], b.high[r], b.low[r]]),
                "sessions row {}",
                r
            );
        }
        prop_assert_eq!(early.sessions.len(), o.len());
    }
    if let Some(opts) = options.previous_high_low {
        let b = previous_high_low(o, opts).unwrap();
        for (r, c) in early.previous.iter().enumerate() {
            let fin = [
                b.previous_high[r],
                b.previous_low[r],
                b.broken_high[r],
                b.broken_low[r],
            ];
            prop_assert!(same(c, &fin), "previousHighLow row {}", r);
        }
        prop_assert_eq!(early.previous.len(), o.len());
    }
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
        close_mitigation in any::<bool>(),
        bullish_mitigation_at_break in any::<bool>(),
        range_percent in prop_oneof![Just(0.0), 0.001f64..0.2],
        frame in 0usize..5,
        session in 0usize..4,
    ) {
        let s = series(&steps);
        let o = Ohlc::new(Some(&s.time), &s.open, &s.high, &s.low, &s.close, &s.volume).unwrap();
        let time_frame = ["4h", "1D", "W", "90min", "ME"][frame].parse().unwrap();
        let (name, zone) = [("London", "UTC"), ("Sydney", "UTC"), ("Tokyo", "UTC+2"), ("Custom", "GMT-5")][session];
        let options = SmcStreamOptions {
            swing_length,
            join_consecutive,
            close_break,
            ob: ObOptions { close_mitigation, bullish_mitigation_at_break },
            range_percent,
            previous_high_low: Some(PreviousHighLowOptions { time_frame, strict_previous: frame % 2 == 1 }),
            sessions: Some(SessionOptions {
                session: Session::named(name, Some("22:30"), Some("03:15")).unwrap(),
                time_zone: zone.parse().unwrap(),
                iso_offset_sign: session == 3,
            }),
        };
        check_stream(&o, options, 1)?;
    }

    /// Short swings, occasional wide bars and jumps. (Candles that are both a bullish and a
    /// bearish block, which `finish` replays, are still too rare in these walks to be reached:
    /// that path has its own deterministic test in `smc::stream_lookahead`.)
    #[test]
    fn stream_equals_batch_with_outside_bars(
        steps in prop::collection::vec((
            prop_oneof![3 => -3i8..=3, 1 => -12i8..=12],
            prop_oneof![3 => 0u8..3, 1 => 0u8..12],
            prop_oneof![3 => 0u8..3, 1 => 0u8..12],
            any::<bool>(),
        ), 1..120),
        swing_length in 1i64..4,
        close_mitigation in any::<bool>(),
    ) {
        let s = series(&steps);
        let o = Ohlc::new(Some(&s.time), &s.open, &s.high, &s.low, &s.close, &s.volume).unwrap();
        let options = SmcStreamOptions {
            swing_length,
            ob: ObOptions { close_mitigation, bullish_mitigation_at_break: false },
            ..SmcStreamOptions::default()
        };
        check_stream(&o, options, 1)?;
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

fn prop_assert_ok(ok: bool, what: &str) {
    assert!(ok, "{what}");
}

#[test]
fn stream_equals_batch_on_eurusd() {
    let Some(b) = support::eurusd("stream_equals_batch_on_eurusd") else {
        return;
    };
    let o = Ohlc::new(Some(&b.time), &b.open, &b.high, &b.low, &b.close, &b.volume).unwrap();
    let cases = [
        (5, false, true, "1D", "London"),
        (10, true, false, "4h", "New York"),
        (50, false, true, "W", "Asian kill zone"),
        (1, false, false, "ME", "Sydney"),
    ];
    for (swing_length, join_consecutive, close_break, frame, session) in cases {
        let options = SmcStreamOptions {
            swing_length,
            join_consecutive,
            close_break,
            ob: ObOptions {
                close_mitigation: swing_length == 10,
                bullish_mitigation_at_break: false,
            },
            range_percent: 0.01,
            previous_high_low: Some(PreviousHighLowOptions {
                time_frame: frame.parse().unwrap(),
                strict_previous: false,
            }),
            sessions: Some(SessionOptions {
                session: Session::named(session, None, None).unwrap(),
                time_zone: TimeZone::Utc,
                iso_offset_sign: false,
            }),
        };
        let early = check_stream(&o, options, 997).unwrap();
        println!(
            "swingLength {swing_length}: settled before finish {early:?} of {} rows",
            o.len()
        );
        // Scans run every 997 bars, so rows settle up to ~1000 bars late in this count; the
        // bound still shows that settling tracks the swings rather than waiting for the end.
        prop_assert_ok(
            early.retracements * 10 > o.len() * 8,
            "retracements mostly settle early",
        );
        prop_assert_ok(early.ob * 10 > o.len() * 8, "ob rows mostly settle early");
        prop_assert_ok(early.ob_events > 0, "order blocks are streamed");
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

#[test]
fn stream_rejects_bad_options_and_times() {
    let bad_range = SmcStreamOptions {
        range_percent: f64::NAN,
        ..Default::default()
    };
    assert_eq!(
        SmcStream::new(bad_range).unwrap_err().code(),
        "SMC_OUT_OF_RANGE"
    );
    let daily = SmcStreamOptions {
        swing_length: 2,
        previous_high_low: Some(PreviousHighLowOptions {
            time_frame: "1D".parse().unwrap(),
            strict_previous: false,
        }),
        ..Default::default()
    };
    let mut s = SmcStream::new(daily).unwrap();
    // A time is required on every bar once previous high/low is streamed.
    assert_eq!(
        s.push(1.0, 1.5, 0.5, 1.2).unwrap_err().code(),
        "SMC_INVALID_INPUT"
    );
    let bar = |time: f64| StreamBar {
        time: Some(time),
        open: 1.0,
        high: 1.5,
        low: 0.5,
        close: 1.2,
        volume: 1.0,
    };
    s.push_bar(bar(86_400_000.0)).unwrap();
    assert_eq!(s.push_bar(bar(0.0)).unwrap_err().code(), "SMC_UNORDERED");
    assert_eq!(
        s.push_bar(bar(1e300)).unwrap_err().code(),
        "SMC_OUT_OF_RANGE"
    );
    assert_eq!(s.sessions().unwrap_err().code(), "SMC_INVALID_STATE");
    assert_eq!(s.previous_high_low().unwrap().previous_high.len(), 1);
    // Rejected bars leave no trace.
    assert_eq!(s.len(), 1);
}
