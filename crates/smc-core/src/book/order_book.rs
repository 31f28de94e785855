//! The L2 order book: levels keyed by integer ticks, snapshot + incremental diffs with Binance
//! sequence checks, and the queries a router or a simulator needs.

use super::ladder::Ladder;
use super::price::TickSize;
use crate::error::{Result, SmcError};

/// A side of the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Bid,
    Ask,
}

impl Side {
    /// Bids keep their tick price as rank, asks its negation: both sides are then "higher rank
    /// is better" (see `ladder`).
    #[inline]
    fn rank(self, ticks: i64) -> i64 {
        match self {
            Side::Bid => ticks,
            Side::Ask => -ticks,
        }
    }

    pub fn opposite(self) -> Side {
        match self {
            Side::Bid => Side::Ask,
            Side::Ask => Side::Bid,
        }
    }
}

/// One price level: price in ticks (see [`TickSize`]) and quantity in base units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Level {
    pub ticks: i64,
    pub qty: f64,
}

impl Level {
    pub fn new(ticks: i64, qty: f64) -> Self {
        Level { ticks, qty }
    }
}

/// How consecutive diffs link up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SequenceRule {
    /// Binance spot: each diff's first id `U` equals the previous diff's final id `u` plus one.
    #[default]
    Spot,
    /// Binance USDT-M futures: each diff's `pu` equals the previous diff's `u`.
    Futures,
}

/// The sequence numbers of one diff event (Binance field names in brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffIds {
    /// First update id in the event (`U`).
    pub first: u64,
    /// Final update id in the event (`u`).
    pub last: u64,
    /// Final update id of the previous event (`pu`, futures only).
    pub prev_last: Option<u64>,
}

/// What [`OrderBook::apply_diff`] did with a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyOutcome {
    /// The diff was applied.
    Applied,
    /// The diff is older than the snapshot and was dropped (Binance sync step "drop u <=
    /// lastUpdateId").
    Stale,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SeqState {
    /// No snapshot yet: only unsequenced edits ([`OrderBook::set_level`]) are allowed.
    Unsequenced,
    /// Snapshot applied; the next diff must span `snapshot_id + 1`.
    AwaitingFirst {
        snapshot_id: u64,
    },
    Synced {
        last: u64,
    },
    /// A gap was seen: every diff is refused until a new snapshot.
    NeedsResync,
}

/// The result of walking the book for a quantity (see [`OrderBook::walk`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    /// Quantity the book could fill (less than requested when the side runs out).
    pub filled_qty: f64,
    /// Sum of price x quantity over the consumed levels.
    pub cost: f64,
    /// `cost / filled_qty` (NaN when nothing is filled).
    pub avg_price: f64,
    /// Price of the last level touched (NaN when nothing is filled).
    pub worst_price: f64,
    /// Number of levels touched.
    pub levels: usize,
    /// Whether the whole quantity was filled.
    pub complete: bool,
}

/// An L2 order book for one instrument.
///
/// Prices are `i64` tick counts (convert with [`TickSize`], available from [`OrderBook::tick_size`]),
/// quantities `f64`. A quantity of 0 removes a level.
///
/// Sequencing follows Binance's "how to manage a local order book correctly": after
/// [`apply_snapshot`](Self::apply_snapshot) (id `L`), diffs with `u <= L` (spot) or `u < L`
/// (futures) are dropped as [`ApplyOutcome::Stale`]; the first applied diff must span the
/// snapshot (spot: `U <= L+1 <= u`; futures: `U <= L <= u`, or `pu == L`); afterwards spot
/// requires `U == previous u + 1` and futures `pu == previous u`. A gap returns
/// [`SmcError::ResyncRequired`] and the book refuses every diff until the next snapshot, so it is
/// never silently wrong. A diff that goes backwards returns [`SmcError::Unordered`] and leaves the
/// book untouched. Invalid quantities (NaN, infinite, negative) are rejected before any change.
#[derive(Debug, Clone)]
pub struct OrderBook {
    tick: TickSize,
    rule: SequenceRule,
    bids: Ladder,
    asks: Ladder,
    seq: SeqState,
}

