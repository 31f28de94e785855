//! Criterion bench of the simulated exchange on the real Binance BTCUSDT captures, replayed in a
//! loop, with a strategy that cancels and re-places post-only quotes at the touch every 500 rows
//! (probabilistic queue model, latency interpolated from the capture's feed delays, maker/taker
//! fees). Throughput is in market-data events: one level update or one trade (a row of
//! `MarketBatch`, the unit of the book bench). Target: >= 5 million events/s.
//! Run: SMC_SHARED_DATA=/path/to/shared/data cargo bench -p smc-core --bench simex
//!
//! Besides criterion's wall-clock figures, the bench prints the rate in CPU time of the bench
//! thread (getrusage), which stays meaningful on a machine shared with other jobs.

#[path = "../tests/support/capture.rs"]
mod capture;
#[path = "../tests/support/cpu.rs"]
mod cpu;
#[path = "../tests/support/data.rs"]
mod data;
#[path = "../tests/support/simex_replay.rs"]
mod simex_replay;

use cpu::thread_cpu_seconds;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use simex_replay::{capture_models, load, quote_at_touch, MarketReplay};
use smc_core::book::{OrderBook, SequenceRule, Side};
use smc_core::exchange::{row, ExecEvent, SimVenue, VenueConfig};

const EVERY: usize = 500;

fn replay(r: &MarketReplay, events: &mut Vec<ExecEvent>) -> usize {
    events.clear();
    let mut venue = SimVenue::l2(
        r.tick,
        VenueConfig {
            seed: 7,
            ..VenueConfig::default()
        },
        capture_models(r),
    )
    .unwrap();
    quote_at_touch(&mut venue, r, EVERY, 0.01, events)
}

/// The same rows straight into an `OrderBook` (levels set, trades skipped): the floor the
/// simulator's own overhead is measured against.
fn book_only(r: &MarketReplay) -> usize {
    let mut book = OrderBook::new(r.tick, SequenceRule::Spot);
    book.replace_levels(&r.bids, &r.asks).unwrap();
    for i in 0..r.kind.len() {
        let side = match r.kind[i] {
            row::BID => Side::Bid,
            row::ASK => Side::Ask,
            _ => continue,
        };
        book.set_level(side, r.ticks[i], r.qty[i]).unwrap();
    }
    book.depth(Side::Bid)
}

/// Runs `f` `reps` times; returns (events/s wall, events/s thread CPU).
fn rates(r: &MarketReplay, reps: usize, mut f: impl FnMut() -> usize) -> (f64, f64) {
    let (cpu0, wall0) = (thread_cpu_seconds(), std::time::Instant::now());
    for _ in 0..reps {
        black_box(f());
    }
    let (cpu, wall) = (thread_cpu_seconds() - cpu0, wall0.elapsed().as_secs_f64());
    let n = (r.kind.len() * reps) as f64;
    (n / wall, n / cpu)
}

fn bench_simex(c: &mut Criterion) {
    for (name, tick, rule) in [
        ("spot_btcusdt_20240808.gz", "0.01", SequenceRule::Spot),
        ("usdm_btcusdt_20240808.gz", "0.10", SequenceRule::Futures),
    ] {
        let Some(r) = load(name, tick, rule) else {
            continue;
        };
        let mut events = Vec::with_capacity(1 << 16);
        let orders = replay(&r, &mut events);
        eprintln!(
            "{name}: {} events ({} messages) per replay; {orders} orders sent, {} execution events",
            r.kind.len(),
            r.messages,
            events.len()
        );
        let reps = 20;
        let (wall, cpu) = rates(&r, reps, || replay(&r, &mut events));
        let (book_wall, book_cpu) = rates(&r, reps, || book_only(&r));
        eprintln!(
            "{name}: simulator {:.2} M events/s wall, {:.2} M events/s CPU; book alone {:.2} M/s wall, {:.2} M/s CPU",
            wall / 1e6,
            cpu / 1e6,
            book_wall / 1e6,
            book_cpu / 1e6
        );
        let mut group = c.benchmark_group(format!("simex_l2/{}", &name[..4]));
        group.throughput(Throughput::Elements(r.kind.len() as u64));
        group.sample_size(20);
        group.bench_function("quote_at_touch", |b| {
            b.iter(|| black_box(replay(black_box(&r), &mut events)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_simex);
criterion_main!(benches);
