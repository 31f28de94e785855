//! Rolling VaR and ES over the last `window` returns, exactly equal to recomputing the
//! one-shot functions on each window (historical through the exact sorted window; Gaussian and
//! modified through running power sums, refreshed exactly once per window length so rounding
//! cannot drift).

use super::input;
use super::moments::Moments;
use super::quantile::QuantileMethod;
use super::sorted_window::SortedWindow;
use super::var::{
    es_from_ascending, es_strictly_below, gaussian_es_from, gaussian_var_from, modified_es_from,
    modified_var_from, EsConvention, MODIFIED_MIN_LEN,
};
use crate::error::{check, Result, SmcError};

/// Which VaR model a rolling window evaluates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VarModel {
    Historical {
        method: QuantileMethod,
        convention: EsConvention,
    },
    Gaussian {
        ddof: u32,
    },
    Modified,
}

impl VarModel {
    fn min_len(self) -> usize {
        match self {
            VarModel::Historical { .. } => 1,
            VarModel::Gaussian { ddof } => ddof as usize + 1,
            VarModel::Modified => MODIFIED_MIN_LEN,
        }
    }
}

/// Power sums of x - shift, k = 1..4: the state for O(1) rolling moments.
#[derive(Debug, Clone, Default)]
struct PowerSums {
    shift: f64,
    s: [f64; 4],
}

impl PowerSums {
    fn add(&mut self, x: f64, sign: f64) {
        let d = x - self.shift;
        let d2 = d * d;
        self.s[0] += sign * d;
        self.s[1] += sign * d2;
        self.s[2] += sign * d2 * d;
        self.s[3] += sign * d2 * d2;
    }

    /// Exact sums from the window's values, re-centred on their mean.
    fn rebuild(&mut self, window: &SortedWindow) {
        let n = window.len().max(1);
        self.shift = window.arrival_values().sum::<f64>() / n as f64;
        self.s = [0.0; 4];
        for x in window.arrival_values() {
            self.add(x, 1.0);
        }
    }

    fn moments(&self, n: usize) -> Moments {
        let nf = n as f64;
        let d = self.s[0] / nf;
        let (e2, e3, e4) = (self.s[1] / nf, self.s[2] / nf, self.s[3] / nf);
        let d2 = d * d;
        Moments {
            n,
            mean: self.shift + d,
            m2: (e2 - d2).max(0.0),
            m3: e3 - 3.0 * d * e2 + 2.0 * d2 * d,
            m4: e4 - 4.0 * d * e3 + 6.0 * d2 * e2 - 3.0 * d2 * d2,
        }
    }
}

/// VaR and ES over a sliding window, one value per push (NaN during the declared warm-up).
#[derive(Debug, Clone)]
pub struct RollingVar {
    window: SortedWindow,
    sums: PowerSums,
    since_rebuild: usize,
    alpha: f64,
    model: VarModel,
    min_periods: usize,
}

impl RollingVar {
    /// `min_periods` defaults to the model's minimum (1, ddof + 1 or 4) when `None`.
    pub fn new(window: i64, alpha: f64, model: VarModel, min_periods: Option<i64>) -> Result<Self> {
        let window = check::window("window", window, 1)?;
        let alpha = input::alpha(alpha)?;
        let floor = model.min_len();
        let min_periods = match min_periods {
            Some(m) => check::window("minPeriods", m, floor as i64)?,
            None => floor,
        };
        if min_periods > window {
            return Err(SmcError::out_of_range(
                "minPeriods",
                min_periods as f64,
                &format!("an integer in [{floor}, window = {window}]"),
            ));
        }
        Ok(RollingVar {
            window: SortedWindow::new(window),
            sums: PowerSums::default(),
            since_rebuild: 0,
            alpha,
            model,
            min_periods,
        })
    }

    pub fn alpha(&self) -> f64 {
        self.alpha
    }
    pub fn model(&self) -> VarModel {
        self.model
    }
    pub fn len(&self) -> usize {
        self.window.len()
    }
    pub fn is_empty(&self) -> bool {
        self.window.is_empty()
    }
    pub fn capacity(&self) -> usize {
        self.window.capacity()
    }

    fn push_unchecked(&mut self, x: f64) {
        let evicted = self.window.push(x);
        if matches!(self.model, VarModel::Historical { .. }) {
            return;
        }
        if self.window.len() == 1 {
            self.sums = PowerSums {
                shift: x,
                s: [0.0; 4],
            };
        }
        self.sums.add(x, 1.0);
        if let Some(old) = evicted {
            self.sums.add(old, -1.0);
        }
        self.since_rebuild += 1;
        if self.since_rebuild >= self.window.capacity() {
            self.sums.rebuild(&self.window);
            self.since_rebuild = 0;
        }
    }

    /// Adds one return and returns (VaR, ES) of the window after the push.
    pub fn push(&mut self, x: f64) -> Result<(f64, f64)> {
        check::finite_scalar("x", x)?;
        self.push_unchecked(x);
        Ok(self.current())
    }

    /// Adds every return in order, writing VaR and ES after each push. All values are
    /// validated first, so a bad one leaves the window untouched.
    pub fn push_many_into(&mut self, xs: &[f64], var: &mut [f64], es: &mut [f64]) -> Result<()> {
        check::same_len("var output", xs.len(), var.len())?;
        check::same_len("es output", xs.len(), es.len())?;
        check::finite("xs", xs)?;
        for (i, &x) in xs.iter().enumerate() {
            self.push_unchecked(x);
            let (v, e) = self.current();
            var[i] = v;
            es[i] = e;
        }
        Ok(())
    }

    pub fn reset(&mut self) {
        self.window.clear();
        self.since_rebuild = 0;
    }

