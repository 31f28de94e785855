use std::io::Write;

use super::*;
use crate::book::{DepthSync, DiffIds, Level, SequenceRule, SyncOutcome, TickSize};
use crate::exchange::{Models, SimVenue, VenueConfig};

const DEPTH: &str = r#"1723161255030314667 {"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1723161256299,"T":1723161256298,"s":"BTCUSDT","U":100,"u":105,"pu":99,"b":[["58710.20","0.014"],["61496.50","0"]],"a":[["61800.30","3.330"]]}}"#;
const QUOTE: &str = r#"1723161254087891268 {"stream":"btcusdt@bookTicker","data":{"u":12,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000","A":"1.54698000"}}"#;
const TRADE: &str = r#"1723161254087896568 {"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":true,"M":true}}"#;
const SNAPSHOT: &str = r#"1723161256000000123 {"lastUpdateId":101,"E":1723161256100,"T":1723161256099,"bids":[["61800.00","1.5"]],"asks":[["61800.30","2"],["61800.40","1"]]}"#;

fn read(text: &str, on_invalid: OnInvalid) -> (CaptureBatch, Option<String>) {
    let options = ReaderOptions {
        on_invalid,
        gzip: None,
    };
    let mut r =
        CaptureReader::from_reader("t", std::io::Cursor::new(text.to_owned()), options).unwrap();
    let mut all = CaptureBatch::default();
    let mut batch = CaptureBatch::default();
    loop {
        match r.read_batch(&mut batch, 1_000) {
            Ok(true) => append(&mut all, &batch),
            Ok(false) => return (all, None),
            Err(e) => return (all, Some(e.to_string())),
        }
    }
}

/// Concatenates batches (tests only): message rows, levels with shifted ranges, rejects.
fn append(all: &mut CaptureBatch, b: &CaptureBatch) {
    for i in 0..b.len() {
        let (bids, asks) = b.level_ranges(i);
        let start = all.level_side.len();
        all.level_side
            .extend_from_slice(&b.level_side[bids.start..asks.end]);
        all.level_price
            .extend_from_slice(&b.level_price[bids.start..asks.end]);
        all.level_qty
            .extend_from_slice(&b.level_qty[bids.start..asks.end]);
        let sym = if b.symbol[i] == NO_SYMBOL {
            NO_SYMBOL
        } else {
            all.symbol_index(&b.symbols[b.symbol[i] as usize])
        };
        let row = batch::Row {
            kind: b.kind[i],
            line: b.line[i],
            receive_ns: b.receive_ns[i],
            receive_ms: b.receive_ms[i],
            exchange_ms: b.exchange_ms[i],
            event_ms: b.event_ms[i],
            symbol: sym,
            first_update_id: b.first_update_id[i],
            last_update_id: b.last_update_id[i],
            prev_update_id: b.prev_update_id[i],
            bid_price: b.bid_price[i],
            bid_qty: b.bid_qty[i],
            ask_price: b.ask_price[i],
            ask_qty: b.ask_qty[i],
            price: b.price[i],
            qty: b.qty[i],
            trade_id: b.trade_id[i],
            aggressor: b.aggressor[i],
        };
        all.push(&row, start, start + bids.len());
    }
    all.rejects.extend(b.rejects.iter().cloned());
}

fn one(line: &str) -> CaptureBatch {
    let (b, err) = read(line, OnInvalid::Fail);
    assert_eq!(err, None, "{line}");
    assert_eq!(b.len(), 1);
    b
}

fn reject(line: &str) -> Reject {
    let (b, err) = read(line, OnInvalid::Skip);
    assert_eq!((err, b.len(), b.rejects.len()), (None, 0, 1), "{line}");
    b.rejects[0].clone()
}

