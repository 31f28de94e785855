//! Latency models: how long an order, a cancel and a response take on the wire.
//!
//! The venue asks the model at the moment of sending: an order sent at client time `t` reaches
//! the matching engine at `t + submit_ns(t)`, a cancel or amend at `t + cancel_ns(t)`, and an
//! event produced by the engine at `e` reaches the strategy at `e + response_ns(e)`.
//!
//! - [`ConstantLatency`]: one value for everything, or separate submit / cancel / response values.
//! - [`InterpolatedLatency`]: piecewise-linear in time through recorded samples, for example the
//!   feed delay `local receive time - exchange event time` of a capture (the approach of
//!   hftbacktest's `IntpOrderLatency`, which replays latencies measured in production).
//!
//! User models implement [`LatencyModel`].

use crate::error::{check, Result, SmcError};
use crate::rng::Rng;

/// A latency model. All values in nanoseconds, >= 0.
pub trait LatencyModel: Send {
    /// Delay of a new order sent at `now_ns`.
    fn submit_ns(&mut self, now_ns: i64, rng: &mut Rng) -> i64;
    /// Delay of a cancel or amend sent at `now_ns`.
    fn cancel_ns(&mut self, now_ns: i64, rng: &mut Rng) -> i64;
    /// Delay of a response produced by the engine at `engine_ns`.
    fn response_ns(&mut self, engine_ns: i64, rng: &mut Rng) -> i64;
}

/// Fixed latencies, optionally different for submits, cancels and responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConstantLatency {
    pub submit_ns: i64,
    pub cancel_ns: i64,
    pub response_ns: i64,
}

impl ConstantLatency {
    /// The same latency for all three legs.
    ///
    /// # Errors
    /// `OutOfRange` for a negative latency.
    pub fn uniform(ns: i64) -> Result<Self> {
        Self::new(ns, ns, ns)
    }

    /// # Errors
    /// `OutOfRange` for a negative latency.
    pub fn new(submit_ns: i64, cancel_ns: i64, response_ns: i64) -> Result<Self> {
        for (name, v) in [("submit latency", submit_ns), ("cancel latency", cancel_ns), ("response latency", response_ns)] {
            if v < 0 {
                return Err(SmcError::out_of_range(name, v as f64, "a latency >= 0 ns"));
            }
        }
        Ok(ConstantLatency { submit_ns, cancel_ns, response_ns })
    }
}

impl LatencyModel for ConstantLatency {
    fn submit_ns(&mut self, _: i64, _: &mut Rng) -> i64 {
        self.submit_ns
    }
    fn cancel_ns(&mut self, _: i64, _: &mut Rng) -> i64 {
        self.cancel_ns
    }
    fn response_ns(&mut self, _: i64, _: &mut Rng) -> i64 {
        self.response_ns
    }
}

/// Latencies interpolated linearly in time between recorded samples (clamped outside them).
/// Submits and cancels use the `entry` curve, responses the `response` curve.
#[derive(Debug, Clone, PartialEq)]
pub struct InterpolatedLatency {
    times: Vec<i64>,
    entry: Vec<f64>,
    response: Vec<f64>,
    /// Cursor into `times`: queries are mostly increasing, so the search starts where it ended.
    cursor: usize,
}

impl InterpolatedLatency {
    /// From samples at increasing `times` (ns) of entry (order/cancel) and response latencies.
    ///
    /// # Errors
    /// `EmptyInput` without samples, `LengthMismatch`, `NonFinite`, `OutOfRange` for a negative
    /// latency, `Unordered` when times decrease.
    pub fn new(times: Vec<i64>, entry: Vec<f64>, response: Vec<f64>) -> Result<Self> {
        check::min_len("latency times", &times, 1)?;
        check::same_len("entry latencies", times.len(), entry.len())?;
        check::same_len("response latencies", times.len(), response.len())?;
        check::finite("entry latencies", &entry)?;
        check::finite("response latencies", &response)?;
        if let Some(&v) = entry.iter().chain(&response).find(|&&v| v < 0.0) {
            return Err(SmcError::out_of_range("latency", v, "a latency >= 0 ns"));
        }
        if let Some(i) = (1..times.len()).find(|&i| times[i] < times[i - 1]) {
            return Err(SmcError::Unordered(format!("latency time[{i}] = {} is before the previous one", times[i])));
        }
        Ok(InterpolatedLatency { times, entry, response, cursor: 0 })
    }

