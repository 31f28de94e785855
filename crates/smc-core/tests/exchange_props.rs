//! Properties of the simulated exchange over random market data and random order flow.

use proptest::prelude::*;
use smc_core::book::{Level, Side, TickSize};
use smc_core::exchange::*;

fn tick() -> TickSize {
    TickSize::parse("0.01").unwrap()
}

#[derive(Debug, Clone)]
enum Step {
    Level {
        bid: bool,
        offset: i64,
        qty: f64,
    },
    Trade {
        offset: i64,
        qty: f64,
        buy: bool,
    },
    Submit {
        buy: bool,
        market: bool,
        offset: i64,
        qty: f64,
        tif: u8,
        post_only: bool,
    },
    Cancel {
        pick: usize,
    },
    Amend {
        pick: usize,
        offset: i64,
        qty: f64,
    },
    Wait {
        ns: i64,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (any::<bool>(), 0i64..6, 0.0f64..5.0).prop_map(|(bid, offset, qty)| Step::Level { bid, offset, qty }),
        2 => (-5i64..6, 0.01f64..3.0, any::<bool>()).prop_map(|(offset, qty, buy)| Step::Trade { offset, qty, buy }),
        3 => (any::<bool>(), any::<bool>(), -4i64..5, 0.01f64..4.0, 0u8..4, any::<bool>())
            .prop_map(|(buy, market, offset, qty, tif, post_only)| Step::Submit { buy, market, offset, qty, tif, post_only }),
        1 => (0usize..64).prop_map(|pick| Step::Cancel { pick }),
        1 => (0usize..64, -3i64..4, 0.01f64..4.0).prop_map(|(pick, offset, qty)| Step::Amend { pick, offset, qty }),
        1 => (0i64..50).prop_map(|ns| Step::Wait { ns }),
    ]
}

fn queue_model(k: u8) -> Box<dyn QueueModel> {
    match k % 4 {
        0 => Box::new(RiskAverseQueue),
        1 => Box::new(ProbQueue::power(2.0).unwrap()),
        2 => Box::new(ProbQueue::log()),
        _ => Box::new(ProbQueue::power(3.0).unwrap().sampled()),
    }
}

/// Runs a script; returns the venue and every event (errors of the synchronous API are fine,
/// panics are not).
fn run(
    steps: &[Step],
    queue: u8,
    latency: (i64, i64, i64),
    seed: u64,
) -> (SimVenue, Vec<ExecEvent>) {
    let (v, events, _) = run_kept(steps, queue, latency, seed, usize::MAX);
    (v, events)
}

