//! Iceberg: show a small display quantity, replenish it when filled.

use crate::error::{check, Result, SmcError};
use crate::execution::lots::LotSpec;
use crate::execution::prng::SplitMix64;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IcebergParams {
    /// Visible quantity of each clip.
    pub display: f64,
    /// Each clip is drawn uniformly in display x [1 - v, 1 + v] (then whole lots), so that the
    /// refills do not reveal a constant size. 0 disables it; must be in [0, 1).
    pub variance: f64,
    pub seed: u64,
}

impl IcebergParams {
    pub(crate) fn validate(&self, lots: &LotSpec) -> Result<()> {
        check::finite_scalar("display", self.display)?;
        if self.display <= 0.0 {
            return Err(SmcError::out_of_range(
                "display",
                self.display,
                "a number > 0",
            ));
        }
        if !(0.0..1.0).contains(&self.variance) {
            return Err(SmcError::out_of_range(
                "variance",
                self.variance,
                "a number in [0, 1)",
            ));
        }
        // Randomised clips below the minimum are raised to it; the display itself must reach it.
        if lots.floor_units(self.display) < lots.min_units() {
            return Err(SmcError::invalid(format!(
                "display {} is below the minimum child {}",
                self.display,
                lots.qty(lots.min_units())
            )));
        }
        Ok(())
    }
}

/// Draws display clips in whole lots (never below the minimum) until the total is used up.
pub(crate) struct ClipDrawer {
    params: IcebergParams,
    rng: SplitMix64,
}

impl ClipDrawer {
    pub(crate) fn new(params: IcebergParams) -> Self {
        ClipDrawer {
            params,
            rng: SplitMix64::new(params.seed),
        }
    }

    /// The next clip in lots given `left` lots to go. A last remainder below the minimum is
    /// folded into this clip instead of being shown alone.
    pub(crate) fn next_units(&mut self, lots: &LotSpec, left: u64) -> u64 {
        let scale = 1.0 + self.params.variance * (2.0 * self.rng.next_f64() - 1.0);
        let clip = lots
            .floor_units(self.params.display * scale)
            .max(lots.min_units());
        if clip >= left || left - clip < lots.min_units() {
            left
        } else {
            clip
        }
    }
}

/// The sequence of clip sizes an iceberg of `total` shows; sums to the total.
pub fn iceberg_clips(total: f64, params: IcebergParams, lots: LotSpec) -> Result<Vec<f64>> {
    params.validate(&lots)?;
    let mut left = lots.parent_units(total)?;
    // Clips are at least display x (1 - variance) (or the minimum): bound their number first.
    let smallest = lots
        .floor_units(params.display * (1.0 - params.variance))
        .max(lots.min_units());
    if left / smallest > super::MAX_SLICES as u64 {
        return Err(SmcError::out_of_range(
            "quantity / display",
            (left / smallest) as f64,
            "at most 1000000 clips",
        ));
    }
    let mut drawer = ClipDrawer::new(params);
    let mut out = Vec::new();
    while left > 0 {
        let clip = drawer.next_units(&lots, left);
        out.push(lots.qty(clip));
        left -= clip;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_sum_to_total_and_respect_the_minimum() {
        let lots = LotSpec::new(1.0, 5.0).unwrap();
        let p = IcebergParams {
            display: 10.0,
            variance: 0.3,
            seed: 3,
        };
        let clips = iceberg_clips(103.0, p, lots).unwrap();
        assert_eq!(clips.iter().sum::<f64>(), 103.0);
        assert!(clips.iter().all(|&c| c >= 5.0));
        assert!(clips[..clips.len() - 1]
            .iter()
            .all(|&c| (7.0..=13.0).contains(&c)));
        assert_eq!(clips, iceberg_clips(103.0, p, lots).unwrap());
        let fixed = IcebergParams { variance: 0.0, ..p };
        assert_eq!(
            iceberg_clips(25.0, fixed, lots).unwrap(),
            vec![10.0, 10.0, 5.0]
        );
        // A last remainder of 3 (< 5) is folded into the clip before it.
        assert_eq!(iceberg_clips(23.0, fixed, lots).unwrap(), vec![10.0, 13.0]);
    }

    #[test]
    fn rejects_a_display_below_the_minimum() {
        let lots = LotSpec::new(1.0, 5.0).unwrap();
        let p = IcebergParams {
            display: 4.0,
            variance: 0.0,
            seed: 0,
        };
        assert_eq!(
            iceberg_clips(10.0, p, lots).unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
    }
}
