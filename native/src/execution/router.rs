//! The smart order router as a class. One routing decision crosses N-API once: every venue's
//! book goes in one packed Float64Array and the result comes back in a caller-owned one.

use napi::bindgen_prelude::Float64ArraySlice;
use napi_derive::napi;
use smc_core::error::check;
use smc_core::execution::router::{
    self as core, BookSide, LatencyDepletionModel, RouteOptions, RouteOrder, VenueBook, VenueConfig,
};
use smc_core::SmcError;

use super::side;
use crate::error::{guard, Result};

#[napi(object)]
pub struct VenueInput {
    pub name: String,
    pub taker_fee_bps: Option<f64>,
    pub maker_fee_bps: Option<f64>,
    pub fixed_fee: Option<f64>,
    pub lot_size: Option<f64>,
    pub min_notional: Option<f64>,
    pub max_qty: Option<f64>,
    pub max_notional: Option<f64>,
    pub latency_ms: Option<f64>,
}

#[napi(object)]
pub struct RouteTraceEntry {
    pub venue: String,
    pub action: String,
    pub level: Option<u32>,
    pub quantity: f64,
    pub price: Option<f64>,
    pub detail: f64,
    pub text: String,
}

/// Numbers before each venue's levels in the packed books: ageMs, sequenceGap (0/1),
/// depletionRate, bid count, ask count.
const VENUE_HEADER: usize = 5;
/// Totals at the start of the packed result, then this many numbers per child.
pub const RESULT_HEADER: usize = 7;
pub const CHILD_STRIDE: usize = 7;

/// Borrows each venue's book out of the packed array, checking every count and length.
fn unpack(packed: &[f64], venues: usize) -> smc_core::Result<Vec<VenueBook<'_>>> {
    let mut books = Vec::with_capacity(venues);
    let mut at = 0;
    for v in 0..venues {
        let header = packed
            .get(at..at + VENUE_HEADER)
            .ok_or_else(|| SmcError::LengthMismatch {
                what: format!("books (header of venue {v})"),
                expected: at + VENUE_HEADER,
                actual: packed.len(),
            })?;
        let bids = check::integer("bid count", header[3])?;
        let asks = check::integer("ask count", header[4])?;
        if bids < 0 || asks < 0 {
            return Err(SmcError::invalid(format!(
                "venue {v}: negative level count"
            )));
        }
        let (nb, na) = (bids as usize, asks as usize);
        let start = at + VENUE_HEADER;
        let end = start + 2 * (nb + na);
        if end > packed.len() {
            return Err(SmcError::LengthMismatch {
                what: format!("books (levels of venue {v})"),
                expected: end,
                actual: packed.len(),
            });
        }
        let gap = header[1];
        if gap != 0.0 && gap != 1.0 {
            return Err(SmcError::out_of_range("sequenceGap", gap, "0 or 1"));
        }
        books.push(VenueBook {
            bids: BookSide {
                price: &packed[start..start + nb],
                qty: &packed[start + nb..start + 2 * nb],
            },
            asks: BookSide {
                price: &packed[start + 2 * nb..start + 2 * nb + na],
                qty: &packed[start + 2 * nb + na..end],
            },
            age_ms: header[0],
            sequence_gap: gap == 1.0,
            depletion_rate: header[2],
        });
        at = end;
    }
    check::same_len("books", at, packed.len())?;
    Ok(books)
}

fn write(route: &core::Route, out: &mut [f64]) -> smc_core::Result<u32> {
    let needed = RESULT_HEADER + CHILD_STRIDE * route.children.len();
    if out.len() < needed {
        return Err(SmcError::LengthMismatch {
            what: "out".to_owned(),
            expected: needed,
            actual: out.len(),
        });
    }
    out[..RESULT_HEADER].copy_from_slice(&[
        route.children.len() as f64,
        route.quantity,
        route.average_price,
        route.fees,
        route.all_in,
        route.expected_fill,
        route.unfilled,
    ]);
    for (i, c) in route.children.iter().enumerate() {
        let at = RESULT_HEADER + i * CHILD_STRIDE;
        out[at..at + CHILD_STRIDE].copy_from_slice(&[
            c.venue as f64,
            c.quantity,
            c.limit_price,
            c.average_price,
            c.fees,
            c.all_in,
            c.expected_fill,
        ]);
    }
    Ok(route.children.len() as u32)
}

