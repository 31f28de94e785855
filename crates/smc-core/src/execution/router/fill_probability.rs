//! Fill probability of a resting level by the time our order arrives.

/// Probability that the quantity of a level is still there when our order reaches the venue.
/// A small trait so that users can plug in their own estimate.
pub trait FillModel {
    /// `depth_ahead`: displayed quantity at better levels on the same venue; `level_qty`: the
    /// level's displayed size; `depletion_rate`: quantity per ms others take from the touch.
    fn probability(
        &self,
        latency_ms: f64,
        depletion_rate: f64,
        depth_ahead: f64,
        level_qty: f64,
    ) -> f64;

    /// Appends the probability of each level of one venue's side to `out`. Override to hoist
    /// per-venue work out of the level loop (this runs on every routing decision).
    fn probabilities(
        &self,
        latency_ms: f64,
        depletion_rate: f64,
        level_qty: &[f64],
        out: &mut Vec<f64>,
    ) {
        let mut ahead = 0.0;
        for &q in level_qty {
            out.push(self.probability(latency_ms, depletion_rate, ahead, q));
            ahead += q;
        }
    }
}

/// Others consume `depletion_rate x latency` from the touch before we arrive, so the part of a
/// level inside that band is gone; the rest survives with probability exp(-latency x decay)
/// (quotes also get cancelled while we are in flight, more so the slower we are).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatencyDepletionModel {
    /// Per-millisecond hazard of a quote being pulled while our order is in flight.
    pub latency_decay_per_ms: f64,
}

impl FillModel for LatencyDepletionModel {
    fn probability(
        &self,
        latency_ms: f64,
        depletion_rate: f64,
        depth_ahead: f64,
        level_qty: f64,
    ) -> f64 {
        if level_qty <= 0.0 {
            return 0.0;
        }
        let consumed = depletion_rate * latency_ms;
        let survive =
            ((depth_ahead + level_qty - consumed.max(depth_ahead)) / level_qty).clamp(0.0, 1.0);
        survive * (-latency_ms * self.latency_decay_per_ms).exp()
    }

    fn probabilities(
        &self,
        latency_ms: f64,
        depletion_rate: f64,
        level_qty: &[f64],
        out: &mut Vec<f64>,
    ) {
        let decay = (-latency_ms * self.latency_decay_per_ms).exp();
        let consumed = depletion_rate * latency_ms;
        let mut ahead = 0.0;
        for &q in level_qty {
            let survive = if q <= 0.0 {
                0.0
            } else {
                ((ahead + q - consumed.max(ahead)) / q).clamp(0.0, 1.0)
            };
            out.push(survive * decay);
            ahead += q;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decays_with_latency_and_depletion() {
        let m = LatencyDepletionModel {
            latency_decay_per_ms: 0.01,
        };
        assert_eq!(m.probability(0.0, 0.0, 0.0, 5.0), 1.0);
        assert!((m.probability(10.0, 0.0, 0.0, 5.0) - (-0.1f64).exp()).abs() < 1e-15);
        // 2/ms for 5 ms eats 10: a level covering depth [5, 15) keeps half.
        let no_decay = LatencyDepletionModel {
            latency_decay_per_ms: 0.0,
        };
        assert_eq!(no_decay.probability(5.0, 2.0, 5.0, 10.0), 0.5);
        assert_eq!(no_decay.probability(5.0, 2.0, 0.0, 10.0), 0.0);
        assert_eq!(no_decay.probability(5.0, 2.0, 20.0, 10.0), 1.0);
        let mut batch = Vec::new();
        m.probabilities(5.0, 2.0, &[5.0, 10.0, 10.0], &mut batch);
        let one_by_one: Vec<f64> = [(0.0, 5.0), (5.0, 10.0), (15.0, 10.0)]
            .iter()
            .map(|&(a, q)| m.probability(5.0, 2.0, a, q))
            .collect();
        assert_eq!(batch, one_by_one);
    }
}
