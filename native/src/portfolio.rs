//! Bindings of `smc_core::portfolio`: ids in, plain objects and typed arrays out.

use napi::bindgen_prelude::{Float64Array, Float64ArraySlice, Uint32Array};
use napi_derive::napi;
use smc_core::error::check;
use smc_core::portfolio::{self, AccountView, Fill, FillColumns, PnlTotals, PositionView};

use crate::error::{guard, Result};

#[napi(object)]
pub struct PortfolioOptions {
    pub initial_cash: f64,
    pub record_equity_curve: Option<bool>,
    /// Most points the recorded curve keeps (thinned evenly beyond); unbounded when omitted.
    pub equity_curve_max_points: Option<f64>,
    /// Fill ids remembered for duplicates (the last ones; `Infinity`: all); 100,000 when omitted.
    pub max_fill_ids: Option<f64>,
}

/// Slots of the outcome array `apply_fill` writes (positional, so a live fill costs one native
/// call with scalar arguments and no object conversion either way).
pub const FILL_OUTCOME_LEN: usize = 5;

#[napi(object)]
pub struct FillBatchInput {
    pub instrument: Uint32Array,
    pub strategy: Uint32Array,
    pub quantity: Float64Array,
    pub price: Float64Array,
    pub fee: Float64Array,
    pub exchange_time: Float64Array,
    pub decision_price: Option<Float64Array>,
    pub fill_ids: Option<Vec<String>>,
}

#[napi(object)]
pub struct FillBatchResult {
    pub applied: f64,
    pub duplicates: f64,
    pub out_of_order: f64,
}

#[napi(object)]
pub struct PositionObject {
    pub quantity: f64,
    pub avg_entry_price: f64,
    /// Absent before the instrument's first mark or fill.
    pub mark: Option<f64>,
    pub realised_pnl: f64,
    pub unrealised_pnl: f64,
    pub fees: f64,
    pub slippage: f64,
    pub total_pnl: f64,
    pub notional: f64,
    pub traded_quantity: f64,
    pub fills: f64,
}

impl From<PositionView> for PositionObject {
    fn from(v: PositionView) -> Self {
        PositionObject {
            quantity: v.quantity,
            avg_entry_price: v.avg_entry_price,
            mark: (!v.mark.is_nan()).then_some(v.mark),
            realised_pnl: v.realised_pnl,
            unrealised_pnl: v.unrealised_pnl,
            fees: v.fees,
            slippage: v.slippage,
            total_pnl: v.total_pnl,
            notional: v.notional,
            traded_quantity: v.traded_quantity,
            fills: v.fills as f64,
        }
    }
}

#[napi(object)]
pub struct PnlTotalsObject {
    pub realised_pnl: f64,
    pub unrealised_pnl: f64,
    pub fees: f64,
    pub slippage: f64,
    pub total_pnl: f64,
    pub gross_notional: f64,
    pub fills: f64,
}

impl From<PnlTotals> for PnlTotalsObject {
    fn from(t: PnlTotals) -> Self {
        PnlTotalsObject {
            realised_pnl: t.realised_pnl,
            unrealised_pnl: t.unrealised_pnl,
            fees: t.fees,
            slippage: t.slippage,
            total_pnl: t.total_pnl,
            gross_notional: t.gross_notional,
            fills: t.fills as f64,
        }
    }
}

#[napi(object)]
pub struct AccountObject {
    pub initial_cash: f64,
    pub cash: f64,
    pub equity: f64,
    pub high_water_mark: f64,
    pub drawdown: f64,
    pub max_drawdown: f64,
    pub gross_notional: f64,
    pub net_notional: f64,
    pub totals: PnlTotalsObject,
    pub duplicate_fills: f64,
    pub out_of_order_fills: f64,
}

