//! The causal parts of [`super::SmcStream`]: sessions and previous high/low. Each row depends on
//! its bar and the bars before it only, so it is final when its bar is pushed.

use super::previous_high_low::bin_label;
use super::sessions::session_row;
use super::{f32_round, PreviousHighLow, PreviousHighLowOptions, SessionOptions, Sessions};

const DAY: i64 = 86_400_000;

/// `sessions`, one row per bar (O(1)).
#[derive(Debug, Clone)]
pub(super) struct SessionTracker {
    options: SessionOptions,
    shift_ms: i64,
    pub(super) state: Sessions,
}

impl SessionTracker {
    pub(super) fn new(options: SessionOptions) -> Self {
        SessionTracker {
            shift_ms: options.shift_ms(),
            options,
            state: Sessions {
                active: Vec::new(),
                high: Vec::new(),
                low: Vec::new(),
            },
        }
    }

    pub(super) fn push(&mut self, time: f64, high: f64, low: f64) {
        let s = &mut self.state;
        let previous = s.high.last().copied().zip(s.low.last().copied());
        let (active, h, l) = session_row(
            &self.options.session,
            self.shift_ms,
            time,
            high,
            low,
            previous,
        );
        s.active.push(active);
        s.high.push(h);
        s.low.push(l);
    }
}

/// `previous_high_low`, one row per bar (amortised O(1)). The batch's reference bin for a bar
/// is a bin whose label is before the bar, hence complete and already seen: bins come in label
/// order because times are sorted.
#[derive(Debug, Clone)]
pub(super) struct PreviousHighLowTracker {
    options: PreviousHighLowOptions,
    origin: Option<i64>,
    /// Non-empty bins so far: (label, high, low).
    bins: Vec<(i64, f64, f64)>,
    labels_before: usize,
    group: Option<i64>,
    run_high: f64,
    run_low: f64,
    pub(super) state: PreviousHighLow,
}

impl PreviousHighLowTracker {
    pub(super) fn new(options: PreviousHighLowOptions) -> Self {
        PreviousHighLowTracker {
            options,
            origin: None,
            bins: Vec::new(),
            labels_before: 0,
            group: None,
            run_high: f64::NEG_INFINITY,
            run_low: f64::INFINITY,
            state: PreviousHighLow {
                previous_high: Vec::new(),
                previous_low: Vec::new(),
                broken_high: Vec::new(),
                broken_low: Vec::new(),
            },
        }
    }

    pub(super) fn push(&mut self, time: f64, high: f64, low: f64) {
        // pandas anchors fixed bins at midnight of the first bar's day.
        let origin = *self
            .origin
            .get_or_insert((time as i64).div_euclid(DAY) * DAY);
        let label = bin_label(self.options.time_frame, time as i64, origin);
        match self.bins.last_mut() {
            Some(last) if last.0 == label => {
                last.1 = last.1.max(high);
                last.2 = last.2.min(low);
            }
            _ => self.bins.push((label, high, low)),
        }
        let reference: i64 = if self.options.strict_previous {
            self.bins.len() as i64 - 2
        } else {
            while self.labels_before < self.bins.len()
                && (self.bins[self.labels_before].0 as f64) < time
            {
                self.labels_before += 1;
            }
            self.labels_before as i64 - 2
        };
        if self.group != Some(reference) {
            self.group = Some(reference);
            self.run_high = f64::NEG_INFINITY;
            self.run_low = f64::INFINITY;
        }
        self.run_high = self.run_high.max(high);
        self.run_low = self.run_low.min(low);
        let s = &mut self.state;
        if reference >= 0 {
            let (_, h, l) = self.bins[reference as usize];
            let (h, l) = (f32_round(h), f32_round(l));
            s.previous_high.push(h);
            s.previous_low.push(l);
            s.broken_high
                .push(if self.run_high > h { 1.0 } else { 0.0 });
            s.broken_low.push(if self.run_low < l { 1.0 } else { 0.0 });
        } else {
            s.previous_high.push(f64::NAN);
            s.previous_low.push(f64::NAN);
            s.broken_high.push(0.0);
            s.broken_low.push(0.0);
        }
    }
}
