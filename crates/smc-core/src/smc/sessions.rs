//! Trading sessions and kill zones (`smc.sessions`).

use std::str::FromStr;

use super::{f32_round, require_time};
use crate::error::{Result, SmcError};
use crate::ohlc::Ohlc;

const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

/// A session: one of the package's presets (UTC clock times) or a custom window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    /// Minutes after midnight UTC, both ends inclusive; `start >= end` wraps past midnight.
    pub start_minute: u32,
    pub end_minute: u32,
}

/// The package's presets: (name, start, end).
pub const SESSION_PRESETS: [(&str, &str, &str); 8] = [
    ("Sydney", "21:00", "06:00"),
    ("Tokyo", "00:00", "09:00"),
    ("London", "07:00", "16:00"),
    ("New York", "13:00", "22:00"),
    ("Asian kill zone", "00:00", "04:00"),
    ("London open kill zone", "6:00", "9:00"),
    ("New York kill zone", "11:00", "14:00"),
    ("london close kill zone", "14:00", "16:00"),
];

impl Session {
    /// A preset by its exact package name, or `"Custom"` with `start`/`end` as `"HH:MM"`.
    pub fn named(name: &str, start: Option<&str>, end: Option<&str>) -> Result<Session> {
        if name == "Custom" {
            let (Some(start), Some(end)) = (
                start.filter(|s| !s.is_empty()),
                end.filter(|s| !s.is_empty()),
            ) else {
                return Err(SmcError::invalid(
                    "a Custom session requires startTime and endTime ('HH:MM')",
                ));
            };
            return Ok(Session {
                start_minute: parse_clock("startTime", start)?,
                end_minute: parse_clock("endTime", end)?,
            });
        }
        let (_, start, end) = SESSION_PRESETS
            .iter()
            .find(|(preset, _, _)| *preset == name)
            .ok_or_else(|| {
                let names: Vec<&str> = SESSION_PRESETS.iter().map(|p| p.0).collect();
                SmcError::invalid(format!(
                    "unknown session '{name}': expected one of {}, or 'Custom'",
                    names.join(", ")
                ))
            })?;
        Ok(Session {
            start_minute: parse_clock("start", start)?,
            end_minute: parse_clock("end", end)?,
        })
    }

    pub(super) fn contains(&self, minute: u32) -> bool {
        let (s, e) = (self.start_minute, self.end_minute);
        (s < e && s <= minute && minute <= e) || (s >= e && (s <= minute || minute <= e))
    }
}

/// `"H:MM"` / `"HH:MM"` (as `strptime('%H:%M')` accepts) to minutes after midnight.
fn parse_clock(what: &str, s: &str) -> Result<u32> {
    let bad = || SmcError::invalid(format!("{what} '{s}' is not a time of day 'HH:MM'"));
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    let digits = |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return Err(bad());
    }
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// The time zone of the bars' wall clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeZone {
    Utc,
    /// `"UTC±H[:MM]"` / `"GMT±H[:MM]"`; `offset_minutes` is the number written (east positive).
    Offset {
        offset_minutes: i32,
    },
}

impl FromStr for TimeZone {
    type Err = SmcError;

    fn from_str(s: &str) -> Result<Self> {
        if s == "UTC" {
            return Ok(TimeZone::Utc);
        }
        let bad = || {
            SmcError::invalid(format!(
                "unsupported timeZone '{s}': expected 'UTC' or a fixed offset like 'UTC+2', 'GMT-5', 'UTC+05:30'"
            ))
        };
        let rest = s
            .strip_prefix("UTC")
            .or_else(|| s.strip_prefix("GMT"))
            .ok_or_else(bad)?;
        if rest.is_empty() {
            return Ok(TimeZone::Offset { offset_minutes: 0 });
        }
        let (sign, body) = match rest.as_bytes()[0] {
            b'+' => (1, &rest[1..]),
            b'-' => (-1, &rest[1..]),
            _ => return Err(bad()),
        };
        let (h, m) = body.split_once(':').unwrap_or((body, "0"));
        let ok = |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
        if !ok(h) || !ok(m) {
            return Err(bad());
        }
        let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 14 || m > 59 {
            return Err(bad());
        }
        Ok(TimeZone::Offset {
            offset_minutes: sign * (h * 60 + m),
        })
    }
}