/// [`run`] on a venue keeping at most `max_finished_orders` finished orders; also returns the
/// outcome of every step (`"ok"` or the error code).
fn run_kept(
    steps: &[Step],
    queue: u8,
    latency: (i64, i64, i64),
    seed: u64,
    max_finished_orders: usize,
) -> (SimVenue, Vec<ExecEvent>, Vec<&'static str>) {
    let models = Models {
        queue: queue_model(queue),
        latency: Box::new(ConstantLatency::new(latency.0, latency.1, latency.2).unwrap()),
        fees: Box::new(MakerTakerFees::new(-0.2, 3.0, 0.0).unwrap()),
        ..Models::default()
    };
    let cfg = VenueConfig {
        seed,
        max_finished_orders,
        ..VenueConfig::default()
    };
    let mut v = SimVenue::l2(tick(), cfg, models).unwrap();
    let mut outcomes = Vec::with_capacity(steps.len());
    let mid = 10_000i64;
    let bids: Vec<Level> = (1..=5).map(|k| Level::new(mid - k, k as f64)).collect();
    let asks: Vec<Level> = (1..=5).map(|k| Level::new(mid + k, k as f64)).collect();
    v.on_snapshot(0, &bids, &asks).unwrap();
    let mut t = 0i64;
    let mut events = Vec::new();
    for s in steps {
        t += 7;
        let n = v.order_count().max(1);
        let outcome = match *s {
            Step::Level { bid, offset, qty } => {
                let (side, ticks) = if bid {
                    (Side::Bid, mid - 1 - offset)
                } else {
                    (Side::Ask, mid + 1 + offset)
                };
                v.on_level(t, side, ticks, qty)
            }
            Step::Trade { offset, qty, buy } => v.on_trade(
                t,
                mid + offset,
                qty,
                if buy { OrderSide::Buy } else { OrderSide::Sell },
            ),
            Step::Submit {
                buy,
                market,
                offset,
                qty,
                tif,
                post_only,
            } => {
                let side = if buy { OrderSide::Buy } else { OrderSide::Sell };
                let tif = [
                    TimeInForce::Gtc,
                    TimeInForce::Ioc,
                    TimeInForce::Fok,
                    TimeInForce::Day,
                ][tif as usize];
                let mut req = if market {
                    OrderRequest::market(side, qty).with_tif(if tif == TimeInForce::Fok {
                        tif
                    } else {
                        TimeInForce::Ioc
                    })
                } else {
                    OrderRequest::limit(side, qty, tick().ticks_to_price(mid + offset))
                        .with_tif(tif)
                };
                req.post_only = post_only && !market;
                v.submit(req).map(|_| ())
            }
            Step::Cancel { pick } => v.cancel((pick % n) as OrderId),
            Step::Amend { pick, offset, qty } => v.amend(
                (pick % n) as OrderId,
                Some(tick().ticks_to_price(mid + offset)),
                Some(qty),
            ),
            Step::Wait { ns } => v.advance_to(t + ns).map(|()| t += ns),
        };
        outcomes.push(outcome.err().map_or("ok", |e| e.code()));
        v.drain_events(&mut events);
    }
    v.advance_to(t + 1_000).unwrap();
    v.drain_events(&mut events);
    (v, events, outcomes)
}

/// An event's fields as exact bit patterns: kind, order, times, then price, qty, fee, leaves.
type EventBits = (u8, u32, i64, i64, u64, u64, u64, u64);

