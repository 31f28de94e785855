use super::*;

fn venue(name: &str, fee_bps: f64) -> VenueConfig {
    VenueConfig {
        taker_fee_bps: fee_bps,
        lot_size: 1.0,
        ..VenueConfig::new(name)
    }
}

struct Levels {
    bid_px: Vec<f64>,
    bid_qty: Vec<f64>,
    ask_px: Vec<f64>,
    ask_qty: Vec<f64>,
}

fn levels(best_ask: f64, qty: f64, n: usize) -> Levels {
    Levels {
        bid_px: (0..n).map(|i| best_ask - 1.0 - i as f64).collect(),
        bid_qty: vec![qty; n],
        ask_px: (0..n).map(|i| best_ask + i as f64).collect(),
        ask_qty: vec![qty; n],
    }
}

impl Levels {
    fn book(&self) -> VenueBook<'_> {
        VenueBook {
            bids: BookSide {
                price: &self.bid_px,
                qty: &self.bid_qty,
            },
            asks: BookSide {
                price: &self.ask_px,
                qty: &self.ask_qty,
            },
            ..VenueBook::default()
        }
    }
}

fn buy(quantity: f64) -> RouteOrder {
    RouteOrder {
        side: Side::Buy,
        quantity,
        limit: None,
    }
}

#[test]
fn merges_by_fee_inclusive_price() {
    // A is 0.2 cheaper but charges 50 bps (0.5 on 100): B's 100.1 x 1.0001 beats A's 100.0 x 1.005.
    let mut r = Router::new(vec![venue("A", 50.0), venue("B", 1.0)]).unwrap();
    let (a, b) = (levels(100.0, 5.0, 3), levels(100.1, 5.0, 3));
    let route = r
        .route(&buy(8.0), &[a.book(), b.book()], &RouteOptions::default())
        .unwrap()
        .clone();
    assert_eq!(route.quantity, 8.0);
    let by_venue: Vec<(usize, f64)> = route
        .children
        .iter()
        .map(|c| (c.venue, c.quantity))
        .collect();
    // B level 0 (100.1*1.0001=100.11), then A level 0 (100.5) vs B level 1 (101.11): A.
    assert_eq!(by_venue, vec![(0, 3.0), (1, 5.0)]);
    let a_child = route.children[0];
    assert_eq!(a_child.limit_price, 100.0);
    assert!((a_child.fees - 300.0 * 0.005).abs() < 1e-9);
    assert!((a_child.all_in - 300.0 * 1.005).abs() < 1e-9);
    assert_eq!(route.unfilled, 0.0);
}

#[test]
fn sell_side_uses_bids_and_net_proceeds() {
    let mut r = Router::new(vec![venue("A", 10.0), venue("B", 10.0)]).unwrap();
    let (a, b) = (levels(100.0, 5.0, 3), levels(101.0, 5.0, 3));
    let order = RouteOrder {
        side: Side::Sell,
        quantity: 7.0,
        limit: Some(99.0),
    };
    let route = r
        .route(&order, &[a.book(), b.book()], &RouteOptions::default())
        .unwrap();
    // Bids: B 100, 99, ...; A 99, 98. Limit 99: B 5 @100, then 99 ties between A and B at
    // equal latency and A has the lower rank.
    let q: Vec<(usize, f64)> = route
        .children
        .iter()
        .map(|c| (c.venue, c.quantity))
        .collect();
    assert_eq!(q, vec![(0, 2.0), (1, 5.0)]);
    assert!((route.all_in - (500.0 + 198.0) * 0.999).abs() < 1e-9);
}

#[test]
fn ties_go_to_lower_latency_then_rank() {
    let mut fast = venue("slow", 0.0);
    fast.latency_ms = 5.0;
    let mut r = Router::new(vec![fast, venue("fast", 0.0), venue("third", 0.0)]).unwrap();
    let l = levels(100.0, 5.0, 1);
    let route = r
        .route(
            &buy(5.0),
            &[l.book(), l.book(), l.book()],
            &RouteOptions::default(),
        )
        .unwrap();
    assert_eq!(route.children.len(), 1);
    assert_eq!(route.children[0].venue, 1);
}

