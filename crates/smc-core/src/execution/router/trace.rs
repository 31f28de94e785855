//! The optional explanation of a routing decision: one entry per step that shaped an allocation.

/// Why an entry was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceAction {
    /// The venue's book was older than `maxBookAgeMs`: dropped.
    DroppedStale,
    /// The venue's feed had a sequence gap: dropped.
    DroppedSequenceGap,
    /// The venue has no capacity left (max quantity or balance 0) or no level within the limit.
    DroppedNoCapacity,
    /// The merge took `qty` at `price` (level `level`, fill probability `detail`).
    Take,
    /// The venue's quantity was rounded down to whole lots (`detail` = quantity before).
    RoundedToLot,
    /// A lot was added after rounding because it was the cheapest remaining (re-sweep).
    LotTopUp,
    /// The venue's notional `detail` was below its minimum: excluded and the rest re-swept.
    BelowMinNotional,
    /// The venue's fixed fee outweighed its price benefit: excluded (`detail` = saving).
    FixedFeeNotWorth,
    /// With `oversize`: `qty` added beyond the expected surviving size on a low-probability
    /// venue, from the quantity the merge could not place (`detail` = fill probability).
    Oversized,
    /// Final allocation of the venue (`qty` at average `price`).
    Allocated,
}

impl TraceAction {
    pub fn name(self) -> &'static str {
        match self {
            TraceAction::DroppedStale => "dropped-stale",
            TraceAction::DroppedSequenceGap => "dropped-sequence-gap",
            TraceAction::DroppedNoCapacity => "dropped-no-capacity",
            TraceAction::Take => "take",
            TraceAction::RoundedToLot => "rounded-to-lot",
            TraceAction::LotTopUp => "lot-top-up",
            TraceAction::BelowMinNotional => "below-min-notional",
            TraceAction::FixedFeeNotWorth => "fixed-fee-not-worth",
            TraceAction::Oversized => "oversized",
            TraceAction::Allocated => "allocated",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TraceEntry {
    pub venue: usize,
    pub action: TraceAction,
    /// Book level index, when the entry concerns one level.
    pub level: Option<usize>,
    pub qty: f64,
    pub price: f64,
    /// Action-specific number (see [`TraceAction`]).
    pub detail: f64,
}

impl TraceEntry {
    /// A one-line English explanation, given the venue names.
    pub fn describe(&self, venues: &[String]) -> String {
        let v = venues.get(self.venue).map_or("?", String::as_str);
        match self.action {
            TraceAction::DroppedStale => format!("{v}: book is {} ms old, dropped", self.detail),
            TraceAction::DroppedSequenceGap => format!("{v}: sequence gap, dropped"),
            TraceAction::DroppedNoCapacity => {
                format!("{v}: no capacity or no level within the limit")
            }
            TraceAction::Take => format!(
                "{v}: took {} at {} (level {}, fill probability {:.3})",
                self.qty,
                self.price,
                self.level.unwrap_or(0),
                self.detail
            ),
            TraceAction::RoundedToLot => {
                format!("{v}: {} rounded down to {} (lots)", self.detail, self.qty)
            }
            TraceAction::LotTopUp => format!(
                "{v}: added {} up to {} after rounding (cheapest lot left)",
                self.qty, self.price
            ),
            TraceAction::BelowMinNotional => format!(
                "{v}: notional {} below the venue minimum, excluded",
                self.detail
            ),
            TraceAction::FixedFeeNotWorth => format!(
                "{v}: fixed fee outweighs the benefit by {}, excluded",
                self.detail
            ),
            TraceAction::Oversized => format!(
                "{v}: oversized by {} (fill probability {:.3}) with quantity no level could absorb",
                self.qty, self.detail
            ),
            TraceAction::Allocated => format!("{v}: {} at average {}", self.qty, self.price),
        }
    }
}
