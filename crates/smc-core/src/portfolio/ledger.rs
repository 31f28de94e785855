//! The portfolio: dense-id registries, net and per-strategy positions, cash and equity.

use super::fill::{Fill, FillColumns, FillOutcome};
use super::position::Position;
use super::recent_ids::RecentIds;
use crate::error::{check, Result, SmcError};

/// Per-instrument state: contract multiplier, last mark and the net position (all strategies).
#[derive(Debug, Clone)]
pub(super) struct Instrument {
    pub multiplier: f64,
    /// Last mark price; NaN only until the first mark or fill (then the fill price).
    pub mark: f64,
    pub net: Position,
    pub last_exchange_time: f64,
    pub out_of_order_fills: u64,
}

/// What a batch of fills did.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BatchOutcome {
    pub applied: u64,
    pub duplicates: u64,
    pub out_of_order: u64,
}

/// Positions, cash and equity of one account.
///
/// Instruments and strategies are registered once and addressed by dense integer ids (as in
/// barter-rs), so every fill and every read is an O(1) index, never a hash lookup; the SDK maps
/// names to ids. Cash follows every fill (`cash -= q * price * multiplier + fee`) and
/// `equity = cash + sum_i Q_i * mark_i * multiplier_i`, which makes
/// `equity - initial_cash = realised + unrealised - fees` an identity (property-tested).
#[derive(Debug, Clone)]
pub struct Portfolio {
    pub(super) initial_cash: f64,
    pub(super) cash: f64,
    pub(super) instruments: Vec<Instrument>,
    /// `strategies[s][i]`: strategy s's own position in instrument i (grown on demand).
    pub(super) strategies: Vec<Vec<Position>>,
    /// `sum_i Q_i * mark_i * m_i` and `sum_i |Q_i * mark_i * m_i|`: updated by delta on fills,
    /// recomputed in full on every mark so rounding drift cannot accumulate.
    pub(super) market_value: f64,
    pub(super) gross_notional: f64,
    pub(super) high_water_mark: f64,
    pub(super) max_drawdown: f64,
    /// Ids of the last fills applied, for duplicates (see [`Self::set_max_fill_ids`]).
    seen_fill_ids: RecentIds,
    pub(super) duplicate_fills: u64,
    pub(super) curve_time: Vec<f64>,
    pub(super) curve_equity: Vec<f64>,
    record_curve: bool,
    /// Most points the curve keeps (0: no limit); see [`Self::set_curve_max_points`].
    curve_max_points: usize,
    /// One point per `curve_stride` marks (doubles each time the curve is thinned).
    curve_stride: u64,
    marks: u64,
    last_mark_time: f64,
}

impl Portfolio {
    /// Fill ids remembered by default: about 100 bytes each for ids of 30 characters, so about
    /// 10 MB, and far more fills than a redelivery or a resent report ever goes back.
    pub const DEFAULT_MAX_FILL_IDS: usize = 100_000;

    /// A portfolio holding `initial_cash` (finite, > 0: drawdown is a fraction of it) and nothing
    /// else. `record_equity_curve` keeps one `(time, equity)` point per [`Self::mark`].
    pub fn new(initial_cash: f64, record_equity_curve: bool) -> Result<Self> {
        check::finite_scalar("initialCash", initial_cash)?;
        if initial_cash <= 0.0 {
            return Err(SmcError::out_of_range(
                "initialCash",
                initial_cash,
                "a positive amount (drawdown is measured as a fraction of equity)",
            ));
        }
        Ok(Portfolio {
            initial_cash,
            cash: initial_cash,
            instruments: Vec::new(),
            strategies: Vec::new(),
            market_value: 0.0,
            gross_notional: 0.0,
            high_water_mark: initial_cash,
            max_drawdown: 0.0,
            seen_fill_ids: RecentIds::new(Self::DEFAULT_MAX_FILL_IDS),
            duplicate_fills: 0,
            curve_time: Vec::new(),
            curve_equity: Vec::new(),
            record_curve: record_equity_curve,
            curve_max_points: 0,
            curve_stride: 1,
            marks: 0,
            last_mark_time: f64::NEG_INFINITY,
        })
    }