/// Options of [`sessions`].
#[derive(Debug, Clone, Copy)]
pub struct SessionOptions {
    pub session: Session,
    pub time_zone: TimeZone,
    /// Corrected behaviour (off by default): read `UTC+2` as two hours EAST of UTC. The package
    /// rewrites `UTC+2` to the POSIX zone `Etc/GMT+2`, which is two hours WEST of UTC, so by
    /// default the sign is inverted exactly as there.
    pub iso_offset_sign: bool,
}

/// Output of [`sessions`]: `active` 0/1, and the running session high/low (float32), 0 outside
/// the session (not NaN, as in the package).
#[derive(Debug, Clone, PartialEq)]
pub struct Sessions {
    pub active: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
}

impl SessionOptions {
    /// Wall clock + shift = UTC. Etc/GMT+h is UTC-h, so the package adds the written offset.
    pub(super) fn shift_ms(&self) -> i64 {
        match self.time_zone {
            TimeZone::Utc => 0,
            TimeZone::Offset { offset_minutes } => {
                let written = offset_minutes as i64 * MINUTE;
                if self.iso_offset_sign {
                    -written
                } else {
                    written
                }
            }
        }
    }
}

/// One row of [`sessions`] from the bar and the previous row's (high, low): (active, high, low).
/// Causal, so the stream computes each row once, when its bar arrives.
pub(super) fn session_row(
    session: &Session,
    shift_ms: i64,
    t: f64,
    high: f64,
    low: f64,
    previous: Option<(f64, f64)>,
) -> (f64, f64, f64) {
    let utc = t.floor() as i64 + shift_ms;
    let minute = (utc.rem_euclid(DAY) / MINUTE) as u32;
    if !session.contains(minute) {
        return (0.0, 0.0, 0.0);
    }
    let prev_high = previous.map_or(0.0, |p| p.0);
    let prev_low = match previous {
        Some((_, l)) if l != 0.0 => l,
        _ => f64::INFINITY,
    };
    (
        1.0,
        f32_round(high.max(prev_high)),
        f32_round(low.min(prev_low)),
    )
}

/// Sessions, as `smc.sessions(ohlc, session, start_time, end_time, time_zone)`.
///
/// `time` is read as the bars' wall clock (the package's naive index). Unless the zone is
/// `UTC`, that clock is converted to UTC first (see [`SessionOptions::iso_offset_sign`] for the
/// sign). A bar is active when its UTC `HH:MM` lies in [start, end] (both inclusive; wrapping
/// past midnight when start >= end). Within a run of active bars the high is the running max and
/// the low the running min, both stored as float32; inactive bars have 0. Requires `time`.
pub fn sessions(ohlc: &Ohlc<'_>, options: &SessionOptions) -> Result<Sessions> {
    let time = require_time(ohlc, "sessions")?;
    let n = ohlc.len();
    let shift_ms = options.shift_ms();
    let mut out = Sessions {
        active: vec![0.0; n],
        high: vec![0.0; n],
        low: vec![0.0; n],
    };
    for (i, &t) in time.iter().enumerate() {
        let previous = (i > 0).then(|| (out.high[i - 1], out.low[i - 1]));
        let row = session_row(
            &options.session,
            shift_ms,
            t,
            ohlc.high[i],
            ohlc.low[i],
            previous,
        );
        (out.active[i], out.high[i], out.low[i]) = row;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sessions_and_zones() {
        let london = Session::named("London", None, None).unwrap();
        assert_eq!((london.start_minute, london.end_minute), (420, 960));
        assert!(Session::named("Custom", Some("25:00"), Some("01:00")).is_err());
        assert!(Session::named("Custom", Some(""), Some("01:00")).is_err());
        assert_eq!(
            Session::named("Paris", None, None).unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
        assert_eq!(
            "UTC+2".parse::<TimeZone>().unwrap(),
            TimeZone::Offset {
                offset_minutes: 120
            }
        );
        assert_eq!(
            "GMT-05:30".parse::<TimeZone>().unwrap(),
            TimeZone::Offset {
                offset_minutes: -330
            }
        );
        assert!("Europe/Paris".parse::<TimeZone>().is_err());
    }

    #[test]
    fn wraps_past_midnight() {
        let sydney = Session::named("Sydney", None, None).unwrap();
        assert!(sydney.contains(21 * 60) && sydney.contains(0) && sydney.contains(360));
        assert!(!sydney.contains(361) && !sydney.contains(20 * 60 + 59));
    }
}
