//! Queue-position models: where a resting limit order stands in its price level's FIFO queue
//! when all we observe is the level's total quantity (L2) and the trades.
//!
//! An order joins behind the whole visible quantity at its price (`ahead` = level quantity). Two
//! things move it forward:
//! - trades at its price: they consume the front of the queue, so `ahead` drops by the traded
//!   quantity and whatever trades beyond `ahead` fills the order ([`QueuePosition::on_trade`]);
//! - decreases of the level quantity that are not trades (cancellations): L2 data does not say
//!   whether the cancelled quantity was ahead of us or behind, so a model decides
//!   ([`QueueModel::on_level_change`]).
//!
//! The models follow hftbacktest's (Nezhmetdinov, 2023-, `hftbacktest::backtest::models`):
//! - [`RiskAverseQueue`]: cancellations are always behind us; we advance only on trades (and
//!   `ahead` is capped at the visible level quantity, which it cannot exceed). The most
//!   pessimistic fill estimate.
//! - [`ProbQueue`]: a decrease of `d` is ahead of us with probability
//!   `p = f(ahead) / (f(ahead) + f(behind))` for `f(x) = x^n` ([`ProbFn::Power`]) or
//!   `f(x) = ln(1 + x)` ([`ProbFn::Log`]); the expected share `p * d` is removed from `ahead`
//!   (or, with `sampled`, the whole decrease is ahead with probability `p`, drawn from the seeded
//!   RNG). Larger `n` pushes cancellations to the back of the queue (more optimistic for a
//!   long queue behind). See also Moallemi & Yuan (2016), "A model for queue position valuation
//!   in a limit order book".
//!
//! User models implement [`QueueModel`] and are passed to the venue as a `Box<dyn QueueModel>`.

use crate::rng::Rng;

/// The queue state of one resting order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueuePosition {
    /// Estimated quantity ahead of the order at its price.
    pub ahead: f64,
    /// Level quantity last seen from market data (to compute changes).
    pub level_qty: f64,
    /// Quantity traded at the price since the last level update: a trade also shows up as a
    /// level decrease in the next depth update, and must not advance the order twice.
    pub traded_since_update: f64,
}

impl QueuePosition {
    /// An order joining at the back of a level holding `level_qty`.
    pub fn join(level_qty: f64) -> Self {
        QueuePosition { ahead: level_qty, level_qty, traded_since_update: 0.0 }
    }

    /// A trade of `qty` at the order's price: returns the quantity that reaches the order (trade
    /// quantity beyond the queue ahead), before capping to the order's open quantity.
    #[inline]
    pub fn on_trade(&mut self, qty: f64) -> f64 {
        let through = qty - self.ahead;
        self.ahead = (self.ahead - qty).max(0.0);
        self.traded_since_update += qty;
        through.max(0.0)
    }
}

/// A queue-position model: how a non-trade change of the level quantity moves the order.
pub trait QueueModel: Send {
    /// The level at the order's price changed from `pos.level_qty` to `new_qty` by market data.
    /// Implementations update `pos.ahead` (never above `new_qty`, never below 0); the caller
    /// then records `new_qty` and clears `traded_since_update`.
    fn on_level_change(&self, pos: &mut QueuePosition, new_qty: f64, rng: &mut Rng);

    /// A short name for logs and the SDK.
    fn name(&self) -> &str;
}

/// Cancellations are always behind the order: advance only on trades.
#[derive(Debug, Clone, Copy, Default)]
pub struct RiskAverseQueue;

impl QueueModel for RiskAverseQueue {
    #[inline]
    fn on_level_change(&self, pos: &mut QueuePosition, new_qty: f64, _rng: &mut Rng) {
        pos.ahead = pos.ahead.min(new_qty);
    }

    fn name(&self) -> &str {
        "risk_averse"
    }
}

/// The weighting function of [`ProbQueue`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ProbFn {
    /// `f(x) = x^n` (n > 0).
    Power(f64),
    /// `f(x) = ln(1 + x)`.
    Log,
}

impl ProbFn {
    #[inline]
    fn f(self, x: f64) -> f64 {
        match self {
            ProbFn::Power(n) => x.powf(n),
            ProbFn::Log => x.ln_1p(),
        }
    }
}

/// Probabilistic queue model: a decrease is ahead with probability `f(ahead)/(f(ahead)+f(behind))`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProbQueue {
    pub f: ProbFn,
    /// Draw whether each decrease is ahead (true) instead of applying its expected share.
    pub sampled: bool,
}

impl ProbQueue {
    /// `f(x) = x^n`.
    ///
    /// # Errors
    /// `OutOfRange` when `n` is not finite and > 0.
    pub fn power(n: f64) -> crate::Result<Self> {
        if !(n.is_finite() && n > 0.0) {
            return Err(crate::SmcError::out_of_range("queue power n", n, "a finite number > 0"));
        }
        Ok(ProbQueue { f: ProbFn::Power(n), sampled: false })
    }

