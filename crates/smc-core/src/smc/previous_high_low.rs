//! Previous period high and low (`smc.previous_high_low`), with pandas `resample` binning.

use crate::calendar::{civil_from_days, days_from_civil};
use std::str::FromStr;

use super::{f32_round, require_time};
use crate::error::{Result, SmcError};
use crate::ohlc::Ohlc;

const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

/// A pandas resample frequency, as far as `previous_high_low` needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFrame {
    /// `"<n>s"`, `"<n>min"`, `"<n>h"`, `"<n>D"`: fixed-length bins anchored at midnight of the
    /// first bar's day (pandas `origin='start_day'`), left-closed, labelled by their start.
    Fixed { ms: i64 },
    /// `"W"` (= `"W-SUN"`) or `"W-MON"`..`"W-SAT"`: weeks ending on that weekday, right-closed,
    /// labelled by the end day at 00:00 (pandas moves the edge to the end of that day, so the
    /// whole end day belongs to the week). `end_weekday` is 0 = Monday .. 6 = Sunday.
    Week { end_weekday: i64 },
    /// `"ME"`: calendar months labelled by their last day (right-closed, like `W`).
    MonthEnd,
    /// `"MS"`: calendar months labelled by their first day (left-closed).
    MonthStart,
}

impl FromStr for TimeFrame {
    type Err = SmcError;

    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            SmcError::invalid(format!(
                "unknown timeFrame '{s}': expected '<n>s', '<n>min', '<n>h', '<n>D', 'W', 'W-MON'..'W-SUN', 'ME' or 'MS'"
            ))
        };
        const WEEKDAYS: [&str; 7] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];
        match s {
            "W" => return Ok(TimeFrame::Week { end_weekday: 6 }),
            "ME" => return Ok(TimeFrame::MonthEnd),
            "MS" => return Ok(TimeFrame::MonthStart),
            _ => {}
        }
        if let Some(day) = s.strip_prefix("W-") {
            let end_weekday = WEEKDAYS.iter().position(|&d| d == day).ok_or_else(bad)?;
            return Ok(TimeFrame::Week {
                end_weekday: end_weekday as i64,
            });
        }
        let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let (count, unit) = s.split_at(split);
        let count: i64 = if count.is_empty() {
            1
        } else {
            count.parse().map_err(|_| bad())?
        };
        let unit_ms = match unit {
            "s" => 1_000,
            "min" => MINUTE,
            "h" => 60 * MINUTE,
            "D" | "d" => DAY,
            _ => return Err(bad()),
        };
        if !(1..=100_000).contains(&count) {
            return Err(bad());
        }
        Ok(TimeFrame::Fixed {
            ms: count * unit_ms,
        })
    }
}

/// Output of [`previous_high_low`]: float32 previous high / low (NaN without one) and the 0/1
/// broken flags.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousHighLow {
    pub previous_high: Vec<f64>,
    pub previous_low: Vec<f64>,
    pub broken_high: Vec<f64>,
    pub broken_low: Vec<f64>,
}

/// Options of [`previous_high_low`].
#[derive(Debug, Clone, Copy)]
pub struct PreviousHighLowOptions {
    pub time_frame: TimeFrame,
    /// Corrected behaviour (off by default): always use the period right before the bar's own
    /// period. The package counts periods whose *label* is strictly before the bar and takes
    /// the second-to-last, so the first bar of a left-labelled period (00:00 for `1D`) and every
    /// bar of a right-labelled one (`W`, `ME`) look two periods back.
    pub strict_previous: bool,
}

/// Previous high/low, as `smc.previous_high_low(ohlc, time_frame)`.
///
/// Bars are binned like `ohlc.resample(time_frame)` (empty bins dropped). For bar t, with
/// `k` = the number of bins whose label is strictly before t, the previous high/low are those of
/// bin `k-2` (NaN when k < 2), stored as float32. Broken flags: within each run of bars sharing
/// the same reference bin, 1 once the running max high exceeds the (float32) previous high /
/// the running min low goes below the previous low. Requires `time`.
pub fn previous_high_low(
    ohlc: &Ohlc<'_>,
    options: PreviousHighLowOptions,
) -> Result<PreviousHighLow> {
    let time = require_time(ohlc, "previousHighLow")?;
    let n = ohlc.len();
    // Non-empty bins in order: (label, high, low), and each bar's own bin.
    let mut bins: Vec<(i64, f64, f64)> = Vec::new();
    let mut own_bin = vec![0usize; n];
    let origin = time
        .first()
        .map_or(0, |&t| (t as i64).div_euclid(DAY) * DAY);
    for i in 0..n {
        let label = bin_label(options.time_frame, time[i] as i64, origin);
        match bins.last_mut() {
            Some(last) if last.0 == label => {
                last.1 = last.1.max(ohlc.high[i]);
                last.2 = last.2.min(ohlc.low[i]);
            }
            _ => bins.push((label, ohlc.high[i], ohlc.low[i])),
        }
        own_bin[i] = bins.len() - 1;
    }
    let mut out = PreviousHighLow {
        previous_high: vec![f64::NAN; n],
        previous_low: vec![f64::NAN; n],
        broken_high: vec![0.0; n],
        broken_low: vec![0.0; n],
    };
    let mut labels_before = 0usize;
    let mut group: Option<i64> = None;
    let (mut run_high, mut run_low) = (f64::NEG_INFINITY, f64::INFINITY);
    for i in 0..n {
        let reference: i64 = if options.strict_previous {
            own_bin[i] as i64 - 1
        } else {
            while labels_before < bins.len() && (bins[labels_before].0 as f64) < time[i] {
                labels_before += 1;
            }
            labels_before as i64 - 2
        };
        if group != Some(reference) {
            group = Some(reference);
            run_high = f64::NEG_INFINITY;
            run_low = f64::INFINITY;
        }
        run_high = run_high.max(ohlc.high[i]);
        run_low = run_low.min(ohlc.low[i]);
        if reference >= 0 {
            let (_, high, low) = bins[reference as usize];
            let (high, low) = (f32_round(high), f32_round(low));
            out.previous_high[i] = high;
            out.previous_low[i] = low;
            out.broken_high[i] = if run_high > high { 1.0 } else { 0.0 };
            out.broken_low[i] = if run_low < low { 1.0 } else { 0.0 };
        }
    }
    Ok(out)
}