fn check_levels(what: &str, levels: &[Level]) -> Result<()> {
    for (index, l) in levels.iter().enumerate() {
        if !l.qty.is_finite() {
            return Err(SmcError::NonFinite {
                what: format!("{what} quantity"),
                index,
                value: l.qty,
            });
        }
        if l.qty < 0.0 {
            return Err(SmcError::out_of_range(
                &format!("{what}[{index}] quantity"),
                l.qty,
                "a quantity >= 0",
            ));
        }
    }
    Ok(())
}

impl OrderBook {
    pub fn new(tick: TickSize, rule: SequenceRule) -> Self {
        OrderBook {
            tick,
            rule,
            bids: Ladder::with_capacity(2048),
            asks: Ladder::with_capacity(2048),
            seq: SeqState::Unsequenced,
        }
    }

    pub fn tick_size(&self) -> TickSize {
        self.tick
    }

    pub fn sequence_rule(&self) -> SequenceRule {
        self.rule
    }

    fn ladder(&self, side: Side) -> &Ladder {
        match side {
            Side::Bid => &self.bids,
            Side::Ask => &self.asks,
        }
    }

    /// Replaces the whole book with a snapshot whose last update id is `update_id`.
    ///
    /// # Errors
    /// `NonFinite`/`OutOfRange` for bad quantities, `CrossedBook` when the snapshot's best bid is
    /// at or above its best ask; on error the book is unchanged.
    pub fn apply_snapshot(&mut self, update_id: u64, bids: &[Level], asks: &[Level]) -> Result<()> {
        self.replace_levels(bids, asks)?;
        self.seq = SeqState::AwaitingFirst {
            snapshot_id: update_id,
        };
        Ok(())
    }

    /// Replaces all levels without sequence numbers (simulators, tests). Same checks as
    /// [`apply_snapshot`](Self::apply_snapshot); sequenced diffs are refused afterwards until a
    /// snapshot.
    pub fn replace_levels(&mut self, bids: &[Level], asks: &[Level]) -> Result<()> {
        check_levels("bids", bids)?;
        check_levels("asks", asks)?;
        let mut fresh_bids = Ladder::with_capacity(bids.len().max(2048));
        let mut fresh_asks = Ladder::with_capacity(asks.len().max(2048));
        fresh_bids.replace(bids.iter().map(|l| (Side::Bid.rank(l.ticks), l.qty)));
        fresh_asks.replace(asks.iter().map(|l| (Side::Ask.rank(l.ticks), l.qty)));
        if let (Some((b, _)), Some((a, _))) = (fresh_bids.best(), fresh_asks.best()) {
            if b >= -a {
                return Err(SmcError::CrossedBook(format!(
                    "snapshot best bid {} >= best ask {}",
                    self.tick.ticks_to_price(b),
                    self.tick.ticks_to_price(-a)
                )));
            }
        }
        self.bids = fresh_bids;
        self.asks = fresh_asks;
        self.seq = SeqState::Unsequenced;
        Ok(())
    }

    /// Sets one level without sequence checks (a simulator's own book). Does not check
    /// crossing: query [`is_crossed`](Self::is_crossed) when that matters.
    ///
    /// # Errors
    /// `NonFinite`/`OutOfRange` for a bad quantity.
    pub fn set_level(&mut self, side: Side, ticks: i64, qty: f64) -> Result<()> {
        check_levels(
            if side == Side::Bid { "bids" } else { "asks" },
            &[Level { ticks, qty }],
        )?;
        self.set_unchecked(side, ticks, qty);
        Ok(())
    }

    /// Replaces all levels with one best bid and one best ask (a top-of-book quote; a zero
    /// quantity leaves that side empty), without sequence numbers. Keeps the ladders' memory,
    /// so a quote stream does not allocate. Like [`set_level`](Self::set_level) it does not
    /// check crossing: a feed's crossed quote is kept as it came.
    ///
    /// # Errors
    /// `NonFinite`/`OutOfRange` for a bad quantity; the book is then unchanged.
    pub fn replace_top(&mut self, bid: Level, ask: Level) -> Result<()> {
        check_levels("bids", &[bid])?;
        check_levels("asks", &[ask])?;
        self.bids.clear();
        self.asks.clear();
        self.set_unchecked(Side::Bid, bid.ticks, bid.qty);
        self.set_unchecked(Side::Ask, ask.ticks, ask.qty);
        self.seq = SeqState::Unsequenced;
        Ok(())
    }

