//! Scenario tests of the simulated exchange in L2 mode: matching, queues, latency, order types,
//! and bad input.

use smc_core::book::{Level, Side, TickSize};
use smc_core::exchange::*;

fn tick() -> TickSize {
    TickSize::parse("0.01").unwrap()
}

/// Bids 100.00 x 2, 99.99 x 3; asks 100.01 x 1, 100.02 x 2, 100.05 x 4.
fn book_levels() -> (Vec<Level>, Vec<Level>) {
    (
        vec![Level::new(10_000, 2.0), Level::new(9_999, 3.0)],
        vec![
            Level::new(10_001, 1.0),
            Level::new(10_002, 2.0),
            Level::new(10_005, 4.0),
        ],
    )
}

fn venue_with(models: Models, cfg: VenueConfig) -> SimVenue {
    let mut v = SimVenue::l2(tick(), cfg, models).unwrap();
    let (b, a) = book_levels();
    v.on_snapshot(0, &b, &a).unwrap();
    v
}

fn venue() -> SimVenue {
    venue_with(Models::default(), VenueConfig::default())
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
fn market_order_walks_the_book_and_consumes_liquidity_until_refresh() {
    let mut v = venue();
    let expected = v.book().unwrap().walk(Side::Ask, 2.5).unwrap();
    v.submit(OrderRequest::market(OrderSide::Buy, 2.5)).unwrap();
    v.advance_to(1).unwrap();
    let ev = drain(&mut v);
    let f = fills(&ev);
    assert_eq!(
        f,
        vec![
            (100.01, 1.0, Liquidity::Taker),
            (100.02, 1.5, Liquidity::Taker)
        ]
    );
    let cost: f64 = f.iter().map(|(p, q, _)| p * q).sum();
    assert!((cost - expected.cost).abs() < 1e-9);
    assert_eq!(v.consumed_at(Side::Ask, 10_002).unwrap(), 1.5);
    // A second order sees only what is left: 0.5 at 100.02, then 100.05.
    v.submit(OrderRequest::market(OrderSide::Buy, 1.0)).unwrap();
    v.advance_to(2).unwrap();
    assert_eq!(
        fills(&drain(&mut v)),
        vec![
            (100.02, 0.5, Liquidity::Taker),
            (100.05, 0.5, Liquidity::Taker)
        ]
    );
    // Market data refreshes 100.01: our consumption there is forgotten.
    v.on_level(3, Side::Ask, 10_001, 0.7).unwrap();
    assert_eq!(v.consumed_at(Side::Ask, 10_001).unwrap(), 0.0);
    assert_eq!(v.consumed_at(Side::Ask, 10_002).unwrap(), 2.0);
    v.submit(OrderRequest::market(OrderSide::Buy, 0.7)).unwrap();
    v.advance_to(4).unwrap();
    assert_eq!(fills(&drain(&mut v)), vec![(100.01, 0.7, Liquidity::Taker)]);
    assert!((v.position() - 4.2).abs() < 1e-12);
}

#[test]
fn orders_arrive_after_submit_latency_and_events_after_response_latency() {
    let models = Models {
        latency: Box::new(ConstantLatency::new(100, 50, 30).unwrap()),
        ..Models::default()
    };
    let mut v = venue_with(models, VenueConfig::default());
    v.advance_to(1_000).unwrap();
    let id = v
        .submit(OrderRequest::market(OrderSide::Sell, 1.0))
        .unwrap();
    // Before arrival the best bid drops: the order will meet the new book.
    v.on_level(1_050, Side::Bid, 10_000, 0.0).unwrap();
    assert_eq!(v.order(id).unwrap().status, OrderStatus::InFlight);
    v.advance_to(1_100).unwrap(); // arrives at 1100
    assert!(drain(&mut v).is_empty(), "responses take 30 ns more");
    v.advance_to(1_130).unwrap();
    let ev = drain(&mut v);
    assert_eq!(
        ev.iter().map(|e| e.kind).collect::<Vec<_>>(),
        vec![ExecKind::Accepted, ExecKind::Fill]
    );
    assert!(ev
        .iter()
        .all(|e| e.exchange_ns == 1_100 && e.receive_ns == 1_130));
    assert_eq!(fills(&ev), vec![(99.99, 1.0, Liquidity::Taker)]);
}

#[test]
fn resting_limit_waits_for_the_queue_ahead_under_the_risk_averse_model() {
    let mut v = venue();
    let id = v
        .submit(OrderRequest::limit(OrderSide::Buy, 1.0, 100.00))
        .unwrap();
    v.advance_to(1).unwrap();
    assert_eq!(v.queue_ahead(id), Some(2.0));
    // Cancels at our level do not advance a risk-averse order (the level grows, then shrinks
    // but stays above our queue ahead).
    v.on_level(2, Side::Bid, 10_000, 4.0).unwrap();
    v.on_level(3, Side::Bid, 10_000, 3.0).unwrap();
    assert_eq!(v.queue_ahead(id), Some(2.0));
    v.on_trade(4, 10_000, 1.5, OrderSide::Sell).unwrap();
    assert_eq!(v.queue_ahead(id), Some(0.5));
    assert!(fills(&drain(&mut v)).is_empty());
    v.on_trade(5, 10_000, 0.8, OrderSide::Sell).unwrap(); // 0.3 beyond the queue
    let f = fills(&drain(&mut v));
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].0, f[0].2), (100.0, Liquidity::Maker));
    assert!((f[0].1 - 0.3).abs() < 1e-12);
    // A trade through our price fills the rest.
    v.on_trade(6, 9_999, 0.1, OrderSide::Sell).unwrap();
    let f = fills(&drain(&mut v));
    assert_eq!(f.len(), 1);
    assert!((f[0].1 - 0.7).abs() < 1e-12);
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Filled);
    assert!(v.working_orders().is_empty());
}

