//! Criterion bench of one routing decision over 5 venues x 50 levels per side.
//! Run: cargo bench -p smc-core --bench router

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use smc_core::execution::router::{
    BookSide, LatencyDepletionModel, RouteOptions, RouteOrder, Router, VenueBook, VenueConfig,
};
use smc_core::execution::Side;

const VENUES: usize = 5;
const LEVELS: usize = 50;

struct Book {
    bid_px: Vec<f64>,
    bid_qty: Vec<f64>,
    ask_px: Vec<f64>,
    ask_qty: Vec<f64>,
}

const FEES_BPS: [f64; VENUES] = [10.0, 7.5, 5.0, 2.0, 4.0];

/// Deterministic books around 50,000 with 0.5 ticks and pseudo-random sizes. Each venue's mid is
/// shifted by its fee so that fee-inclusive prices interleave and the merge really alternates
/// between venues (the hard case: every venue gets a child).
fn books() -> Vec<Book> {
    let mut s = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..VENUES)
        .map(|v| {
            let mid = 50_000.0 + v as f64 * 0.25 - FEES_BPS[v] * 5.0;
            Book {
                bid_px: (0..LEVELS).map(|l| mid - 0.5 - l as f64 * 0.5).collect(),
                bid_qty: (0..LEVELS).map(|_| 0.01 + next() * 0.5).collect(),
                ask_px: (0..LEVELS).map(|l| mid + 0.5 + l as f64 * 0.5).collect(),
                ask_qty: (0..LEVELS).map(|_| 0.01 + next() * 0.5).collect(),
            }
        })
        .collect()
}

fn venues(fixed_fee: bool) -> Vec<VenueConfig> {
    (0..VENUES)
        .map(|v| VenueConfig {
            taker_fee_bps: FEES_BPS[v],
            fixed_fee: if fixed_fee && v == 3 { 2.0 } else { 0.0 },
            lot_size: 0.001,
            min_notional: 5.0,
            latency_ms: v as f64 * 3.0,
            ..VenueConfig::new(format!("venue{v}"))
        })
        .collect()
}

fn bench_route(c: &mut Criterion) {
    let data = books();
    let views: Vec<VenueBook> = data
        .iter()
        .map(|b| VenueBook {
            bids: BookSide {
                price: &b.bid_px,
                qty: &b.bid_qty,
            },
            asks: BookSide {
                price: &b.ask_px,
                qty: &b.ask_qty,
            },
            age_ms: 10.0,
            depletion_rate: 0.01,
            ..VenueBook::default()
        })
        .collect();
    // About 5 BTC: roughly a fifth of the displayed depth on the ask side.
    let order = RouteOrder {
        side: Side::Buy,
        quantity: 5.0,
        limit: None,
    };
    let mut group = c.benchmark_group("route_5x50");
    let mut plain = Router::new(venues(false)).unwrap();
    let options = RouteOptions {
        max_book_age_ms: 1000.0,
        ..RouteOptions::default()
    };
    group.bench_function("fees_lots_min_notional", |b| {
        b.iter(|| {
            black_box(
                plain
                    .route(black_box(&order), &views, &options)
                    .unwrap()
                    .all_in,
            )
        })
    });
    let model = LatencyDepletionModel {
        latency_decay_per_ms: 0.01,
    };
    let with_model = RouteOptions {
        fill_model: Some(&model),
        oversize: true,
        ..options
    };
    group.bench_function("with_fill_model_oversize", |b| {
        b.iter(|| {
            black_box(
                plain
                    .route(black_box(&order), &views, &with_model)
                    .unwrap()
                    .all_in,
            )
        })
    });
    let mut fixed = Router::new(venues(true)).unwrap();
    group.bench_function("with_fixed_fee", |b| {
        b.iter(|| {
            black_box(
                fixed
                    .route(black_box(&order), &views, &options)
                    .unwrap()
                    .all_in,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench_route);
criterion_main!(benches);
