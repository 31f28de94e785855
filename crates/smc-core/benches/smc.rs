//! Criterion bench of the full Smart Money Concepts suite (the 8 functions, package defaults)
//! on EURUSD 15m when ../shared/data is present, else on a generated walk of the same length;
//! plus SmcStream fed bar by bar.
//! Run: cargo bench -p smc-core --bench smc

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use smc_core::ohlc::Ohlc;
use smc_core::smc::*;

struct Bars {
    time: Vec<f64>,
    open: Vec<f64>,
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
    volume: Vec<f64>,
}

fn epoch_ms(s: &str) -> f64 {
    let n = |a: usize, b: usize| s[a..b].parse::<i64>().unwrap();
    let (y, m, d) = (n(0, 4), n(5, 7), n(8, 10));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let days =
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + (153 * mp + 2) / 5 + d - 1 - 719_468;
    ((days * 86_400 + n(11, 13) * 3600 + n(14, 16) * 60) * 1000) as f64
}

fn bars() -> Bars {
    let dir = std::env::var("SMC_SHARED_DATA").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data").to_owned()
    });
    let mut b = Bars {
        time: vec![],
        open: vec![],
        high: vec![],
        low: vec![],
        close: vec![],
        volume: vec![],
    };
    if let Ok(text) = std::fs::read_to_string(format!("{dir}/eurusd-15m/EURUSD_15M.csv")) {
        for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
            let f: Vec<&str> = line.split(',').collect();
            b.time.push(epoch_ms(f[0]));
            for (col, v) in [
                &mut b.open,
                &mut b.high,
                &mut b.low,
                &mut b.close,
                &mut b.volume,
            ]
            .into_iter()
            .zip(&f[1..6])
            {
                col.push(v.parse().unwrap());
            }
        }
        return b;
    }
    println!("[data] smc bench: EURUSD 15m not found, using a generated walk");
    let mut s = 0x2545_f491_4f6c_dd1du64;
    let mut price = 1.0f64;
    for i in 0..24_424 {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        let step = ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 0.002;
        let open = price;
        price += step;
        b.time.push(1.665e12 + i as f64 * 900_000.0);
        b.open.push(open);
        b.close.push(price);
        b.high.push(open.max(price) + 0.0003);
        b.low.push(open.min(price) - 0.0003);
        b.volume.push(100.0);
    }
    b
}

fn suite(o: &Ohlc<'_>, session: &SessionOptions) {
    let s = swing_highs_lows(o, 50).unwrap();
    let v = SwingsView {
        high_low: &s.high_low,
        level: &s.level,
    };
    black_box(fvg(o, false).unwrap());
    black_box(bos_choch(o, v, true).unwrap());
    black_box(ob(o, v, ObOptions::default()).unwrap());
    black_box(liquidity(o, v, 0.01).unwrap());
    let frame = PreviousHighLowOptions {
        time_frame: "1D".parse().unwrap(),
        strict_previous: false,
    };
    black_box(previous_high_low(o, frame).unwrap());
    black_box(sessions(o, session).unwrap());
    black_box(retracements(o, v).unwrap());
}

fn bench_suite(c: &mut Criterion) {
    let b = bars();
    let o = Ohlc::new(Some(&b.time), &b.open, &b.high, &b.low, &b.close, &b.volume).unwrap();
    let session = SessionOptions {
        session: Session::named("London", None, None).unwrap(),
        time_zone: TimeZone::Utc,
        iso_offset_sign: false,
    };
    let mut group = c.benchmark_group("smc");
    group.throughput(Throughput::Elements(o.len() as u64));
    group.sample_size(20);
    group.bench_function("full_suite_eurusd_15m", |bench| {
        bench.iter(|| suite(black_box(&o), &session))
    });
    group.bench_function("stream_push_eurusd_15m", |bench| {
        bench.iter(|| {
            let mut stream = SmcStream::new(SmcStreamOptions::default()).unwrap();
            for i in 0..o.len() {
                black_box(
                    stream
                        .push(o.open[i], o.high[i], o.low[i], o.close[i])
                        .unwrap(),
                );
            }
            black_box(stream.finish())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_suite);
criterion_main!(benches);
