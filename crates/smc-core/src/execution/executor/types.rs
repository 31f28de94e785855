use std::str::FromStr;

use crate::error::{check, Result, SmcError};
use crate::execution::lots::LotSpec;
use crate::execution::Side;

/// How children are priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStyle {
    /// Join the near touch (buy at the bid); cross only to catch up.
    Passive,
    /// Cross the spread with a marketable limit at the far touch.
    Aggressive,
    /// Market orders (a marketable limit at the limit price when a limit is set).
    Market,
}

impl FromStr for OrderStyle {
    type Err = SmcError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "passive" => Ok(OrderStyle::Passive),
            "aggressive" => Ok(OrderStyle::Aggressive),
            "market" => Ok(OrderStyle::Market),
            _ => Err(SmcError::invalid(format!(
                "style must be 'passive', 'aggressive' or 'market', got '{s}'"
            ))),
        }
    }
}

/// What every executor shares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExecutorConfig {
    pub side: Side,
    pub quantity: f64,
    /// Execution window in epoch ms.
    pub start: f64,
    pub end: f64,
    pub lots: LotSpec,
    /// Limit price guard: no child is ever priced beyond it.
    pub limit: Option<f64>,
    pub style: OrderStyle,
    /// When the filled quantity lags the target by more than this, children cross the spread.
    /// The lag includes the slice just released, so set it above one slice.
    /// Infinity: never catch up aggressively (before the end).
    pub catch_up: f64,
    /// A working child whose price is further than this from the desired price is cancelled and
    /// replaced. 0: replace on any change.
    pub drift_tolerance: f64,
    /// Largest child; infinity for none.
    pub max_child: f64,
}

impl ExecutorConfig {
    pub fn new(side: Side, quantity: f64, start: f64, end: f64) -> Self {
        ExecutorConfig {
            side,
            quantity,
            start,
            end,
            lots: LotSpec::default(),
            limit: None,
            style: OrderStyle::Passive,
            catch_up: f64::INFINITY,
            drift_tolerance: 0.0,
            max_child: f64::INFINITY,
        }
    }

    /// Validates and returns the parent in whole lots.
    pub(crate) fn validate(&self) -> Result<u64> {
        crate::execution::schedule::check_window(self.start, self.end)?;
        let units = self.lots.parent_units(self.quantity)?;
        if let Some(limit) = self.limit {
            check::finite_scalar("limit", limit)?;
            if limit <= 0.0 {
                return Err(SmcError::out_of_range("limit", limit, "a number > 0"));
            }
        }
        for (name, v) in [
            ("catchUp", self.catch_up),
            ("driftTolerance", self.drift_tolerance),
            ("maxChild", self.max_child),
        ] {
            if v.is_nan() || v < 0.0 {
                return Err(SmcError::out_of_range(name, v, "a number >= 0"));
            }
        }
        if self.lots.floor_units(self.max_child) < self.lots.min_units() {
            return Err(SmcError::invalid(format!(
                "maxChild {} is below the minimum child",
                self.max_child
            )));
        }
        Ok(units)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutorStatus {
    Running,
    /// The parent is fully filled.
    Completed,
    /// Cancelled by the user.
    Cancelled,
    /// The window ended for an algorithm that does not force completion (POV, iceberg).
    Expired,
    /// What is left is below the minimum child and nothing is working: it cannot be sent.
    Stranded,
}

impl ExecutorStatus {
    pub fn name(self) -> &'static str {
        match self {
            ExecutorStatus::Running => "running",
            ExecutorStatus::Completed => "completed",
            ExecutorStatus::Cancelled => "cancelled",
            ExecutorStatus::Expired => "expired",
            ExecutorStatus::Stranded => "stranded",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    New,
    Cancel,
}

/// An instruction for the caller (who sends it through the router or to a venue).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Action {
    pub kind: ActionKind,
    pub child_id: u64,
    pub quantity: f64,
    /// Limit price; None = market order.
    pub price: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionKind {
    /// A new child (reason: "schedule", "catch-up", "replace", "end-of-window", "refill").
    NewChild,
    /// A working child cancelled (reason: "drift", "cancel", "expired").
    CancelChild,
    /// A child was wanted but could not be priced or sized (reason says why).
    Hold,
    /// The desired price was beyond the limit: clipped to it.
    LimitGuard,
    Fill,
    CancelAck,
    Status,
}

impl DecisionKind {
    pub fn name(self) -> &'static str {
        match self {
            DecisionKind::NewChild => "new-child",
            DecisionKind::CancelChild => "cancel-child",
            DecisionKind::Hold => "hold",
            DecisionKind::LimitGuard => "limit-guard",
            DecisionKind::Fill => "fill",
            DecisionKind::CancelAck => "cancel-ack",
            DecisionKind::Status => "status",
        }
    }
}

/// One audited decision or event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub time: f64,
    pub kind: DecisionKind,
    pub child_id: Option<u64>,
    pub quantity: f64,
    /// NaN for market orders or when not applicable.
    pub price: f64,
    /// Cumulative target quantity at the time.
    pub target: f64,
    pub filled: f64,
    pub reason: &'static str,
}