    /// From a capture's clocks: `local_ns[i]` when a message was received, `exchange_ns[i]` the
    /// exchange's event time of that message. The feed delay `local - exchange` is the one-way
    /// latency up to the offset between the two clocks, which is unknown; this estimator removes
    /// it by taking the smallest observed delay as `floor_ns` (so the fastest message took
    /// `floor_ns`). Entry and response latencies are both set to that curve (the usual
    /// assumption of a symmetric path).
    ///
    /// # Errors
    /// As [`new`](Self::new), plus `OutOfRange` for a negative `floor_ns`.
    pub fn from_feed_delays(local_ns: &[i64], exchange_ns: &[i64], floor_ns: i64) -> Result<Self> {
        check::same_len("exchange times", local_ns.len(), exchange_ns.len())?;
        check::min_len("feed timestamps", local_ns, 1)?;
        if floor_ns < 0 {
            return Err(SmcError::out_of_range("floor_ns", floor_ns as f64, "a latency >= 0 ns"));
        }
        let raw: Vec<i64> = local_ns.iter().zip(exchange_ns).map(|(l, e)| l - e).collect();
        let min = *raw.iter().min().unwrap_or(&0);
        let lat: Vec<f64> = raw.iter().map(|d| (d - min + floor_ns) as f64).collect();
        // Sort by local time (captures are in receive order, but be safe with merged streams).
        let mut idx: Vec<usize> = (0..local_ns.len()).collect();
        idx.sort_by_key(|&i| local_ns[i]);
        let times = idx.iter().map(|&i| local_ns[i]).collect();
        let curve: Vec<f64> = idx.iter().map(|&i| lat[i]).collect();
        Self::new(times, curve.clone(), curve)
    }

    fn at(&mut self, t: i64, values: &[f64]) -> i64 {
        let n = self.times.len();
        if t <= self.times[0] {
            return values[0].round() as i64;
        }
        if t >= self.times[n - 1] {
            return values[n - 1].round() as i64;
        }
        // Move the cursor to the segment [times[c], times[c+1]] containing t.
        if self.times[self.cursor] > t {
            self.cursor = self.times.partition_point(|&x| x <= t).saturating_sub(1);
        }
        while self.cursor + 1 < n && self.times[self.cursor + 1] <= t {
            self.cursor += 1;
        }
        let c = self.cursor;
        let (t0, t1) = (self.times[c], self.times[c + 1]);
        let w = (t - t0) as f64 / (t1 - t0) as f64;
        (values[c] + w * (values[c + 1] - values[c])).round() as i64
    }
}

impl LatencyModel for InterpolatedLatency {
    fn submit_ns(&mut self, now_ns: i64, _: &mut Rng) -> i64 {
        let v = std::mem::take(&mut self.entry);
        let out = self.at(now_ns, &v);
        self.entry = v;
        out
    }
    fn cancel_ns(&mut self, now_ns: i64, rng: &mut Rng) -> i64 {
        self.submit_ns(now_ns, rng)
    }
    fn response_ns(&mut self, engine_ns: i64, _: &mut Rng) -> i64 {
        let v = std::mem::take(&mut self.response);
        let out = self.at(engine_ns, &v);
        self.response = v;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_is_per_leg() {
        let mut m = ConstantLatency::new(1, 2, 3).unwrap();
        let rng = &mut Rng::new(0);
        assert_eq!((m.submit_ns(0, rng), m.cancel_ns(0, rng), m.response_ns(0, rng)), (1, 2, 3));
        assert_eq!(ConstantLatency::uniform(-1).unwrap_err().code(), "SMC_OUT_OF_RANGE");
    }

    #[test]
    fn interpolates_and_clamps() {
        let mut m = InterpolatedLatency::new(vec![0, 100, 200], vec![10.0, 30.0, 30.0], vec![5.0, 5.0, 15.0]).unwrap();
        let rng = &mut Rng::new(0);
        assert_eq!(m.submit_ns(-50, rng), 10);
        assert_eq!(m.submit_ns(50, rng), 20);
        assert_eq!(m.submit_ns(150, rng), 30);
        assert_eq!(m.submit_ns(25, rng), 15); // going backwards in time re-seeks
        assert_eq!(m.response_ns(150, rng), 10);
        assert_eq!(m.response_ns(999, rng), 15);
    }

    #[test]
    fn feed_delays_remove_the_clock_offset() {
        // Local clock 1 s behind the exchange: raw delays are negative.
        let local = [1_000, 2_000, 3_000];
        let exch = [1_000_001_000, 1_000_001_500, 1_000_002_800];
        let mut m = InterpolatedLatency::from_feed_delays(&local, &exch, 100).unwrap();
        let rng = &mut Rng::new(0);
        // Raw delays -1e9, -1e9 + 500, -1e9 + 200: relative to the minimum, plus the floor.
        assert_eq!(m.submit_ns(1_000, rng), 100);
        assert_eq!(m.submit_ns(2_000, rng), 600);
        assert_eq!(m.submit_ns(3_000, rng), 300);
    }

    #[test]
    fn bad_samples_are_typed_errors() {
        assert_eq!(InterpolatedLatency::new(vec![], vec![], vec![]).unwrap_err().code(), "SMC_EMPTY_INPUT");
        assert_eq!(InterpolatedLatency::new(vec![1, 0], vec![1.0, 1.0], vec![1.0, 1.0]).unwrap_err().code(), "SMC_UNORDERED");
        assert_eq!(InterpolatedLatency::new(vec![0], vec![-1.0], vec![1.0]).unwrap_err().code(), "SMC_OUT_OF_RANGE");
        assert_eq!(InterpolatedLatency::new(vec![0], vec![f64::NAN], vec![1.0]).unwrap_err().code(), "SMC_NON_FINITE");
    }
}
