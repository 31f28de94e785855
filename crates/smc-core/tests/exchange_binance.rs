//! The simulated exchange on the real Binance BTCUSDT captures: a quoting strategy through the
//! whole session, twice, must give the same events bit for bit, and the fills must be coherent
//! with the orders and the book.

mod support;

use smc_core::book::SequenceRule;
use smc_core::exchange::*;
use support::simex_replay::{capture_models, load, quote_at_touch};

fn check(name: &str, tick: &str, rule: SequenceRule) {
    let Some(r) = load(name, tick, rule) else {
        return;
    };
    let run = |seed: u64| {
        let cfg = VenueConfig {
            seed,
            // The checks below inspect every order afterwards.
            max_finished_orders: usize::MAX,
            ..VenueConfig::default()
        };
        let mut venue = SimVenue::l2(r.tick, cfg, capture_models(&r)).unwrap();
        let mut events = Vec::new();
        let sent = quote_at_touch(&mut venue, &r, 500, 0.01, &mut events);
        venue
            .advance_to(*r.ts_ns.last().unwrap() + 10_000_000_000)
            .unwrap();
        venue.drain_events(&mut events);
        (venue, events, sent)
    };
    let (venue, a, sent) = run(42);
    let (_, b, _) = run(42);
    let key = |e: &ExecEvent| {
        (
            e.kind.as_u8(),
            e.order,
            e.exchange_ns,
            e.receive_ns,
            e.price.to_bits(),
            e.qty.to_bits(),
            e.fee.to_bits(),
        )
    };
    assert_eq!(
        a.iter().map(key).collect::<Vec<_>>(),
        b.iter().map(key).collect::<Vec<_>>()
    );
    let fills: Vec<&ExecEvent> = a.iter().filter(|e| e.kind == ExecKind::Fill).collect();
    let rejected = a.iter().filter(|e| e.kind == ExecKind::Rejected).count();
    eprintln!(
        "{name}: {} rows, {} orders, {} fills, {} rejected, position {:.4}",
        r.kind.len(),
        sent,
        fills.len(),
        rejected,
        venue.position()
    );
    assert!(
        sent > 100 && !fills.is_empty(),
        "the strategy should trade on a full session"
    );
    for e in &fills {
        let o = venue.order(e.order).unwrap();
        // Post-only quotes only ever fill as maker, at their own price, with the maker rebate.
        assert_eq!(e.liquidity, Some(Liquidity::Maker));
        assert_eq!(e.price, o.request.price);
        assert!(e.fee < 0.0);
        assert!(e.receive_ns > e.exchange_ns, "response latency applies");
    }
    for id in 0..venue.order_count() {
        let o = venue.order(id as OrderId).unwrap();
        assert!(o.filled_qty <= o.request.qty * (1.0 + 1e-12));
    }
}

#[test]
fn quoting_on_the_spot_capture_is_deterministic_and_coherent() {
    check("spot_btcusdt_20240808.gz", "0.01", SequenceRule::Spot);
}

#[test]
fn quoting_on_the_usdm_capture_is_deterministic_and_coherent() {
    check("usdm_btcusdt_20240808.gz", "0.10", SequenceRule::Futures);
}
