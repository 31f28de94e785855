//! Pure schedule functions: given the parent order, the plan of child quantities (and times).
//! The executors in [`super::executor`] follow these plans and adapt them to live data.

mod almgren_chriss;
mod iceberg;
mod pov;
mod twap;
mod vwap;

pub use almgren_chriss::{almgren_chriss, AlmgrenChriss, AlmgrenChrissParams};
pub(crate) use iceberg::ClipDrawer;
pub use iceberg::{iceberg_clips, IcebergParams};
pub use pov::{pov_schedule, PovParams};
pub use twap::{twap_schedule, Schedule, TimingJitter};
pub use vwap::{volume_profile, vwap_schedule, VolumeProfile};

use crate::error::{check, Result, SmcError};

/// Upper bound on the number of slices, buckets or periods a schedule may have: far beyond any
/// real use, low enough that a typo cannot make us allocate gigabytes.
pub(crate) const MAX_SLICES: usize = 1_000_000;

/// Validates a slice count: 1 to [`MAX_SLICES`].
pub(crate) fn check_slices(name: &str, n: usize) -> Result<()> {
    if n == 0 || n > MAX_SLICES {
        return Err(SmcError::out_of_range(
            name,
            n as f64,
            "an integer in [1, 1000000]",
        ));
    }
    Ok(())
}

/// Validates an execution window `[start, end)` in epoch milliseconds.
pub(crate) fn check_window(start: f64, end: f64) -> Result<()> {
    check::finite_scalar("start", start)?;
    check::finite_scalar("end", end)?;
    if end <= start {
        return Err(SmcError::Unordered(format!(
            "end {end} must be after start {start}"
        )));
    }
    Ok(())
}