#[test]
fn prob_queue_advances_on_cancellations() {
    let models = Models {
        queue: Box::new(ProbQueue::power(1.0).unwrap()),
        ..Models::default()
    };
    let mut v = venue_with(models, VenueConfig::default());
    let id = v
        .submit(OrderRequest::limit(OrderSide::Buy, 1.0, 100.00))
        .unwrap();
    v.advance_to(1).unwrap();
    v.on_level(2, Side::Bid, 10_000, 4.0).unwrap(); // 2 ahead, 2 behind (others')
    v.on_level(3, Side::Bid, 10_000, 2.0).unwrap(); // 2 cancelled, half of it ahead (p = 2/4)
    assert!((v.queue_ahead(id).unwrap() - 1.0).abs() < 1e-12);
}

#[test]
fn opposite_side_reaching_our_price_fills_the_resting_order() {
    let mut v = venue();
    let id = v
        .submit(OrderRequest::limit(OrderSide::Sell, 0.5, 100.03))
        .unwrap();
    v.advance_to(1).unwrap();
    v.on_level(2, Side::Bid, 10_003, 0.2).unwrap();
    assert_eq!(fills(&drain(&mut v)), vec![(100.03, 0.5, Liquidity::Maker)]);
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Filled);
}

#[test]
fn marketable_limit_takes_then_rests_and_post_only_is_rejected() {
    let mut v = venue();
    let id = v
        .submit(OrderRequest::limit(OrderSide::Buy, 2.0, 100.01))
        .unwrap();
    v.advance_to(1).unwrap();
    assert_eq!(fills(&drain(&mut v)), vec![(100.01, 1.0, Liquidity::Taker)]);
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Open);
    assert_eq!(v.queue_ahead(id), Some(0.0));
    let po = v
        .submit(OrderRequest::limit(OrderSide::Buy, 1.0, 100.02).post_only())
        .unwrap();
    v.advance_to(2).unwrap();
    let ev = drain(&mut v);
    assert_eq!(ev.len(), 1);
    assert_eq!(
        (ev[0].kind, ev[0].reason),
        (ExecKind::Rejected, Some(RejectReason::PostOnlyWouldTake))
    );
    assert_eq!(v.order(po).unwrap().status, OrderStatus::Rejected);
}

