//! Test helpers shared by the integration tests: Binance capture reading (capture.rs), the
//! EURUSD 15m bars and the gzipped golden CSVs of scripts/golden/smc_reference.py.
#![allow(dead_code)] // each test binary uses a different subset

pub mod capture;
pub mod simex_replay;

use std::io::Read;
use std::path::PathBuf;

pub struct Bars {
    pub time: Vec<f64>,
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
    /// The CSV's `Volume` column (all zeros), for the zero-volume order-block case.
    pub zero_volume: Vec<f64>,
}

fn shared_data() -> PathBuf {
    std::env::var_os("SMC_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// `2022.10.10 00:15:00` (UTC) to epoch ms.
fn parse_time(s: &str) -> f64 {
    let n = |a: usize, b: usize| s[a..b].parse::<i64>().unwrap();
    let days = days_from_civil(n(0, 4), n(5, 7), n(8, 10));
    ((days * 86_400 + n(11, 13) * 3600 + n(14, 16) * 60 + n(17, 19)) * 1000) as f64
}

/// EURUSD 15m (volume = Tickvol), or None with a printed message when the data is absent.
pub fn eurusd(test: &str) -> Option<Bars> {
    let path = shared_data().join("eurusd-15m/EURUSD_15M.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("[data] {test}: skipped ({} not found)", path.display());
        return None;
    };
    let mut b = Bars {
        time: vec![],
        open: vec![],
        high: vec![],
        low: vec![],
        close: vec![],
        volume: vec![],
        zero_volume: vec![],
    };
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        b.time.push(parse_time(f[0]));
        b.open.push(f[1].parse().unwrap());
        b.high.push(f[2].parse().unwrap());
        b.low.push(f[3].parse().unwrap());
        b.close.push(f[4].parse().unwrap());
        b.volume.push(f[5].parse().unwrap());
        b.zero_volume.push(f[6].parse().unwrap());
    }
    Some(b)
}

/// One golden case: column names and, per column, the cells (NaN for empty) and whether the
/// package stores it as float32.
pub struct Golden {
    pub columns: Vec<String>,
    pub cells: Vec<Vec<f64>>,
}

pub fn golden(name: &str) -> Golden {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/smc_{name}.csv.gz"));
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap();
    let mut lines = text.lines();
    let columns: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let mut cells = vec![Vec::new(); columns.len()];
    for line in lines {
        for (c, v) in line.split(',').enumerate() {
            cells[c].push(if v.is_empty() {
                f64::NAN
            } else {
                v.parse().unwrap()
            });
        }
    }
    Golden { columns, cells }
}

/// Cell-by-cell agreement of `ours` with the golden column: NaN matches NaN; `f32` columns
/// compare after rounding both to float32 (the golden text is the shortest f32 repr).
pub fn agreement(ours: &[f64], theirs: &[f64], f32: bool) -> (usize, Option<usize>) {
    assert_eq!(ours.len(), theirs.len(), "length");
    let mut equal = 0;
    let mut first_miss = None;
    for (i, (&a, &b)) in ours.iter().zip(theirs).enumerate() {
        let same = if a.is_nan() || b.is_nan() {
            a.is_nan() && b.is_nan()
        } else if f32 {
            a as f32 == b as f32
        } else {
            a == b
        };
        if same {
            equal += 1;
        } else if first_miss.is_none() {
            first_miss = Some(i);
        }
    }
    (equal, first_miss)
}

/// Compares every column of a case and prints the agreement; returns the mismatching cells.
pub fn compare(name: &str, ours: &[(&str, &[f64], bool)]) -> usize {
    let g = golden(name);
    assert_eq!(g.columns.len(), ours.len(), "{name}: column count");
    let mut misses = 0;
    let mut total = 0;
    for ((col, values, f32), (gname, gcells)) in ours.iter().zip(g.columns.iter().zip(&g.cells)) {
        let (equal, first) = agreement(values, gcells, *f32);
        total += values.len();
        misses += values.len() - equal;
        if let Some(i) = first {
            println!(
                "{name}.{col} ({gname}): {equal}/{} equal; first miss row {i}: ours {} vs package {}",
                values.len(),
                values[i],
                gcells[i]
            );
        }
    }
    println!(
        "{name}: {}/{} cells equal ({:.4}%)",
        total - misses,
        total,
        100.0 * (total - misses) as f64 / total as f64
    );
    misses
}
