//! Liquidity pools: clusters of equal highs or lows (`smc.liquidity`).

use super::{f32_round, SwingsView};
use crate::error::{Result, SmcError};
use crate::ohlc::Ohlc;

/// Output of [`liquidity`], every column float32 as in the package: `liquidity` +1 (highs) /
/// -1 (lows) / NaN, `level` the mean level of the cluster, `end` its last swing row, `swept`
/// the first row beyond the band (0 if none).
#[derive(Debug, Clone, PartialEq)]
pub struct Liquidity {
    pub liquidity: Vec<f64>,
    pub level: Vec<f64>,
    pub end: Vec<f64>,
    pub swept: Vec<f64>,
}

/// Liquidity, as `smc.liquidity(ohlc, swing_highs_lows, range_percent)`.
///
/// The band half-width is `(max(high) - min(low)) * range_percent` over the WHOLE input (so a
/// result depends on bars after it, as in the package). For each swing high i not yet used
/// (in row order): band = level ± width; swept = first row > i whose high reaches the band's
/// top (0 if none); every later unused swing high before `swept` (all of them when 0) with a
/// level inside the band joins the cluster and is marked used. A cluster of two or more gives
/// liquidity +1 at i with the mean level, end = last member, swept. Swing lows mirror it (low
/// reaching the band's bottom).
///
/// `range_percent` must be finite and >= 0.
pub fn liquidity(ohlc: &Ohlc<'_>, swings: SwingsView<'_>, range_percent: f64) -> Result<Liquidity> {
    let n = ohlc.len();
    let swings = SwingsView::new(swings.high_low, swings.level, n)?;
    if !range_percent.is_finite() || range_percent < 0.0 {
        return Err(SmcError::out_of_range(
            "rangePercent",
            range_percent,
            "a finite number >= 0",
        ));
    }
    let max_high = ohlc.high.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min_low = ohlc.low.iter().copied().fold(f64::INFINITY, f64::min);
    let width = (max_high - min_low) * range_percent;
    let mut out = Liquidity {
        liquidity: vec![f64::NAN; n],
        level: vec![f64::NAN; n],
        end: vec![f64::NAN; n],
        swept: vec![f64::NAN; n],
    };
    for kind in [1.0, -1.0] {
        let members: Vec<usize> = (0..n).filter(|&i| swings.high_low[i] == kind).collect();
        let mut used = vec![false; members.len()];
        for (m, &i) in members.iter().enumerate() {
            if used[m] {
                continue;
            }
            let anchor = swings.level[i];
            let (lo, hi) = (anchor - width, anchor + width);
            let swept = ((i + 1)..n)
                .find(|&j| {
                    if kind == 1.0 {
                        ohlc.high[j] >= hi
                    } else {
                        ohlc.low[j] <= lo
                    }
                })
                .unwrap_or(0);
            let mut sum = anchor;
            let mut count = 1usize;
            let mut end = i;
            for (q, &j) in members.iter().enumerate().skip(m + 1) {
                if swept != 0 && j >= swept {
                    break;
                }
                let lv = swings.level[j];
                if !used[q] && lo <= lv && lv <= hi {
                    sum += lv;
                    count += 1;
                    end = j;
                    used[q] = true;
                }
            }
            if count > 1 {
                out.liquidity[i] = kind;
                out.level[i] = f32_round(sum / count as f64);
                out.end[i] = f32_round(end as f64);
                out.swept[i] = f32_round(swept as f64);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_equal_highs_until_swept() {
        // Range of the whole input = 10 - 0 = 10, band = ±0.1 at range_percent 0.01.
        let high = [5.0, 9.0, 5.0, 9.05, 5.0, 8.95, 5.0, 10.0, 5.0, 9.0];
        let low = [0.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0];
        let x = [4.5; 10];
        let o = Ohlc::new(None, &x, &high, &low, &x, &x).unwrap();
        let mut hl = [f64::NAN; 10];
        let mut lv = [f64::NAN; 10];
        for i in [1, 3, 5, 9] {
            hl[i] = 1.0;
            lv[i] = high[i];
        }
        let r = liquidity(&o, SwingsView::new(&hl, &lv, 10).unwrap(), 0.01).unwrap();
        // The first high >= 9.1 after row 1 is row 7 (sweep); swings 3 and 5 are in the band and
        // before it, swing 9 is after it.
        assert_eq!(r.liquidity[1], 1.0);
        assert_eq!(r.level[1], f32_round((9.0 + 9.05 + 8.95) / 3.0));
        assert_eq!((r.end[1], r.swept[1]), (5.0, 7.0));
        assert!(r.liquidity[3].is_nan() && r.liquidity[9].is_nan());
        let e = liquidity(&o, SwingsView::new(&hl, &lv, 10).unwrap(), -0.5).unwrap_err();
        assert_eq!(e.code(), "SMC_OUT_OF_RANGE");
    }
}
