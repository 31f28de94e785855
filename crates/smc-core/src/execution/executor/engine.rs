use super::pacing::{IcebergPacing, Pacing, PovPacing, SchedulePacing, VwapDynamicPacing};
use super::types::{
    Action, ActionKind, Decision, DecisionKind, ExecutorConfig, ExecutorStatus, OrderStyle,
};
use crate::error::{check, Result, SmcError};
use crate::execution::schedule::{
    twap_schedule, vwap_schedule, IcebergParams, PovParams, TimingJitter, VolumeProfile,
};
use crate::execution::Side;

#[derive(Debug, Clone, Copy)]
struct Child {
    id: u64,
    quantity: f64,
    filled: f64,
    price: Option<f64>,
    pending_cancel: bool,
}

impl Child {
    fn open(&self) -> f64 {
        self.quantity - self.filled
    }
}

/// A parent order being worked. See the module documentation.
pub struct Executor {
    config: ExecutorConfig,
    pacing: Box<dyn Pacing>,
    status: ExecutorStatus,
    filled: f64,
    fill_notional: f64,
    children: Vec<Child>,
    next_id: u64,
    bid: f64,
    ask: f64,
    market_volume: f64,
    last_time: f64,
    audit: Vec<Decision>,
    actions: Vec<Action>,
}

impl Executor {
    /// An executor following any [`Pacing`].
    pub fn new(config: ExecutorConfig, pacing: Box<dyn Pacing>) -> Result<Self> {
        config.validate()?;
        Ok(Executor {
            config,
            pacing,
            status: ExecutorStatus::Running,
            filled: 0.0,
            fill_notional: 0.0,
            children: Vec::new(),
            next_id: 1,
            bid: f64::NAN,
            ask: f64::NAN,
            market_volume: 0.0,
            last_time: f64::NEG_INFINITY,
            audit: Vec::new(),
            actions: Vec::new(),
        })
    }

    pub fn twap(
        config: ExecutorConfig,
        slices: usize,
        jitter: Option<TimingJitter>,
    ) -> Result<Self> {
        let s = twap_schedule(
            config.quantity,
            slices,
            config.lots,
            config.start,
            config.end,
            jitter,
        )?;
        Self::new(config, Box::new(SchedulePacing::new("twap", s)))
    }

    /// Static VWAP follows the profile's weights; dynamic VWAP follows realised volume.
    pub fn vwap(config: ExecutorConfig, profile: &VolumeProfile, dynamic: bool) -> Result<Self> {
        if dynamic {
            return Self::new(config, Box::new(VwapDynamicPacing::new(profile)?));
        }
        let s = vwap_schedule(
            config.quantity,
            &profile.weights,
            config.lots,
            config.start,
            config.end,
        )?;
        Self::new(config, Box::new(SchedulePacing::new("vwap", s)))
    }

    pub fn pov(config: ExecutorConfig, params: PovParams) -> Result<Self> {
        Self::new(config, Box::new(PovPacing::new(params)?))
    }

    pub fn iceberg(config: ExecutorConfig, params: IcebergParams) -> Result<Self> {
        Self::new(config, Box::new(IcebergPacing::new(params, &config.lots)?))
    }