#[test]
fn fok_fills_fully_or_not_at_all_and_ioc_expires_the_rest() {
    let mut v = venue();
    let fok = v
        .submit(OrderRequest::limit(OrderSide::Buy, 3.5, 100.02).with_tif(TimeInForce::Fok))
        .unwrap();
    v.advance_to(1).unwrap();
    let ev = drain(&mut v);
    assert!(fills(&ev).is_empty());
    assert_eq!(ev[0].reason, Some(RejectReason::FokUnfillable));
    assert_eq!(v.order(fok).unwrap().status, OrderStatus::Rejected);
    let ioc = v
        .submit(OrderRequest::limit(OrderSide::Buy, 3.5, 100.02).with_tif(TimeInForce::Ioc))
        .unwrap();
    v.advance_to(2).unwrap();
    let ev = drain(&mut v);
    assert_eq!(fills(&ev).iter().map(|f| f.1).sum::<f64>(), 3.0);
    let last = ev.last().unwrap();
    assert_eq!((last.kind, last.qty), (ExecKind::Expired, 0.5));
    assert_eq!(v.order(ioc).unwrap().status, OrderStatus::Expired);
    let fok2 = v
        .submit(OrderRequest::market(OrderSide::Buy, 4.0).with_tif(TimeInForce::Fok))
        .unwrap();
    v.advance_to(3).unwrap();
    assert_eq!(fills(&drain(&mut v)), vec![(100.05, 4.0, Liquidity::Taker)]);
    assert_eq!(v.order(fok2).unwrap().status, OrderStatus::Filled);
}

#[test]
fn reduce_only_is_checked_on_entry_and_capped_at_execution() {
    let mut v = venue();
    let err = v
        .submit(OrderRequest::market(OrderSide::Sell, 1.0).reduce_only())
        .unwrap_err();
    assert_eq!(err.code(), "SMC_INVALID_STATE");
    v.submit(OrderRequest::market(OrderSide::Buy, 0.4)).unwrap();
    v.advance_to(1).unwrap();
    let id = v
        .submit(OrderRequest::market(OrderSide::Sell, 1.0).reduce_only())
        .unwrap();
    v.advance_to(2).unwrap();
    assert_eq!(fills(&drain(&mut v)).last().unwrap().1, 0.4);
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Filled);
    assert_eq!(v.position(), 0.0);
    // Reduce-only buy on a flat position also refused.
    assert_eq!(
        v.submit(OrderRequest::market(OrderSide::Buy, 1.0).reduce_only())
            .unwrap_err()
            .code(),
        "SMC_INVALID_STATE"
    );
}

#[test]
fn cancels_and_amends_follow_the_order_lifecycle() {
    let mut v = venue();
    assert_eq!(v.cancel(42).unwrap_err().code(), "SMC_NOT_FOUND");
    let id = v
        .submit(OrderRequest::limit(OrderSide::Buy, 1.0, 99.98))
        .unwrap();
    v.advance_to(1).unwrap();
    v.cancel(id).unwrap();
    assert_eq!(v.cancel(id).unwrap_err().code(), "SMC_INVALID_STATE");
    v.advance_to(2).unwrap();
    let ev = drain(&mut v);
    assert_eq!(ev.last().unwrap().kind, ExecKind::Cancelled);
    assert_eq!(v.cancel(id).unwrap_err().code(), "SMC_INVALID_STATE");
    assert_eq!(
        v.amend(id, Some(99.0), None).unwrap_err().code(),
        "SMC_INVALID_STATE"
    );

    // Amend: a quantity decrease keeps the queue, a price change re-queues.
    let a = v
        .submit(OrderRequest::limit(OrderSide::Buy, 2.0, 100.00))
        .unwrap();
    v.advance_to(3).unwrap();
    v.on_trade(4, 10_000, 1.0, OrderSide::Sell).unwrap();
    assert_eq!(v.queue_ahead(a), Some(1.0));
    v.amend(a, None, Some(1.5)).unwrap();
    v.advance_to(5).unwrap();
    assert_eq!(v.queue_ahead(a), Some(1.0));
    assert_eq!(v.order(a).unwrap().leaves_qty, 1.5);
    v.amend(a, Some(99.99), None).unwrap();
    v.advance_to(6).unwrap();
    assert_eq!(v.queue_ahead(a), Some(3.0));
    assert_eq!(
        v.amend(a, Some(f64::NAN), None).unwrap_err().code(),
        "SMC_NON_FINITE"
    );
    assert_eq!(
        v.amend(a, Some(99.991), None).unwrap_err().code(),
        "SMC_INVALID_INPUT"
    );
    assert_eq!(
        v.amend(a, None, None).unwrap_err().code(),
        "SMC_INVALID_INPUT"
    );
}

