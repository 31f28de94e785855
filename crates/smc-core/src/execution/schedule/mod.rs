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