#[test]
fn rounds_to_lots_and_tops_up_with_the_cheapest_lot() {
    let mut a = venue("A", 0.0);
    a.lot_size = 3.0;
    let mut r = Router::new(vec![a, venue("B", 0.0)]).unwrap();
    let (la, lb) = (levels(100.0, 10.0, 2), levels(100.5, 10.0, 2));
    let options = RouteOptions {
        trace: true,
        ..RouteOptions::default()
    };
    let route = r
        .route(&buy(10.0), &[la.book(), lb.book()], &options)
        .unwrap();
    // A takes 10 in the merge, rounds down to 9 (lots of 3), B supplies the last unit.
    let q: Vec<f64> = route.children.iter().map(|c| c.quantity).collect();
    assert_eq!(q, vec![9.0, 1.0]);
    assert!(route
        .trace
        .iter()
        .any(|t| t.action == TraceAction::RoundedToLot));
    assert!(route
        .trace
        .iter()
        .any(|t| t.action == TraceAction::LotTopUp && t.venue == 1));
}

#[test]
fn min_notional_excludes_a_venue_and_resweeps() {
    let mut b = venue("B", 0.0);
    b.min_notional = 1000.0;
    let mut r = Router::new(vec![venue("A", 0.0), b]).unwrap();
    let (la, lb) = (levels(101.0, 10.0, 3), levels(100.0, 2.0, 3));
    let route = r
        .route(&buy(5.0), &[la.book(), lb.book()], &RouteOptions::default())
        .unwrap();
    // B would take 2 @100 + 1 @101 = 302 < 1000: excluded, A fills all.
    assert_eq!(route.children.len(), 1);
    assert_eq!(route.children[0].venue, 0);
    assert_eq!(route.quantity, 5.0);
}

#[test]
fn fixed_fee_that_outweighs_the_benefit_skips_the_venue() {
    let mut b = venue("B", 0.0);
    b.fixed_fee = 5.0;
    let mut r = Router::new(vec![venue("A", 0.0), b]).unwrap();
    // B is 0.1 cheaper on 2 units (saving 0.2) but costs 5 per order.
    let (la, lb) = (levels(100.1, 10.0, 1), levels(100.0, 2.0, 1));
    let options = RouteOptions {
        trace: true,
        ..RouteOptions::default()
    };
    let route = r
        .route(&buy(5.0), &[la.book(), lb.book()], &options)
        .unwrap();
    assert_eq!(route.children.len(), 1);
    assert_eq!(route.children[0].venue, 0);
    assert!(route
        .trace
        .iter()
        .any(|t| t.action == TraceAction::FixedFeeNotWorth && t.venue == 1));
    // With a large order the saving wins: 50 units 1.0 cheaper beat a fee of 5.
    let (la, lb) = (levels(101.0, 100.0, 1), levels(100.0, 50.0, 1));
    let route = r
        .route(
            &buy(100.0),
            &[la.book(), lb.book()],
            &RouteOptions::default(),
        )
        .unwrap();
    assert_eq!(route.children.len(), 2);
}

#[test]
fn caps_limit_each_venue() {
    let mut a = venue("A", 0.0);
    a.max_qty = 2.0;
    let mut b = venue("B", 0.0);
    b.max_notional = 303.0;
    let mut r = Router::new(vec![a, b, venue("C", 0.0)]).unwrap();
    let (la, lb, lc) = (
        levels(100.0, 10.0, 1),
        levels(101.0, 10.0, 1),
        levels(105.0, 10.0, 1),
    );
    let route = r
        .route(
            &buy(10.0),
            &[la.book(), lb.book(), lc.book()],
            &RouteOptions::default(),
        )
        .unwrap();
    let q: Vec<f64> = route.children.iter().map(|c| c.quantity).collect();
    assert_eq!(q, vec![2.0, 3.0, 5.0]);
}

#[test]
fn stale_and_gapped_books_are_dropped() {
    let mut r = Router::new(vec![venue("A", 0.0), venue("B", 0.0)]).unwrap();
    let (la, lb) = (levels(100.0, 10.0, 1), levels(101.0, 10.0, 1));
    let mut stale = la.book();
    stale.age_ms = 900.0;
    let options = RouteOptions {
        max_book_age_ms: 500.0,
        trace: true,
        ..RouteOptions::default()
    };
    let route = r.route(&buy(5.0), &[stale, lb.book()], &options).unwrap();
    assert_eq!(route.children[0].venue, 1);
    assert_eq!(route.trace[0].action, TraceAction::DroppedStale);
    let mut gapped = lb.book();
    gapped.sequence_gap = true;
    let e = r.route(&buy(5.0), &[stale, gapped], &options).unwrap_err();
    assert_eq!(e.code(), "SMC_RESYNC_REQUIRED");
}