#[test]
fn cancel_racing_a_fill_is_refused_by_the_engine() {
    let models = Models {
        latency: Box::new(ConstantLatency::new(0, 10, 0).unwrap()),
        ..Models::default()
    };
    let mut v = venue_with(models, VenueConfig::default());
    let id = v
        .submit(OrderRequest::limit(OrderSide::Sell, 0.5, 100.01))
        .unwrap();
    v.advance_to(1).unwrap();
    v.cancel(id).unwrap(); // arrives at 11
    v.on_trade(5, 10_002, 1.0, OrderSide::Buy).unwrap(); // through our price at 5
    v.advance_to(11).unwrap();
    let ev = drain(&mut v);
    assert_eq!(ev.last().unwrap().kind, ExecKind::CancelRejected);
    assert_eq!(
        ev.last().unwrap().reason,
        Some(RejectReason::TooLateToCancel)
    );
}

#[test]
fn day_orders_expire_at_the_session_end() {
    let day = 86_400_000_000_000i64;
    let cfg = VenueConfig {
        session_end_offset_ns: 3_600_000_000_000,
        ..VenueConfig::default()
    };
    let mut v = venue_with(Models::default(), cfg);
    v.advance_to(day).unwrap();
    let id = v
        .submit(OrderRequest::limit(OrderSide::Buy, 1.0, 99.0).with_tif(TimeInForce::Day))
        .unwrap();
    v.advance_to(day + 3_599_999_999_999).unwrap();
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Open);
    v.on_level(day + 3_600_000_000_000, Side::Bid, 9_000, 1.0)
        .unwrap();
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Expired);
}

#[test]
fn crossed_and_stale_books_are_typed_errors_or_rejections() {
    let mut v = SimVenue::l2(
        tick(),
        VenueConfig {
            max_book_age_ns: Some(100),
            ..VenueConfig::default()
        },
        Models::default(),
    )
    .unwrap();
    // No book yet.
    v.submit(OrderRequest::market(OrderSide::Buy, 1.0)).unwrap();
    v.advance_to(0).unwrap();
    assert_eq!(drain(&mut v)[0].reason, Some(RejectReason::StaleBook));
    let err = v
        .on_snapshot(1, &[Level::new(10_002, 1.0)], &[Level::new(10_001, 1.0)])
        .unwrap_err();
    assert_eq!(err.code(), "SMC_CROSSED_BOOK");
    let (b, a) = book_levels();
    v.on_snapshot(2, &b, &a).unwrap();
    v.on_level(3, Side::Bid, 10_003, 1.0).unwrap(); // the stream crosses the book
    v.submit(OrderRequest::market(OrderSide::Buy, 1.0)).unwrap();
    v.advance_to(4).unwrap();
    let ev = drain(&mut v);
    assert_eq!(ev[0].reason, Some(RejectReason::CrossedBook));
    assert_eq!(ev[0].reason.unwrap().code(), "SMC_CROSSED_BOOK");
    v.on_level(5, Side::Bid, 10_003, 0.0).unwrap();
    v.advance_to(500).unwrap();
    v.submit(OrderRequest::market(OrderSide::Buy, 1.0)).unwrap();
    v.advance_to(501).unwrap();
    assert_eq!(drain(&mut v)[0].reason, Some(RejectReason::StaleBook));
}

