//! The decision step: from the pacing target to child orders.

use super::{Child, Executor};
use crate::error::Result;
use crate::execution::executor::pacing::PacingContext;
use crate::execution::executor::types::{
    Action, ActionKind, DecisionKind, ExecutorStatus, OrderStyle,
};

impl Executor {
    /// Advances the clock to `now` and decides: cancels for drifted children, then at most one
    /// new child for the gap between the target and what is filled or working.
    pub fn step(&mut self, now: f64) -> Result<&[Action]> {
        self.running("step")?;
        self.clock(now)?;
        self.actions.clear();
        let cfg = self.config;
        if now < cfg.start {
            return Ok(&self.actions);
        }
        let at_end = now >= cfg.end;
        if at_end && !self.pacing.completes_at_end() {
            self.cancel_all(now, "expired");
            self.status = ExecutorStatus::Expired;
            self.record(now, DecisionKind::Status, None, f64::NAN, "expired");
            return Ok(&self.actions);
        }
        let ctx = PacingContext {
            now,
            start: cfg.start,
            end: cfg.end,
            total: cfg.quantity,
            filled: self.filled,
            working: self.working(),
            market_volume: self.market_volume,
            lots: cfg.lots,
        };
        let target = self.pacing.target(&ctx).min(cfg.quantity);
        let behind = target - self.filled;
        let catching_up = behind > cfg.catch_up;
        let aggressive = cfg.style != OrderStyle::Passive || catching_up || at_end;
        let Some((price, guarded)) = self.desired_price(aggressive) else {
            if behind > 0.0 {
                self.record(now, DecisionKind::Hold, None, target, "no-quote");
            }
            return Ok(&self.actions);
        };
        self.replace_drifted(now, price, target);
        self.new_child(
            now,
            price,
            guarded,
            target,
            if at_end {
                "end-of-window"
            } else if catching_up {
                "catch-up"
            } else {
                "schedule"
            },
        );
        Ok(&self.actions)
    }

    /// Cancels working children priced away from `price` (beyond the drift tolerance). A child
    /// whose open quantity is below the minimum is left alone: its replacement could not be sent.
    fn replace_drifted(&mut self, now: f64, price: Option<f64>, target: f64) {
        let lots = self.config.lots;
        for i in 0..self.children.len() {
            let c = self.children[i];
            if c.pending_cancel || lots.floor_units(c.open()) < lots.min_units() {
                continue;
            }
            let drifted = match (c.price, price) {
                (Some(a), Some(b)) => (a - b).abs() > self.config.drift_tolerance,
                (None, None) => false,
                _ => true,
            };
            if drifted {
                self.children[i].pending_cancel = true;
                self.actions.push(Action {
                    kind: ActionKind::Cancel,
                    child_id: c.id,
                    quantity: c.open(),
                    price: c.price,
                });
                self.record(now, DecisionKind::CancelChild, Some(&c), target, "drift");
            }
        }
    }

    fn new_child(
        &mut self,
        now: f64,
        price: Option<f64>,
        guarded: bool,
        target: f64,
        reason: &'static str,
    ) {
        let lots = self.config.lots;
        if self.pacing.single_child() && !self.children.is_empty() {
            return;
        }
        let outstanding = self.filled + self.working();
        let needed = lots.floor_units(target - outstanding);
        let left = lots.floor_units(self.config.quantity - outstanding);
        if needed == 0 || left == 0 {
            if left == 0 && self.children.is_empty() && self.filled < self.config.quantity {
                self.strand(now, target);
            }
            return;
        }
        let min = lots.min_units();
        let cap = lots.floor_units(self.config.max_child);
        let mut units = self
            .pacing
            .child_units(needed, left, &lots)
            .min(cap)
            .min(left);
        // Never leave a remainder that could not be sent later: absorb it if the cap allows,
        // otherwise leave exactly the minimum behind.
        let rest = left - units;
        if rest > 0 && rest < min {
            units = if left <= cap {
                left
            } else {
                left.saturating_sub(min)
            };
        }
        if units < min {
            if left < min && self.children.is_empty() {
                self.strand(now, target);
            } else {
                self.record(now, DecisionKind::Hold, None, target, "below-minimum");
            }
            return;
        }
        if guarded {
            self.audit.push(crate::execution::executor::Decision {
                time: now,
                kind: DecisionKind::LimitGuard,
                child_id: None,
                quantity: lots.qty(units),
                price: price.unwrap_or(f64::NAN),
                target,
                filled: self.filled,
                reason: "limit",
            });
        }
        let child = Child {
            id: self.next_id,
            quantity: lots.qty(units),
            filled: 0.0,
            price,
            pending_cancel: false,
        };
        self.next_id += 1;
        self.children.push(child);
        self.actions.push(Action {
            kind: ActionKind::New,
            child_id: child.id,
            quantity: child.quantity,
            price,
        });
        let reason = if self.pacing.single_child() && self.filled > 0.0 {
            "refill"
        } else {
            reason
        };
        self.record(now, DecisionKind::NewChild, Some(&child), target, reason);
    }

    fn strand(&mut self, now: f64, target: f64) {
        self.status = ExecutorStatus::Stranded;
        self.record(
            now,
            DecisionKind::Status,
            None,
            target,
            "residual-below-minimum",
        );
    }
}
