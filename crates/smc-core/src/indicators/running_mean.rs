//! The simple moving average exactly as TA-Lib's `INT_SMA` computes it.

/// Mean of the last `period` values, kept as a running total.
///
/// TA-Lib adds the newest value, takes `total / period`, then subtracts the value that leaves
/// the window. Replicating that order (rather than, say, Kahan summation) is what makes our SMA
/// and STOCHRSI's fastD smoothing follow TA-Lib bit for bit.
#[derive(Debug, Clone)]
pub(crate) struct RunningMean {
    ring: Vec<f64>,
    /// Index of the oldest value once the ring is full.
    head: usize,
    seen: usize,
    total: f64,
}

impl RunningMean {
    /// `period` must already be validated (>= 1).
    pub(crate) fn new(period: usize) -> Self {
        RunningMean {
            ring: Vec::with_capacity(period),
            head: 0,
            seen: 0,
            total: 0.0,
        }
    }

    pub(crate) fn period(&self) -> usize {
        self.ring.capacity()
    }

    /// Adds `x`; returns the mean of the last `period` values once that many have arrived.
    #[inline]
    pub(crate) fn push(&mut self, x: f64) -> Option<f64> {
        let period = self.ring.capacity();
        self.total += x;
        self.seen += 1;
        if self.ring.len() < period {
            self.ring.push(x);
            if self.ring.len() < period {
                return None;
            }
        } else {
            self.ring[self.head] = x;
            self.head += 1;
            if self.head == period {
                self.head = 0;
            }
        }
        let mean = self.total / period as f64;
        // The oldest value leaves now, as in INT_SMA, so the total holds period - 1 values.
        self.total -= self.ring[self.head];
        Some(mean)
    }

    pub(crate) fn reset(&mut self) {
        self.ring.clear();
        self.head = 0;
        self.seen = 0;
        self.total = 0.0;
    }

    pub(crate) fn seen(&self) -> usize {
        self.seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_of_the_last_period_values() {
        let mut m = RunningMean::new(3);
        assert_eq!(m.push(1.0), None);
        assert_eq!(m.push(2.0), None);
        assert_eq!(m.push(3.0), Some(2.0));
        assert_eq!(m.push(7.0), Some(4.0));
        assert_eq!(m.push(-1.0), Some(3.0));
        let mut one = RunningMean::new(1);
        assert_eq!(one.push(5.0), Some(5.0));
        assert_eq!(one.push(-2.5), Some(-2.5));
    }
}
