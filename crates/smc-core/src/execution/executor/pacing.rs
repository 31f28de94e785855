//! What each algorithm wants, as a cumulative target: small pluggable strategies.

use crate::error::{check, Result, SmcError};
use crate::execution::lots::LotSpec;
use crate::execution::schedule::{ClipDrawer, IcebergParams, PovParams, Schedule, VolumeProfile};

/// What the engine knows when it asks the pacing for a target.
#[derive(Debug, Clone, Copy)]
pub struct PacingContext {
    pub now: f64,
    pub start: f64,
    pub end: f64,
    pub total: f64,
    pub filled: f64,
    /// Open quantity of working children.
    pub working: f64,
    /// Market volume (everyone, us included) reported since the start.
    pub market_volume: f64,
    pub lots: LotSpec,
}

pub trait Pacing: Send {
    fn name(&self) -> &'static str;

    /// Cumulative quantity that should be filled or working by `ctx.now` (at most the total).
    fn target(&mut self, ctx: &PacingContext) -> f64;

    /// Whether the remainder is forced out (aggressively) once the window has ended. Schedules
    /// (TWAP, VWAP) must finish; POV and iceberg simply expire.
    fn completes_at_end(&self) -> bool {
        true
    }

    /// Size in lots of the next child, given the lots the target asks for and the lots left.
    fn child_units(&mut self, needed: u64, _left: u64, _lots: &LotSpec) -> u64 {
        needed
    }

    /// Whether only one child may work at a time (iceberg).
    fn single_child(&self) -> bool {
        false
    }
}

/// Follows a planned schedule (TWAP, static VWAP): slice i is due from `times[i]`.
pub struct SchedulePacing {
    name: &'static str,
    schedule: Schedule,
}

impl SchedulePacing {
    pub fn new(name: &'static str, schedule: Schedule) -> Self {
        SchedulePacing { name, schedule }
    }
}

impl Pacing for SchedulePacing {
    fn name(&self) -> &'static str {
        self.name
    }

    fn target(&mut self, ctx: &PacingContext) -> f64 {
        if ctx.now >= ctx.end {
            return ctx.total;
        }
        let s = &self.schedule;
        s.times
            .iter()
            .zip(&s.quantities)
            .filter(|(t, _)| **t <= ctx.now)
            .map(|(_, q)| q)
            .sum()
    }
}

/// Dynamic VWAP: the done fraction follows realised volume, R / (R + expected remaining), where
/// the expected remaining volume comes from the profile's mean bucket volumes. When the market
/// trades more than usual early on, the executor trades more early on; the plan for the rest is
/// rescaled automatically because the remaining quantity is spread over the expected remainder.
pub struct VwapDynamicPacing {
    mean_volume: Vec<f64>,
}

impl VwapDynamicPacing {
    pub fn new(profile: &VolumeProfile) -> Result<Self> {
        check::series("meanVolume", &profile.mean_volume)?;
        if profile.mean_volume.iter().any(|&v| v < 0.0)
            || profile.mean_volume.iter().sum::<f64>() <= 0.0
        {
            return Err(SmcError::invalid(
                "dynamic VWAP needs a profile with positive mean volumes",
            ));
        }
        Ok(VwapDynamicPacing {
            mean_volume: profile.mean_volume.clone(),
        })
    }

    fn expected_remaining(&self, ctx: &PacingContext) -> f64 {
        let n = self.mean_volume.len();
        let pos = ((ctx.now - ctx.start) / (ctx.end - ctx.start) * n as f64).clamp(0.0, n as f64);
        let bucket = pos.floor() as usize;
        if bucket >= n {
            return 0.0;
        }
        let in_bucket = (1.0 - (pos - bucket as f64)) * self.mean_volume[bucket];
        in_bucket + self.mean_volume[bucket + 1..].iter().sum::<f64>()
    }
}

impl Pacing for VwapDynamicPacing {
    fn name(&self) -> &'static str {
        "vwap"
    }

    fn target(&mut self, ctx: &PacingContext) -> f64 {
        if ctx.now >= ctx.end {
            return ctx.total;
        }
        let realised = ctx.market_volume;
        let rest = self.expected_remaining(ctx);
        if realised + rest <= 0.0 {
            return 0.0;
        }
        let units = ctx
            .lots
            .floor_units(ctx.total * realised / (realised + rest));
        ctx.lots.qty(units).min(ctx.total)
    }
}

/// POV: own = rho/(1-rho) x others' volume since the start, others = market - our fills.
pub struct PovPacing {
    params: PovParams,
}

impl PovPacing {
    pub fn new(params: PovParams) -> Result<Self> {
        params.validate()?;
        Ok(PovPacing { params })
    }
}

impl Pacing for PovPacing {
    fn name(&self) -> &'static str {
        "pov"
    }

    fn target(&mut self, ctx: &PacingContext) -> f64 {
        let others = (ctx.market_volume - ctx.filled).max(0.0);
        let units = ctx.lots.floor_units(self.params.own_for(others));
        ctx.lots.qty(units).min(ctx.total)
    }

    fn completes_at_end(&self) -> bool {
        false
    }

    fn child_units(&mut self, needed: u64, _left: u64, lots: &LotSpec) -> u64 {
        needed.min(lots.floor_units(self.params.cap()).max(lots.min_units()))
    }
}

/// Iceberg: everything is wanted now, shown one clip at a time; a new clip when one is filled.
pub struct IcebergPacing {
    drawer: ClipDrawer,
}

impl IcebergPacing {
    pub fn new(params: IcebergParams, lots: &LotSpec) -> Result<Self> {
        params.validate(lots)?;
        Ok(IcebergPacing {
            drawer: ClipDrawer::new(params),
        })
    }
}

impl Pacing for IcebergPacing {
    fn name(&self) -> &'static str {
        "iceberg"
    }

    fn target(&mut self, ctx: &PacingContext) -> f64 {
        ctx.total
    }

    fn completes_at_end(&self) -> bool {
        false
    }

    fn child_units(&mut self, _needed: u64, left: u64, lots: &LotSpec) -> u64 {
        self.drawer.next_units(lots, left)
    }

    fn single_child(&self) -> bool {
        true
    }
}