    #[inline]
    fn set_unchecked(&mut self, side: Side, ticks: i64, qty: f64) {
        match side {
            Side::Bid => self.bids.set(ticks, qty),
            Side::Ask => self.asks.set(-ticks, qty),
        }
    }

    /// Checks a diff's ids against the book's state; `Ok(None)` means stale (drop it).
    fn check_sequence(&mut self, ids: DiffIds) -> Result<Option<()>> {
        if ids.last < ids.first {
            return Err(SmcError::InvalidInput(format!(
                "diff final update id {} is below its first update id {}",
                ids.last, ids.first
            )));
        }
        match self.seq {
            SeqState::Unsequenced => Err(SmcError::InvalidState(
                "apply a snapshot before sequenced diffs".to_owned(),
            )),
            SeqState::NeedsResync => Err(SmcError::ResyncRequired(
                "a gap was detected earlier; apply a fresh snapshot".to_owned(),
            )),
            SeqState::AwaitingFirst { snapshot_id: l } => {
                let (stale, spans) = match self.rule {
                    SequenceRule::Spot => (ids.last <= l, ids.first <= l + 1 && l < ids.last),
                    SequenceRule::Futures => (
                        ids.last < l,
                        (ids.first <= l && l <= ids.last) || ids.prev_last == Some(l),
                    ),
                };
                if stale {
                    return Ok(None);
                }
                if !spans {
                    self.seq = SeqState::NeedsResync;
                    return Err(SmcError::ResyncRequired(format!(
                        "first diff after snapshot {l} covers [{}, {}] and does not span it",
                        ids.first, ids.last
                    )));
                }
                Ok(Some(()))
            }
            SeqState::Synced { last } => {
                let linked = match self.rule {
                    SequenceRule::Spot => ids.first == last + 1,
                    SequenceRule::Futures => match ids.prev_last {
                        Some(pu) => pu == last,
                        None => {
                            return Err(SmcError::InvalidInput(
                                "futures diffs need the previous final update id (pu)".to_owned(),
                            ))
                        }
                    },
                };
                if linked {
                    return Ok(Some(()));
                }
                let backwards = match self.rule {
                    SequenceRule::Spot => ids.first <= last,
                    SequenceRule::Futures => ids.last <= last,
                };
                if backwards {
                    return Err(SmcError::Unordered(format!(
                        "diff [{}, {}] does not follow update id {last}",
                        ids.first, ids.last
                    )));
                }
                self.seq = SeqState::NeedsResync;
                Err(SmcError::ResyncRequired(format!(
                    "gap after update id {last}: next diff covers [{}, {}]{}",
                    ids.first,
                    ids.last,
                    ids.prev_last
                        .map_or(String::new(), |p| format!(" with pu {p}"))
                )))
            }
        }
    }

    /// Applies one diff event (all its bid and ask levels, absolute quantities, 0 removes).
    ///
    /// # Errors
    /// `ResyncRequired` on a gap (the book then refuses diffs until a snapshot), `Unordered` for a
    /// diff that goes backwards, `InvalidState` before any snapshot, `NonFinite`/`OutOfRange` for
    /// bad quantities (nothing applied), and `CrossedBook` when the book is crossed AFTER the
    /// diff: that diff has been applied and the sequence advanced (the book mirrors the venue's
    /// stream and the next diff may uncross it); [`is_crossed`](Self::is_crossed) tells the state.
    pub fn apply_diff(
        &mut self,
        ids: DiffIds,
        bids: &[Level],
        asks: &[Level],
    ) -> Result<ApplyOutcome> {
        check_levels("bids", bids)?;
        check_levels("asks", asks)?;
        if self.check_sequence(ids)?.is_none() {
            return Ok(ApplyOutcome::Stale);
        }
        for l in bids {
            self.bids.set(l.ticks, l.qty);
        }
        for l in asks {
            self.asks.set(-l.ticks, l.qty);
        }
        self.seq = SeqState::Synced { last: ids.last };
        self.check_crossed()?;
        Ok(ApplyOutcome::Applied)
    }

