//! Sequence handling, typed errors and queries of the order book on small hand-made streams.

use smc_core::book::{
    ApplyOutcome, DepthSync, DiffIds, Level, OrderBook, SequenceRule, Side, SyncOutcome, TickSize,
};

fn tick() -> TickSize {
    TickSize::parse("0.01").unwrap()
}
fn lv(price: &str, qty: f64) -> Level {
    Level::new(tick().parse_ticks(price).unwrap(), qty)
}
fn ids(first: u64, last: u64) -> DiffIds {
    DiffIds {
        first,
        last,
        prev_last: None,
    }
}
fn book() -> OrderBook {
    let mut b = OrderBook::new(tick(), SequenceRule::Spot);
    b.apply_snapshot(
        100,
        &[lv("100.00", 5.0), lv("99.99", 1.0), lv("99.90", 2.0)],
        &[lv("100.02", 4.0), lv("100.03", 6.0), lv("100.10", 10.0)],
    )
    .unwrap();
    b
}

#[test]
fn spot_sequence_rules() {
    let mut b = book();
    assert_eq!(
        b.apply_diff(ids(90, 100), &[lv("100.00", 9.0)], &[])
            .unwrap(),
        ApplyOutcome::Stale
    );
    assert_eq!(
        b.qty_at(Side::Bid, tick().parse_ticks("100.00").unwrap()),
        5.0
    );
    // The first diff must span 101.
    let mut gap = book();
    assert_eq!(
        gap.apply_diff(ids(102, 105), &[], &[]).unwrap_err().code(),
        "SMC_RESYNC_REQUIRED"
    );
    assert!(gap.needs_resync());
    assert_eq!(
        gap.apply_diff(ids(106, 107), &[], &[]).unwrap_err().code(),
        "SMC_RESYNC_REQUIRED"
    );
    assert_eq!(
        b.apply_diff(ids(95, 103), &[lv("100.01", 3.0)], &[])
            .unwrap(),
        ApplyOutcome::Applied
    );
    assert_eq!(
        b.apply_diff(ids(104, 104), &[lv("100.01", 0.0)], &[])
            .unwrap(),
        ApplyOutcome::Applied
    );
    // Backwards: typed, book untouched, still synced.
    assert_eq!(
        b.apply_diff(ids(104, 106), &[lv("100.00", 0.0)], &[])
            .unwrap_err()
            .code(),
        "SMC_UNORDERED"
    );
    assert!(b.is_synced());
    assert_eq!(
        b.best_bid().unwrap().ticks,
        tick().parse_ticks("100.00").unwrap()
    );
    // A gap.
    assert_eq!(
        b.apply_diff(ids(106, 107), &[], &[]).unwrap_err().code(),
        "SMC_RESYNC_REQUIRED"
    );
    assert!(!b.is_synced());
    assert_eq!(
        b.apply_diff(ids(105, 107), &[], &[]).unwrap_err().code(),
        "SMC_RESYNC_REQUIRED"
    );
    assert_eq!(
        b.apply_diff(ids(9, 7), &[], &[]).unwrap_err().code(),
        "SMC_INVALID_INPUT"
    );
}

#[test]
fn futures_link_by_pu() {
    let mut b = OrderBook::new(tick(), SequenceRule::Futures);
    b.apply_snapshot(1000, &[lv("100.00", 1.0)], &[lv("100.02", 1.0)])
        .unwrap();
    let f = |first, last, pu| DiffIds {
        first,
        last,
        prev_last: Some(pu),
    };
    assert_eq!(
        b.apply_diff(f(900, 999, 890), &[], &[]).unwrap(),
        ApplyOutcome::Stale
    );
    assert_eq!(
        b.apply_diff(f(995, 1010, 994), &[], &[]).unwrap(),
        ApplyOutcome::Applied
    );
    assert_eq!(
        b.apply_diff(f(1020, 1030, 1010), &[], &[]).unwrap(),
        ApplyOutcome::Applied
    );
    assert_eq!(
        b.apply_diff(f(1040, 1050, 1031), &[], &[])
            .unwrap_err()
            .code(),
        "SMC_RESYNC_REQUIRED"
    );
}

#[test]
fn bad_input_is_typed_and_changes_nothing() {
    let mut b = book();
    let before = b.top(Side::Bid, 10);
    for (q, code) in [
        (f64::NAN, "SMC_NON_FINITE"),
        (-1.0, "SMC_OUT_OF_RANGE"),
        (f64::INFINITY, "SMC_NON_FINITE"),
    ] {
        assert_eq!(
            b.apply_diff(ids(101, 101), &[lv("100.01", q)], &[])
                .unwrap_err()
                .code(),
            code
        );
        assert_eq!(b.set_level(Side::Ask, 1, q).unwrap_err().code(), code);
    }
    assert_eq!(b.top(Side::Bid, 10), before);
    assert_eq!(b.last_update_id(), Some(100));
    let mut fresh = OrderBook::new(tick(), SequenceRule::Spot);
    assert_eq!(
        fresh.apply_diff(ids(1, 2), &[], &[]).unwrap_err().code(),
        "SMC_INVALID_STATE"
    );
    assert_eq!(
        fresh
            .apply_snapshot(5, &[lv("100.02", 1.0)], &[lv("100.02", 1.0)])
            .unwrap_err()
            .code(),
        "SMC_CROSSED_BOOK"
    );
    assert_eq!(
        b.apply_diff_columns(None, &[2], &[1], &[1.0])
            .unwrap_err()
            .code(),
        "SMC_INVALID_INPUT"
    );
}

