//! Stoikov's micro-price fitted on the real spot and futures bookTicker streams.

mod support;

use smc_core::book::TickSize;
use smc_core::micro::{MicropriceModel, MicropriceOptions, Quotes};
use support::capture::{self, Event};

fn fit(name: &str, tick: &str) {
    let Some(path) = capture::data_path(name) else {
        return;
    };
    let t = TickSize::parse(tick).unwrap();
    let (mut bid, mut bq, mut ask, mut aq) = (vec![], vec![], vec![], vec![]);
    for e in capture::read(&path, &t) {
        if let Event::Ticker {
            bid: b,
            bid_qty,
            ask: a,
            ask_qty,
            ..
        } = e
        {
            bid.push(t.ticks_to_price(b));
            bq.push(bid_qty);
            ask.push(t.ticks_to_price(a));
            aq.push(ask_qty);
        }
    }
    let quotes = Quotes::new(&bid, &bq, &ask, &aq).unwrap();
    let options = MicropriceOptions {
        tick_size: t.as_f64(),
        imbalance_buckets: 10,
        spread_buckets: 1,
        iterations: 6,
    };
    let model = MicropriceModel::fit(&quotes, options).unwrap();
    let g = model.adjustments();
    eprintln!(
        "{name}: {} transitions, {} dropped; G (ticks) by imbalance bucket: {g:.3?}",
        model.transitions, model.dropped
    );
    // Symmetrised fit: G is odd around imbalance 1/2, and more bid size pushes the price up.
    for b in 0..10 {
        assert!((g[b] + g[9 - b]).abs() < 1e-9);
    }
    assert!(g[9] > 0.0 && g[0] < 0.0);
    assert!(g[9] > g[5]);
    let micro = model.apply(&quotes);
    for i in 0..bid.len() {
        if ask[i] - bid[i] < 1.5 * t.as_f64() {
            assert!(
                micro[i] >= bid[i] && micro[i] <= ask[i],
                "row {i}: {} outside [{}, {}]",
                micro[i],
                bid[i],
                ask[i]
            );
        }
    }
}

#[test]
fn microprice_on_spot() {
    fit("spot_btcusdt_20240808.gz", "0.01");
}

#[test]
fn microprice_on_futures() {
    fit("usdm_btcusdt_20240808.gz", "0.10");
}