    /// Applies a diff given as parallel columns of one event: `sides` (0 = bid, 1 = ask),
    /// `ticks` and `qtys`; used by the batch replay. With `ids: None` no sequence check is made
    /// (a simulator's own updates). Otherwise the same contract as
    /// [`apply_diff`](Self::apply_diff).
    pub fn apply_diff_columns(
        &mut self,
        ids: Option<DiffIds>,
        sides: &[u8],
        ticks: &[i64],
        qtys: &[f64],
    ) -> Result<ApplyOutcome> {
        crate::error::check::same_len("ticks", sides.len(), ticks.len())?;
        crate::error::check::same_len("qty", sides.len(), qtys.len())?;
        if let Some(index) = sides.iter().position(|&s| s > 1) {
            return Err(SmcError::InvalidInput(format!(
                "side[{index}] = {}: expected 0 (bid) or 1 (ask)",
                sides[index]
            )));
        }
        for (index, &q) in qtys.iter().enumerate() {
            if !(q.is_finite() && q >= 0.0) {
                return Err(if q.is_finite() {
                    SmcError::out_of_range("qty", q, "a quantity >= 0")
                } else {
                    SmcError::NonFinite {
                        what: "qty".to_owned(),
                        index,
                        value: q,
                    }
                });
            }
        }
        if let Some(ids) = ids {
            if self.check_sequence(ids)?.is_none() {
                return Ok(ApplyOutcome::Stale);
            }
            self.seq = SeqState::Synced { last: ids.last };
        }
        for ((&side, &t), &q) in sides.iter().zip(ticks).zip(qtys) {
            if side == 0 {
                self.bids.set(t, q);
            } else {
                self.asks.set(-t, q);
            }
        }
        self.check_crossed()?;
        Ok(ApplyOutcome::Applied)
    }

    fn check_crossed(&self) -> Result<()> {
        if self.is_crossed() {
            return Err(SmcError::CrossedBook(format!(
                "best bid {} >= best ask {}{}",
                self.best_bid_price(),
                self.best_ask_price(),
                self.last_update_id()
                    .map_or(String::new(), |u| format!(" after update id {u}"))
            )));
        }
        Ok(())
    }

    /// The last applied update id (the snapshot's id before the first diff), if sequenced.
    pub fn last_update_id(&self) -> Option<u64> {
        match self.seq {
            SeqState::AwaitingFirst { snapshot_id } => Some(snapshot_id),
            SeqState::Synced { last } => Some(last),
            _ => None,
        }
    }

    /// Whether diffs can be applied (a snapshot was applied and no gap since).
    pub fn is_synced(&self) -> bool {
        matches!(
            self.seq,
            SeqState::AwaitingFirst { .. } | SeqState::Synced { .. }
        )
    }

    /// Whether a gap was detected and a snapshot is needed.
    pub fn needs_resync(&self) -> bool {
        self.seq == SeqState::NeedsResync
    }

    /// Best bid >= best ask.
    pub fn is_crossed(&self) -> bool {
        matches!((self.bids.best(), self.asks.best()), (Some((b, _)), Some((a, _))) if b >= -a)
    }

    /// Best level of a side.
    #[inline]
    pub fn best(&self, side: Side) -> Option<Level> {
        self.ladder(side).best().map(|(rank, qty)| Level {
            ticks: side.rank(rank),
            qty,
        })
    }

    pub fn best_bid(&self) -> Option<Level> {
        self.best(Side::Bid)
    }

    pub fn best_ask(&self) -> Option<Level> {
        self.best(Side::Ask)
    }

    /// Best bid price, NaN on an empty side.
    pub fn best_bid_price(&self) -> f64 {
        self.best_bid()
            .map_or(f64::NAN, |l| self.tick.ticks_to_price(l.ticks))
    }

    /// Best ask price, NaN on an empty side.
    pub fn best_ask_price(&self) -> f64 {
        self.best_ask()
            .map_or(f64::NAN, |l| self.tick.ticks_to_price(l.ticks))
    }

