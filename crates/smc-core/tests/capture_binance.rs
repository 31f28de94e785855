//! The capture reader on the real Binance captures (spot and USDT-M futures, 2024-08-08): every
//! line is a valid message, the counts per kind are those of the data README, and the reader
//! on a background thread delivers exactly what the plain reader does.

mod support;

use smc_core::data::capture::{CaptureBatch, CaptureReader, MessageKind, Prefetch, ReaderOptions};
use support::capture;

struct Counts {
    depth: usize,
    with_pu: usize,
    snapshot: usize,
    quote: usize,
    trade: usize,
    levels: usize,
    snapshot_levels: (usize, usize),
    book_events: usize,
}

fn counts(batches: &[CaptureBatch]) -> Counts {
    let mut c = Counts {
        depth: 0,
        with_pu: 0,
        snapshot: 0,
        quote: 0,
        trade: 0,
        levels: 0,
        snapshot_levels: (0, 0),
        book_events: 0,
    };
    let mut last_ns = i64::MIN;
    let mut line = 0;
    for b in batches {
        assert!(b.rejects.is_empty(), "{:?}", b.rejects.first());
        c.levels += b.level_side.len();
        c.book_events += b.book_events();
        for i in 0..b.len() {
            assert_eq!(b.line[i], line + 1, "no line skipped");
            line = b.line[i];
            assert!(b.receive_ns[i] >= last_ns, "receive times never go back");
            last_ns = b.receive_ns[i];
            match b.kind[i] {
                MessageKind::Depth => {
                    c.depth += 1;
                    c.with_pu += usize::from(!b.prev_update_id[i].is_nan());
                }
                MessageKind::Snapshot => {
                    c.snapshot += 1;
                    let (bids, asks) = b.level_ranges(i);
                    c.snapshot_levels = (bids.len(), asks.len());
                }
                MessageKind::Quote => c.quote += 1,
                MessageKind::Trade => c.trade += 1,
            }
        }
    }
    c
}

#[test]
fn futures_capture_counts() {
    let Some(path) = capture::data_path("usdm_btcusdt_20240808.gz") else {
        return;
    };
    let c = counts(&capture::batches(&path));
    assert_eq!(
        (c.quote, c.trade, c.depth, c.snapshot),
        (66_089, 21_313, 6_551, 1)
    );
    assert_eq!(c.with_pu, 6_551, "every futures diff carries pu");
    assert_eq!(c.snapshot_levels, (1_000, 1_000));
    assert_eq!(c.levels, 445_521);
    assert_eq!(c.book_events, 445_521 + 66_089 + 21_313);
}

#[test]
fn spot_capture_counts() {
    let Some(path) = capture::data_path("spot_btcusdt_20240808.gz") else {
        return;
    };
    let c = counts(&capture::batches(&path));
    assert_eq!(
        (c.quote, c.trade, c.depth, c.snapshot),
        (28_040, 9_757, 3_451, 1)
    );
    assert_eq!(c.with_pu, 0, "spot diffs have no pu");
    assert_eq!(c.snapshot_levels, (1_000, 1_000));
}

#[test]
fn prefetch_reads_the_capture_exactly_like_the_plain_reader() {
    let Some(path) = capture::data_path("usdm_btcusdt_20240808.gz") else {
        return;
    };
    let plain = capture::batches(&path);
    let reader = CaptureReader::open(&path, ReaderOptions::default()).unwrap();
    let mut p = Prefetch::spawn(reader, 8_192, 2).unwrap();
    let mut k = 0;
    while let Some(b) = p.next_batch().unwrap() {
        let q = &plain[k];
        assert_eq!(b.line, q.line);
        assert_eq!(b.receive_ns, q.receive_ns);
        assert_eq!(b.level_end, q.level_end);
        // Bit patterns: NaN (absent) equals NaN.
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&b.level_price), bits(&q.level_price));
        assert_eq!(bits(&b.level_qty), bits(&q.level_qty));
        assert_eq!(bits(&b.exchange_ms), bits(&q.exchange_ms));
        assert_eq!(bits(&b.prev_update_id), bits(&q.prev_update_id));
        p.recycle(b);
        k += 1;
    }
    assert_eq!(k, plain.len());
}
