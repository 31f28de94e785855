//! The simulated exchange fed by top-of-book quotes only (`SimVenue::on_quote`), and the book
//! operation behind it (`OrderBook::replace_top`).

use smc_core::book::{Level, OrderBook, SequenceRule, Side, TickSize};
use smc_core::exchange::*;

fn tick() -> TickSize {
    TickSize::parse("0.01").unwrap()
}

fn venue() -> SimVenue {
    SimVenue::l2(tick(), VenueConfig::default(), Models::default()).unwrap()
}

fn drain(v: &mut SimVenue) -> Vec<ExecEvent> {
    let mut out = Vec::new();
    v.drain_events(&mut out);
    out
}

fn fills(events: &[ExecEvent]) -> Vec<(f64, f64, Liquidity)> {
    events
        .iter()
        .filter(|e| e.kind == ExecKind::Fill)
        .map(|e| (e.price, e.qty, e.liquidity.unwrap()))
        .collect()
}

#[test]
fn replace_top_leaves_exactly_the_quoted_levels() {
    let mut b = OrderBook::new(tick(), SequenceRule::Spot);
    b.replace_levels(
        &[Level::new(10_000, 2.0), Level::new(9_990, 5.0)],
        &[Level::new(10_001, 1.0), Level::new(10_010, 4.0)],
    )
    .unwrap();
    b.replace_top(Level::new(10_003, 0.5), Level::new(10_004, 0.25))
        .unwrap();
    assert_eq!(b.top(Side::Bid, 10), vec![Level::new(10_003, 0.5)]);
    assert_eq!(b.top(Side::Ask, 10), vec![Level::new(10_004, 0.25)]);
    // A zero quantity empties the side; a crossed quote is kept (the caller checks crossing).
    b.replace_top(Level::new(10_005, 0.0), Level::new(10_004, 1.0))
        .unwrap();
    assert_eq!(b.depth(Side::Bid), 0);
    b.replace_top(Level::new(10_005, 1.0), Level::new(10_004, 1.0))
        .unwrap();
    assert!(b.is_crossed());
    // Bad quantities change nothing.
    let before = (b.top(Side::Bid, 10), b.top(Side::Ask, 10));
    assert_eq!(
        b.replace_top(Level::new(1, f64::NAN), Level::new(2, 1.0))
            .unwrap_err()
            .code(),
        "SMC_NON_FINITE"
    );
    assert_eq!(
        b.replace_top(Level::new(1, 1.0), Level::new(2, -1.0))
            .unwrap_err()
            .code(),
        "SMC_OUT_OF_RANGE"
    );
    assert_eq!((b.top(Side::Bid, 10), b.top(Side::Ask, 10)), before);
}

#[test]
fn a_market_order_takes_the_quoted_size_only_until_the_next_quote() {
    let mut v = venue();
    v.on_quote(0, Level::new(10_000, 2.0), Level::new(10_001, 1.0))
        .unwrap();
    // No depth is known behind the touch: 1.0 of the 1.5 fills, the rest expires.
    let id = v.submit(OrderRequest::market(OrderSide::Buy, 1.5)).unwrap();
    v.advance_to(1).unwrap();
    let ev = drain(&mut v);
    assert_eq!(fills(&ev), vec![(100.01, 1.0, Liquidity::Taker)]);
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Expired);
    // The same quote size is consumed until a new quote arrives, even at the same price.
    v.submit(OrderRequest::market(OrderSide::Buy, 1.0)).unwrap();
    v.advance_to(2).unwrap();
    assert!(fills(&drain(&mut v)).is_empty());
    v.on_quote(3, Level::new(10_000, 2.0), Level::new(10_001, 1.0))
        .unwrap();
    assert_eq!(v.consumed_at(Side::Ask, 10_001).unwrap(), 0.0);
    v.submit(OrderRequest::market(OrderSide::Sell, 0.5))
        .unwrap();
    v.advance_to(4).unwrap();
    assert_eq!(fills(&drain(&mut v)), vec![(100.00, 0.5, Liquidity::Taker)]);
}

#[test]
fn a_quote_moving_through_a_resting_order_fills_it_as_maker() {
    let mut v = venue();
    v.on_quote(0, Level::new(10_000, 3.0), Level::new(10_002, 1.0))
        .unwrap();
    let id = v
        .submit(OrderRequest::limit(OrderSide::Buy, 1.0, 100.01))
        .unwrap();
    v.advance_to(1).unwrap();
    assert!(fills(&drain(&mut v)).is_empty());
    assert_eq!(v.queue_ahead(id), Some(0.0));
    // The offer comes down to our bid: the market traded through it.
    v.on_quote(2, Level::new(10_000, 3.0), Level::new(10_001, 2.0))
        .unwrap();
    assert_eq!(fills(&drain(&mut v)), vec![(100.01, 1.0, Liquidity::Maker)]);
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Filled);
}

#[test]
fn a_crossed_quote_is_kept_and_orders_arriving_on_it_are_rejected() {
    let mut v = venue();
    v.on_quote(0, Level::new(10_002, 1.0), Level::new(10_001, 1.0))
        .unwrap();
    v.submit(OrderRequest::market(OrderSide::Buy, 1.0)).unwrap();
    v.advance_to(1).unwrap();
    assert_eq!(drain(&mut v)[0].reason, Some(RejectReason::CrossedBook));
    v.on_quote(2, Level::new(10_000, 1.0), Level::new(10_001, 1.0))
        .unwrap();
    v.submit(OrderRequest::market(OrderSide::Buy, 1.0)).unwrap();
    v.advance_to(3).unwrap();
    assert_eq!(fills(&drain(&mut v)), vec![(100.01, 1.0, Liquidity::Taker)]);
}

#[test]
fn bad_quotes_are_typed_errors_that_change_nothing() {
    let mut v = venue();
    v.on_quote(10, Level::new(10_000, 1.0), Level::new(10_001, 1.0))
        .unwrap();
    let bad = [
        (11, Level::new(10_000, f64::NAN), "SMC_NON_FINITE"),
        (11, Level::new(10_000, -1.0), "SMC_OUT_OF_RANGE"),
        (11, Level::new(i64::MAX, 1.0), "SMC_OUT_OF_RANGE"),
        (9, Level::new(10_000, 1.0), "SMC_UNORDERED"),
    ];
    for (ts, bid, code) in bad {
        let err = v.on_quote(ts, bid, Level::new(10_001, 1.0)).unwrap_err();
        assert_eq!(err.code(), code);
        assert_eq!(v.now(), 10);
        assert_eq!(v.book().unwrap().best_bid(), Some(Level::new(10_000, 1.0)));
    }
    let mut bars = SimVenue::bar(
        BarConfig::default(),
        VenueConfig::default(),
        Models::default(),
    )
    .unwrap();
    assert_eq!(
        bars.on_quote(0, Level::new(1, 1.0), Level::new(2, 1.0))
            .unwrap_err()
            .code(),
        "SMC_INVALID_STATE"
    );
}
