//! Criterion bench of the Binance capture reader and of the per-message replay on the real
//! USDT-M capture: `read` = gunzip + parse into batches; `replay` = every message applied, one
//! call per message as the SDK's engine does, to a depth-synced book and to an L2 simulated
//! venue (the two books a backtest keeps). Throughput is in book events (price-level updates +
//! quotes + trades). Run: SMC_SHARED_DATA=/path/to/shared/data cargo bench -p smc-core --bench capture
//!
//! Next to criterion's wall-clock figures it prints rates per CPU second of the bench thread
//! (meaningful on a machine shared with other jobs).

#[path = "../tests/support/capture.rs"]
mod capture;
#[path = "../tests/support/cpu.rs"]
mod cpu;
#[path = "../tests/support/data.rs"]
mod data;

use std::path::PathBuf;

use cpu::thread_cpu_seconds;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use smc_core::book::{DepthSync, SequenceRule, TickSize};
use smc_core::data::capture::{
    apply_to_book, apply_to_venue, CaptureBatch, CaptureReader, MessageKind, ReaderOptions,
    ReplayScratch,
};
use smc_core::exchange::{Models, SimVenue, VenueConfig};

fn read(path: &PathBuf) -> usize {
    let mut r = CaptureReader::open(path, ReaderOptions::default()).unwrap();
    let mut b = CaptureBatch::default();
    let mut n = 0;
    while r.read_batch(&mut b, 4_096).unwrap() {
        n += b.len();
    }
    n
}

/// Decompression alone, for the split of `read`'s time.
fn gunzip(path: &PathBuf) -> usize {
    use std::io::Read;
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let mut gz = flate2::bufread::MultiGzDecoder::new(file);
    let mut buf = vec![0u8; 256 * 1024];
    let mut n = 0;
    loop {
        match gz.read(&mut buf).unwrap() {
            0 => return n,
            k => n += k,
        }
    }
}

fn replay(batches: &[CaptureBatch], tick: TickSize) -> usize {
    let mut sync = DepthSync::new(tick, SequenceRule::Futures, 10_000);
    let mut venue = SimVenue::l2(tick, VenueConfig::default(), Models::default()).unwrap();
    let mut scratch = ReplayScratch::default();
    let mut ts = 0;
    for b in batches {
        for i in 0..b.len() {
            // The SDK's venue time: the receive time rounded to the microsecond.
            ts = ts.max((b.receive_ms[i] * 1e3).round() as i64 * 1_000);
            if matches!(b.kind[i], MessageKind::Depth | MessageKind::Snapshot) {
                apply_to_book(&mut sync, b, i, &mut scratch).unwrap();
            }
            apply_to_venue(&mut venue, b, i, ts, &mut scratch).unwrap();
        }
    }
    sync.book().depth(smc_core::book::Side::Bid)
}

fn rate(label: &str, units: usize, reps: usize, mut f: impl FnMut() -> usize) {
    let (cpu0, wall0) = (thread_cpu_seconds(), std::time::Instant::now());
    for _ in 0..reps {
        black_box(f());
    }
    let (cpu, wall) = (thread_cpu_seconds() - cpu0, wall0.elapsed().as_secs_f64());
    let n = (units * reps) as f64;
    eprintln!(
        "{label}: {:.2} M book events/s wall, {:.2} M/s CPU ({:.1} ms CPU per pass)",
        n / wall / 1e6,
        n / cpu / 1e6,
        cpu / reps as f64 * 1e3
    );
}

fn bench_capture(c: &mut Criterion) {
    let Some(path) = capture::data_path("usdm_btcusdt_20240808.gz") else {
        return;
    };
    let tick = TickSize::parse("0.10").unwrap();
    let batches = capture::batches(&path);
    let events: usize = batches.iter().map(CaptureBatch::book_events).sum();
    eprintln!("usdm_btcusdt_20240808.gz: {events} book events");
    rate("read (gunzip + parse)", events, 5, || read(&path));
    rate("  of which gunzip", events, 5, || gunzip(&path));
    rate("replay (book + venue)", events, 5, || {
        replay(&batches, tick)
    });
    let mut group = c.benchmark_group("capture/usdm");
    group.throughput(Throughput::Elements(events as u64));
    group.sample_size(10);
    group.bench_function("read", |b| b.iter(|| read(black_box(&path))));
    group.bench_function("replay", |b| b.iter(|| replay(black_box(&batches), tick)));
    group.finish();
}

criterion_group!(benches, bench_capture);
criterion_main!(benches);