#[test]
fn bad_market_data_and_orders_never_panic() {
    let mut v = venue();
    assert_eq!(
        v.on_level(1, Side::Bid, 10_000, f64::NAN)
            .unwrap_err()
            .code(),
        "SMC_NON_FINITE"
    );
    assert_eq!(
        v.on_level(1, Side::Bid, 10_000, -1.0).unwrap_err().code(),
        "SMC_OUT_OF_RANGE"
    );
    assert_eq!(
        v.on_trade(1, 10_000, 0.0, OrderSide::Buy)
            .unwrap_err()
            .code(),
        "SMC_OUT_OF_RANGE"
    );
    v.advance_to(10).unwrap();
    assert_eq!(
        v.on_level(9, Side::Bid, 10_000, 1.0).unwrap_err().code(),
        "SMC_UNORDERED"
    );
    assert_eq!(
        v.submit(OrderRequest::limit(OrderSide::Buy, 0.0, 100.0))
            .unwrap_err()
            .code(),
        "SMC_OUT_OF_RANGE"
    );
    assert_eq!(
        v.submit(OrderRequest::limit(OrderSide::Buy, -2.0, 100.0))
            .unwrap_err()
            .code(),
        "SMC_OUT_OF_RANGE"
    );
    assert_eq!(
        v.submit(OrderRequest::limit(OrderSide::Buy, 1.0, f64::NAN))
            .unwrap_err()
            .code(),
        "SMC_NON_FINITE"
    );
    assert_eq!(
        v.submit(OrderRequest::limit(OrderSide::Buy, 1.0, 100.001))
            .unwrap_err()
            .code(),
        "SMC_INVALID_INPUT"
    );
    assert_eq!(v.order(7).unwrap_err().code(), "SMC_NOT_FOUND");
    let batch = MarketBatch {
        kind: &[0, 9],
        ts_ns: &[10, 11],
        ticks: &[1, 2],
        qty: &[1.0, 1.0],
    };
    assert_eq!(
        v.on_market_batch(&batch).unwrap_err().code(),
        "SMC_INVALID_INPUT"
    );
    let batch = MarketBatch {
        kind: &[0, 1],
        ts_ns: &[12, 11],
        ticks: &[1, 2],
        qty: &[1.0, 1.0],
    };
    assert_eq!(
        v.on_market_batch(&batch).unwrap_err().code(),
        "SMC_UNORDERED"
    );
    let batch = MarketBatch {
        kind: &[0],
        ts_ns: &[12, 13],
        ticks: &[1],
        qty: &[1.0],
    };
    assert_eq!(
        v.on_market_batch(&batch).unwrap_err().code(),
        "SMC_LENGTH_MISMATCH"
    );
    assert_eq!(
        v.on_bar(&Bar {
            open_ns: 20,
            close_ns: 30,
            open: 1.0,
            high: 1.0,
            low: 1.0,
            close: 1.0,
            volume: 1.0
        })
        .unwrap_err()
        .code(),
        "SMC_INVALID_STATE"
    );
}

#[test]
fn fees_are_charged_per_fill_with_maker_rebates() {
    let models = Models {
        fees: Box::new(MakerTakerFees::new(-0.5, 4.0, 0.1).unwrap()),
        ..Models::default()
    };
    let mut v = venue_with(models, VenueConfig::default());
    v.submit(OrderRequest::market(OrderSide::Buy, 2.0)).unwrap();
    let id = v
        .submit(OrderRequest::limit(OrderSide::Sell, 1.0, 100.10))
        .unwrap();
    v.advance_to(1).unwrap();
    v.on_trade(2, 10_011, 1.0, OrderSide::Buy).unwrap();
    let ev = drain(&mut v);
    let fees: Vec<f64> = ev
        .iter()
        .filter(|e| e.kind == ExecKind::Fill)
        .map(|e| e.fee)
        .collect();
    // Taker: 100.01 * 1 * 4bp + 0.1 fixed; 100.02 * 1 * 4bp (same order); maker rebate + fixed.
    let expect = [100.01 * 4e-4 + 0.1, 100.02 * 4e-4, -100.10 * 0.5e-4 + 0.1];
    for (f, e) in fees.iter().zip(expect) {
        assert!((f - e).abs() < 1e-12, "{f} vs {e}");
    }
    assert!((v.order(id).unwrap().fees - expect[2]).abs() < 1e-12);
}

/// The user-model example of docs/api/simulated-exchange.md: cancellations come from ahead in
/// a fixed share.
struct FixedShare(f64);

impl QueueModel for FixedShare {
    fn on_level_change(
        &self,
        pos: &mut QueuePosition,
        new_qty: f64,
        _rng: &mut smc_core::rng::Rng,
    ) {
        let cancelled = (pos.level_qty - new_qty - pos.traded_since_update).max(0.0);
        pos.ahead = (pos.ahead - self.0 * cancelled).clamp(0.0, new_qty);
    }

    fn name(&self) -> &str {
        "fixed_share"
    }
}

#[test]
fn a_user_queue_model_plugs_in_through_the_trait() {
    let models = Models {
        queue: Box::new(FixedShare(0.25)),
        ..Models::default()
    };
    let mut v = venue_with(models, VenueConfig::default());
    let id = v
        .submit(OrderRequest::limit(OrderSide::Buy, 1.0, 100.00))
        .unwrap();
    v.advance_to(1).unwrap();
    v.on_level(2, Side::Bid, 10_000, 6.0).unwrap();
    v.on_level(3, Side::Bid, 10_000, 2.0).unwrap(); // 4 cancelled, a quarter ahead
    assert!((v.queue_ahead(id).unwrap() - 1.0).abs() < 1e-12);
}