#[test]
fn fill_probability_shifts_liquidity_and_oversize_uses_the_spare() {
    let mut slow = venue("slow", 0.0);
    slow.latency_ms = 50.0;
    let mut r = Router::new(vec![slow, venue("fast", 0.0)]).unwrap();
    let (ls, lf) = (levels(100.0, 10.0, 3), levels(100.2, 10.0, 3));
    let books = [ls.book(), lf.book()];
    let model = LatencyDepletionModel {
        latency_decay_per_ms: 0.01,
    };
    let plain = RouteOptions {
        fill_model: Some(&model),
        ..RouteOptions::default()
    };
    let route = r.route(&buy(10.0), &books, &plain).unwrap().clone();
    // The slow venue's best level counts 10 x e^-0.5 = 6.07 (6 lots); the fast one the rest.
    let q: Vec<(usize, f64)> = route
        .children
        .iter()
        .map(|c| (c.venue, c.quantity))
        .collect();
    assert_eq!(q, vec![(0, 6.0), (1, 4.0)]);
    assert!((route.expected_fill - 10.0).abs() < 1e-9);
    // Limit 100.1: only the slow venue's best level qualifies, 6 expected, 4 left over.
    let limited = RouteOrder {
        limit: Some(100.1),
        ..buy(10.0)
    };
    let route = r.route(&limited, &books, &plain).unwrap();
    assert_eq!((route.quantity, route.unfilled), (6.0, 4.0));
    // Oversizing sends the leftover to that level up to its displayed 10, never beyond the parent.
    let over = RouteOptions {
        oversize: true,
        trace: true,
        ..plain
    };
    let route = r.route(&limited, &books, &over).unwrap();
    assert_eq!(route.quantity, 10.0);
    assert_eq!(route.expected_fill, 6.0);
    assert!(route
        .trace
        .iter()
        .any(|t| t.action == TraceAction::Oversized));
    let big = RouteOrder {
        limit: Some(100.1),
        ..buy(50.0)
    };
    let route = r.route(&big, &books, &over).unwrap();
    assert_eq!(route.quantity, 10.0);
}

#[test]
fn bad_input_gets_typed_errors() {
    let mut r = Router::new(vec![venue("A", 0.0)]).unwrap();
    let l = levels(100.0, 10.0, 2);
    let code = |r: &mut Router, o: RouteOrder, b: &[VenueBook]| {
        r.route(&o, b, &RouteOptions::default()).unwrap_err().code()
    };
    assert_eq!(code(&mut r, buy(-1.0), &[l.book()]), "SMC_OUT_OF_RANGE");
    assert_eq!(code(&mut r, buy(f64::NAN), &[l.book()]), "SMC_NON_FINITE");
    assert_eq!(code(&mut r, buy(1.0), &[]), "SMC_LENGTH_MISMATCH");
    let mut crossed = levels(100.0, 10.0, 2);
    crossed.bid_px[0] = 100.5;
    assert_eq!(
        code(&mut r, buy(1.0), &[crossed.book()]),
        "SMC_CROSSED_BOOK"
    );
    let mut nan = levels(100.0, 10.0, 2);
    nan.ask_px[1] = f64::NAN;
    assert_eq!(code(&mut r, buy(1.0), &[nan.book()]), "SMC_NON_FINITE");
    let mut unordered = levels(100.0, 10.0, 2);
    unordered.ask_px.swap(0, 1);
    assert_eq!(code(&mut r, buy(1.0), &[unordered.book()]), "SMC_UNORDERED");
    assert_eq!(r.venue_index("nope").unwrap_err().code(), "SMC_NOT_FOUND");
    assert_eq!(
        Router::new(vec![venue("A", 0.0), venue("A", 0.0)])
            .err()
            .unwrap()
            .code(),
        "SMC_INVALID_INPUT"
    );
    let mut bad_lot = venue("B", 0.0);
    bad_lot.lot_size = 0.0;
    assert_eq!(
        Router::new(vec![bad_lot]).err().unwrap().code(),
        "SMC_OUT_OF_RANGE"
    );
}

#[test]
fn a_limit_that_is_not_marketable_routes_nothing() {
    let mut r = Router::new(vec![venue("A", 0.0)]).unwrap();
    let l = levels(100.0, 10.0, 2);
    let order = RouteOrder {
        side: Side::Buy,
        quantity: 5.0,
        limit: Some(99.0),
    };
    let route = r
        .route(&order, &[l.book()], &RouteOptions::default())
        .unwrap();
    assert!(route.children.is_empty());
    assert_eq!(route.unfilled, 5.0);
}