    /// (best bid + best ask) / 2, NaN when a side is empty.
    pub fn mid(&self) -> f64 {
        match (self.best_bid(), self.best_ask()) {
            (Some(b), Some(a)) => self.tick.ticks_to_price(b.ticks + a.ticks) / 2.0,
            _ => f64::NAN,
        }
    }

    /// Best ask - best bid in ticks, `None` when a side is empty.
    pub fn spread_ticks(&self) -> Option<i64> {
        Some(self.best_ask()?.ticks - self.best_bid()?.ticks)
    }

    /// Best ask - best bid as a price, NaN when a side is empty.
    pub fn spread(&self) -> f64 {
        self.spread_ticks()
            .map_or(f64::NAN, |s| self.tick.ticks_to_price(s))
    }

    /// Number of levels on a side.
    pub fn depth(&self, side: Side) -> usize {
        self.ladder(side).len()
    }

    /// Quantity resting at a price (0 if no level).
    pub fn qty_at(&self, side: Side, ticks: i64) -> f64 {
        self.ladder(side).get(side.rank(ticks))
    }

    /// Levels of a side, best first.
    pub fn levels(&self, side: Side) -> impl ExactSizeIterator<Item = Level> + '_ {
        self.ladder(side)
            .iter_best_first()
            .map(move |(rank, qty)| Level {
                ticks: side.rank(rank),
                qty,
            })
    }

    /// The best `n` levels of a side (fewer when the side is shorter).
    pub fn top(&self, side: Side, n: usize) -> Vec<Level> {
        self.levels(side).take(n).collect()
    }

    /// Total quantity on `side` priced within `distance_ticks` of that side's best price
    /// (inclusive): bids at or above `best bid - distance`, asks at or below `best ask +
    /// distance`. 0 on an empty side.
    pub fn depth_within(&self, side: Side, distance_ticks: i64) -> f64 {
        let Some(best) = self.best(side) else {
            return 0.0;
        };
        self.levels(side)
            .take_while(|l| (l.ticks - best.ticks).abs() <= distance_ticks)
            .map(|l| l.qty)
            .sum()
    }

    /// Walks `side` from the touch to fill `qty` (a buy walks the asks, a sell the bids) and
    /// reports the cost, the average and worst prices, and whether the book had enough.
    ///
    /// # Errors
    /// `NonFinite`/`OutOfRange` when `qty` is not a finite number > 0.
    pub fn walk(&self, side: Side, qty: f64) -> Result<Fill> {
        crate::error::check::finite_scalar("qty", qty)?;
        if qty <= 0.0 {
            return Err(SmcError::out_of_range("qty", qty, "a quantity > 0"));
        }
        let (mut remaining, mut cost, mut levels) = (qty, 0.0, 0usize);
        let mut worst = f64::NAN;
        for l in self.levels(side) {
            if remaining <= 0.0 {
                break;
            }
            let take = remaining.min(l.qty);
            let price = self.tick.ticks_to_price(l.ticks);
            cost += take * price;
            remaining -= take;
            worst = price;
            levels += 1;
        }
        let filled = qty - remaining;
        Ok(Fill {
            filled_qty: filled,
            cost,
            avg_price: if filled > 0.0 {
                cost / filled
            } else {
                f64::NAN
            },
            worst_price: worst,
            levels,
            complete: remaining <= 0.0,
        })
    }

    /// Depth-weighted order book imbalance over the best `levels` levels per side:
    /// `sum_k w_k (Qb_k - Qa_k) / sum_k w_k (Qb_k + Qa_k)` with `w_k = exp(-decay * k)`, k = 0 at
    /// the touch (Cao, Hansch & Wang 2009; decay 0 weighs all levels equally). In [-1, 1]; NaN on
    /// an empty book.
    pub fn imbalance(&self, levels: usize, decay: f64) -> f64 {
        let weighted = |side: Side| -> f64 {
            self.levels(side)
                .take(levels)
                .enumerate()
                .map(|(k, l)| (-decay * k as f64).exp() * l.qty)
                .sum()
        };
        let (b, a) = (weighted(Side::Bid), weighted(Side::Ask));
        if b + a > 0.0 {
            (b - a) / (b + a)
        } else {
            f64::NAN
        }
    }
}
