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
#[path = "../tests/support/simex_replay.rs"]
mod simex_replay;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use simex_replay::{capture_models, load, quote_at_touch, MarketReplay};
use smc_core::book::SequenceRule;
use smc_core::exchange::{ExecEvent, SimVenue, VenueConfig};

const EVERY: usize = 500;

fn replay(r: &MarketReplay, events: &mut Vec<ExecEvent>) -> usize {
    events.clear();
    let mut venue = SimVenue::l2(r.tick, VenueConfig { seed: 7, ..VenueConfig::default() }, capture_models(r)).unwrap();
    quote_at_touch(&mut venue, r, EVERY, 0.01, events)
}

#[cfg(target_os = "linux")]
fn thread_cpu_seconds() -> f64 {
    #[repr(C)]
    struct Rusage {
        utime: [i64; 2],
        stime: [i64; 2],
        rest: [i64; 14],
    }
    extern "C" {
        fn getrusage(who: i32, usage: *mut Rusage) -> i32;
    }
    const RUSAGE_THREAD: i32 = 1;
    // SAFETY: getrusage fills the struct it is given; Rusage matches Linux's layout on 64-bit.
    let mut u: Rusage = unsafe { std::mem::zeroed() };
    unsafe { getrusage(RUSAGE_THREAD, &mut u) };
    (u.utime[0] + u.stime[0]) as f64 + (u.utime[1] + u.stime[1]) as f64 * 1e-6
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_seconds() -> f64 {
    f64::NAN
}

fn bench_simex(c: &mut Criterion) {
    for (name, tick, rule) in [
        ("spot_btcusdt_20240808.gz", "0.01", SequenceRule::Spot),
        ("usdm_btcusdt_20240808.gz", "0.10", SequenceRule::Futures),
    ] {
        let Some(r) = load(name, tick, rule) else { continue };
        let mut events = Vec::with_capacity(1 << 16);
        let orders = replay(&r, &mut events);
        eprintln!(
            "{name}: {} events ({} messages) per replay; {orders} orders sent, {} execution events",
            r.kind.len(),
            r.messages,
            events.len()
        );
        let reps = 20;
        let (cpu0, wall0) = (thread_cpu_seconds(), std::time::Instant::now());
        for _ in 0..reps {
            black_box(replay(black_box(&r), &mut events));
        }
        let (cpu, wall) = (thread_cpu_seconds() - cpu0, wall0.elapsed().as_secs_f64());
        let n = (r.kind.len() * reps) as f64;
        eprintln!("{name}: {:.2} M events/s wall, {:.2} M events/s CPU", n / wall / 1e6, n / cpu / 1e6);
        let mut group = c.benchmark_group(format!("simex_l2/{}", &name[..4]));
        group.throughput(Throughput::Elements(r.kind.len() as u64));
        group.sample_size(20);
        group.bench_function("quote_at_touch", |b| b.iter(|| black_box(replay(black_box(&r), &mut events))));
        group.finish();
    }
}

criterion_group!(benches, bench_simex);
criterion_main!(benches);
