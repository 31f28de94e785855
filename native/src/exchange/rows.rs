//! The per-row paths of the simulated venue: a bar or a trade as scalars, or a message of a
//! capture batch, in; events out into buffers the caller reuses. A backtest calls the venue on
//! every bar that has a working order and on every book event and trade of an L2 replay;
//! converting input and ten output columns per call cost ~20 us, most of a step's budget.

use napi::bindgen_prelude::{BigInt, BigInt64ArraySlice, Float64ArraySlice};
use smc_core::data::capture::apply_to_venue;
use smc_core::exchange as ex;
use smc_core::SmcError;

use super::{ts, JsSimVenue};
use crate::capture::JsCaptureBatch;
use crate::error::{guard, Result};

/// Numbers per event written by `takeEvents`: kind, order id, price, qty, fee, liquidity
/// (0 none, 1 maker, 2 taker), leaves qty, reason (0 none).
pub const EVENT_NUMBERS: usize = 8;
/// Times per event: exchange ns, receive ns.
pub const EVENT_TIMES: usize = 2;

const NS_PER_MS: i64 = 1_000_000;

fn ms_to_ns(name: &str, ms: f64) -> smc_core::Result<i64> {
    let v = smc_core::error::check::integer(name, ms)?;
    v.checked_mul(NS_PER_MS)
        .ok_or_else(|| SmcError::out_of_range(name, ms, "epoch ms within +-9.2e12"))
}

// Plain methods: napi-rs registers one `#[napi] impl` per class, in exchange.rs, which forwards.
impl JsSimVenue {
    /// Processes one bar given as scalars, times in whole epoch ms (bar mode). Returns how many
    /// events wait for `takeEvents`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn bar_row(
        &mut self,
        open_ms: f64,
        close_ms: f64,
        open: f64,
        high: f64,
        low: f64,
        close: f64,
        volume: f64,
    ) -> Result<u32> {
        guard(|| {
            let bar = ex::Bar {
                open_ns: ms_to_ns("openMs", open_ms)?,
                close_ns: ms_to_ns("closeMs", close_ms)?,
                open,
                high,
                low,
                close,
                volume,
            };
            self.inner.on_bar(&bar)?;
            self.inner.drain_events(&mut self.scratch);
            Ok(u32::try_from(self.scratch.len()).unwrap_or(u32::MAX))
        })
    }

    /// Replays message `message` of a capture batch at `tsNs` (L2; see
    /// `smc_core::data::capture::apply_to_venue`). Returns how many events wait for `takeEvents`.
    pub(super) fn capture_row(
        &mut self,
        batch: &JsCaptureBatch,
        message: u32,
        ts_ns: BigInt,
    ) -> Result<u32> {
        guard(|| {
            let at = ts("tsNs", &ts_ns)?;
            apply_to_venue(
                &mut self.inner,
                &batch.inner,
                message as usize,
                at,
                &mut self.replay,
            )?;
            self.inner.drain_events(&mut self.scratch);
            Ok(u32::try_from(self.scratch.len()).unwrap_or(u32::MAX))
        })
    }

    /// One trade at `tsNs` (L2): a one-row market batch, as `applyMarket` would replay it.
    /// Returns how many events wait for `takeEvents`.
    pub(super) fn trade_row(
        &mut self,
        ts_ns: BigInt,
        price: f64,
        qty: f64,
        seller_aggressor: bool,
    ) -> Result<u32> {
        guard(|| {
            let ticks = self.tick()?.price_to_ticks(price)?;
            let kind = if seller_aggressor {
                ex::row::TRADE_SELL
            } else {
                ex::row::TRADE_BUY
            };
            let b = ex::MarketBatch {
                kind: &[kind],
                ts_ns: &[ts("tsNs", &ts_ns)?],
                ticks: &[ticks],
                qty: &[qty],
            };
            self.inner.on_market_batch(&b)?;
            self.inner.drain_events(&mut self.scratch);
            Ok(u32::try_from(self.scratch.len()).unwrap_or(u32::MAX))
        })
    }

    /// Moves the clock to `tsMs` (whole epoch ms) without market data. Returns how many events
    /// wait for `takeEvents`.
    pub(super) fn advance_row(&mut self, ts_ms: f64) -> Result<u32> {
        guard(|| {
            self.inner.advance_to(ms_to_ns("tsMs", ts_ms)?)?;
            self.inner.drain_events(&mut self.scratch);
            Ok(u32::try_from(self.scratch.len()).unwrap_or(u32::MAX))
        })
    }

    /// Moves the waiting events, oldest first, into `numbers` (`EVENT_NUMBERS` per event) and
    /// `times` (`EVENT_TIMES` per event). Returns how many were written: as many as fit; the
    /// rest keep waiting for the next call.
    pub(super) fn take_rows(
        &mut self,
        mut numbers: Float64ArraySlice,
        mut times: BigInt64ArraySlice,
    ) -> Result<u32> {
        // SAFETY: the slices view typed arrays the caller owns; the call is synchronous on the JS
        // thread, so nothing else can read or write that memory until it returns.
        let (numbers, times) = unsafe { (numbers.as_mut(), times.as_mut()) };
        guard(|| {
            let fit = (numbers.len() / EVENT_NUMBERS).min(times.len() / EVENT_TIMES);
            let k = fit.min(self.scratch.len());
            for (i, e) in self.scratch.drain(..k).enumerate() {
                let row = &mut numbers[i * EVENT_NUMBERS..(i + 1) * EVENT_NUMBERS];
                row[0] = f64::from(e.kind.as_u8());
                row[1] = f64::from(e.order);
                row[2] = e.price;
                row[3] = e.qty;
                row[4] = e.fee;
                row[5] = match e.liquidity {
                    None => 0.0,
                    Some(ex::Liquidity::Maker) => 1.0,
                    Some(ex::Liquidity::Taker) => 2.0,
                };
                row[6] = e.leaves_qty;
                row[7] = e.reason.map_or(0.0, |r| f64::from(r.as_u8()));
                times[i * EVENT_TIMES] = e.exchange_ns;
                times[i * EVENT_TIMES + 1] = e.receive_ns;
            }
            Ok(u32::try_from(k).unwrap_or(u32::MAX))
        })
    }
}
