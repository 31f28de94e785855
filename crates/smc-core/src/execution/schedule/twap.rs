//! TWAP: equal slices per interval.

use super::{check_slices, check_window};
use crate::error::{check, Result};
use crate::execution::lots::{enforce_minimum, LotSpec};
use crate::execution::prng::SplitMix64;

/// A planned schedule: child `quantities[i]` released at `times[i]` (epoch ms). Slices of 0 are
/// kept so that index i is always interval i.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub times: Vec<f64>,
    pub quantities: Vec<f64>,
}

/// Seeded randomisation of the release time within each slice, so that the child orders do not
/// hit the market at predictable instants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimingJitter {
    pub seed: u64,
    /// Fraction of the slice length the release time may move, in [0, 1].
    pub fraction: f64,
}

/// TWAP over `slices` equal intervals of `[start, end)`. With lot L the base slice is
/// floor(Q/(N*L))*L and the remaining lots go one each to the first slices; slices below the
/// minimum child are merged forward. Without jitter a slice is released at its interval start.
pub fn twap_schedule(
    total: f64,
    slices: usize,
    lots: LotSpec,
    start: f64,
    end: f64,
    jitter: Option<TimingJitter>,
) -> Result<Schedule> {
    check_slices("slices", slices)?;
    check_window(start, end)?;
    let units = lots.parent_units(total)?;
    let n = slices as u64;
    let base = units / n;
    let extra = units % n;
    let mut split: Vec<u64> = (0..n).map(|i| base + u64::from(i < extra)).collect();
    enforce_minimum(&mut split, lots.min_units());
    let width = (end - start) / slices as f64;
    let mut rng = match jitter {
        Some(j) => {
            check::probability("jitter.fraction", j.fraction)?;
            Some((SplitMix64::new(j.seed), j.fraction))
        }
        None => None,
    };
    let times = (0..slices)
        .map(|i| {
            let t0 = start + width * i as f64;
            match rng.as_mut() {
                Some((r, f)) => t0 + r.next_f64() * *f * width,
                None => t0,
            }
        })
        .collect();
    Ok(Schedule {
        times,
        quantities: split.into_iter().map(|u| lots.qty(u)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_plus_remaining_lots_on_first_slices() {
        let lots = LotSpec::new(10.0, 0.0).unwrap();
        let s = twap_schedule(1030.0, 4, lots, 0.0, 4000.0, None).unwrap();
        // 103 lots over 4: base 25 lots (250), 3 extra lots to the first three slices.
        assert_eq!(s.quantities, vec![260.0, 260.0, 260.0, 250.0]);
        assert_eq!(s.times, vec![0.0, 1000.0, 2000.0, 3000.0]);
    }

    #[test]
    fn jitter_is_seeded_and_stays_in_its_slice() {
        let lots = LotSpec::default();
        let j = Some(TimingJitter {
            seed: 7,
            fraction: 1.0,
        });
        let a = twap_schedule(100.0, 10, lots, 0.0, 1000.0, j).unwrap();
        let b = twap_schedule(100.0, 10, lots, 0.0, 1000.0, j).unwrap();
        assert_eq!(a, b);
        for (i, t) in a.times.iter().enumerate() {
            assert!(*t >= 100.0 * i as f64 && *t < 100.0 * (i + 1) as f64);
        }
        assert_ne!(a.times[1], 100.0);
    }

    #[test]
    fn rejects_bad_input() {
        let lots = LotSpec::default();
        let e = twap_schedule(10.0, 0, lots, 0.0, 1.0, None).unwrap_err();
        assert_eq!(e.code(), "SMC_OUT_OF_RANGE");
        // A typo such as 1e12 slices must be an error, not a huge allocation.
        let e = twap_schedule(10.0, 1_000_000_000_000, lots, 0.0, 1.0, None).unwrap_err();
        assert_eq!(e.code(), "SMC_OUT_OF_RANGE");
        let e = twap_schedule(10.0, 2, lots, 5.0, 1.0, None).unwrap_err();
        assert_eq!(e.code(), "SMC_UNORDERED");
        let e = twap_schedule(-10.0, 2, lots, 0.0, 1.0, None).unwrap_err();
        assert_eq!(e.code(), "SMC_OUT_OF_RANGE");
    }
}
