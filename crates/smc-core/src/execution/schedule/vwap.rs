//! VWAP: slices proportional to a historical intraday volume profile.

use super::{check_window, Schedule};
use crate::error::{check, Result, SmcError};
use crate::execution::lots::{enforce_minimum, split_by_weights, LotSpec};
use crate::ohlc::Ohlc;

const DAY_MS: f64 = 86_400_000.0;

/// Intraday volume profile: the UTC day cut into equal buckets.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumeProfile {
    /// Share of the day's volume traded in each bucket; sums to 1.
    pub weights: Vec<f64>,
    /// Mean volume per bucket over the days seen (the expected volume the dynamic VWAP compares
    /// realised volume with).
    pub mean_volume: Vec<f64>,
    /// Number of distinct UTC days in the bars.
    pub days: usize,
}

/// Builds a profile from bars with open times: each bar's volume goes to the bucket of its open
/// time of day (UTC), then buckets are averaged over the distinct days.
pub fn volume_profile(bars: &Ohlc<'_>, buckets: usize) -> Result<VolumeProfile> {
    super::check_slices("buckets", buckets)?;
    let time = bars
        .time
        .ok_or_else(|| SmcError::invalid("volumeProfile needs bars with `time`"))?;
    check::min_len("bars", time, 1)?;
    let mut total = vec![0.0; buckets];
    let mut days = 0usize;
    let mut last_day = f64::NAN;
    let width = DAY_MS / buckets as f64;
    for (&t, &v) in time.iter().zip(bars.volume) {
        if v < 0.0 {
            return Err(SmcError::out_of_range("volume", v, "a number >= 0"));
        }
        let day = (t / DAY_MS).floor();
        if day != last_day {
            // Times are non-decreasing (validated by Ohlc), so a new day value is a new day.
            days += 1;
            last_day = day;
        }
        let b = (((t - day * DAY_MS) / width).floor() as usize).min(buckets - 1);
        total[b] += v;
    }
    let sum: f64 = total.iter().sum();
    if sum <= 0.0 {
        return Err(SmcError::invalid("volumeProfile: the bars have no volume"));
    }
    Ok(VolumeProfile {
        weights: total.iter().map(|v| v / sum).collect(),
        mean_volume: total.iter().map(|v| v / days as f64).collect(),
        days,
    })
}

/// VWAP over `weights.len()` equal intervals of `[start, end)`, slice i proportional to
/// `weights[i]` in whole lots (largest remainder, ties to the earlier slice), small slices merged
/// forward. Released at each interval start.
pub fn vwap_schedule(
    total: f64,
    weights: &[f64],
    lots: LotSpec,
    start: f64,
    end: f64,
) -> Result<Schedule> {
    check_weights(weights)?;
    check_window(start, end)?;
    let units = lots.parent_units(total)?;
    let mut split = split_by_weights(units, weights);
    enforce_minimum(&mut split, lots.min_units());
    let width = (end - start) / weights.len() as f64;
    Ok(Schedule {
        times: (0..weights.len())
            .map(|i| start + width * i as f64)
            .collect(),
        quantities: split.into_iter().map(|u| lots.qty(u)).collect(),
    })
}

pub(crate) fn check_weights(weights: &[f64]) -> Result<()> {
    check::series("weights", weights)?;
    super::check_slices("weights.length", weights.len())?;
    if let Some(i) = weights.iter().position(|&w| w < 0.0) {
        return Err(SmcError::out_of_range(
            &format!("weights[{i}]"),
            weights[i],
            "a number >= 0",
        ));
    }
    if weights.iter().sum::<f64>() <= 0.0 {
        return Err(SmcError::invalid("weights must not all be 0"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_averages_buckets_over_days() {
        let h = 3_600_000.0;
        // Two days, 4 buckets of 6 h: volume at 01:00 and 13:00 each day.
        let time = [h, 13.0 * h, DAY_MS + h, DAY_MS + 13.0 * h];
        let vol = [10.0, 30.0, 20.0, 40.0];
        let px = [1.0; 4];
        let bars = Ohlc::new(Some(&time), &px, &px, &px, &px, &vol).unwrap();
        let p = volume_profile(&bars, 4).unwrap();
        assert_eq!(p.days, 2);
        assert_eq!(p.mean_volume, vec![15.0, 0.0, 35.0, 0.0]);
        assert_eq!(p.weights, vec![0.3, 0.0, 0.7, 0.0]);
        let no_time = Ohlc::new(None, &px, &px, &px, &px, &vol).unwrap();
        assert_eq!(
            volume_profile(&no_time, 4).unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
    }

    #[test]
    fn schedule_follows_weights_and_sums_to_parent() {
        let lots = LotSpec::new(1.0, 0.0).unwrap();
        let s = vwap_schedule(100.0, &[0.3, 0.0, 0.7, 0.0], lots, 0.0, 4.0).unwrap();
        assert_eq!(s.quantities, vec![30.0, 0.0, 70.0, 0.0]);
        let e = vwap_schedule(100.0, &[0.0, 0.0], lots, 0.0, 4.0).unwrap_err();
        assert_eq!(e.code(), "SMC_INVALID_INPUT");
        let e = vwap_schedule(100.0, &[1.0, f64::NAN], lots, 0.0, 4.0).unwrap_err();
        assert_eq!(e.code(), "SMC_NON_FINITE");
    }
}
