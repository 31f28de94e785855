//! Property tests of execution: schedules keep the parent quantity and the lot/minimum rules;
//! the router is never worse than one venue and equals sweeping one consolidated book.

use proptest::prelude::*;
use smc_core::execution::lots::LotSpec;
use smc_core::execution::router::{
    BookSide, RouteOptions, RouteOrder, Router, VenueBook, VenueConfig,
};
use smc_core::execution::schedule::{iceberg_clips, twap_schedule, vwap_schedule, IcebergParams};
use smc_core::execution::Side;

fn valid_slices(slices: &[f64], total: f64, lots: LotSpec) -> Result<(), TestCaseError> {
    let sum: f64 = slices.iter().sum();
    prop_assert!(
        (sum - total).abs() <= 1e-9 * total,
        "sum {} != {}",
        sum,
        total
    );
    let min = lots.qty(lots.min_units());
    for &q in slices.iter().filter(|&&q| q > 0.0) {
        prop_assert!(q >= min - 1e-9 * min, "child {} below minimum {}", q, min);
        let units = q / lots.lot;
        prop_assert!(
            (units - units.round()).abs() < 1e-6,
            "child {} not whole lots of {}",
            q,
            lots.lot
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn twap_sums_to_parent_and_respects_lots(units in 1u64..5000, lot in prop::sample::select(vec![0.001, 0.01, 1.0, 100.0]), min_lots in 0u64..20, slices in 1usize..50) {
        prop_assume!(units >= min_lots.max(1));
        let lots = LotSpec::new(lot, min_lots as f64 * lot).unwrap();
        let total = units as f64 * lot;
        let s = twap_schedule(total, slices, lots, 0.0, 1000.0, None).unwrap();
        valid_slices(&s.quantities, total, lots)?;
    }

    #[test]
    fn vwap_sums_to_parent_and_respects_lots(units in 1u64..5000, min_lots in 0u64..20, weights in prop::collection::vec(0.0f64..10.0, 1..30)) {
        prop_assume!(units >= min_lots.max(1) && weights.iter().sum::<f64>() > 0.0);
        let lots = LotSpec::new(0.5, min_lots as f64 * 0.5).unwrap();
        let total = units as f64 * 0.5;
        let s = vwap_schedule(total, &weights, lots, 0.0, 1000.0).unwrap();
        valid_slices(&s.quantities, total, lots)?;
    }

    #[test]
    fn iceberg_sums_to_parent_and_respects_lots(units in 1u64..5000, min_lots in 1u64..5, display in 5.0f64..50.0, variance in 0.0f64..0.5, seed in any::<u64>()) {
        prop_assume!(units >= min_lots);
        let lots = LotSpec::new(1.0, min_lots as f64).unwrap();
        let clips = iceberg_clips(units as f64, IcebergParams { display, variance, seed }, lots).unwrap();
        valid_slices(&clips, units as f64, lots)?;
    }
}

/// Integer-sized books: `levels` (price offset in ticks, quantity) per venue.
#[derive(Debug, Clone)]
struct Venue {
    fee_bps: f64,
    fixed_fee: f64,
    ask_px: Vec<f64>,
    ask_qty: Vec<f64>,
    bid_px: Vec<f64>,
    bid_qty: Vec<f64>,
}

fn venue_strategy(with_fixed_fee: bool) -> impl Strategy<Value = Venue> {
    let fixed = if with_fixed_fee {
        0.0..20.0
    } else {
        0.0..f64::MIN_POSITIVE
    };
    (
        -5.0f64..30.0,
        fixed,
        0u32..20,
        prop::collection::vec((1u32..5, 1u32..20), 1..15),
    )
        .prop_map(|(fee_bps, fixed_fee, offset, steps)| {
            let mut ask_px = Vec::new();
            let mut bid_px = Vec::new();
            let (mut a, mut b) = (100.0 + offset as f64 * 0.01, 99.99 - offset as f64 * 0.01);
            for &(step, _) in &steps {
                ask_px.push(a);
                bid_px.push(b);
                a += step as f64 * 0.01;
                b -= step as f64 * 0.01;
            }
            let qty: Vec<f64> = steps.iter().map(|&(_, q)| q as f64).collect();
            Venue {
                fee_bps,
                fixed_fee: if fixed_fee < 1e-300 { 0.0 } else { fixed_fee },
                ask_px,
                ask_qty: qty.clone(),
                bid_px,
                bid_qty: qty,
            }
        })
}

fn config(i: usize, v: &Venue) -> VenueConfig {
    VenueConfig {
        taker_fee_bps: v.fee_bps,
        fixed_fee: v.fixed_fee,
        lot_size: 1.0,
        ..VenueConfig::new(format!("v{i}"))
    }
}

fn book(v: &Venue) -> VenueBook<'_> {
    VenueBook {
        bids: BookSide {
            price: &v.bid_px,
            qty: &v.bid_qty,
        },
        asks: BookSide {
            price: &v.ask_px,
            qty: &v.ask_qty,
        },
        ..VenueBook::default()
    }
}

/// Signed cost (lower is better) of a route.
fn cost(side: Side, all_in: f64) -> f64 {
    side.sign() * all_in
}

proptest! {
    #[test]
    fn router_is_never_worse_than_one_venue(venues in prop::collection::vec(venue_strategy(true), 1..6), qty in 1u32..150, sell in any::<bool>()) {
        let side = if sell { Side::Sell } else { Side::Buy };
        let order = RouteOrder { side, quantity: qty as f64, limit: None };
        let configs: Vec<VenueConfig> = venues.iter().enumerate().map(|(i, v)| config(i, v)).collect();
        let books: Vec<VenueBook> = venues.iter().map(book).collect();
        let mut router = Router::new(configs.clone()).unwrap();
        let all = router.route(&order, &books, &RouteOptions::default()).unwrap().clone();
        for (i, cfg) in configs.iter().enumerate() {
            let mut single = Router::new(vec![cfg.clone()]).unwrap();
            let one = single.route(&order, &books[i..=i], &RouteOptions::default()).unwrap();
            prop_assert!(all.quantity >= one.quantity - 1e-9);
            if (one.quantity - all.quantity).abs() < 1e-9 {
                let (c_all, c_one) = (cost(side, all.all_in), cost(side, one.all_in));
                prop_assert!(c_all <= c_one + 1e-9 * c_one.abs(), "router {} > venue {} alone {}", c_all, i, c_one);
            }
        }
    }

    #[test]
    fn merged_sweep_equals_a_consolidated_book(venues in prop::collection::vec(venue_strategy(false), 1..6), qty in 1u32..150, sell in any::<bool>()) {
        let side = if sell { Side::Sell } else { Side::Buy };
        let order = RouteOrder { side, quantity: qty as f64, limit: None };
        let configs: Vec<VenueConfig> = venues.iter().enumerate().map(|(i, v)| config(i, v)).collect();
        let books: Vec<VenueBook> = venues.iter().map(book).collect();
        let mut router = Router::new(configs).unwrap();
        let merged = router.route(&order, &books, &RouteOptions::default()).unwrap().clone();
        // One synthetic book of every level at its fee-inclusive price, swept from the best.
        let mut levels: Vec<(f64, f64)> = Vec::new();
        for v in &venues {
            let mult = 1.0 + side.sign() * v.fee_bps * 1e-4;
            let (px, q) = if sell { (&v.bid_px, &v.bid_qty) } else { (&v.ask_px, &v.ask_qty) };
            levels.extend(px.iter().zip(q).map(|(p, q)| (p * mult, *q)));
        }
        levels.sort_by(|a, b| (side.sign() * a.0).total_cmp(&(side.sign() * b.0)));
        let (mut left, mut all_in) = (qty as f64, 0.0);
        for (p, q) in levels {
            let take = q.min(left);
            all_in += take * p;
            left -= take;
        }
        prop_assert!((merged.quantity - (qty as f64 - left)).abs() < 1e-9);
        prop_assert!((merged.all_in - all_in).abs() <= 1e-9 * all_in.abs().max(1.0), "merged {} vs consolidated {}", merged.all_in, all_in);
    }
}

proptest! {
    #[test]
    fn oversizing_never_sends_more_than_the_parent(venues in prop::collection::vec(venue_strategy(false), 1..6), latencies in prop::collection::vec(0.0f64..100.0, 6), qty in 1u32..400, limit_ticks in 0u32..60, sell in any::<bool>()) {
        use smc_core::execution::router::LatencyDepletionModel;
        let side = if sell { Side::Sell } else { Side::Buy };
        let limit = 100.0 - side.sign() * 0.3 + side.sign() * limit_ticks as f64 * 0.01;
        let order = RouteOrder { side, quantity: qty as f64, limit: Some(limit) };
        let configs: Vec<VenueConfig> = venues.iter().enumerate().map(|(i, v)| VenueConfig { latency_ms: latencies[i], ..config(i, v) }).collect();
        let mut books: Vec<VenueBook> = venues.iter().map(book).collect();
        for b in &mut books {
            b.depletion_rate = 0.05;
        }
        let model = LatencyDepletionModel { latency_decay_per_ms: 0.005 };
        let mut router = Router::new(configs).unwrap();
        let plain = router.route(&order, &books, &RouteOptions { fill_model: Some(&model), ..RouteOptions::default() }).unwrap().clone();
        let over = router.route(&order, &books, &RouteOptions { fill_model: Some(&model), oversize: true, ..RouteOptions::default() }).unwrap().clone();
        prop_assert!(over.quantity <= qty as f64 + 1e-9);
        prop_assert!(over.quantity >= plain.quantity - 1e-9);
        prop_assert!(over.expected_fill <= over.quantity + 1e-9);
        for c in &over.children {
            prop_assert!((c.quantity - c.quantity.round()).abs() < 1e-6, "child {} not whole lots", c.quantity);
        }
    }
}