    /// `f(x) = ln(1 + x)`.
    pub fn log() -> Self {
        ProbQueue { f: ProbFn::Log, sampled: false }
    }

    pub fn sampled(mut self) -> Self {
        self.sampled = true;
        self
    }

    /// Probability that a decrease comes from ahead of an order with `ahead` in front and
    /// `behind` after it (1 when both are 0: nothing else can have gone).
    pub fn prob_ahead(&self, ahead: f64, behind: f64) -> f64 {
        let (fa, fb) = (self.f.f(ahead.max(0.0)), self.f.f(behind.max(0.0)));
        let p = fa / (fa + fb);
        if p.is_finite() {
            p
        } else {
            1.0
        }
    }
}

impl QueueModel for ProbQueue {
    fn on_level_change(&self, pos: &mut QueuePosition, new_qty: f64, rng: &mut Rng) {
        // Trades already advanced the order; only the rest of the decrease is cancellations.
        let decrease = pos.level_qty - new_qty - pos.traded_since_update;
        if decrease <= 0.0 {
            pos.ahead = pos.ahead.min(new_qty);
            return;
        }
        let behind = (pos.level_qty - pos.traded_since_update - pos.ahead).max(0.0);
        let p = self.prob_ahead(pos.ahead, behind);
        let from_ahead = if self.sampled {
            if rng.uniform() < p {
                decrease
            } else {
                0.0
            }
        } else {
            p * decrease
        };
        // What the back of the queue could not absorb must have come from the front.
        let forced = (decrease - from_ahead - behind).max(0.0);
        pos.ahead = (pos.ahead - from_ahead - forced).clamp(0.0, new_qty);
    }

    fn name(&self) -> &str {
        match (self.f, self.sampled) {
            (ProbFn::Power(_), false) => "power",
            (ProbFn::Power(_), true) => "power_sampled",
            (ProbFn::Log, false) => "log",
            (ProbFn::Log, true) => "log_sampled",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(m: &dyn QueueModel, pos: &mut QueuePosition, new_qty: f64) {
        m.on_level_change(pos, new_qty, &mut Rng::new(1));
        pos.level_qty = new_qty;
        pos.traded_since_update = 0.0;
    }

    #[test]
    fn trades_consume_the_front_then_reach_the_order() {
        let mut q = QueuePosition::join(5.0);
        assert_eq!(q.on_trade(3.0), 0.0);
        assert_eq!(q.ahead, 2.0);
        assert_eq!(q.on_trade(3.0), 1.0);
        assert_eq!(q.ahead, 0.0);
    }

    #[test]
    fn risk_averse_ignores_cancels_unless_the_level_shrinks_below_ahead() {
        let mut q = QueuePosition::join(10.0);
        change(&RiskAverseQueue, &mut q, 12.0);
        assert_eq!(q.ahead, 10.0);
        change(&RiskAverseQueue, &mut q, 4.0);
        assert_eq!(q.ahead, 4.0);
    }

    #[test]
    fn prob_queue_splits_a_decrease_by_f_ahead_over_f_total() {
        let m = ProbQueue::power(1.0).unwrap();
        // 6 ahead, 4 behind (level 10 with our order at the back of 6 joined then 4 added).
        let mut q = QueuePosition { ahead: 6.0, level_qty: 10.0, traded_since_update: 0.0 };
        change(&m, &mut q, 5.0);
        // p = 6/10, expected 0.6 * 5 = 3 from ahead.
        assert!((q.ahead - 3.0).abs() < 1e-12);
        let log = ProbQueue::log();
        let p = log.prob_ahead(6.0, 4.0);
        assert!((p - 7f64.ln() / (7f64.ln() + 5f64.ln())).abs() < 1e-15);
        // Larger n favours the bigger side.
        let p2 = ProbQueue::power(2.0).unwrap().prob_ahead(6.0, 4.0);
        assert!((p2 - 36.0 / 52.0).abs() < 1e-15);
    }

    #[test]
    fn prob_queue_does_not_double_count_trades() {
        let m = ProbQueue::power(1.0).unwrap();
        let mut q = QueuePosition::join(10.0);
        q.on_trade(4.0); // ahead 6
        change(&m, &mut q, 6.0); // the depth update just reflects the trade
        assert_eq!(q.ahead, 6.0);
    }

    #[test]
    fn decrease_larger_than_behind_comes_from_ahead() {
        let m = ProbQueue::power(3.0).unwrap();
        let mut q = QueuePosition { ahead: 9.0, level_qty: 10.0, traded_since_update: 0.0 };
        change(&m, &mut q, 2.0);
        assert!(q.ahead <= 2.0 && q.ahead >= 0.0);
    }

    #[test]
    fn bad_power_is_rejected() {
        assert_eq!(ProbQueue::power(0.0).unwrap_err().code(), "SMC_OUT_OF_RANGE");
        assert_eq!(ProbQueue::power(f64::NAN).unwrap_err().code(), "SMC_OUT_OF_RANGE");
    }
}