#[test]
fn depth_diff_with_pu() {
    let b = one(DEPTH);
    assert_eq!(b.kind[0], MessageKind::Depth);
    assert_eq!(
        (
            b.first_update_id[0],
            b.last_update_id[0],
            b.prev_update_id[0]
        ),
        (100.0, 105.0, 99.0)
    );
    assert_eq!(
        (b.exchange_ms[0], b.event_ms[0]),
        (1723161256298.0, 1723161256299.0)
    );
    assert_eq!(b.symbols[b.symbol[0] as usize], "BTCUSDT");
    assert_eq!(b.level_ranges(0), (0..2, 2..3));
    assert_eq!(b.level_side, [0, 0, 1]);
    assert_eq!(b.level_price, [58710.2, 61496.5, 61800.3]);
    assert_eq!(b.level_qty, [0.014, 0.0, 3.33]);
    assert_eq!(b.receive_ns[0], 1_723_161_255_030_314_667);
    assert_eq!(b.receive_ms[0], 1_723_161_255_030.0 + 0.314667);
    assert_eq!(b.book_events(), 3);
}

#[test]
fn spot_diff_without_pu_and_bare_payloads() {
    let b = one(r#"5 {"e":"depthUpdate","E":7,"U":1,"u":1,"b":[],"a":[["2","1"]]}"#);
    assert!(b.prev_update_id[0].is_nan());
    assert_eq!(b.symbol[0], NO_SYMBOL);
    assert_eq!(b.exchange_ms[0], 7.0);
    assert_eq!(b.receive_ms[0], 0.000005);
}

#[test]
fn quote_trade_and_snapshot() {
    let q = one(QUOTE);
    assert_eq!(q.kind[0], MessageKind::Quote);
    assert_eq!(
        (q.bid_price[0], q.bid_qty[0], q.ask_price[0], q.ask_qty[0]),
        (61837.63, 3.78826, 61837.64, 1.54698)
    );
    assert_eq!(q.last_update_id[0], 12.0);
    assert!(q.exchange_ms[0].is_nan(), "spot bookTicker has no time");
    assert_eq!(q.book_events(), 1);
    let t = one(TRADE);
    assert_eq!(t.kind[0], MessageKind::Trade);
    assert_eq!(
        (t.trade_id[0], t.price[0], t.qty[0], t.aggressor[0]),
        (3735683259.0, 61837.63, 0.02, 1)
    );
    assert_eq!(t.exchange_ms[0], 1723161255342.0, "T before E");
    let s = one(SNAPSHOT);
    assert_eq!(s.kind[0], MessageKind::Snapshot);
    assert_eq!(s.last_update_id[0], 101.0);
    assert_eq!(s.exchange_ms[0], 1723161256100.0, "a snapshot's time is E");
    assert_eq!(s.symbol[0], NO_SYMBOL);
    assert_eq!(s.level_ranges(0), (0..1, 1..3));
}

#[test]
fn follows_the_javascript_adapter_on_odd_but_valid_input() {
    // `T: null` falls back to E; a non-number T means no time; levels that are not arrays count
    // as none; a bare number level x is [x, x]; Number("") is 0; the last duplicate key wins.
    let b = one(r#"1 {"e":"trade","T":null,"E":9,"t":1,"p":"2","q":"1"}"#);
    assert_eq!((b.exchange_ms[0], b.aggressor[0]), (9.0, 0));
    let b = one(r#"1 {"e":"trade","T":"9","E":9,"t":1.5,"p":2,"q":" 1 "}"#);
    assert!(b.exchange_ms[0].is_nan());
    assert_eq!((b.trade_id[0], b.price[0], b.qty[0]), (1.5, 2.0, 1.0));
    let b = one(r#"1 {"e":"depthUpdate","U":1,"u":2,"pu":"x","b":"none","a":[3,["4",""]]}"#);
    assert!(b.prev_update_id[0].is_nan());
    assert_eq!(b.level_ranges(0), (0..0, 0..2));
    assert_eq!(
        (b.level_price.clone(), b.level_qty.clone()),
        (vec![3.0, 4.0], vec![3.0, 0.0])
    );
    let b = one(r#"1 {"b":"1","a":"2","B":"0","A":"0","b":"1.5"}"#);
    assert_eq!(b.bid_price[0], 1.5);
    let b = one(r#"1 {"stream":"x","data":{"e":"trade","t":1,"p":"1","q":"1","s":"E\u0054H"}}"#);
    assert_eq!(b.symbols, ["ETH"]);
}

#[test]
fn rejects_with_the_javascript_reasons() {
    use RejectReason::*;
    let cases = [
        ("1723161254087891268", MalformedJson),
        (" {\"e\":\"trade\"}", MalformedJson),
        ("12a {}", MalformedJson),
        ("99999999999999999999 {}", MalformedJson),
        ("1 {\"e\":\"trade\",", MalformedJson),
        ("1 {\"e\":\"trade\"} x", MalformedJson),
        ("1 [1,2]", SchemaViolation),
        ("1 null", SchemaViolation),
        ("1 {\"stream\":\"s\",\"data\":[1]}", SchemaViolation),
        ("1 {\"e\":\"kline\"}", SchemaViolation),
        (
            "1 {\"e\":\"trade\",\"t\":1,\"p\":\"0\",\"q\":\"1\"}",
            SchemaViolation,
        ),
        (
            "1 {\"e\":\"trade\",\"t\":1,\"p\":\"1\",\"q\":\"0\"}",
            SchemaViolation,
        ),
        (
            "1 {\"e\":\"trade\",\"t\":\"1\",\"p\":\"1\",\"q\":\"1\"}",
            SchemaViolation,
        ),
        (
            "1 {\"e\":\"trade\",\"t\":1,\"p\":\"1\",\"q\":\"1\",\"s\":\"\"}",
            SchemaViolation,
        ),
        (
            "1 {\"e\":\"trade\",\"t\":1,\"p\":\"1\",\"q\":\"1\",\"E\":-1}",
            SchemaViolation,
        ),
        ("1 {\"e\":\"depthUpdate\",\"U\":5,\"u\":4}", SchemaViolation),
        (
            "1 {\"e\":\"depthUpdate\",\"U\":1.5,\"u\":4}",
            SchemaViolation,
        ),
        (
            "1 {\"e\":\"depthUpdate\",\"U\":1,\"u\":9007199254740992}",
            SchemaViolation,
        ),
        ("1 {\"e\":\"depthUpdate\",\"u\":4}", SchemaViolation),
        (
            "1 {\"e\":\"depthUpdate\",\"U\":1,\"u\":4,\"pu\":-1}",
            SchemaViolation,
        ),
        (
            "1 {\"e\":\"depthUpdate\",\"U\":1,\"u\":4,\"b\":[[\"1\"]]}",
            SchemaViolation,
        ),
        (
            "1 {\"e\":\"depthUpdate\",\"U\":1,\"u\":4,\"a\":[[\"1\",\"-1\"]]}",
            SchemaViolation,
        ),
        (
            "1 {\"e\":\"depthUpdate\",\"U\":1,\"u\":4,\"a\":[\"1\"]}",
            SchemaViolation,
        ),
        (
            "1 {\"b\":\"1\",\"a\":\"x\",\"B\":\"1\",\"A\":\"1\"}",
            SchemaViolation,
        ),
        ("1 {\"b\":\"1\",\"a\":\"2\",\"B\":\"1\"}", SchemaViolation),
        ("1 {\"lastUpdateId\":\"1\",\"bids\":[]}", SchemaViolation),
    ];
    for (line, reason) in cases {
        let r = reject(line);
        assert_eq!((r.reason, r.line), (reason, 1), "{line}: {}", r.message);
    }
}

#[test]
fn counts_lines_like_the_javascript_reader() {
    // Empty lines are skipped but numbered; CRLF endings and a missing final newline are fine.
    let text = format!("{QUOTE}\r\n\r\n{TRADE}\nbad\n{SNAPSHOT}");
    let (b, err) = read(&text, OnInvalid::Skip);
    assert_eq!(err, None);
    assert_eq!(b.line, [1, 3, 5]);
    assert_eq!(b.rejects.len(), 1);
    assert_eq!(b.rejects[0].line, 4);
}

#[test]
fn fail_mode_delivers_the_lines_before_the_error() {
    let text = format!("{QUOTE}\n{TRADE}\n1 {{\"e\":\"kline\"}}\n{SNAPSHOT}\n");
    let (b, err) = read(&text, OnInvalid::Fail);
    assert_eq!(b.len(), 2);
    let err = err.unwrap();
    assert!(err.contains("t: line 3: schema_violation"), "{err}");
    let mut r =
        CaptureReader::from_reader("t", std::io::Cursor::new(text), ReaderOptions::default())
            .unwrap();
    let mut batch = CaptureBatch::default();
    assert!(r.read_batch(&mut batch, 10).unwrap());
    assert_eq!(
        r.read_batch(&mut batch, 10).unwrap_err().code(),
        "SMC_INVALID_INPUT"
    );
    assert!(
        !r.read_batch(&mut batch, 10).unwrap(),
        "finished after an error"
    );
}

#[test]
fn gzip_and_plain_read_the_same_in_any_batch_size() {
    let text = [DEPTH, QUOTE, TRADE, SNAPSHOT].repeat(50).join("\n");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let (plain, _) = read(&text, OnInvalid::Fail);
    for size in [1, 3, 64, 1_000] {
        let mut r = CaptureReader::from_reader(
            "gz",
            std::io::Cursor::new(gz.clone()),
            ReaderOptions::default(),
        )
        .unwrap();
        let (mut all, mut batch) = (CaptureBatch::default(), CaptureBatch::default());
        while r.read_batch(&mut batch, size).unwrap() {
            assert!(batch.len() <= size);
            append(&mut all, &batch);
        }
        assert_eq!(all.line, plain.line);
        assert_eq!(all.level_price, plain.level_price);
        assert_eq!(all.trade_id, plain.trade_id);
        assert_eq!(r.lines_read(), 200);
    }
}

#[test]
fn prefetch_delivers_the_same_batches_then_the_error() {
    let text = format!(
        "{}\n1 {{\"e\":\"kline\"}}\n{QUOTE}\n",
        [DEPTH, QUOTE, TRADE].repeat(40).join("\n")
    );
    let reader = CaptureReader::from_reader(
        "p",
        std::io::Cursor::new(text.clone()),
        ReaderOptions::default(),
    )
    .unwrap();
    let mut p = Prefetch::spawn(reader, 7, 2).unwrap();
    let mut lines = vec![];
    let err = loop {
        match p.next_batch() {
            Ok(Some(b)) => {
                lines.extend_from_slice(&b.line);
                p.recycle(b);
            }
            Ok(None) => break None,
            Err(e) => break Some(e),
        }
    };
    assert_eq!(lines, (1..=120).collect::<Vec<u64>>());
    assert!(err.unwrap().to_string().contains("line 121"));
    assert!(p.next_batch().unwrap().is_none());
    // Dropping a prefetch that is still reading stops its thread.
    let reader =
        CaptureReader::from_reader("p", std::io::Cursor::new(text), ReaderOptions::default())
            .unwrap();
    drop(Prefetch::spawn(reader, 1, 1).unwrap());
}

#[test]
fn open_reports_a_missing_file() {
    let e = CaptureReader::open("/nonexistent/capture.gz", ReaderOptions::default())
        .err()
        .unwrap();
    assert_eq!(e.code(), "SMC_NOT_FOUND");
}

#[test]
fn replays_into_the_book_like_level_lists() {
    let tick = TickSize::parse("0.10").unwrap();
    let diff = |u0: u64, u1: u64, pu: u64, px: &str| {
        format!(
            r#"1 {{"e":"depthUpdate","U":{u0},"u":{u1},"pu":{pu},"b":[["{px}","1"]],"a":[["61800.30","2"]]}}"#
        )
    };
    let text = [
        diff(100, 105, 99, "61800.00"),
        SNAPSHOT.to_owned(),
        diff(106, 110, 105, "61800.10"),
    ]
    .join("\n");
    let (b, _) = read(&text, OnInvalid::Fail);
    let mut ours = DepthSync::new(tick, SequenceRule::Futures, 100);
    let mut theirs = ours.clone();
    let mut scratch = ReplayScratch::default();
    let got: Vec<BookApply> = (0..3)
        .map(|i| apply_to_book(&mut ours, &b, i, &mut scratch).unwrap())
        .collect();
    assert_eq!(
        got,
        [
            BookApply::Diff(SyncOutcome::Buffered),
            BookApply::Snapshot(1),
            BookApply::Diff(SyncOutcome::Applied)
        ]
    );
    let l = |p: f64, q: f64| Level::new(tick.price_to_ticks(p).unwrap(), q);
    let ids = |a, b, c| DiffIds {
        first: a,
        last: b,
        prev_last: Some(c),
    };
    theirs
        .on_diff(ids(100, 105, 99), &[l(61800.0, 1.0)], &[l(61800.3, 2.0)])
        .unwrap();
    theirs
        .on_snapshot(101, &[l(61800.0, 1.5)], &[l(61800.3, 2.0), l(61800.4, 1.0)])
        .unwrap();
    theirs
        .on_diff(ids(106, 110, 105), &[l(61800.1, 1.0)], &[l(61800.3, 2.0)])
        .unwrap();
    for side in [crate::book::Side::Bid, crate::book::Side::Ask] {
        assert_eq!(
            ours.book().levels(side).collect::<Vec<_>>(),
            theirs.book().levels(side).collect::<Vec<_>>()
        );
    }
    let quote = one(QUOTE);
    assert_eq!(
        apply_to_book(&mut ours, &quote, 0, &mut scratch)
            .unwrap_err()
            .code(),
        "SMC_INVALID_INPUT"
    );
    assert_eq!(
        apply_to_book(&mut ours, &quote, 1, &mut scratch)
            .unwrap_err()
            .code(),
        "SMC_OUT_OF_RANGE"
    );
}

#[test]
fn replays_into_the_venue_like_market_rows() {
    let tick = TickSize::parse("0.01").unwrap();
    let text = [
        SNAPSHOT,
        DEPTH,
        TRADE,
        QUOTE,
        r#"1 {"e":"depthUpdate","U":1,"u":1,"b":[],"a":[]}"#,
    ]
    .join("\n");
    let (b, _) = read(&text, OnInvalid::Fail);
    let mut venue = SimVenue::l2(tick, VenueConfig::default(), Models::default()).unwrap();
    let mut scratch = ReplayScratch::default();
    for (i, ts) in [10, 20, 30, 40, 50].into_iter().enumerate() {
        apply_to_venue(&mut venue, &b, i, ts, &mut scratch).unwrap();
    }
    assert_eq!(
        venue.now(),
        30,
        "quotes and empty diffs do not move the clock"
    );
    let book = venue.book().unwrap();
    assert_eq!(
        book.qty_at(
            crate::book::Side::Ask,
            tick.price_to_ticks(61800.3).unwrap()
        ),
        3.33
    );
    assert_eq!(
        book.qty_at(
            crate::book::Side::Bid,
            tick.price_to_ticks(61800.0).unwrap()
        ),
        1.5
    );
    let mut bar = SimVenue::bar(
        Default::default(),
        VenueConfig::default(),
        Models::default(),
    )
    .unwrap();
    assert_eq!(
        apply_to_venue(&mut bar, &b, 0, 1, &mut scratch)
            .unwrap_err()
            .code(),
        "SMC_INVALID_STATE"
    );
}
