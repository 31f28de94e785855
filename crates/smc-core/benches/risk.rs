//! Criterion benches of the risk hot paths: rolling historical VaR+ES per pushed return, and the
//! O(1) VarTable read the circuit breaker does per order.
//! Run: cargo bench -p smc-core --bench risk

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use smc_core::risk::{EsConvention, QuantileMethod, RollingVar, VarModel, VarTable};

fn returns(n: usize) -> Vec<f64> {
    let mut s = 0x9e37_79b9_7f4a_7c15u64;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 0.04
        })
        .collect()
}

fn bench_rolling_var(c: &mut Criterion) {
    let xs = returns(100_000);
    let mut group = c.benchmark_group("rolling_historical_var_es");
    group.throughput(Throughput::Elements(xs.len() as u64));
    group.sample_size(10);
    let model = VarModel::Historical {
        method: QuantileMethod::Linear,
        convention: EsConvention::AcerbiTasche,
    };
    for window in [250usize, 1_000, 10_000] {
        group.bench_with_input(BenchmarkId::from_parameter(window), &window, |b, &w| {
            let (mut var, mut es) = (vec![0.0; xs.len()], vec![0.0; xs.len()]);
            b.iter(|| {
                let mut rv = RollingVar::new(w as i64, 0.01, model, None).unwrap();
                rv.push_many_into(black_box(&xs), &mut var, &mut es)
                    .unwrap();
                black_box(var[xs.len() - 1])
            })
        });
    }
    group.finish();
}

fn bench_var_table(c: &mut Criterion) {
    let xs = returns(1_000);
    let mut table = VarTable::new(
        &[0.01, 0.025, 0.05],
        500,
        QuantileMethod::Linear,
        EsConvention::AcerbiTasche,
        1,
    )
    .unwrap();
    let keys: Vec<usize> = (0..100)
        .map(|i| table.update(&format!("K{i}"), &xs).unwrap())
        .collect();
    table.refresh();
    c.bench_function("var_table_read_by_slot", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % keys.len();
            black_box(table.var_at(black_box(keys[i]), 1))
        })
    });
    c.bench_function("var_table_read_by_name", |b| {
        b.iter(|| black_box(table.var(black_box("K42"), 0.025).unwrap()))
    });
    c.bench_function("var_table_refresh_one_key_w500_3_alphas", |b| {
        b.iter(|| {
            table.update("K7", &xs[..1]).unwrap();
            black_box(table.refresh())
        })
    });
}

criterion_group!(benches, bench_rolling_var, bench_var_table);
criterion_main!(benches);