    /// Registers an instrument whose PnL per unit of price per unit of quantity is `multiplier`
    /// (1 for spot, the contract size for futures) and returns its dense id.
    pub fn register_instrument(&mut self, multiplier: f64) -> Result<usize> {
        check::finite_scalar("multiplier", multiplier)?;
        if multiplier <= 0.0 {
            return Err(SmcError::out_of_range(
                "multiplier",
                multiplier,
                "a positive number",
            ));
        }
        self.instruments.push(Instrument {
            multiplier,
            mark: f64::NAN,
            net: Position::default(),
            last_exchange_time: f64::NEG_INFINITY,
            out_of_order_fills: 0,
        });
        Ok(self.instruments.len() - 1)
    }

    /// Registers a strategy and returns its dense id.
    pub fn register_strategy(&mut self) -> usize {
        self.strategies.push(Vec::new());
        self.strategies.len() - 1
    }

    pub fn instrument_count(&self) -> usize {
        self.instruments.len()
    }

    pub fn strategy_count(&self) -> usize {
        self.strategies.len()
    }

    /// Applies one fill to the instrument's net position, the strategy's position and cash.
    ///
    /// Fills are accounted in arrival order. A fill whose exchange time precedes one already
    /// applied for the instrument is still applied at once (positions must never lag what the
    /// venue has done) and reported through `late_by_ms`. Quantity, cash, equity and total PnL
    /// do not depend on arrival order; the split between realised and unrealised PnL and the
    /// average entry price do, and follow arrival order.
    pub fn apply_fill(&mut self, fill: &Fill) -> Result<FillOutcome> {
        fill.validate(self.instruments.len(), self.strategies.len())?;
        Ok(self.apply_valid(fill))
    }

    /// Applies a batch in row order after validating all of it: a bad row leaves the portfolio
    /// untouched.
    pub fn apply_fills(&mut self, columns: &FillColumns) -> Result<BatchOutcome> {
        columns.validate(self.instruments.len(), self.strategies.len())?;
        let mut outcome = BatchOutcome::default();
        for row in 0..columns.len() {
            let result = self.apply_valid(&columns.row(row));
            if result.duplicate {
                outcome.duplicates += 1;
            } else {
                outcome.applied += 1;
                if result.late_by_ms > 0.0 {
                    outcome.out_of_order += 1;
                }
            }
        }
        Ok(outcome)
    }

    fn apply_valid(&mut self, fill: &Fill) -> FillOutcome {
        if let Some(id) = fill.id {
            if !self.seen_fill_ids.insert(id) {
                self.duplicate_fills += 1;
                return FillOutcome {
                    duplicate: true,
                    ..FillOutcome::default()
                };
            }
        }
        let instrument_count = self.instruments.len();
        let ins = &mut self.instruments[fill.instrument];
        if ins.mark.is_nan() {
            ins.mark = fill.price;
        }
        let m = ins.multiplier;
        let value_before = ins.net.quantity * ins.mark * m;
        let instrument_realised = ins.net.apply(fill.quantity, fill.price, fill.fee, m);
        let value_after = ins.net.quantity * ins.mark * m;
        let slippage = fill
            .decision_price
            .map_or(0.0, |d| (fill.price - d) * fill.quantity * m);
        ins.net.slippage += slippage;
        let late_by_ms = (ins.last_exchange_time - fill.exchange_time).max(0.0);
        if late_by_ms > 0.0 {
            ins.out_of_order_fills += 1;
        } else {
            ins.last_exchange_time = fill.exchange_time;
        }

        let book = &mut self.strategies[fill.strategy];
        if book.len() < instrument_count {
            book.resize(instrument_count, Position::default());
        }
        let own = &mut book[fill.instrument];
        let strategy_realised = own.apply(fill.quantity, fill.price, fill.fee, m);
        own.slippage += slippage;

        self.cash -= fill.quantity * fill.price * m + fill.fee;
        self.market_value += value_after - value_before;
        self.gross_notional += value_after.abs() - value_before.abs();
        self.update_high_water_mark();
        FillOutcome {
            duplicate: false,
            strategy_realised_pnl: strategy_realised,
            instrument_realised_pnl: instrument_realised,
            slippage,
            late_by_ms,
        }
    }