impl From<AccountView> for AccountObject {
    fn from(a: AccountView) -> Self {
        AccountObject {
            initial_cash: a.initial_cash,
            cash: a.cash,
            equity: a.equity,
            high_water_mark: a.high_water_mark,
            drawdown: a.drawdown,
            max_drawdown: a.max_drawdown,
            gross_notional: a.gross_notional,
            net_notional: a.net_notional,
            totals: a.totals.into(),
            duplicate_fills: a.duplicate_fills as f64,
            out_of_order_fills: a.out_of_order_fills as f64,
        }
    }
}

#[napi(object)]
pub struct EquityCurve {
    pub time: Float64Array,
    pub equity: Float64Array,
}

#[napi]
pub struct Portfolio {
    inner: portfolio::Portfolio,
}

#[napi]
impl Portfolio {
    #[napi(constructor)]
    pub fn new(options: PortfolioOptions) -> Result<Self> {
        guard(|| {
            let mut inner = portfolio::Portfolio::new(
                options.initial_cash,
                options.record_equity_curve.unwrap_or(true),
            )?;
            if let Some(x) = options.equity_curve_max_points {
                let max = smc_core::error::check::count(
                    "equityCurveMaxPoints",
                    x,
                    0,
                    smc_core::error::check::MAX_ROWS,
                )?;
                inner.set_curve_max_points(max)?;
            }
            if let Some(x) = options.max_fill_ids {
                inner.set_max_fill_ids(check::bound("maxFillIds", x)?);
            }
            Ok(Portfolio { inner })
        })
    }

    #[napi]
    pub fn register_instrument(&mut self, multiplier: f64) -> Result<u32> {
        guard(|| {
            self.inner
                .register_instrument(multiplier)
                .map(|id| id as u32)
        })
    }

    #[napi]
    pub fn register_strategy(&mut self) -> Result<u32> {
        guard(|| Ok(self.inner.register_strategy() as u32))
    }

    /// Applies one fill and writes `[duplicate (0/1), strategy realised, instrument realised,
    /// slippage, late by ms]` into `out` (length 5).
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn apply_fill(
        &mut self,
        instrument: u32,
        strategy: u32,
        quantity: f64,
        price: f64,
        fee: f64,
        exchange_time: f64,
        decision_price: Option<f64>,
        id: Option<String>,
        mut out: Float64ArraySlice,
    ) -> Result<()> {
        // SAFETY: the slice views a Float64Array the caller owns; the call is synchronous on the JS
        // thread, so nothing else can read or write that memory until it returns.
        let out = unsafe { out.as_mut() };
        guard(|| {
            check::same_len("outcome", FILL_OUTCOME_LEN, out.len())?;
            let outcome = self.inner.apply_fill(&Fill {
                id: id.as_deref(),
                instrument: instrument as usize,
                strategy: strategy as usize,
                quantity,
                price,
                fee,
                exchange_time,
                decision_price,
            })?;
            out[0] = if outcome.duplicate { 1.0 } else { 0.0 };
            out[1] = outcome.strategy_realised_pnl;
            out[2] = outcome.instrument_realised_pnl;
            out[3] = outcome.slippage;
            out[4] = outcome.late_by_ms;
            Ok(())
        })
    }

    #[napi]
    pub fn apply_fills(&mut self, batch: FillBatchInput) -> Result<FillBatchResult> {
        guard(|| {
            let outcome = self.inner.apply_fills(&FillColumns {
                instrument: &batch.instrument,
                strategy: &batch.strategy,
                quantity: &batch.quantity,
                price: &batch.price,
                fee: &batch.fee,
                exchange_time: &batch.exchange_time,
                decision_price: batch.decision_price.as_deref(),
                ids: batch.fill_ids.as_deref(),
            })?;
            Ok(FillBatchResult {
                applied: outcome.applied as f64,
                duplicates: outcome.duplicates as f64,
                out_of_order: outcome.out_of_order as f64,
            })
        })
    }

    #[napi]
    pub fn mark(&mut self, time: f64, ids: Uint32Array, prices: Float64Array) -> Result<()> {
        guard(|| self.inner.mark(time, &ids, &prices))
    }

