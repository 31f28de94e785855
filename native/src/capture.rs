//! Binding of `smc_core::data::capture`: the Binance capture reader and its columnar batches.
//! A batch stays in Rust memory; JavaScript reads copies of its columns, and the order book and
//! the simulated exchange bindings apply its messages by index (see their `applyCapture`).

use napi::bindgen_prelude::{BigInt64Array, Float64Array, Uint32Array, Uint8Array};
use napi_derive::napi;
use smc_core::data::capture::{CaptureBatch, CaptureReader, OnInvalid, Prefetch, ReaderOptions};
use smc_core::SmcError;

use crate::error::{guard, Result};

#[napi(object)]
pub struct CaptureReaderOptions {
    /// "skip" (the default): invalid lines are skipped and listed in each batch's `rejects()`;
    /// "fail": the first invalid line throws, naming the line.
    pub on_invalid: Option<String>,
    /// Messages per batch (4096 by default).
    pub batch_size: Option<f64>,
    /// Read ahead on a background thread (true by default).
    pub prefetch: Option<bool>,
    /// Force gzip or plain text; detected from the magic bytes by default.
    pub gzip: Option<bool>,
}

/// Per-message columns (copies). Absent optional numbers are NaN.
#[napi(object)]
pub struct CaptureColumns {
    /// 0 depth diff, 1 snapshot, 2 quote (bookTicker), 3 trade.
    pub kind: Uint8Array,
    pub line: Float64Array,
    pub receive_ns: BigInt64Array,
    /// Epoch ms with the sub-ms digits as a fraction.
    pub receive_time: Float64Array,
    pub exchange_time: Float64Array,
    /// Index into `symbols`, or 4294967295 when the message names none.
    pub symbol: Uint32Array,
    pub first_update_id: Float64Array,
    pub last_update_id: Float64Array,
    pub prev_update_id: Float64Array,
    pub bid_price: Float64Array,
    pub bid_qty: Float64Array,
    pub ask_price: Float64Array,
    pub ask_qty: Float64Array,
    pub price: Float64Array,
    pub qty: Float64Array,
    pub trade_id: Float64Array,
    /// 0 the buyer, 1 the seller was the aggressor.
    pub aggressor: Uint8Array,
    /// Levels of message i: bids `levelStart[i]..bidEnd[i]`, asks `bidEnd[i]..levelEnd[i]`.
    pub level_start: Uint32Array,
    pub bid_end: Uint32Array,
    pub level_end: Uint32Array,
}

/// Per-level columns (copies).
#[napi(object)]
pub struct CaptureLevels {
    /// 0 bid, 1 ask.
    pub side: Uint8Array,
    pub price: Float64Array,
    pub qty: Float64Array,
}

#[napi(object)]
pub struct CaptureReject {
    pub line: f64,
    /// "malformed_json" or "schema_violation".
    pub reason: String,
    pub message: String,
}

#[napi(js_name = "CaptureBatch")]
pub struct JsCaptureBatch {
    pub(crate) inner: CaptureBatch,
}

