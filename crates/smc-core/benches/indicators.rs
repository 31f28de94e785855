//! Criterion bench of the batch indicators on 1,000,000 bars (the size of the Node bench).
//! Run: cargo bench -p smc-core --bench indicators

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use smc_core::indicators::{
    atr, dynamic_bands, ema, rsi, sma, stoch_rsi, DynamicBandsOptions, StochRsiOptions,
};

/// A deterministic random walk (xorshift) with intrabar ranges.
fn bars(n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut s = 0x9e37_79b9_7f4a_7c15u64;
    let mut uniform = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let (mut high, mut low, mut close) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let mut price = 30_000.0;
    for _ in 0..n {
        let open = price;
        price *= 1.0 + (uniform() - 0.5) * 0.004;
        high.push(f64::max(open, price) * (1.0 + uniform() * 0.001));
        low.push(f64::min(open, price) * (1.0 - uniform() * 0.001));
        close.push(price);
    }
    (high, low, close)
}

fn bench_indicators(c: &mut Criterion) {
    let (high, low, close) = bars(1_000_000);
    let mut group = c.benchmark_group("indicators_1m_bars");
    group.throughput(Throughput::Elements(close.len() as u64));
    group.sample_size(20);
    group.bench_function("atr14", |b| {
        b.iter(|| black_box(atr(&high, &low, &close, 14).unwrap()))
    });
    group.bench_function("rsi14", |b| b.iter(|| black_box(rsi(&close, 14).unwrap())));
    let options = StochRsiOptions {
        period: 14,
        fast_k: 14,
        fast_d: 3,
    };
    group.bench_function("stoch_rsi14_14_3", |b| {
        b.iter(|| black_box(stoch_rsi(&close, options).unwrap()))
    });
    group.bench_function("sma20", |b| b.iter(|| black_box(sma(&close, 20).unwrap())));
    group.bench_function("ema20", |b| b.iter(|| black_box(ema(&close, 20).unwrap())));
    group.bench_function("dynamic_bands", |b| {
        b.iter(|| {
            black_box(dynamic_bands(&high, &low, &close, DynamicBandsOptions::default()).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_indicators);
criterion_main!(benches);
