//! Cell-by-cell parity with smartmoneyconcepts 0.0.27 on EURUSD 15m (golden CSVs written by
//! scripts/golden/smc_reference.py). Float32 columns compare after rounding to f32.

mod support;

use smc_core::ohlc::Ohlc;
use smc_core::smc::*;
use support::{compare, eurusd, Bars};

fn view(b: &Bars) -> Ohlc<'_> {
    Ohlc::new(Some(&b.time), &b.open, &b.high, &b.low, &b.close, &b.volume).unwrap()
}

fn swings(o: &Ohlc<'_>, length: i64) -> Swings {
    swing_highs_lows(o, length).unwrap()
}

fn sv(s: &Swings) -> SwingsView<'_> {
    SwingsView {
        high_low: &s.high_low,
        level: &s.level,
    }
}

#[test]
fn swings_match_the_package() {
    let Some(b) = eurusd("swings_match_the_package") else {
        return;
    };
    let o = view(&b);
    let mut misses = 0;
    for length in [5, 10, 50] {
        let s = swings(&o, length);
        misses += compare(
            &format!("swings_L{length}"),
            &[("highLow", &s.high_low, false), ("level", &s.level, false)],
        );
    }
    assert_eq!(misses, 0);
}

#[test]
fn fvg_matches_the_package() {
    let Some(b) = eurusd("fvg_matches_the_package") else {
        return;
    };
    let o = view(&b);
    let mut misses = 0;
    for join in [false, true] {
        let f = fvg(&o, join).unwrap();
        misses += compare(
            &format!("fvg_join{join}"),
            &[
                ("fvg", &f.fvg, false),
                ("top", &f.top, false),
                ("bottom", &f.bottom, false),
                ("mitigatedIndex", &f.mitigated_index, false),
            ],
        );
    }
    assert_eq!(misses, 0);
}

#[test]
fn bos_choch_matches_the_package() {
    let Some(b) = eurusd("bos_choch_matches_the_package") else {
        return;
    };
    let o = view(&b);
    let mut misses = 0;
    for length in [5, 10, 50] {
        let s = swings(&o, length);
        for close_break in [true, false] {
            let r = bos_choch(&o, sv(&s), close_break).unwrap();
            misses += compare(
                &format!("bos_choch_L{length}_close{close_break}"),
                &[
                    ("bos", &r.bos, false),
                    ("choch", &r.choch, false),
                    ("level", &r.level, true),
                    ("brokenIndex", &r.broken_index, false),
                ],
            );
        }
    }
    assert_eq!(misses, 0);
}

fn ob_columns(r: &OrderBlocks) -> [(&'static str, &[f64], bool); 6] {
    [
        ("ob", &r.ob, false),
        ("top", &r.top, true),
        ("bottom", &r.bottom, true),
        ("obVolume", &r.ob_volume, true),
        ("mitigatedIndex", &r.mitigated_index, false),
        ("percentage", &r.percentage, true),
    ]
}

#[test]
fn ob_matches_the_package() {
    let Some(b) = eurusd("ob_matches_the_package") else {
        return;
    };
    let o = view(&b);
    let mut misses = 0;
    for length in [5, 50] {
        let s = swings(&o, length);
        for close_mitigation in [false, true] {
            let options = ObOptions {
                close_mitigation,
                ..ObOptions::default()
            };
            let r = ob(&o, sv(&s), options).unwrap();
            misses += compare(
                &format!("ob_L{length}_close{close_mitigation}"),
                &ob_columns(&r),
            );
        }
    }
    let zero = Ohlc::new(
        Some(&b.time),
        &b.open,
        &b.high,
        &b.low,
        &b.close,
        &b.zero_volume,
    )
    .unwrap();
    let s = swings(&zero, 5);
    let r = ob(&zero, sv(&s), ObOptions::default()).unwrap();
    misses += compare("ob_L5_zero_volume", &ob_columns(&r));
    assert_eq!(misses, 0);
}

#[test]
fn liquidity_matches_the_package() {
    let Some(b) = eurusd("liquidity_matches_the_package") else {
        return;
    };
    let o = view(&b);
    let mut misses = 0;
    for (length, range, name) in [
        (5, 0.01, "L5"),
        (10, 0.01, "L10"),
        (50, 0.01, "L50"),
        (5, 0.05, "L5_range0.05"),
    ] {
        let s = swings(&o, length);
        let r = liquidity(&o, sv(&s), range).unwrap();
        misses += compare(
            &format!("liquidity_{name}"),
            &[
                ("liquidity", &r.liquidity, true),
                ("level", &r.level, true),
                ("end", &r.end, true),
                ("swept", &r.swept, true),
            ],
        );
    }
    assert_eq!(misses, 0);
}

#[test]
fn previous_high_low_matches_the_package() {
    let Some(b) = eurusd("previous_high_low_matches_the_package") else {
        return;
    };
    let o = view(&b);
    let mut misses = 0;
    for tf in ["4h", "1D", "W", "1h", "ME"] {
        let options = PreviousHighLowOptions {
            time_frame: tf.parse().unwrap(),
            strict_previous: false,
        };
        let r = previous_high_low(&o, options).unwrap();
        misses += compare(
            &format!("previous_high_low_{tf}"),
            &[
                ("previousHigh", &r.previous_high, true),
                ("previousLow", &r.previous_low, true),
                ("brokenHigh", &r.broken_high, false),
                ("brokenLow", &r.broken_low, false),
            ],
        );
    }
    assert_eq!(misses, 0);
}

#[test]
fn sessions_match_the_package() {
    let Some(b) = eurusd("sessions_match_the_package") else {
        return;
    };
    let o = view(&b);
    let cases = [
        ("London", "", "", "UTC"),
        ("New York", "", "", "UTC"),
        ("Sydney", "", "", "UTC"),
        ("Tokyo", "", "", "UTC+2"),
        ("London open kill zone", "", "", "GMT-3"),
        ("Custom", "10:30", "02:15", "UTC"),
        ("Custom", "08:00", "12:45", "UTC-5"),
    ];
    let mut misses = 0;
    for (session, start, end, tz) in cases {
        let options = SessionOptions {
            session: Session::named(session, Some(start), Some(end)).unwrap(),
            time_zone: tz.parse().unwrap(),
            iso_offset_sign: false,
        };
        let r = sessions(&o, &options).unwrap();
        let tag = session.replace(' ', "_")
            + &if start.is_empty() {
                String::new()
            } else {
                format!("_{start}-{end}").replace(':', "")
            };
        misses += compare(
            &format!("sessions_{tag}_{tz}"),
            &[
                ("active", &r.active, false),
                ("high", &r.high, true),
                ("low", &r.low, true),
            ],
        );
    }
    assert_eq!(misses, 0);
}

#[test]
fn retracements_match_the_package() {
    let Some(b) = eurusd("retracements_match_the_package") else {
        return;
    };
    let o = view(&b);
    let mut misses = 0;
    for length in [5, 10, 50] {
        let s = swings(&o, length);
        let r = retracements(&o, sv(&s)).unwrap();
        misses += compare(
            &format!("retracements_L{length}"),
            &[
                ("direction", &r.direction, false),
                ("currentRetracement", &r.current_retracement, false),
                ("deepestRetracement", &r.deepest_retracement, false),
            ],
        );
    }
    assert_eq!(misses, 0);
}
