//! UTC calendar arithmetic on epoch milliseconds, and calendar-period returns.
//!
//! Dates use Howard Hinnant's `civil_from_days` (proleptic Gregorian, exact for every i64
//! day), so no time-zone database is needed for UTC.

use crate::error::{check, Result, SmcError};

/// Milliseconds in a UTC day (UTC days have no leap seconds in epoch time).
pub const MS_PER_DAY: f64 = 86_400_000.0;

/// The day number (days since 1970-01-01, negative before) of an epoch-millisecond timestamp
/// shifted by `offset_ms`: `floor((ms + offset_ms) / day)`. `offset_ms = 0` is the UTC day; a
/// fixed offset buckets by another fixed-offset day (e.g. `-5 h` for EST).
pub fn utc_day(ms: f64, offset_ms: f64) -> i64 {
    ((ms + offset_ms) / MS_PER_DAY).floor() as i64
}

/// Milliseconds since the start of the (offset) day of `ms`, in `[0, MS_PER_DAY)`.
pub fn ms_of_day(ms: f64, offset_ms: f64) -> f64 {
    (ms + offset_ms).rem_euclid(MS_PER_DAY)
}

/// (year, month 1-12, day 1-31) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month) of an epoch-millisecond timestamp, UTC.
pub fn year_month(ms: f64) -> (i64, u32) {
    let (y, m, _) = civil_from_days(utc_day(ms, 0.0));
    (y, m)
}

/// A calendar period of UTC time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month,
    Year,
}

impl std::str::FromStr for Period {
    type Err = SmcError;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "month" => Ok(Period::Month),
            "year" => Ok(Period::Year),
            _ => Err(SmcError::invalid(format!(
                "unknown period '{s}'; expected 'month' or 'year'"
            ))),
        }
    }
}

/// One calendar period's return.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeriodReturn {
    pub year: i64,
    /// 1-12 for monthly periods, 0 for yearly ones.
    pub month: u32,
    /// Simple return over the period: the last equity of the period over the last equity
    /// before it (the first observation for the first period), minus one.
    pub ret: f64,
}

/// Simple returns per calendar period of an equity curve sampled at non-decreasing times.
/// The periods chain: the product of (1 + ret) is the total return of the curve.
pub fn period_returns(
    time_ms: &[f64],
    equity: &[f64],
    period: Period,
) -> Result<Vec<PeriodReturn>> {
    check::series("equity", equity)?;
    check::same_len("time", equity.len(), time_ms.len())?;
    check::finite("time", time_ms)?;
    if let Some(i) = equity.iter().position(|&e| e <= 0.0) {
        return Err(SmcError::out_of_range(
            &format!("equity[{i}]"),
            equity[i],
            "a value > 0",
        ));
    }
    if let Some(i) = (1..time_ms.len()).find(|&i| time_ms[i] < time_ms[i - 1]) {
        return Err(SmcError::Unordered(format!(
            "time[{i}] is before time[{}]",
            i - 1
        )));
    }
    let key = |ms: f64| {
        let (y, m) = year_month(ms);
        match period {
            Period::Month => (y, m),
            Period::Year => (y, 0),
        }
    };
    let mut out = Vec::new();
    let mut base = equity[0];
    let mut current = key(time_ms[0]);
    for i in 1..equity.len() {
        let k = key(time_ms[i]);
        if k != current {
            out.push(PeriodReturn {
                year: current.0,
                month: current.1,
                ret: equity[i - 1] / base - 1.0,
            });
            base = equity[i - 1];
            current = k;
        }
    }
    out.push(PeriodReturn {
        year: current.0,
        month: current.1,
        ret: equity[equity.len() - 1] / base - 1.0,
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_centuries() {
        for days in (-800_000i64..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
        assert_eq!(year_month(1_704_067_199_999.0), (2023, 12));
    }

    #[test]
    fn utc_day_and_time_of_day() {
        let t = 1_704_067_199_999.0; // 2023-12-31T23:59:59.999Z
        assert_eq!(utc_day(t, 0.0), days_from_civil(2023, 12, 31));
        assert_eq!(utc_day(t + 1.0, 0.0), days_from_civil(2024, 1, 1));
        assert_eq!(ms_of_day(t, 0.0), MS_PER_DAY - 1.0);
        assert_eq!(ms_of_day(t + 1.0, 0.0), 0.0);
        // Before the epoch the day still floors: -1 ms is 1969-12-31.
        assert_eq!(utc_day(-1.0, 0.0), -1);
        assert_eq!(ms_of_day(-1.0, 0.0), MS_PER_DAY - 1.0);
        // A +1 h offset moves 23:30Z into the next day, at 00:30.
        let h = 3_600_000.0;
        assert_eq!(utc_day(23.5 * h, h), 1);
        assert_eq!(ms_of_day(23.5 * h, h), 0.5 * h);
    }

    #[test]
    fn period_returns_chain_to_the_total() {
        let day = MS_PER_DAY;
        let t0 = days_from_civil(2024, 1, 30) as f64 * day;
        let time = [t0, t0 + day, t0 + 2.0 * day, t0 + 40.0 * day];
        let equity = [100.0, 110.0, 99.0, 120.0];
        let m = period_returns(&time, &equity, Period::Month).unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!((m[0].year, m[0].month), (2024, 1));
        assert!((m[0].ret - 0.10).abs() < 1e-12);
        assert!((m[1].ret - (99.0 / 110.0 - 1.0)).abs() < 1e-12);
        let total: f64 = m.iter().map(|r| 1.0 + r.ret).product();
        assert!((total - 1.2).abs() < 1e-12);
        let y = period_returns(&time, &equity, Period::Year).unwrap();
        assert_eq!(y.len(), 1);
        assert!((y[0].ret - 0.2).abs() < 1e-12);
        assert_eq!(
            period_returns(&time[..2], &equity, Period::Month)
                .unwrap_err()
                .code(),
            "SMC_LENGTH_MISMATCH"
        );
        assert_eq!(
            period_returns(&[t0, t0 - 1.0], &[1.0, 1.0], Period::Month)
                .unwrap_err()
                .code(),
            "SMC_UNORDERED"
        );
        assert_eq!(
            "week".parse::<Period>().unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
    }
}
