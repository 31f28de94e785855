//! The order book against a `BTreeMap` model under random diff streams: same levels, best
//! prices, top N, depth within a distance and walk-the-book cost.

use std::collections::BTreeMap;

use proptest::prelude::*;
use smc_core::book::{DiffIds, Level, OrderBook, SequenceRule, Side, TickSize};

fn diffs() -> impl Strategy<Value = Vec<Vec<(bool, i64, u8)>>> {
    // Bids live in [900, 1000], asks in [1001, 1100], so the book never crosses.
    prop::collection::vec(
        prop::collection::vec((any::<bool>(), 0i64..=100, 0u8..5), 0..12),
        1..60,
    )
}

proptest! {
    #[test]
    fn book_equals_a_btreemap_model(stream in diffs(), n in 1usize..8, dist in 0i64..30, want in 0.1f64..40.0) {
        let tick = TickSize::parse("0.5").unwrap();
        let mut book = OrderBook::new(tick, SequenceRule::Spot);
        book.apply_snapshot(10, &[Level::new(995, 1.0)], &[Level::new(1005, 1.0)]).unwrap();
        let mut bids = BTreeMap::from([(995i64, 1.0f64)]);
        let mut asks = BTreeMap::from([(1005i64, 1.0f64)]);
        let mut id = 11u64;
        for diff in stream {
            let (mut b, mut a) = (vec![], vec![]);
            for (is_bid, off, q) in diff {
                let qty = f64::from(q) * 0.5;
                if is_bid {
                    let t = 1000 - off;
                    b.push(Level::new(t, qty));
                    if qty == 0.0 { bids.remove(&t); } else { bids.insert(t, qty); }
                } else {
                    let t = 1001 + off;
                    a.push(Level::new(t, qty));
                    if qty == 0.0 { asks.remove(&t); } else { asks.insert(t, qty); }
                }
            }
            book.apply_diff(DiffIds { first: id, last: id + 2, prev_last: None }, &b, &a).unwrap();
            id += 3;
            let model_bids: Vec<Level> = bids.iter().rev().map(|(&t, &q)| Level::new(t, q)).collect();
            let model_asks: Vec<Level> = asks.iter().map(|(&t, &q)| Level::new(t, q)).collect();
            prop_assert_eq!(book.levels(Side::Bid).collect::<Vec<_>>(), model_bids.clone());
            prop_assert_eq!(book.levels(Side::Ask).collect::<Vec<_>>(), model_asks.clone());
            prop_assert_eq!(book.top(Side::Ask, n), model_asks.iter().take(n).copied().collect::<Vec<_>>());
            if let (Some(bb), Some(ba)) = (model_bids.first(), model_asks.first()) {
                prop_assert_eq!(book.spread_ticks(), Some(ba.ticks - bb.ticks));
                let within: f64 = model_bids.iter().filter(|l| bb.ticks - l.ticks <= dist).map(|l| l.qty).sum();
                prop_assert_eq!(book.depth_within(Side::Bid, dist), within);
            }
            let fill = book.walk(Side::Ask, want).unwrap();
            let (mut left, mut cost) = (want, 0.0);
            for l in &model_asks {
                let take = left.min(l.qty);
                if take <= 0.0 { break; }
                cost += take * tick.ticks_to_price(l.ticks);
                left -= take;
            }
            prop_assert!((fill.cost - cost).abs() < 1e-9);
            prop_assert_eq!(fill.complete, left <= 0.0);
            prop_assert!(!book.is_crossed());
        }
    }
}
