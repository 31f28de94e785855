//! Reader of the Binance websocket captures in `../shared/data/binance-btcusdt-l2` for tests and
//! benches: `<local receive ns> <json>` lines, gzip-compressed.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use smc_core::book::{DiffIds, Level, TickSize};

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

/// `../shared/data/binance-btcusdt-l2/<name>` (or under `$SMC_SHARED_DATA`), if present.
pub fn data_path(name: &str) -> Option<PathBuf> {
    let base = std::env::var_os("SMC_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let path = base.join("binance-btcusdt-l2").join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("[data] {name}: skipped ({} not found)", path.display());
        None
    }
}

fn levels(tick: &TickSize, v: &serde_json::Value) -> Vec<Level> {
    v.as_array()
        .expect("levels array")
        .iter()
        .map(|pair| {
            let p = pair[0].as_str().expect("price string");
            let q = pair[1].as_str().expect("qty string");
            Level::new(
                tick.parse_ticks(p).expect("price on tick grid"),
                q.parse().expect("qty"),
            )
        })
        .collect()
}

fn id(v: &serde_json::Value) -> u64 {
    v.as_u64().expect("update id")
}

/// All events of a capture, in file order.
pub fn read(path: &PathBuf, tick: &TickSize) -> Vec<Event> {
    read_timed(path, tick).into_iter().map(|t| t.event).collect()
}

/// An event with its clocks: when the capture received it, and the exchange's event time.
pub struct Timed {
    /// Local receive time (ns), the first field of each capture line.
    pub local_ns: i64,
    /// The exchange's event time (`E`, ms) when the message has one.
    pub exchange_ms: Option<i64>,
    pub event: Event,
}

/// All events of a capture with their timestamps, in file order.
pub fn read_timed(path: &PathBuf, tick: &TickSize) -> Vec<Timed> {
    let file = std::fs::File::open(path).expect("open capture");
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut out = Vec::new();
    for line in reader.lines() {
        let line = line.expect("gzip text");
        let Some((local, json)) = line.split_once(' ') else { continue };
        let local_ns: i64 = local.parse().expect("local receive ns");
        let v: serde_json::Value = serde_json::from_str(json).expect("json");
        let exchange_ms = v.get("data").and_then(|d| d.get("E")).and_then(|e| e.as_i64());
        let mut out = Stamp { out: &mut out, local_ns, exchange_ms };
        if let Some(l) = v.get("lastUpdateId") {
            out.push(Event::Snapshot {
                last_update_id: id(l),
                bids: levels(tick, &v["bids"]),
                asks: levels(tick, &v["asks"]),
            });
            continue;
        }
        let stream = v["stream"].as_str().unwrap_or_default();
        let d = &v["data"];
        if stream.contains("@depth") {
            out.push(Event::Diff {
                ids: DiffIds {
                    first: id(&d["U"]),
                    last: id(&d["u"]),
                    prev_last: d.get("pu").map(id),
                },
                bids: levels(tick, &d["b"]),
                asks: levels(tick, &d["a"]),
            });
        } else if stream.ends_with("@bookTicker") {
            let px = |k: &str| tick.parse_ticks(d[k].as_str().unwrap()).unwrap();
            let qty = |k: &str| d[k].as_str().unwrap().parse::<f64>().unwrap();
            out.push(Event::Ticker {
                update_id: id(&d["u"]),
                bid: px("b"),
                bid_qty: qty("B"),
                ask: px("a"),
                ask_qty: qty("A"),
            });
        } else if stream.ends_with("@trade") {
            out.push(Event::Trade {
                price: tick.parse_ticks(d["p"].as_str().unwrap()).unwrap(),
                qty: d["q"].as_str().unwrap().parse().unwrap(),
                buyer_is_maker: d["m"].as_bool().unwrap(),
            });
        }
    }
    out
}

/// Pushes events with the clocks of the line being read.
struct Stamp<'a> {
    out: &'a mut Vec<Timed>,
    local_ns: i64,
    exchange_ms: Option<i64>,
}

impl Stamp<'_> {
    fn push(&mut self, event: Event) {
        self.out.push(Timed { local_ns: self.local_ns, exchange_ms: self.exchange_ms, event });
    }
}