    /// One mark per row, in order, each of one instrument at its own time: the same as one
    /// `mark` call per row, for marks a backtest deferred and flushes at once. Rows before a
    /// bad one stay applied.
    #[napi]
    pub fn mark_rows(
        &mut self,
        times: Float64Array,
        ids: Uint32Array,
        prices: Float64Array,
    ) -> Result<()> {
        guard(|| {
            smc_core::error::check::same_len("ids", times.len(), ids.len())?;
            smc_core::error::check::same_len("prices", times.len(), prices.len())?;
            for i in 0..times.len() {
                self.inner.mark(times[i], &ids[i..=i], &prices[i..=i])?;
            }
            Ok(())
        })
    }

    #[napi]
    pub fn equity(&self) -> f64 {
        self.inner.equity()
    }

    #[napi]
    pub fn cash(&self) -> f64 {
        self.inner.cash()
    }

    #[napi]
    pub fn high_water_mark(&self) -> f64 {
        self.inner.high_water_mark()
    }

    #[napi]
    pub fn drawdown(&self) -> f64 {
        self.inner.drawdown()
    }

    #[napi]
    pub fn gross_notional(&self) -> f64 {
        self.inner.gross_notional()
    }

    #[napi]
    pub fn quantity(&self, instrument: u32) -> Result<f64> {
        guard(|| self.inner.quantity(instrument as usize))
    }

    #[napi]
    pub fn notional(&self, instrument: u32) -> Result<f64> {
        guard(|| self.inner.notional(instrument as usize))
    }

    #[napi]
    pub fn mark_price(&self, instrument: u32) -> Result<Option<f64>> {
        guard(|| self.inner.mark_price(instrument as usize))
    }

    /// Average entry price of the net position (0 when flat): one number instead of the whole
    /// position object, for per-fill bookkeeping.
    #[napi]
    pub fn avg_entry_price(&self, instrument: u32) -> Result<f64> {
        guard(|| {
            self.inner
                .instrument_view(instrument as usize)
                .map(|v| v.avg_entry_price)
        })
    }

    #[napi]
    pub fn instrument_position(&self, instrument: u32) -> Result<PositionObject> {
        guard(|| {
            self.inner
                .instrument_view(instrument as usize)
                .map(Into::into)
        })
    }

    #[napi]
    pub fn strategy_position(&self, strategy: u32, instrument: u32) -> Result<PositionObject> {
        guard(|| {
            self.inner
                .strategy_position_view(strategy as usize, instrument as usize)
                .map(Into::into)
        })
    }

    /// Net positions of every instrument, in id order.
    #[napi]
    pub fn instrument_positions(&self) -> Result<Vec<PositionObject>> {
        guard(|| {
            (0..self.inner.instrument_count())
                .map(|i| self.inner.instrument_view(i).map(Into::into))
                .collect()
        })
    }

    /// PnL totals of every strategy, in id order.
    #[napi]
    pub fn strategy_totals(&self) -> Result<Vec<PnlTotalsObject>> {
        guard(|| {
            (0..self.inner.strategy_count())
                .map(|s| self.inner.strategy_totals(s).map(Into::into))
                .collect()
        })
    }

    #[napi]
    pub fn account(&self) -> Result<AccountObject> {
        guard(|| Ok(self.inner.account_view().into()))
    }

    /// Marks per recorded equity point (1 until a bounded curve was first thinned).
    #[napi]
    pub fn equity_curve_stride(&self) -> f64 {
        self.inner.curve_stride() as f64
    }

    #[napi]
    pub fn equity_curve(&self) -> Result<EquityCurve> {
        guard(|| {
            let (time, equity) = self.inner.equity_curve();
            Ok(EquityCurve {
                time: Float64Array::new(time.to_vec()),
                equity: Float64Array::new(equity.to_vec()),
            })
        })
    }
}