#[napi]
pub struct Router {
    inner: core::Router,
}

#[napi]
impl Router {
    #[napi(constructor)]
    pub fn new(venues: Vec<VenueInput>) -> Result<Self> {
        guard(|| {
            let configs = venues
                .into_iter()
                .map(|v| {
                    let d = VenueConfig::new(v.name);
                    VenueConfig {
                        taker_fee_bps: v.taker_fee_bps.unwrap_or(d.taker_fee_bps),
                        maker_fee_bps: v.maker_fee_bps.unwrap_or(d.maker_fee_bps),
                        fixed_fee: v.fixed_fee.unwrap_or(d.fixed_fee),
                        lot_size: v.lot_size.unwrap_or(d.lot_size),
                        min_notional: v.min_notional.unwrap_or(d.min_notional),
                        max_qty: v.max_qty.unwrap_or(d.max_qty),
                        max_notional: v.max_notional.unwrap_or(d.max_notional),
                        latency_ms: v.latency_ms.unwrap_or(d.latency_ms),
                        ..d
                    }
                })
                .collect();
            Ok(Router {
                inner: core::Router::new(configs)?,
            })
        })
    }

    /// Routes one order. `books` is packed per venue (configuration order) as
    /// [ageMs, sequenceGap, depletionRate, nBid, nAsk, bidPx.., bidQty.., askPx.., askQty..];
    /// the result is written to `out` (see RESULT_HEADER / CHILD_STRIDE) and the number of
    /// children returned. `limit` NaN = none; `latencyDecayPerMs` NaN = no fill model.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn route(
        &mut self,
        side_name: String,
        quantity: f64,
        limit: f64,
        books: Float64ArraySlice,
        mut out: Float64ArraySlice,
        max_book_age_ms: f64,
        latency_decay_per_ms: f64,
        oversize: bool,
        trace: bool,
    ) -> Result<u32> {
        guard(|| {
            let order = RouteOrder {
                side: side(&side_name)?,
                quantity,
                limit: (!limit.is_nan()).then_some(limit),
            };
            let model = LatencyDepletionModel {
                latency_decay_per_ms,
            };
            // NaN means "no fill model"; anything else must be a usable decay rate.
            let no_model = latency_decay_per_ms.is_nan();
            if !(no_model || latency_decay_per_ms.is_finite() && latency_decay_per_ms >= 0.0) {
                return Err(SmcError::out_of_range(
                    "latencyDecayPerMs",
                    latency_decay_per_ms,
                    "a finite number >= 0",
                ));
            }
            let options = RouteOptions {
                max_book_age_ms,
                fill_model: if no_model { None } else { Some(&model) },
                oversize,
                trace,
            };
            let venue_books = unpack(&books, self.inner.venues().len())?;
            let route = self.inner.route(&order, &venue_books, &options)?;
            // SAFETY: this call runs synchronously on the JavaScript thread, so no JavaScript
            // code can read or write `out` while we fill it.
            write(route, unsafe { out.as_mut() })
        })
    }

    /// The trace of the last decision (empty unless it was routed with `trace`).
    #[napi]
    pub fn last_trace(&self) -> Vec<RouteTraceEntry> {
        let names = self.inner.venue_names();
        self.inner
            .last_route()
            .trace
            .iter()
            .map(|t| RouteTraceEntry {
                venue: names[t.venue].clone(),
                action: t.action.name().to_owned(),
                level: t.level.map(|l| l as u32),
                quantity: t.qty,
                price: t.price.is_finite().then_some(t.price),
                detail: t.detail,
                text: t.describe(names),
            })
            .collect()
    }

    /// Index of a venue by name; NotFound for an unknown name.
    #[napi]
    pub fn venue_index(&self, name: String) -> Result<u32> {
        guard(|| self.inner.venue_index(&name).map(|i| i as u32))
    }

    #[napi(getter)]
    pub fn venue_names(&self) -> Vec<String> {
        self.inner.venue_names().to_vec()
    }
}
