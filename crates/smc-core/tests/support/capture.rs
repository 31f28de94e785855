//! The Binance websocket captures in `../shared/data/binance-btcusdt-l2` as a list of events for
//! tests and benches, read with the library's own reader (`smc_core::data::capture`), so tests
//! exercise the same parser as the SDK.

#![allow(dead_code)]

use std::path::PathBuf;

use smc_core::book::{DiffIds, Level, TickSize};
use smc_core::data::capture::{CaptureBatch, CaptureReader, MessageKind, ReaderOptions};

pub enum Event {
    Snapshot {
        last_update_id: u64,
        bids: Vec<Level>,
        asks: Vec<Level>,
    },
    Diff {
        ids: DiffIds,
        bids: Vec<Level>,
        asks: Vec<Level>,
    },
    Ticker {
        update_id: u64,
        bid: i64,
        bid_qty: f64,
        ask: i64,
        ask_qty: f64,
    },
    Trade {
        price: i64,
        qty: f64,
        buyer_is_maker: bool,
    },
}

/// `../shared/data/binance-btcusdt-l2/<name>` (or under `$SMC_SHARED_DATA`), if present; see
/// [`super::data::shared_data`] for what happens when it is not.
pub fn data_path(name: &str) -> Option<PathBuf> {
    super::data::shared_data(&format!("binance-btcusdt-l2/{name}"), name)
}

/// All events of a capture, in file order.
pub fn read(path: &PathBuf, tick: &TickSize) -> Vec<Event> {
    read_timed(path, tick)
        .into_iter()
        .map(|t| t.event)
        .collect()
}

/// An event with its clocks: when the capture received it, and the exchange's event time.
pub struct Timed {
    /// Local receive time (ns), the first field of each capture line.
    pub local_ns: i64,
    /// The exchange's event time (`E`, ms) when the message has one.
    pub exchange_ms: Option<i64>,
    pub event: Event,
}

/// Every batch of a capture (the whole file; the real captures are small).
pub fn batches(path: &PathBuf) -> Vec<CaptureBatch> {
    let mut reader = CaptureReader::open(path, ReaderOptions::default()).expect("open capture");
    let mut out = Vec::new();
    loop {
        let mut batch = CaptureBatch::default();
        if !reader
            .read_batch(&mut batch, 8_192)
            .expect("a valid capture")
        {
            return out;
        }
        out.push(batch);
    }
}

/// All events of a capture with their timestamps, in file order.
pub fn read_timed(path: &PathBuf, tick: &TickSize) -> Vec<Timed> {
    let mut out = Vec::new();
    for b in batches(path) {
        let ticks = |p: f64| tick.price_to_ticks(p).expect("price on tick grid");
        let levels = |r: std::ops::Range<usize>| -> Vec<Level> {
            r.map(|k| Level::new(ticks(b.level_price[k]), b.level_qty[k]))
                .collect()
        };
        for i in 0..b.len() {
            let (bids, asks) = b.level_ranges(i);
            let event = match b.kind[i] {
                MessageKind::Snapshot => Event::Snapshot {
                    last_update_id: b.last_update_id[i] as u64,
                    bids: levels(bids),
                    asks: levels(asks),
                },
                MessageKind::Depth => Event::Diff {
                    ids: DiffIds {
                        first: b.first_update_id[i] as u64,
                        last: b.last_update_id[i] as u64,
                        prev_last: (!b.prev_update_id[i].is_nan())
                            .then_some(b.prev_update_id[i] as u64),
                    },
                    bids: levels(bids),
                    asks: levels(asks),
                },
                MessageKind::Quote => Event::Ticker {
                    update_id: b.last_update_id[i] as u64,
                    bid: ticks(b.bid_price[i]),
                    bid_qty: b.bid_qty[i],
                    ask: ticks(b.ask_price[i]),
                    ask_qty: b.ask_qty[i],
                },
                MessageKind::Trade => Event::Trade {
                    price: ticks(b.price[i]),
                    qty: b.qty[i],
                    buyer_is_maker: b.aggressor[i] == 1,
                },
            };
            let e = b.event_ms[i];
            out.push(Timed {
                local_ns: b.receive_ns[i],
                exchange_ms: (!e.is_nan()).then_some(e as i64),
                event,
            });
        }
    }
    out
}