    /// Sets the mark price of instruments `ids` at `time` (epoch ms, non-decreasing across
    /// calls), revalues the portfolio and, when enabled, appends `(time, equity)` to the curve.
    /// All inputs are checked before anything changes.
    pub fn mark(&mut self, time: f64, ids: &[u32], prices: &[f64]) -> Result<()> {
        check::finite_scalar("time", time)?;
        if time < self.last_mark_time {
            return Err(SmcError::Unordered(format!(
                "mark time {time} is before the previous mark at {}",
                self.last_mark_time
            )));
        }
        check::same_len("prices", ids.len(), prices.len())?;
        check::finite("prices", prices)?;
        if let Some(&bad) = ids
            .iter()
            .find(|&&id| id as usize >= self.instruments.len())
        {
            return Err(SmcError::NotFound(format!(
                "instrument id {bad} (registered: {})",
                self.instruments.len()
            )));
        }
        for (&id, &price) in ids.iter().zip(prices) {
            self.instruments[id as usize].mark = price;
        }
        self.last_mark_time = time;
        self.revalue();
        if self.record_curve {
            self.marks += 1;
            if self.marks % self.curve_stride == 0 {
                self.curve_time.push(time);
                self.curve_equity.push(self.equity());
                if self.curve_max_points > 0 && self.curve_time.len() > self.curve_max_points {
                    self.thin_curve();
                }
            }
        }
        Ok(())
    }

    fn revalue(&mut self) {
        let (mut value, mut gross) = (0.0, 0.0);
        for ins in &self.instruments {
            if ins.net.quantity != 0.0 {
                let v = ins.net.quantity * ins.mark * ins.multiplier;
                value += v;
                gross += v.abs();
            }
        }
        self.market_value = value;
        self.gross_notional = gross;
        self.update_high_water_mark();
    }

    fn update_high_water_mark(&mut self) {
        let equity = self.equity();
        if equity > self.high_water_mark {
            self.high_water_mark = equity;
        }
        self.max_drawdown = self.max_drawdown.max(self.drawdown());
    }

    /// Cash plus the marked value of every position.
    #[inline]
    pub fn equity(&self) -> f64 {
        self.cash + self.market_value
    }

    pub fn cash(&self) -> f64 {
        self.cash
    }

    pub fn initial_cash(&self) -> f64 {
        self.initial_cash
    }

    /// Highest equity seen (after any fill or mark), starting at the initial cash.
    #[inline]
    pub fn high_water_mark(&self) -> f64 {
        self.high_water_mark
    }

    /// Current drawdown as a fraction of the high-water mark: `(hwm - equity) / hwm`, in
    /// [0, +inf) (above 1 once equity is negative).
    #[inline]
    pub fn drawdown(&self) -> f64 {
        (self.high_water_mark - self.equity()) / self.high_water_mark
    }

    /// Largest [`Self::drawdown`] seen.
    pub fn max_drawdown(&self) -> f64 {
        self.max_drawdown
    }

    /// `sum_i |Q_i * mark_i * m_i|`.
    #[inline]
    pub fn gross_notional(&self) -> f64 {
        self.gross_notional
    }

    /// `sum_i Q_i * mark_i * m_i` (long minus short).
    pub fn net_notional(&self) -> f64 {
        self.market_value
    }

    /// Fills ignored because their id had been applied already.
    pub fn duplicate_fills(&self) -> u64 {
        self.duplicate_fills
    }

