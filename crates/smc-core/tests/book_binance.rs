//! The order book on real Binance captures (spot and USDT-M futures, 2024-08-08): the depth sync
//! succeeds with the snapshot-spanning diff arriving before the snapshot, no gap, the book is
//! never crossed, and the best bid/ask after each diff agrees with the bookTicker stream.

mod support;

use smc_core::book::{DepthSync, SequenceRule, SyncOutcome, TickSize};
use support::capture::{self, Event};

struct Top {
    id: u64,
    bid: i64,
    bid_qty: f64,
    ask: i64,
    ask_qty: f64,
}

struct Replay {
    buffered: usize,
    applied: usize,
    stale: usize,
    after_diff: Vec<Top>,
    tickers: Vec<Top>,
}

fn replay(name: &str, tick: &str, rule: SequenceRule) -> Option<Replay> {
    let path = capture::data_path(name)?;
    let tick = TickSize::parse(tick).unwrap();
    let mut sync = DepthSync::new(tick, rule, 10_000);
    let mut r = Replay {
        buffered: 0,
        applied: 0,
        stale: 0,
        after_diff: vec![],
        tickers: vec![],
    };
    for event in capture::read(&path, &tick) {
        match event {
            Event::Snapshot {
                last_update_id,
                bids,
                asks,
            } => {
                let n = sync
                    .on_snapshot(last_update_id, &bids, &asks)
                    .expect("snapshot syncs");
                r.applied += n;
                assert!(
                    n >= 1,
                    "the diff spanning the snapshot was buffered before it"
                );
            }
            Event::Diff { ids, bids, asks } => {
                match sync
                    .on_diff(ids, &bids, &asks)
                    .expect("no gap, never crossed")
                {
                    SyncOutcome::Buffered => r.buffered += 1,
                    SyncOutcome::Stale => r.stale += 1,
                    SyncOutcome::Applied => r.applied += 1,
                }
                let book = sync.book();
                if book.is_synced() {
                    assert!(!book.is_crossed());
                    let (b, a) = (book.best_bid().unwrap(), book.best_ask().unwrap());
                    r.after_diff.push(Top {
                        id: ids.last,
                        bid: b.ticks,
                        bid_qty: b.qty,
                        ask: a.ticks,
                        ask_qty: a.qty,
                    });
                }
            }
            Event::Ticker {
                update_id,
                bid,
                bid_qty,
                ask,
                ask_qty,
            } => {
                r.tickers.push(Top {
                    id: update_id,
                    bid,
                    bid_qty,
                    ask,
                    ask_qty,
                });
            }
            Event::Trade { .. } => {}
        }
    }
    r.tickers.sort_by_key(|t| t.id);
    Some(r)
}

/// Compares the book after each diff with the latest bookTicker at or before the diff's final
/// id (as-of), and separately at exactly equal ids. Returns (exact n, exact agree, asof n, asof
/// price agree, asof price+qty agree).
fn agreement(r: &Replay) -> (usize, usize, usize, usize, usize) {
    let (mut exact_n, mut exact_ok, mut n, mut px_ok, mut all_ok) = (0, 0, 0, 0, 0);
    for d in &r.after_diff {
        let k = r.tickers.partition_point(|t| t.id <= d.id);
        if k == 0 {
            continue;
        }
        let t = &r.tickers[k - 1];
        let same_px = t.bid == d.bid && t.ask == d.ask;
        let same_qty = t.bid_qty == d.bid_qty && t.ask_qty == d.ask_qty;
        n += 1;
        px_ok += usize::from(same_px);
        all_ok += usize::from(same_px && same_qty);
        if t.id == d.id {
            exact_n += 1;
            exact_ok += usize::from(same_px && same_qty);
        }
    }
    (exact_n, exact_ok, n, px_ok, all_ok)
}

fn check(name: &str, tick: &str, rule: SequenceRule) {
    let Some(r) = replay(name, tick, rule) else {
        return;
    };
    let (exact_n, exact_ok, n, px_ok, all_ok) = agreement(&r);
    eprintln!(
        "{name}: buffered {}, stale {}, applied {}; bookTicker agreement: exact id {exact_ok}/{exact_n}, \
         as-of prices {px_ok}/{n} ({:.4}%), as-of prices+qty {all_ok}/{n} ({:.4}%)",
        r.buffered,
        r.stale,
        r.applied,
        100.0 * px_ok as f64 / n as f64,
        100.0 * all_ok as f64 / n as f64
    );
    assert!(r.applied > 1000);
    assert!(n > 1000 && exact_n > 100);
    // Both streams come from the same matching engine: every comparison must agree.
    assert_eq!((exact_ok, px_ok, all_ok), (exact_n, n, n));
}

#[test]
fn spot_capture_syncs_and_agrees_with_book_ticker() {
    check("spot_btcusdt_20240808.gz", "0.01", SequenceRule::Spot);
}

#[test]
fn futures_capture_syncs_and_agrees_with_book_ticker() {
    check("usdm_btcusdt_20240808.gz", "0.10", SequenceRule::Futures);
}