fn bits(events: &[ExecEvent]) -> Vec<EventBits> {
    events
        .iter()
        .map(|e| {
            (
                e.kind.as_u8(),
                e.order,
                e.exchange_ns,
                e.receive_ns,
                e.price.to_bits(),
                e.qty.to_bits(),
                e.fee.to_bits(),
                e.leaves_qty.to_bits(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn fills_never_exceed_order_qty_and_order_types_hold(
        steps in prop::collection::vec(step(), 1..120),
        queue in 0u8..4,
        lat in (0i64..20, 0i64..20, 0i64..20),
    ) {
        let (v, events) = run(&steps, queue, lat, 7);
        let mut filled = vec![0.0f64; v.order_count()];
        for e in &events {
            prop_assert!(e.receive_ns >= e.exchange_ns);
            if e.kind == ExecKind::Fill {
                prop_assert!(e.qty > 0.0 && e.price.is_finite());
                filled[e.order as usize] += e.qty;
                let o = v.order(e.order).unwrap();
                // Post-only never takes.
                if o.request.post_only {
                    prop_assert_eq!(e.liquidity, Some(Liquidity::Maker));
                }
            }
        }
        for (id, &done) in filled.iter().enumerate() {
            let o = v.order(id as OrderId).unwrap();
            let total = o.request.qty;
            prop_assert!(done <= total * (1.0 + 1e-12), "order {} filled {} of {}", id, done, total);
            prop_assert!((done - o.filled_qty).abs() <= 1e-9);
            prop_assert!(o.leaves_qty >= 0.0);
            // FOK: all or nothing.
            if o.request.tif == TimeInForce::Fok {
                prop_assert!(o.filled_qty == 0.0 || (o.filled_qty - total).abs() <= 1e-9 * total);
            }
        }
    }

    #[test]
    fn same_inputs_and_seed_give_the_same_events_bit_for_bit(
        steps in prop::collection::vec(step(), 1..120),
        queue in 0u8..4,
        seed in any::<u64>(),
    ) {
        let (_, a) = run(&steps, queue, (3, 5, 2), seed);
        let (_, b) = run(&steps, queue, (3, 5, 2), seed);
        prop_assert_eq!(bits(&a), bits(&b));
    }

    /// Dropping finished orders changes no event; the only calls that answer differently are
    /// those on dropped orders, which fail either way (NotFound instead of InvalidState: the
    /// client had received their final event).
    #[test]
    fn dropping_finished_orders_changes_no_event(
        steps in prop::collection::vec(step(), 1..160),
        queue in 0u8..4,
        lat in (0i64..20, 0i64..20, 0i64..20),
        keep in 0usize..4,
    ) {
        let (all, a, a_out) = run_kept(&steps, queue, lat, 7, usize::MAX);
        let (kept, b, b_out) = run_kept(&steps, queue, lat, 7, keep);
        prop_assert_eq!(bits(&a), bits(&b));
        for (x, y) in a_out.iter().zip(&b_out) {
            prop_assert!(x == y || (*x == "SMC_INVALID_STATE" && *y == "SMC_NOT_FOUND"), "{} vs {}", x, y);
        }
        prop_assert_eq!(all.order_count(), kept.order_count());
        prop_assert_eq!(all.working_orders(), kept.working_orders());
        for id in 0..all.order_count() as OrderId {
            let full = all.order(id).unwrap();
            match kept.order(id) {
                // (Debug: market orders carry a NaN price.)
                Ok(o) => prop_assert_eq!(format!("{o:?}"), format!("{full:?}")),
                Err(e) => prop_assert!(e.code() == "SMC_NOT_FOUND" && full.status.is_done()),
            }
        }
        // Everything has been drained and nothing is in flight: the next submit keeps `keep`
        // finished orders, the working ones and itself.
        let mut kept = kept;
        kept.submit(OrderRequest::limit(OrderSide::Buy, 1.0, 1.0)).unwrap();
        prop_assert!(kept.kept_orders() <= keep + kept.working_orders().len() + 1);
    }

    #[test]
    fn market_order_fill_cost_equals_walking_the_book(
        asks in prop::collection::vec((1i64..40, 0.01f64..5.0), 1..20),
        qty in 0.01f64..30.0,
    ) {
        let levels: Vec<Level> = asks.iter().map(|&(t, q)| Level::new(10_000 + t, q)).collect();
        let mut v = SimVenue::l2(tick(), VenueConfig::default(), Models::default()).unwrap();
        v.on_snapshot(0, &[Level::new(10_000, 1.0)], &levels).unwrap();
        let walk = v.book().unwrap().walk(Side::Ask, qty).unwrap();
        v.submit(OrderRequest::market(OrderSide::Buy, qty)).unwrap();
        v.advance_to(1).unwrap();
        let mut ev = Vec::new();
        v.drain_events(&mut ev);
        let (mut cost, mut got) = (0.0, 0.0);
        for e in ev.iter().filter(|e| e.kind == ExecKind::Fill) {
            cost += e.price * e.qty;
            got += e.qty;
        }
        prop_assert!((got - walk.filled_qty).abs() <= 1e-9 * (1.0 + qty));
        prop_assert!((cost - walk.cost).abs() <= 1e-9 * (1.0 + walk.cost));
    }

    #[test]
    fn risk_averse_queue_never_fills_before_the_queue_ahead_is_traded_through(
        ahead in 0.1f64..10.0,
        flow in prop::collection::vec((any::<bool>(), 0.01f64..3.0), 1..60),
        qty in 0.01f64..5.0,
    ) {
        let mut v = SimVenue::l2(tick(), VenueConfig::default(), Models::default()).unwrap();
        v.on_snapshot(0, &[Level::new(10_000, ahead)], &[Level::new(10_001, 1.0)]).unwrap();
        let id = v.submit(OrderRequest::limit(OrderSide::Buy, qty, 100.00)).unwrap();
        v.advance_to(1).unwrap();
        let (mut traded, mut level, mut t) = (0.0, ahead, 1);
        for (is_trade, q) in flow {
            t += 1;
            if is_trade {
                traded += q;
                v.on_trade(t, 10_000, q, OrderSide::Sell).unwrap();
            } else {
                // Others join behind: the level only grows, so it never caps our queue.
                level += q;
                v.on_level(t, Side::Bid, 10_000, level).unwrap();
            }
            let filled = v.order(id).unwrap().filled_qty;
            let expected = (traded - ahead).clamp(0.0, qty);
            prop_assert!((filled - expected).abs() <= 1e-9, "filled {} expected {}", filled, expected);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Extreme timestamps, prices, quantities and latencies: typed errors or results, no panic
    /// (overflow included: the tests run with debug assertions).
    #[test]
    fn extreme_inputs_never_panic(
        ts in prop::collection::vec(any::<i64>(), 1..20),
        qtys in prop::collection::vec(prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(-1.0), Just(0.0), Just(1e300), 0.0f64..10.0], 1..20),
        ticks in prop::collection::vec(prop_oneof![Just(i64::MAX), Just(i64::MIN), -5i64..5], 1..20),
        lat in prop_oneof![Just(0i64), Just(i64::MAX), 0i64..1000],
        age in prop_oneof![Just(None), Just(Some(0i64)), Just(Some(i64::MAX))],
        keep in prop_oneof![Just(0usize), Just(1usize), Just(usize::MAX)],
    ) {
        let models = Models {
            latency: Box::new(ConstantLatency::uniform(lat).unwrap()),
            fees: Box::new(TieredFees::new(vec![FeeTier { min_volume: 0.0, maker_bps: 1.0, taker_bps: 2.0 }], 1_000, 0.1).unwrap()),
            ..Models::default()
        };
        let cfg = VenueConfig { max_book_age_ns: age, session_end_offset_ns: 7, max_finished_orders: keep, ..VenueConfig::default() };
        let mut v = SimVenue::l2(tick(), cfg, models).unwrap();
        let _ = v.on_snapshot(i64::MIN, &[Level::new(-1, 1.0)], &[Level::new(1, 1.0)]);
        let mut sorted = ts.clone();
        sorted.sort_unstable();
        for (k, &t) in sorted.iter().enumerate() {
            let q = qtys[k % qtys.len()];
            let x = ticks[k % ticks.len()];
            let _ = v.on_level(t, if k % 2 == 0 { Side::Bid } else { Side::Ask }, x, q);
            let _ = v.on_trade(t, x, q, OrderSide::Sell);
            let _ = v.submit(OrderRequest::limit(OrderSide::Buy, q, tick().ticks_to_price(x)).with_tif(TimeInForce::Day));
            let _ = v.submit(OrderRequest::market(OrderSide::Sell, q));
            let _ = v.cancel(k as OrderId);
            let _ = v.amend(k as OrderId, Some(q), Some(q));
            let _ = v.advance_to(t);
            let mut out = Vec::new();
            v.drain_events(&mut out);
            for e in &out {
                prop_assert!(e.receive_ns >= e.exchange_ns && e.receive_ns <= v.now());
                prop_assert!(e.qty >= 0.0 && e.leaves_qty >= 0.0);
            }
        }
        let _ = InterpolatedLatency::from_feed_delays(&[i64::MIN, i64::MAX], &[i64::MAX, i64::MIN], lat);
        let mut bar = SimVenue::bar(BarConfig { max_volume_fraction: Some(0.5), ..BarConfig::default() }, VenueConfig { max_finished_orders: keep, ..VenueConfig::default() }, Models::default()).unwrap();
        for (k, &t) in sorted.iter().enumerate() {
            let p = qtys[k % qtys.len()];
            let _ = bar.submit(OrderRequest::limit(OrderSide::Sell, 1.0, p.abs().max(0.01)).with_tif(TimeInForce::Day));
            let _ = bar.on_bar(&Bar { open_ns: t, close_ns: t.saturating_add(1), open: p, high: p * 2.0, low: p / 2.0, close: p, volume: p });
        }
    }
}
