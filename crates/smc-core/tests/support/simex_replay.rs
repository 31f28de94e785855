//! The Binance captures as simulator input (level-update and trade rows, see
//! `smc_core::exchange::MarketBatch`), and the quoting strategy the tests and the bench run
//! through the simulated exchange.

#![allow(dead_code)]

use super::capture::{self, Event};
use smc_core::book::{Level, SequenceRule, TickSize};
use smc_core::exchange::*;

/// A capture as simulator rows, from its snapshot on.
pub struct MarketReplay {
    pub tick: TickSize,
    pub snapshot_ns: i64,
    pub bids: Vec<Level>,
    pub asks: Vec<Level>,
    pub kind: Vec<u8>,
    pub ts_ns: Vec<i64>,
    pub ticks: Vec<i64>,
    pub qty: Vec<f64>,
    /// Messages (depth diffs and trades) behind the rows.
    pub messages: usize,
    /// Feed clocks of the depth messages: local receive ns and exchange event ns.
    pub feed_local_ns: Vec<i64>,
    pub feed_exchange_ns: Vec<i64>,
}

/// Loads `name` (skips with a message when the shared data is absent).
pub fn load(name: &str, tick: &str, rule: SequenceRule) -> Option<MarketReplay> {
    let path = capture::data_path(name)?;
    let tick = TickSize::parse(tick).unwrap();
    let events = capture::read_timed(&path, &tick);
    let snap = events.iter().position(|e| matches!(e.event, Event::Snapshot { .. })).expect("a snapshot");
    let Event::Snapshot { last_update_id, bids, asks } = &events[snap].event else { unreachable!() };
    let mut r = MarketReplay {
        tick,
        snapshot_ns: events[snap].local_ns,
        bids: bids.clone(),
        asks: asks.clone(),
        kind: vec![],
        ts_ns: vec![],
        ticks: vec![],
        qty: vec![],
        messages: 0,
        feed_local_ns: vec![],
        feed_exchange_ns: vec![],
    };
    let mut now = r.snapshot_ns;
    for e in &events {
        // Clamp to keep time monotonic if lines were written slightly out of order.
        let ts = e.local_ns.max(now);
        match &e.event {
            Event::Diff { ids, bids, asks } => {
                let stale = match rule {
                    SequenceRule::Spot => ids.last <= *last_update_id,
                    SequenceRule::Futures => ids.last < *last_update_id,
                };
                if stale {
                    continue;
                }
                for (k, levels) in [(row::BID, bids), (row::ASK, asks)] {
                    for l in levels {
                        r.kind.push(k);
                        r.ts_ns.push(ts);
                        r.ticks.push(l.ticks);
                        r.qty.push(l.qty);
                    }
                }
                if let Some(ms) = e.exchange_ms {
                    r.feed_local_ns.push(e.local_ns);
                    r.feed_exchange_ns.push(ms * 1_000_000);
                }
            }
            Event::Trade { price, qty, buyer_is_maker } if e.local_ns >= r.snapshot_ns => {
                r.kind.push(if *buyer_is_maker { row::TRADE_SELL } else { row::TRADE_BUY });
                r.ts_ns.push(ts);
                r.ticks.push(*price);
                r.qty.push(*qty);
            }
            _ => continue,
        }
        r.messages += 1;
        now = ts;
    }
    Some(r)
}

/// The models used on the captures: a probabilistic queue (power 2, sampled, so the RNG is
/// exercised), latency interpolated from the feed's own delays (floor 1 ms), Binance-like fees.
pub fn capture_models(r: &MarketReplay) -> Models {
    Models {
        queue: Box::new(ProbQueue::power(2.0).unwrap().sampled()),
        latency: Box::new(InterpolatedLatency::from_feed_delays(&r.feed_local_ns, &r.feed_exchange_ns, 1_000_000).unwrap()),
        fees: Box::new(MakerTakerFees::new(-0.5, 4.0, 0.0).unwrap()),
        ..Models::default()
    }
}

/// Quotes both sides at the touch: every `every` rows it cancels its live orders and places a
/// post-only bid at the best bid and a post-only ask at the best ask, `size` each. Returns the
/// number of orders sent.
pub fn quote_at_touch(venue: &mut SimVenue, r: &MarketReplay, every: usize, size: f64, events: &mut Vec<ExecEvent>) -> usize {
    venue.on_snapshot(r.snapshot_ns, &r.bids, &r.asks).unwrap();
    let mut live: Vec<OrderId> = Vec::new();
    let mut sent = 0;
    let mut start = 0;
    while start < r.kind.len() {
        let end = (start + every).min(r.kind.len());
        let batch = MarketBatch {
            kind: &r.kind[start..end],
            ts_ns: &r.ts_ns[start..end],
            ticks: &r.ticks[start..end],
            qty: &r.qty[start..end],
        };
        venue.on_market_batch(&batch).unwrap();
        venue.drain_events(events);
        for &id in &live {
            let o = venue.order(id).unwrap();
            if !o.status.is_done() && !o.cancel_pending {
                venue.cancel(id).unwrap();
            }
        }
        live.retain(|&id| !venue.order(id).unwrap().status.is_done());
        let book = venue.book().unwrap();
        if let (Some(b), Some(a)) = (book.best_bid(), book.best_ask()) {
            if a.ticks > b.ticks {
                let (bid, ask) = (r.tick.ticks_to_price(b.ticks), r.tick.ticks_to_price(a.ticks));
                live.push(venue.submit(OrderRequest::limit(OrderSide::Buy, size, bid).post_only()).unwrap());
                live.push(venue.submit(OrderRequest::limit(OrderSide::Sell, size, ask).post_only()).unwrap());
                sent += 2;
            }
        }
        start = end;
    }
    sent
}
