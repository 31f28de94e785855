//! Criterion bench of the exact rolling quantile: cost per push for windows of 100 to 100,000.
//! Run: cargo bench -p smc-core --bench rolling_quantile

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use smc_core::risk::{QuantileMethod, RollingQuantile};

/// Deterministic pseudo-returns (xorshift + sum of uniforms), so runs are comparable.
fn returns(n: usize) -> Vec<f64> {
    let mut s = 0x9e37_79b9_7f4a_7c15u64;
    (0..n)
        .map(|_| {
            let mut acc = 0.0;
            for _ in 0..4 {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                acc += (s >> 11) as f64 / (1u64 << 53) as f64;
            }
            (acc - 2.0) * 0.01
        })
        .collect()
}

fn bench_push_many(c: &mut Criterion) {
    let xs = returns(200_000);
    let mut group = c.benchmark_group("rolling_quantile_push_many");
    group.throughput(Throughput::Elements(xs.len() as u64));
    group.sample_size(10);
    for window in [100usize, 1_000, 10_000, 100_000] {
        group.bench_with_input(BenchmarkId::from_parameter(window), &window, |b, &w| {
            b.iter(|| {
                let mut rq =
                    RollingQuantile::new(w as i64, 0.05, QuantileMethod::Linear, 1).unwrap();
                black_box(rq.push_many(black_box(&xs)).unwrap())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_push_many);
criterion_main!(benches);