    /// Bounds the fill ids remembered for duplicates to the ids of the last `max` fills that
    /// carried one ([`Self::DEFAULT_MAX_FILL_IDS`] by default; `usize::MAX`: no limit; 0: none,
    /// so nothing is deduplicated). The oldest id is forgotten first, whether or not it was seen
    /// again since: a replay of a fill older than the last `max` fills with ids is applied
    /// again. Lowering the bound forgets the oldest ids at once.
    pub fn set_max_fill_ids(&mut self, max: usize) {
        self.seen_fill_ids.set_capacity(max);
    }

    /// The bound of [`Self::set_max_fill_ids`].
    pub fn max_fill_ids(&self) -> usize {
        self.seen_fill_ids.capacity()
    }

    /// Fill ids remembered now (at most [`Self::max_fill_ids`]).
    pub fn remembered_fill_ids(&self) -> usize {
        self.seen_fill_ids.len()
    }

    /// The equity curve recorded by [`Self::mark`]: `(times, equities)`.
    pub fn equity_curve(&self) -> (&[f64], &[f64]) {
        (&self.curve_time, &self.curve_equity)
    }

    /// Bounds the recorded curve to `max_points` (0: unbounded, the default; else at least 2).
    /// When a point would exceed it, every second point is dropped and from then on one point is kept per
    /// twice as many marks: point k is always the equity after mark `k * stride` (1-based), so a
    /// run far longer than memory keeps an evenly spaced curve of at most `max_points` points.
    ///
    /// # Errors
    /// `OutOfRange` for 1, `InvalidState` once marks have been recorded.
    pub fn set_curve_max_points(&mut self, max_points: usize) -> Result<()> {
        if max_points == 1 {
            return Err(SmcError::out_of_range(
                "maxPoints",
                1.0,
                "0 (no limit) or >= 2",
            ));
        }
        if self.marks > 0 {
            return Err(SmcError::InvalidState(
                "the curve limit must be set before the first mark".into(),
            ));
        }
        self.curve_max_points = max_points;
        Ok(())
    }

    /// Marks per recorded curve point (1 until the curve was first thinned).
    pub fn curve_stride(&self) -> u64 {
        self.curve_stride
    }

    /// Keeps the points at even multiples of the stride (odd 0-based indices), doubles it.
    fn thin_curve(&mut self) {
        let keep = |v: &mut Vec<f64>| {
            let kept: Vec<f64> = v.iter().skip(1).step_by(2).copied().collect();
            *v = kept;
        };
        keep(&mut self.curve_time);
        keep(&mut self.curve_equity);
        self.curve_stride *= 2;
    }

    pub(super) fn instrument(&self, id: usize) -> Result<&Instrument> {
        self.instruments.get(id).ok_or_else(|| {
            SmcError::NotFound(format!(
                "instrument id {id} (registered: {})",
                self.instruments.len()
            ))
        })
    }

    /// The net quantity held in instrument `id`.
    #[inline]
    pub fn quantity(&self, id: usize) -> Result<f64> {
        Ok(self.instrument(id)?.net.quantity)
    }

    /// `|Q * mark * multiplier|` of instrument `id`.
    #[inline]
    pub fn notional(&self, id: usize) -> Result<f64> {
        let ins = self.instrument(id)?;
        Ok(mark_or_zero(ins, |mark| {
            ins.net.notional(mark, ins.multiplier)
        }))
    }

    pub fn multiplier(&self, id: usize) -> Result<f64> {
        Ok(self.instrument(id)?.multiplier)
    }

    /// The mark price of instrument `id`, `None` before its first mark or fill.
    pub fn mark_price(&self, id: usize) -> Result<Option<f64>> {
        let mark = self.instrument(id)?.mark;
        Ok((!mark.is_nan()).then_some(mark))
    }
}

/// `f(mark)`, or 0 for an instrument never marked nor filled (it holds nothing).
pub(super) fn mark_or_zero(ins: &Instrument, f: impl FnOnce(f64) -> f64) -> f64 {
    if ins.mark.is_nan() {
        0.0
    } else {
        f(ins.mark)
    }
}
