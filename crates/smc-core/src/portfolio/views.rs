//! Read-only snapshots of a [`Portfolio`]: per position, per strategy and for the account.

use super::ledger::{mark_or_zero, Instrument, Portfolio};
use super::position::Position;
use crate::error::{Result, SmcError};

/// A position valued at its instrument's mark.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PositionView {
    pub quantity: f64,
    /// 0 when flat.
    pub avg_entry_price: f64,
    /// The instrument's mark (NaN before its first mark or fill, when the position is flat).
    pub mark: f64,
    pub realised_pnl: f64,
    pub unrealised_pnl: f64,
    pub fees: f64,
    pub slippage: f64,
    /// `realised + unrealised - fees`.
    pub total_pnl: f64,
    /// `|Q * mark * multiplier|`.
    pub notional: f64,
    pub traded_quantity: f64,
    pub fills: u64,
}

/// PnL of a strategy summed over its instruments (its attribution line).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PnlTotals {
    pub realised_pnl: f64,
    pub unrealised_pnl: f64,
    pub fees: f64,
    pub slippage: f64,
    pub total_pnl: f64,
    /// `sum_i |Q_i * mark_i * m_i|` of the strategy's own positions.
    pub gross_notional: f64,
    pub fills: u64,
}

/// The account at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AccountView {
    pub initial_cash: f64,
    pub cash: f64,
    pub equity: f64,
    pub high_water_mark: f64,
    pub drawdown: f64,
    pub max_drawdown: f64,
    pub gross_notional: f64,
    pub net_notional: f64,
    /// Net-position PnL over all instruments (equals `equity - initial_cash`).
    pub totals: PnlTotals,
    pub duplicate_fills: u64,
    pub out_of_order_fills: u64,
}

/// Turns -0.0 into +0.0 (IEEE: -0 + 0 = +0), so that a zero PnL reads and serialises as 0
/// (`-0 * x` products appear whenever a position is marked at its entry price).
#[inline]
fn positive_zero(x: f64) -> f64 {
    x + 0.0
}

fn view(position: &Position, ins: &Instrument) -> PositionView {
    let m = ins.multiplier;
    let unrealised = mark_or_zero(ins, |mark| position.unrealised_pnl(mark, m));
    PositionView {
        quantity: position.quantity,
        avg_entry_price: position.avg_entry_price,
        mark: ins.mark,
        realised_pnl: positive_zero(position.realised_pnl),
        unrealised_pnl: positive_zero(unrealised),
        fees: position.fees,
        slippage: positive_zero(position.slippage),
        total_pnl: positive_zero(position.realised_pnl - position.fees + unrealised),
        notional: mark_or_zero(ins, |mark| position.notional(mark, m)),
        traded_quantity: position.traded_quantity,
        fills: position.fills,
    }
}

fn add(totals: &mut PnlTotals, v: &PositionView) {
    totals.realised_pnl += v.realised_pnl;
    totals.unrealised_pnl += v.unrealised_pnl;
    totals.fees += v.fees;
    totals.slippage += v.slippage;
    totals.total_pnl += v.total_pnl;
    totals.gross_notional += v.notional;
    totals.fills += v.fills;
}

impl Portfolio {
    /// The net position (all strategies together) in instrument `id`: what the venue sees.
    ///
    /// Its realised/unrealised split is that of the netted fill stream, which differs from the
    /// sum over strategies when strategies trade against each other (A buys what B sells: the net
    /// book realises, the two strategy books hold open positions). Total PnL agrees either way.
    pub fn instrument_view(&self, id: usize) -> Result<PositionView> {
        let ins = self.instrument(id)?;
        Ok(view(&ins.net, ins))
    }

    /// Strategy `strategy`'s own position in instrument `instrument`.
    pub fn strategy_position_view(
        &self,
        strategy: usize,
        instrument: usize,
    ) -> Result<PositionView> {
        let ins = self.instrument(instrument)?;
        let book = self.strategy_book(strategy)?;
        let empty = Position::default();
        Ok(view(book.get(instrument).unwrap_or(&empty), ins))
    }

    /// Strategy `strategy`'s PnL over all instruments.
    pub fn strategy_totals(&self, strategy: usize) -> Result<PnlTotals> {
        let book = self.strategy_book(strategy)?;
        let mut totals = PnlTotals::default();
        for (position, ins) in book.iter().zip(&self.instruments) {
            add(&mut totals, &view(position, ins));
        }
        Ok(totals)
    }

    /// The account: cash, equity, drawdown and the net-position PnL totals.
    pub fn account_view(&self) -> AccountView {
        let mut totals = PnlTotals::default();
        let mut out_of_order_fills = 0;
        for ins in &self.instruments {
            add(&mut totals, &view(&ins.net, ins));
            out_of_order_fills += ins.out_of_order_fills;
        }
        AccountView {
            initial_cash: self.initial_cash,
            cash: self.cash,
            equity: self.equity(),
            high_water_mark: self.high_water_mark,
            drawdown: self.drawdown(),
            max_drawdown: self.max_drawdown,
            gross_notional: self.gross_notional,
            net_notional: self.market_value,
            totals,
            duplicate_fills: self.duplicate_fills(),
            out_of_order_fills,
        }
    }

    /// Fills of instrument `id` applied after a fill with a later exchange time.
    pub fn out_of_order_fills(&self, id: usize) -> Result<u64> {
        Ok(self.instrument(id)?.out_of_order_fills)
    }

    fn strategy_book(&self, strategy: usize) -> Result<&Vec<Position>> {
        self.strategies.get(strategy).ok_or_else(|| {
            SmcError::NotFound(format!(
                "strategy id {strategy} (registered: {})",
                self.strategies.len()
            ))
        })
    }
}