/// The resample label of the bin holding epoch-ms `t`.
pub(super) fn bin_label(frame: TimeFrame, t: i64, origin: i64) -> i64 {
    let day = t.div_euclid(DAY);
    match frame {
        TimeFrame::Fixed { ms } => origin + (t - origin).div_euclid(ms) * ms,
        TimeFrame::Week { end_weekday } => {
            // 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
            let weekday = (day + 3).rem_euclid(7);
            (day + (end_weekday - weekday).rem_euclid(7)) * DAY
        }
        TimeFrame::MonthEnd => {
            let (y, m, _) = civil_from_days(day);
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            (days_from_civil(ny, nm, 1) - 1) * DAY
        }
        TimeFrame::MonthStart => {
            let (y, m, _) = civil_from_days(day);
            days_from_civil(y, m, 1) * DAY
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pandas_frames() {
        assert_eq!(
            "4h".parse::<TimeFrame>().unwrap(),
            TimeFrame::Fixed { ms: 4 * 3_600_000 }
        );
        assert_eq!(
            "1D".parse::<TimeFrame>().unwrap(),
            TimeFrame::Fixed { ms: DAY }
        );
        assert_eq!(
            "W".parse::<TimeFrame>().unwrap(),
            TimeFrame::Week { end_weekday: 6 }
        );
        assert_eq!(
            "W-MON".parse::<TimeFrame>().unwrap(),
            TimeFrame::Week { end_weekday: 0 }
        );
        for bad in ["", "4H", "W-XYZ", "0h", "M", "1Y", "h4"] {
            assert_eq!(
                bad.parse::<TimeFrame>().unwrap_err().code(),
                "SMC_INVALID_INPUT",
                "{bad}"
            );
        }
    }

    #[test]
    fn calendar_round_trip() {
        for day in [-1000, 0, 19_275, 19_632, 60_000] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        // 2022-10-10 was a Monday; its W-SUN label is Sunday 2022-10-16.
        let monday = days_from_civil(2022, 10, 10);
        assert_eq!(
            bin_label(TimeFrame::Week { end_weekday: 6 }, monday * DAY, 0),
            (monday + 6) * DAY
        );
        assert_eq!(
            bin_label(TimeFrame::MonthEnd, monday * DAY, 0),
            days_from_civil(2022, 10, 31) * DAY
        );
    }
}

#[cfg(test)]
mod behaviour {
    use super::*;

    /// Three days of 12-hour bars (00:00 and 12:00). Day highs 2, 4, 6.
    #[test]
    fn daily_reference_and_the_strict_option() {
        let time: Vec<f64> = (0..6).map(|i| (i * DAY / 2) as f64).collect();
        let high = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let low = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5];
        let o = Ohlc::new(Some(&time), &high, &high, &low, &high, &high).unwrap();
        let daily = |strict_previous| PreviousHighLowOptions {
            time_frame: TimeFrame::Fixed { ms: DAY },
            strict_previous,
        };
        let r = previous_high_low(&o, daily(false)).unwrap();
        // Day 2 00:00: one label strictly before -> NaN. Day 3 00:00: days 1 and 2 are before
        // (its own label is not) -> day 1, two periods back (high 2); day 3 12:00 -> day 2 (4).
        assert!(r.previous_high[2].is_nan());
        assert_eq!(
            (r.previous_high[3], r.previous_high[4], r.previous_high[5]),
            (2.0, 2.0, 4.0)
        );
        assert_eq!(r.broken_high[5], 1.0);
        let s = previous_high_low(&o, daily(true)).unwrap();
        assert_eq!(
            (s.previous_high[2], s.previous_high[4], s.previous_high[5]),
            (2.0, 4.0, 4.0)
        );
        let untimed = Ohlc::new(None, &high, &high, &low, &high, &high).unwrap();
        assert_eq!(
            previous_high_low(&untimed, daily(false))
                .unwrap_err()
                .code(),
            "SMC_INVALID_INPUT"
        );
        let far = [0.0, 1e300];
        let (two_h, two_l) = ([1.0, 1.0], [0.5, 0.5]);
        let far_bars = Ohlc::new(Some(&far), &two_h, &two_h, &two_l, &two_h, &two_h).unwrap();
        let e = previous_high_low(&far_bars, daily(false)).unwrap_err();
        assert_eq!(e.code(), "SMC_OUT_OF_RANGE");
    }
}
