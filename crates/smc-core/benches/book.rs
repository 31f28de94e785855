//! Criterion bench of order-book delta application on the real Binance captures, replayed in a
//! loop: each iteration applies the snapshot, then every diff after it with full sequence checks.
//! Throughput is in level deltas (one price level set or removed). Target: >= 5 million/s.
//! Run: SMC_SHARED_DATA=/path/to/shared/data cargo bench -p smc-core --bench book
//!
//! Besides criterion's wall-clock figures, the bench prints the rate in CPU time of the bench
//! thread (getrusage), which stays meaningful on a machine shared with other jobs.

#[path = "../tests/support/capture.rs"]
mod capture;
#[path = "../tests/support/cpu.rs"]
mod cpu;
#[path = "../tests/support/data.rs"]
mod data;

use capture::Event;
use cpu::thread_cpu_seconds;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use smc_core::book::{DiffIds, Level, OrderBook, SequenceRule, TickSize};

struct Replay {
    tick: TickSize,
    rule: SequenceRule,
    snapshot_id: u64,
    snapshot: (Vec<Level>, Vec<Level>),
    diffs: Vec<(DiffIds, Vec<Level>, Vec<Level>)>,
    /// The same diffs as columns (the SDK batch layout).
    ends: Vec<usize>,
    sides: Vec<u8>,
    ticks: Vec<i64>,
    qtys: Vec<f64>,
}

fn load(name: &str, tick: &str, rule: SequenceRule) -> Option<Replay> {
    let path = capture::data_path(name)?;
    let tick = TickSize::parse(tick).unwrap();
    let events = capture::read(&path, &tick);
    let (mut snapshot_id, mut snapshot) = (0, (vec![], vec![]));
    let mut diffs = vec![];
    for e in events {
        match e {
            Event::Snapshot {
                last_update_id,
                bids,
                asks,
            } => {
                snapshot_id = last_update_id;
                snapshot = (bids, asks);
            }
            Event::Diff { ids, bids, asks } => diffs.push((ids, bids, asks)),
            _ => {}
        }
    }
    // Keep the diffs the sync applies: from the one spanning the snapshot on.
    let keep_from = diffs
        .iter()
        .position(|(ids, _, _)| ids.last >= snapshot_id + u64::from(rule == SequenceRule::Spot))
        .unwrap();
    diffs.drain(..keep_from);
    let (mut ends, mut sides, mut ticks, mut qtys) = (vec![], vec![], vec![], vec![]);
    for (_, bids, asks) in &diffs {
        for (side, levels) in [(0u8, bids), (1u8, asks)] {
            for l in levels {
                sides.push(side);
                ticks.push(l.ticks);
                qtys.push(l.qty);
            }
        }
        ends.push(sides.len());
    }
    Some(Replay {
        tick,
        rule,
        snapshot_id,
        snapshot,
        diffs,
        ends,
        sides,
        ticks,
        qtys,
    })
}

fn replay_levels(r: &Replay) -> usize {
    let mut book = OrderBook::new(r.tick, r.rule);
    book.apply_snapshot(r.snapshot_id, &r.snapshot.0, &r.snapshot.1)
        .unwrap();
    for (ids, bids, asks) in &r.diffs {
        book.apply_diff(*ids, bids, asks).unwrap();
    }
    book.depth(smc_core::book::Side::Bid)
}

fn replay_columns(r: &Replay) -> usize {
    let mut book = OrderBook::new(r.tick, r.rule);
    book.apply_snapshot(r.snapshot_id, &r.snapshot.0, &r.snapshot.1)
        .unwrap();
    let mut start = 0;
    for (k, &end) in r.ends.iter().enumerate() {
        let ids = r.diffs[k].0;
        book.apply_diff_columns(
            Some(ids),
            &r.sides[start..end],
            &r.ticks[start..end],
            &r.qtys[start..end],
        )
        .unwrap();
        start = end;
    }
    book.depth(smc_core::book::Side::Bid)
}

/// Replays `reps` times and prints deltas per second of wall and of thread CPU time.
fn print_rates(label: &str, r: &Replay, reps: usize, replay: fn(&Replay) -> usize) {
    let (cpu0, wall0) = (thread_cpu_seconds(), std::time::Instant::now());
    for _ in 0..reps {
        black_box(replay(black_box(r)));
    }
    let (cpu, wall) = (thread_cpu_seconds() - cpu0, wall0.elapsed().as_secs_f64());
    let n = (r.sides.len() * reps) as f64;
    eprintln!(
        "{label}: {:.2} M deltas/s wall, {:.2} M deltas/s CPU",
        n / wall / 1e6,
        n / cpu / 1e6
    );
}

fn bench_book(c: &mut Criterion) {
    for (name, tick, rule) in [
        ("spot_btcusdt_20240808.gz", "0.01", SequenceRule::Spot),
        ("usdm_btcusdt_20240808.gz", "0.10", SequenceRule::Futures),
    ] {
        let Some(r) = load(name, tick, rule) else {
            continue;
        };
        let mut group = c.benchmark_group(format!("book_replay/{}", &name[..4]));
        group.throughput(Throughput::Elements(r.sides.len() as u64));
        group.sample_size(20);
        eprintln!(
            "{name}: {} diffs, {} level deltas per replay",
            r.diffs.len(),
            r.sides.len()
        );
        print_rates(&format!("{name} levels"), &r, 30, replay_levels);
        print_rates(&format!("{name} columns"), &r, 30, replay_columns);
        group.bench_function("levels", |b| {
            b.iter(|| black_box(replay_levels(black_box(&r))))
        });
        group.bench_function("columns", |b| {
            b.iter(|| black_box(replay_columns(black_box(&r))))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_book);
criterion_main!(benches);