#[test]
fn a_crossing_diff_is_reported() {
    let mut b = book();
    let err = b
        .apply_diff(ids(101, 101), &[lv("100.05", 1.0)], &[])
        .unwrap_err();
    assert_eq!(err.code(), "SMC_CROSSED_BOOK");
    assert!(b.is_crossed());
    // The venue's next diff uncrosses it.
    b.apply_diff(ids(102, 102), &[lv("100.05", 0.0)], &[])
        .unwrap();
    assert!(!b.is_crossed());
}

#[test]
fn queries() {
    let b = book();
    assert_eq!(b.best_bid_price(), 100.00);
    assert_eq!(b.best_ask_price(), 100.02);
    assert_eq!(b.mid(), 100.01);
    assert_eq!(b.spread_ticks(), Some(2));
    assert!((b.spread() - 0.02).abs() < 1e-12);
    assert_eq!(
        b.top(Side::Ask, 2),
        vec![lv("100.02", 4.0), lv("100.03", 6.0)]
    );
    assert_eq!(b.levels(Side::Bid).len(), 3);
    assert_eq!(b.depth_within(Side::Bid, 1), 6.0);
    assert_eq!(b.depth_within(Side::Ask, 8), 20.0);
    assert_eq!(b.depth_within(Side::Ask, 7), 10.0);
    let fill = b.walk(Side::Ask, 7.0).unwrap();
    assert_eq!(fill.filled_qty, 7.0);
    assert!((fill.cost - (4.0 * 100.02 + 3.0 * 100.03)).abs() < 1e-9);
    assert!((fill.avg_price - (4.0 * 100.02 + 3.0 * 100.03) / 7.0).abs() < 1e-12);
    assert_eq!(
        (fill.worst_price, fill.levels, fill.complete),
        (100.03, 2, true)
    );
    let partial = b.walk(Side::Bid, 100.0).unwrap();
    assert_eq!(
        (partial.filled_qty, partial.complete, partial.levels),
        (8.0, false, 3)
    );
    assert_eq!(
        b.walk(Side::Bid, 0.0).unwrap_err().code(),
        "SMC_OUT_OF_RANGE"
    );
    assert_eq!(b.imbalance(1, 0.0), (5.0 - 4.0) / 9.0);
    let w = (-1.0f64).exp();
    assert!(
        (b.imbalance(2, 1.0) - ((5.0 + w) - (4.0 + 6.0 * w)) / ((5.0 + w) + (4.0 + 6.0 * w))).abs()
            < 1e-15
    );
}

#[test]
fn depth_sync_buffers_until_the_snapshot() {
    let mut s = DepthSync::new(tick(), SequenceRule::Spot, 100);
    assert_eq!(
        s.on_diff(ids(90, 95), &[lv("99.00", 1.0)], &[]).unwrap(),
        SyncOutcome::Buffered
    );
    assert_eq!(
        s.on_diff(ids(96, 102), &[lv("100.01", 2.0)], &[]).unwrap(),
        SyncOutcome::Buffered
    );
    assert_eq!(
        s.on_diff(ids(96, 97), &[], &[]).unwrap_err().code(),
        "SMC_UNORDERED"
    );
    // Snapshot older than the buffer: fetch again.
    let mut old = DepthSync::new(tick(), SequenceRule::Spot, 100);
    old.on_diff(ids(90, 95), &[], &[]).unwrap();
    assert_eq!(
        old.on_snapshot(50, &[], &[]).unwrap_err().code(),
        "SMC_RESYNC_REQUIRED"
    );
    assert_eq!(
        s.on_snapshot(100, &[lv("100.00", 5.0)], &[lv("100.02", 4.0)])
            .unwrap(),
        1
    );
    assert_eq!(s.book().best_bid().unwrap(), lv("100.01", 2.0));
    assert_eq!(
        s.book()
            .qty_at(Side::Bid, tick().parse_ticks("99.00").unwrap()),
        0.0
    );
    assert_eq!(
        s.on_diff(ids(103, 104), &[], &[lv("100.02", 0.0)]).unwrap(),
        SyncOutcome::Applied
    );
    // A gap: typed error, then buffering resumes and a new snapshot recovers.
    assert_eq!(
        s.on_diff(ids(110, 112), &[], &[]).unwrap_err().code(),
        "SMC_RESYNC_REQUIRED"
    );
    assert_eq!(
        s.on_diff(ids(113, 115), &[lv("100.01", 7.0)], &[]).unwrap(),
        SyncOutcome::Buffered
    );
    assert_eq!(
        s.on_snapshot(111, &[lv("100.01", 1.0)], &[lv("100.03", 1.0)])
            .unwrap(),
        2
    );
    assert_eq!(s.book().best_bid().unwrap(), lv("100.01", 7.0));
    assert_eq!(s.book().last_update_id(), Some(115));
}