    pub fn algorithm(&self) -> &'static str {
        self.pacing.name()
    }
    pub fn status(&self) -> ExecutorStatus {
        self.status
    }
    pub fn filled(&self) -> f64 {
        self.filled
    }
    pub fn remaining(&self) -> f64 {
        (self.config.quantity - self.filled).max(0.0)
    }
    /// Open quantity of working children (including those being cancelled).
    pub fn working(&self) -> f64 {
        self.children.iter().map(Child::open).sum()
    }
    pub fn average_price(&self) -> f64 {
        if self.filled > 0.0 {
            self.fill_notional / self.filled
        } else {
            f64::NAN
        }
    }
    pub fn audit(&self) -> &[Decision] {
        &self.audit
    }
    pub fn config(&self) -> &ExecutorConfig {
        &self.config
    }

    fn clock(&mut self, time: f64) -> Result<()> {
        check::finite_scalar("time", time)?;
        if time < self.last_time {
            return Err(SmcError::Unordered(format!(
                "time {time} is before the previous event at {}",
                self.last_time
            )));
        }
        self.last_time = time;
        Ok(())
    }

    fn running(&self, what: &str) -> Result<()> {
        if self.status != ExecutorStatus::Running {
            return Err(SmcError::InvalidState(format!(
                "{what}: the executor is {}",
                self.status.name()
            )));
        }
        Ok(())
    }

    fn record(
        &mut self,
        time: f64,
        kind: DecisionKind,
        child: Option<&Child>,
        target: f64,
        reason: &'static str,
    ) {
        self.audit.push(Decision {
            time,
            kind,
            child_id: child.map(|c| c.id),
            quantity: child.map_or(0.0, Child::open),
            price: child.and_then(|c| c.price).unwrap_or(f64::NAN),
            target,
            filled: self.filled,
            reason,
        });
    }

    /// Best bid and ask. Market data is accepted in any state (it changes nothing once done).
    pub fn on_quote(&mut self, time: f64, bid: f64, ask: f64) -> Result<()> {
        check::finite_scalar("bid", bid)?;
        check::finite_scalar("ask", ask)?;
        if bid <= 0.0 {
            return Err(SmcError::out_of_range("bid", bid, "a number > 0"));
        }
        if bid >= ask {
            return Err(SmcError::CrossedBook(format!("bid {bid} >= ask {ask}")));
        }
        self.clock(time)?;
        self.bid = bid;
        self.ask = ask;
        Ok(())
    }

    /// Market volume traded since the previous report (everyone's, ours included).
    pub fn on_volume(&mut self, time: f64, volume: f64) -> Result<()> {
        check::finite_scalar("volume", volume)?;
        if volume < 0.0 {
            return Err(SmcError::out_of_range("volume", volume, "a number >= 0"));
        }
        self.clock(time)?;
        if time >= self.config.start {
            self.market_volume += volume;
        }
        Ok(())
    }

    /// A fill of one of our children. Fills may still arrive on a child being cancelled.
    pub fn on_fill(&mut self, time: f64, child_id: u64, quantity: f64, price: f64) -> Result<()> {
        if self.status == ExecutorStatus::Completed {
            return Err(SmcError::InvalidState(format!(
                "fill for child {child_id}: the executor is completed"
            )));
        }
        let i = self.child_index(child_id)?;
        check::finite_scalar("quantity", quantity)?;
        check::finite_scalar("price", price)?;
        if quantity <= 0.0 || price <= 0.0 {
            return Err(SmcError::out_of_range(
                "fill",
                if quantity <= 0.0 { quantity } else { price },
                "quantity and price > 0",
            ));
        }
        let open = self.children[i].open();
        if quantity > open * (1.0 + 1e-9) {
            return Err(SmcError::invalid(format!(
                "fill {quantity} exceeds child {child_id}'s open quantity {open}"
            )));
        }
        self.clock(time)?;
        let q = quantity.min(open);
        self.children[i].filled += q;
        self.filled += q;
        self.fill_notional += q * price;
        let child = self.children[i];
        self.audit.push(Decision {
            time,
            kind: DecisionKind::Fill,
            child_id: Some(child_id),
            quantity: q,
            price,
            target: f64::NAN,
            filled: self.filled,
            reason: "fill",
        });
        if child.open() <= 1e-9 * child.quantity {
            self.children.remove(i);
        }
        if self.filled >= self.config.quantity * (1.0 - 1e-12) {
            self.status = ExecutorStatus::Completed;
            self.record(
                time,
                DecisionKind::Status,
                None,
                self.config.quantity,
                "completed",
            );
        }
        Ok(())
    }

    /// A child is gone without (further) fills: cancel confirmed, expired or rejected.
    pub fn on_cancel_ack(&mut self, time: f64, child_id: u64) -> Result<()> {
        let i = self.child_index(child_id)?;
        self.clock(time)?;
        let child = self.children.remove(i);
        self.record(
            time,
            DecisionKind::CancelAck,
            Some(&child),
            f64::NAN,
            "cancel-ack",
        );
        Ok(())
    }

    fn child_index(&self, child_id: u64) -> Result<usize> {
        self.children
            .iter()
            .position(|c| c.id == child_id)
            .ok_or_else(|| SmcError::NotFound(format!("no working child with id {child_id}")))
    }

    /// Cancels the parent: every working child gets a cancel. Fills may still arrive on them.
    pub fn cancel(&mut self, time: f64) -> Result<&[Action]> {
        self.running("cancel")?;
        self.clock(time)?;
        self.actions.clear();
        self.cancel_all(time, "cancel");
        self.status = ExecutorStatus::Cancelled;
        self.record(time, DecisionKind::Status, None, f64::NAN, "cancelled");
        Ok(&self.actions)
    }

    fn cancel_all(&mut self, time: f64, reason: &'static str) {
        for i in 0..self.children.len() {
            if !self.children[i].pending_cancel {
                self.children[i].pending_cancel = true;
                let c = self.children[i];
                self.actions.push(Action {
                    kind: ActionKind::Cancel,
                    child_id: c.id,
                    quantity: c.open(),
                    price: c.price,
                });
                self.record(time, DecisionKind::CancelChild, Some(&c), f64::NAN, reason);
            }
        }
    }

    /// The price a new child should have now, and whether the limit guard clipped it.
    /// Outer None: no quote yet to price from.
    fn desired_price(&self, aggressive: bool) -> Option<(Option<f64>, bool)> {
        let buy = self.config.side == Side::Buy;
        let raw = if self.config.style == OrderStyle::Market {
            return Some((self.config.limit, false));
        } else if aggressive == buy {
            self.ask
        } else {
            self.bid
        };
        if raw.is_nan() {
            return None;
        }
        match self.config.limit {
            Some(l) if (buy && raw > l) || (!buy && raw < l) => Some((Some(l), true)),
            _ => Some((Some(raw), false)),
        }
    }
}

mod step;

#[cfg(test)]
mod tests;