    /// (VaR, ES) of the current window; NaN while fewer than `min_periods` values arrived.
    pub fn current(&self) -> (f64, f64) {
        let n = self.window.len();
        if n < self.min_periods {
            return (f64::NAN, f64::NAN);
        }
        let alpha = self.alpha;
        match self.model {
            VarModel::Historical { method, convention } => {
                let pos = method.position(n, alpha);
                let (a, b) = self.window.select_pair(pos.lower, pos.upper);
                let var = -pos.interpolate(a, b);
                // ES reads only the lower tail of the window, about n * alpha values.
                let es = match convention {
                    EsConvention::PerformanceAnalytics => {
                        let q = quantile_linear(&self.window, alpha);
                        es_strictly_below(self.window.sorted_values(), q)
                    }
                    _ => es_from_ascending(self.window.sorted_values(), n, alpha, convention),
                };
                (var, es)
            }
            VarModel::Gaussian { ddof } => {
                let m = self.moments(n);
                let sd = m.variance(ddof).sqrt();
                (
                    gaussian_var_from(m.mean, sd, alpha),
                    gaussian_es_from(m.mean, sd, alpha),
                )
            }
            VarModel::Modified => {
                let m = self.moments(n);
                (modified_var_from(&m, alpha), modified_es_from(&m, alpha))
            }
        }
    }
}

impl RollingVar {
    /// Moments of the window from the running sums, exactly zero for a constant window (its
    /// smallest and largest values are equal, an O(1) check on the sorted window), as
    /// [`Moments::of`] does.
    fn moments(&self, n: usize) -> Moments {
        let (lo, hi) = (self.window.select(0), self.window.select(n - 1));
        if lo == hi {
            Moments::constant(n, lo)
        } else {
            self.sums.moments(n)
        }
    }
}

fn quantile_linear(window: &SortedWindow, alpha: f64) -> f64 {
    let pos = QuantileMethod::Linear.position(window.len(), alpha);
    let (a, b) = window.select_pair(pos.lower, pos.upper);
    pos.interpolate(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::input::NanPolicy;
    use crate::risk::var;

    fn series(n: usize) -> Vec<f64> {
        let mut s = 0x1234_5678_9abc_def1u64;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 0.04 + 0.0005
            })
            .collect()
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-3)
    }

    #[test]
    fn every_model_equals_recomputing_each_window() {
        let xs = series(700);
        let w = 60usize;
        let r = NanPolicy::Reject;
        let models = [
            VarModel::Historical {
                method: QuantileMethod::Linear,
                convention: EsConvention::AcerbiTasche,
            },
            VarModel::Historical {
                method: QuantileMethod::Hazen,
                convention: EsConvention::Empyrical,
            },
            VarModel::Historical {
                method: QuantileMethod::Linear,
                convention: EsConvention::PerformanceAnalytics,
            },
            VarModel::Gaussian { ddof: 1 },
            VarModel::Modified,
        ];
        for model in models {
            let mut rv = RollingVar::new(w as i64, 0.05, model, None).unwrap();
            let (mut v, mut e) = (vec![0.0; xs.len()], vec![0.0; xs.len()]);
            rv.push_many_into(&xs, &mut v, &mut e).unwrap();
            for t in 0..xs.len() {
                let win = &xs[(t + 1).saturating_sub(w)..=t];
                if win.len() < model.min_len() {
                    assert!(v[t].is_nan() && e[t].is_nan());
                    continue;
                }
                let (ev, ee) = match model {
                    VarModel::Historical { method, convention } => (
                        var::historical_var(win, 0.05, method, r).unwrap(),
                        var::historical_es(win, 0.05, convention, r).unwrap(),
                    ),
                    VarModel::Gaussian { ddof } => (
                        var::gaussian_var(win, 0.05, ddof, r).unwrap(),
                        var::gaussian_es(win, 0.05, ddof, r).unwrap(),
                    ),
                    VarModel::Modified => (
                        var::modified_var(win, 0.05, r).unwrap(),
                        var::modified_es(win, 0.05, r).unwrap(),
                    ),
                };
                let tol = if matches!(model, VarModel::Historical { .. }) {
                    0.0
                } else {
                    1e-9
                };
                assert!(
                    close(v[t], ev, tol),
                    "{model:?} var t={t}: {} vs {ev}",
                    v[t]
                );
                assert!(close(e[t], ee, tol), "{model:?} es t={t}: {} vs {ee}", e[t]);
            }
        }
    }

    #[test]
    fn constant_windows_have_zero_moments() {
        let mut rv = RollingVar::new(5, 0.05, VarModel::Modified, None).unwrap();
        for x in [0.3, 0.1, 0.1, 0.1, 0.1, 0.1] {
            rv.push(x).unwrap();
        }
        let (v, e) = rv.current();
        assert_eq!((v, e), (-0.1, -0.1));
    }

    #[test]
    fn bad_options_are_typed() {
        let h = VarModel::Historical {
            method: QuantileMethod::Linear,
            convention: EsConvention::AcerbiTasche,
        };
        assert_eq!(
            RollingVar::new(0, 0.05, h, None).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            RollingVar::new(10, 0.6, h, None).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            RollingVar::new(10, 0.05, VarModel::Modified, Some(2))
                .unwrap_err()
                .code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            RollingVar::new(3, 0.05, VarModel::Modified, None)
                .unwrap_err()
                .code(),
            "SMC_OUT_OF_RANGE"
        );
        let mut rv = RollingVar::new(10, 0.05, h, None).unwrap();
        assert_eq!(rv.push(f64::NAN).unwrap_err().code(), "SMC_NON_FINITE");
        assert_eq!(rv.len(), 0);
    }
}
