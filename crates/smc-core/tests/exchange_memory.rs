//! The simulated venue's memory is bounded by the orders it keeps, not by the orders it was
//! ever sent: finished orders beyond `max_finished_orders` are dropped, working ones never.

use smc_core::book::{Level, TickSize};
use smc_core::exchange::*;

fn tick() -> TickSize {
    TickSize::parse("0.01").unwrap()
}

fn l2(max_finished_orders: usize, models: Models) -> SimVenue {
    let cfg = VenueConfig {
        max_finished_orders,
        ..VenueConfig::default()
    };
    let mut v = SimVenue::l2(tick(), cfg, models).unwrap();
    v.on_snapshot(0, &[Level::new(10_000, 1e9)], &[Level::new(10_001, 1e9)])
        .unwrap();
    v
}

fn drain(v: &mut SimVenue) -> Vec<ExecEvent> {
    let mut out = Vec::new();
    v.drain_events(&mut out);
    out
}

fn code(r: Result<impl Sized, smc_core::SmcError>) -> &'static str {
    r.err().map_or("ok", |e| e.code())
}

#[test]
fn finished_orders_are_dropped_beyond_the_bound_and_working_ones_kept() {
    let mut v = l2(100, Models::default());
    // A working order submitted first: the window of kept orders must not be pinned by it.
    let resting = v
        .submit(OrderRequest::limit(OrderSide::Buy, 1.0, 90.0))
        .unwrap();
    let mut t = 0;
    for k in 0..20_000u32 {
        let id = v
            .submit(OrderRequest::market(OrderSide::Buy, 0.001))
            .unwrap();
        // Ids stay dense and unique: the next one, whatever was dropped.
        assert_eq!(id, k + 1);
        t += 1;
        v.advance_to(t).unwrap();
        assert_eq!(drain(&mut v).last().unwrap().kind, ExecKind::Fill);
        assert!(v.kept_orders() <= 102, "kept {}", v.kept_orders());
    }
    assert_eq!(v.order_count(), 20_001);
    // Dropping happens at the next submit: 100 finished, the working one, the last to finish.
    assert_eq!(v.kept_orders(), 102);
    // The working order is still there and can be acted on.
    assert_eq!(v.order(resting).unwrap().status, OrderStatus::Open);
    assert_eq!(v.working_orders(), &[resting]);
    v.cancel(resting).unwrap();
    // The last 101 finished orders are kept (100, and the last one until the next submit);
    // older ones answer NotFound, not a panic.
    assert_eq!(
        v.order(20_000).unwrap().status,
        OrderStatus::Filled,
        "the newest is kept"
    );
    assert_eq!(v.order(19_900).unwrap().status, OrderStatus::Filled);
    let gone = v.order(19_899).unwrap_err();
    assert_eq!(gone.code(), "SMC_NOT_FOUND");
    assert!(gone.to_string().contains("no longer kept"), "{gone}");
    assert_eq!(code(v.order(1)), "SMC_NOT_FOUND");
    assert_eq!(code(v.cancel(1)), "SMC_NOT_FOUND");
    assert_eq!(code(v.amend(1, Some(100.0), None)), "SMC_NOT_FOUND");
    // An id never handed out is NotFound too, with the plain message.
    assert!(!v.order(20_001).unwrap_err().to_string().contains("kept"));
}

#[test]
fn the_default_bound_is_documented_and_reported_drops_are_the_oldest_finished() {
    assert_eq!(
        VenueConfig::default().max_finished_orders,
        VenueConfig::DEFAULT_MAX_FINISHED_ORDERS
    );
    let mut v = l2(2, Models::default());
    // Finish in the order 1, 0, 2 (0 rests until cancelled), then see who is dropped.
    let a = v
        .submit(OrderRequest::limit(OrderSide::Buy, 1.0, 90.0))
        .unwrap();
    let b = v.submit(OrderRequest::market(OrderSide::Buy, 1.0)).unwrap();
    v.advance_to(1).unwrap();
    v.cancel(a).unwrap();
    v.advance_to(2).unwrap();
    let c = v.submit(OrderRequest::market(OrderSide::Buy, 1.0)).unwrap();
    v.advance_to(3).unwrap();
    drain(&mut v);
    assert!(v.dropped_orders().is_empty());
    v.submit(OrderRequest::limit(OrderSide::Buy, 1.0, 90.0))
        .unwrap();
    assert_eq!(v.dropped_orders(), &[b], "b finished first");
    assert!(v.order(a).is_ok() && v.order(c).is_ok());
    // A submit that fails validation still drops (and reports) what is due.
    v.advance_to(4).unwrap();
    let d = v.submit(OrderRequest::market(OrderSide::Buy, 1.0)).unwrap();
    v.advance_to(5).unwrap();
    drain(&mut v);
    assert_eq!(
        code(v.submit(OrderRequest::market(OrderSide::Buy, -1.0))),
        "SMC_OUT_OF_RANGE"
    );
    assert_eq!(v.dropped_orders(), &[a]);
    assert!(v.order(c).is_ok() && v.order(d).is_ok());
}

