//! POV: participate at a target rate rho of market volume.

use crate::error::{check, Result, SmcError};
use crate::execution::lots::LotSpec;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PovParams {
    /// Target share of total market volume, in (0, 1).
    pub rate: f64,
    /// Largest single child (0 or infinity: no cap).
    pub max_child: f64,
}

impl PovParams {
    pub(crate) fn validate(&self) -> Result<()> {
        if !(self.rate > 0.0 && self.rate < 1.0) {
            return Err(SmcError::out_of_range(
                "rate",
                self.rate,
                "a number in (0, 1)",
            ));
        }
        if self.max_child.is_nan() || self.max_child < 0.0 {
            return Err(SmcError::out_of_range(
                "maxChild",
                self.max_child,
                "a number >= 0",
            ));
        }
        Ok(())
    }

    /// Own quantity that keeps us at `rate` of the total when others trade `others`:
    /// own / (own + others) = rho  =>  own = rho / (1 - rho) * others.
    pub fn own_for(&self, others: f64) -> f64 {
        self.rate / (1.0 - self.rate) * others
    }

    pub(crate) fn cap(&self) -> f64 {
        if self.max_child > 0.0 {
            self.max_child
        } else {
            f64::INFINITY
        }
    }
}

/// Plans POV children against a forecast of others' volume per interval. The cumulative target
/// rho/(1-rho) x cumulative others' volume is chased each interval, so an interval held back by
/// the child cap or the lot is caught up later. Stops at the parent total; the plan may sum to
/// less than the parent if the forecast volume is too small (that is POV's nature).
pub fn pov_schedule(
    total: f64,
    params: PovParams,
    others_volume: &[f64],
    lots: LotSpec,
) -> Result<Vec<f64>> {
    params.validate()?;
    check::series("othersVolume", others_volume)?;
    if let Some(i) = others_volume.iter().position(|&v| v < 0.0) {
        return Err(SmcError::out_of_range(
            &format!("othersVolume[{i}]"),
            others_volume[i],
            "a number >= 0",
        ));
    }
    let units = lots.parent_units(total)?;
    let min_units = lots.min_units();
    let cap_units = if params.cap().is_finite() {
        lots.floor_units(params.cap())
    } else {
        u64::MAX
    };
    if cap_units < min_units {
        return Err(SmcError::invalid(format!(
            "maxChild {} is below the minimum child {}",
            params.max_child,
            lots.qty(min_units)
        )));
    }
    let mut done = 0u64;
    let mut cum_others = 0.0;
    let mut out = Vec::with_capacity(others_volume.len());
    for &v in others_volume {
        cum_others += v;
        let target = lots.floor_units(params.own_for(cum_others)).min(units);
        let mut child = target.saturating_sub(done).min(cap_units);
        // The final child may be below the minimum only if nothing else is left to send.
        if child < min_units && !(child > 0 && done + child == units) {
            child = 0;
        }
        done += child;
        out.push(lots.qty(child));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_rate_and_catches_up_after_cap() {
        let p = PovParams {
            rate: 0.2,
            max_child: 30.0,
        };
        // rho/(1-rho) = 0.25: 400 others -> 100 own, capped at 30, then caught up.
        let s = pov_schedule(1000.0, p, &[400.0, 0.0, 0.0, 0.0], LotSpec::default()).unwrap();
        assert_eq!(s, vec![30.0, 30.0, 30.0, 10.0]);
        let s = pov_schedule(10.0, p, &[400.0, 400.0], LotSpec::default()).unwrap();
        assert_eq!(s, vec![10.0, 0.0]);
    }

    #[test]
    fn rejects_bad_rates_and_volumes() {
        let lots = LotSpec::default();
        let bad = PovParams {
            rate: 1.0,
            max_child: 0.0,
        };
        assert_eq!(
            pov_schedule(10.0, bad, &[1.0], lots).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        let ok = PovParams {
            rate: 0.1,
            max_child: 0.0,
        };
        assert_eq!(
            pov_schedule(10.0, ok, &[-1.0], lots).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