#[test]
fn engine_refuses_cancels_before_arrival_and_amends_below_the_filled_quantity() {
    // Cancels travel faster than orders here: the cancel reaches the engine first.
    let models = Models {
        latency: Box::new(ConstantLatency::new(100, 10, 0).unwrap()),
        ..Models::default()
    };
    let mut v = venue_with(models, VenueConfig::default());
    let id = v
        .submit(OrderRequest::limit(OrderSide::Sell, 2.0, 100.03))
        .unwrap();
    v.cancel(id).unwrap();
    v.advance_to(200).unwrap();
    let ev = drain(&mut v);
    assert_eq!(ev[0].kind, ExecKind::CancelRejected);
    assert_eq!(ev[0].reason, Some(RejectReason::NotYetArrived));
    assert_eq!(ev[1].kind, ExecKind::Accepted);
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Open);
    // Fill 1.5 of 2 by a trade through, then try to amend the total to 1.0.
    v.on_trade(300, 10_003, 1.5, OrderSide::Buy).unwrap();
    v.on_trade(301, 10_004, 0.1, OrderSide::Buy).unwrap();
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Filled);
    assert_eq!(
        v.amend(id, None, Some(1.0)).unwrap_err().code(),
        "SMC_INVALID_STATE"
    );
    let b = v
        .submit(OrderRequest::limit(OrderSide::Sell, 2.0, 100.04))
        .unwrap();
    v.advance_to(500).unwrap();
    v.on_level(501, Side::Ask, 10_004, 0.5).unwrap(); // ahead 0 -> 0.5 behind us, ahead capped
    v.on_trade(502, 10_004, 0.5, OrderSide::Buy).unwrap();
    assert!(v.order(b).unwrap().filled_qty > 0.0);
    v.amend(b, None, Some(0.1)).unwrap();
    v.advance_to(700).unwrap();
    let ev = drain(&mut v);
    let last = ev.last().unwrap();
    assert_eq!(
        (last.kind, last.reason),
        (
            ExecKind::CancelRejected,
            Some(RejectReason::AmendBelowFilled)
        )
    );
}

#[test]
fn available_levels_are_the_book_minus_our_own_consumption() {
    let mut v = venue();
    v.submit(OrderRequest::market(OrderSide::Buy, 1.5)).unwrap();
    v.advance_to(1).unwrap();
    assert_eq!(
        v.available_levels(Side::Ask, 10).unwrap(),
        vec![Level::new(10_002, 1.5), Level::new(10_005, 4.0)]
    );
    assert_eq!(
        v.available_levels(Side::Bid, 1).unwrap(),
        vec![Level::new(10_000, 2.0)]
    );
    let bars = SimVenue::bar(
        BarConfig::default(),
        VenueConfig::default(),
        Models::default(),
    );
    assert_eq!(
        bars.unwrap()
            .available_levels(Side::Ask, 1)
            .unwrap_err()
            .code(),
        "SMC_INVALID_STATE"
    );
}

#[test]
fn a_cancel_racing_a_fill_the_client_has_not_received_is_refused_on_arrival_not_thrown() {
    // submit 100 ns, cancel 10 ns, response 50 ns.
    let models = Models {
        latency: Box::new(ConstantLatency::new(100, 10, 50).unwrap()),
        ..Models::default()
    };
    let mut v = venue_with(models, VenueConfig::default());
    let id = v.submit(OrderRequest::market(OrderSide::Buy, 0.5)).unwrap();
    // At 120 the order has filled at the engine (at 100) but the client hears of it at 150.
    v.advance_to(120).unwrap();
    assert!(drain(&mut v).is_empty());
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Filled);
    v.cancel(id)
        .expect("the client cannot know the order is done yet");
    v.advance_to(500).unwrap();
    let ev = drain(&mut v);
    let kinds: Vec<_> = ev.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![ExecKind::Accepted, ExecKind::Fill, ExecKind::CancelRejected]
    );
    assert_eq!(ev[2].reason, Some(RejectReason::TooLateToCancel));
    // Once the final event has been received, a cancel is the client's mistake.
    let again = v.cancel(id).unwrap_err();
    assert_eq!(again.code(), "SMC_INVALID_STATE");
}