#[napi]
impl JsCaptureBatch {
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }

    /// Price-level updates plus quotes plus trades.
    #[napi(getter)]
    pub fn book_events(&self) -> u32 {
        self.inner.book_events() as u32
    }

    #[napi(getter)]
    pub fn symbols(&self) -> Vec<String> {
        self.inner.symbols.clone()
    }

    #[napi]
    pub fn columns(&self) -> CaptureColumns {
        let b = &self.inner;
        let f = |v: &[f64]| Float64Array::new(v.to_vec());
        let u = |v: &[u32]| Uint32Array::new(v.to_vec());
        CaptureColumns {
            kind: Uint8Array::new(b.kind.iter().map(|k| k.as_u8()).collect()),
            line: Float64Array::new(b.line.iter().map(|&l| l as f64).collect()),
            receive_ns: BigInt64Array::new(b.receive_ns.clone()),
            receive_time: f(&b.receive_ms),
            exchange_time: f(&b.exchange_ms),
            symbol: u(&b.symbol),
            first_update_id: f(&b.first_update_id),
            last_update_id: f(&b.last_update_id),
            prev_update_id: f(&b.prev_update_id),
            bid_price: f(&b.bid_price),
            bid_qty: f(&b.bid_qty),
            ask_price: f(&b.ask_price),
            ask_qty: f(&b.ask_qty),
            price: f(&b.price),
            qty: f(&b.qty),
            trade_id: f(&b.trade_id),
            aggressor: Uint8Array::new(b.aggressor.clone()),
            level_start: u(&b.level_start),
            bid_end: u(&b.bid_end),
            level_end: u(&b.level_end),
        }
    }

    #[napi]
    pub fn levels(&self) -> CaptureLevels {
        let b = &self.inner;
        CaptureLevels {
            side: Uint8Array::new(b.level_side.clone()),
            price: Float64Array::new(b.level_price.clone()),
            qty: Float64Array::new(b.level_qty.clone()),
        }
    }

    /// Lines skipped as invalid, in file order (reader option `onInvalid: 'skip'`).
    #[napi]
    pub fn rejects(&self) -> Vec<CaptureReject> {
        self.inner
            .rejects
            .iter()
            .map(|r| CaptureReject {
                line: r.line as f64,
                reason: r.reason.as_str().to_owned(),
                message: r.message.clone(),
            })
            .collect()
    }
}

enum Source {
    Plain(Box<CaptureReader>, usize),
    Prefetch(Prefetch),
    Closed,
}

#[napi(js_name = "CaptureReader")]
pub struct JsCaptureReader {
    source: Source,
}

#[napi]
impl JsCaptureReader {
    #[napi(constructor)]
    pub fn new(path: String, options: Option<CaptureReaderOptions>) -> Result<Self> {
        guard(|| {
            let o = options.unwrap_or(CaptureReaderOptions {
                on_invalid: None,
                batch_size: None,
                prefetch: None,
                gzip: None,
            });
            let on_invalid = match o.on_invalid.as_deref().unwrap_or("skip") {
                "skip" => OnInvalid::Skip,
                "fail" => OnInvalid::Fail,
                x => {
                    return Err(SmcError::invalid(format!(
                        "onInvalid {x:?}: expected 'skip' or 'fail'"
                    )))
                }
            };
            let size = smc_core::error::check::count(
                "batchSize",
                o.batch_size.unwrap_or(4_096.0),
                1,
                smc_core::error::check::MAX_SMALL,
            )?;
            let reader = CaptureReader::open(
                &path,
                ReaderOptions {
                    on_invalid,
                    gzip: o.gzip,
                },
            )?;
            let source = if o.prefetch.unwrap_or(true) {
                // Two batches ahead: enough to hide the reader's latency, bounded memory.
                Source::Prefetch(Prefetch::spawn(reader, size, 2)?)
            } else {
                Source::Plain(Box::new(reader), size)
            };
            Ok(JsCaptureReader { source })
        })
    }

    /// The next batch, or null at the end of the file.
    #[napi]
    pub fn next(&mut self) -> Result<Option<JsCaptureBatch>> {
        guard(|| {
            let batch = match &mut self.source {
                Source::Plain(reader, size) => {
                    let mut b = CaptureBatch::default();
                    reader.read_batch(&mut b, *size)?.then_some(b)
                }
                Source::Prefetch(p) => p.next_batch()?,
                Source::Closed => None,
            };
            if batch.is_none() {
                self.source = Source::Closed;
            }
            Ok(batch.map(|inner| JsCaptureBatch { inner }))
        })
    }

    /// Stops reading (ends the background thread) and releases the file.
    #[napi]
    pub fn close(&mut self) {
        self.source = Source::Closed;
    }
}