#[test]
fn an_order_is_kept_while_its_events_are_undrained_or_a_request_on_it_is_in_flight() {
    // Cancels take 100 ns, responses 10: a cancel sent before the fill reached the client
    // arrives after the client has drained the fill.
    let models = Models {
        latency: Box::new(ConstantLatency::new(0, 100, 10).unwrap()),
        ..Models::default()
    };
    let mut v = l2(0, models);
    let id = v.submit(OrderRequest::market(OrderSide::Buy, 1.0)).unwrap();
    v.advance_to(5).unwrap(); // filled at 0, received at 10
    v.cancel(id).unwrap(); // the client does not know yet: accepted, arrives at 105
    v.advance_to(10).unwrap();
    assert_eq!(drain(&mut v).last().unwrap().kind, ExecKind::Fill);
    // Bound 0, the fill drained, but the cancel is in flight: kept.
    v.submit(OrderRequest::limit(OrderSide::Buy, 1.0, 90.0))
        .unwrap();
    assert!(v.dropped_orders().is_empty());
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Filled);
    // The cancel arrives (105) and is refused; its event is received at 115.
    v.advance_to(110).unwrap();
    v.submit(OrderRequest::limit(OrderSide::Buy, 1.0, 90.0))
        .unwrap();
    assert!(
        v.dropped_orders().is_empty(),
        "its refusal is not drained yet"
    );
    v.advance_to(115).unwrap();
    let ev: Vec<ExecEvent> = drain(&mut v)
        .into_iter()
        .filter(|e| e.order == id)
        .collect();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].kind, ExecKind::CancelRejected);
    assert_eq!(ev[0].reason, Some(RejectReason::TooLateToCancel));
    v.submit(OrderRequest::limit(OrderSide::Buy, 1.0, 90.0))
        .unwrap();
    assert_eq!(v.dropped_orders(), &[id]);
    assert_eq!(code(v.order(id)), "SMC_NOT_FOUND");
    // Nothing else about it ever comes back.
    v.advance_to(1_000).unwrap();
    assert!(drain(&mut v).iter().all(|e| e.order != id));
}

#[test]
fn bar_mode_drops_finished_orders_after_their_events() {
    let cfg = VenueConfig {
        max_finished_orders: 3,
        ..VenueConfig::default()
    };
    let mut v = SimVenue::bar(BarConfig::default(), cfg, Models::default()).unwrap();
    let min = 60_000_000_000i64;
    let resting = v
        .submit(OrderRequest::limit(OrderSide::Buy, 1.0, 50.0))
        .unwrap();
    for k in 0..1_000i64 {
        let id = v
            .submit(OrderRequest::market(OrderSide::Sell, 1.0))
            .unwrap();
        v.on_bar(&Bar {
            open_ns: k * min,
            close_ns: (k + 1) * min,
            open: 100.0,
            high: 101.0,
            low: 99.0,
            close: 100.0,
            volume: 10.0,
        })
        .unwrap();
        let ev = drain(&mut v);
        assert!(ev.iter().any(|e| e.order == id && e.kind == ExecKind::Fill));
        assert!(v.kept_orders() <= 5, "kept {}", v.kept_orders());
    }
    assert_eq!(v.order(resting).unwrap().status, OrderStatus::Open);
    assert_eq!(code(v.order(1)), "SMC_NOT_FOUND");
    assert!(v.order(1_000).is_ok());
}
