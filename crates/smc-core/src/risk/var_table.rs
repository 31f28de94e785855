//! A precomputed VaR/ES table for a hot path that must not compute: one exact rolling window
//! of returns per key (instrument, strategy, book), and a flat key-major array of VaR and ES
//! for a fixed set of tail probabilities, rewritten by [`VarTable::refresh`]. Reads are one
//! index computation.
//!
//! Writers call `update` as returns arrive (cheap: O(log w) per return), a background task
//! calls `refresh` on its own schedule (only keys updated since the last refresh are
//! recomputed), and readers index the table.

use std::collections::HashMap;

use super::input;
use super::quantile::QuantileMethod;
use super::sorted_window::SortedWindow;
use super::var::{es_from_ascending, es_strictly_below, EsConvention};
use crate::error::{check, Result, SmcError};

#[derive(Debug, Clone)]
pub struct VarTable {
    alphas: Vec<f64>,
    method: QuantileMethod,
    convention: EsConvention,
    min_periods: usize,
    capacity: usize,
    index: HashMap<String, usize>,
    keys: Vec<String>,
    windows: Vec<SortedWindow>,
    dirty: Vec<bool>,
    var: Vec<f64>,
    es: Vec<f64>,
}

impl VarTable {
    /// `alphas`: distinct tail probabilities in (0, 0.5]; `window` >= 1;
    /// 1 <= `min_periods` <= `window` (entries are NaN until a key has that many returns).
    pub fn new(
        alphas: &[f64],
        window: i64,
        method: QuantileMethod,
        convention: EsConvention,
        min_periods: i64,
    ) -> Result<Self> {
        check::min_len("alphas", alphas, 1)?;
        for (i, &a) in alphas.iter().enumerate() {
            input::alpha(a)?;
            if alphas[..i].contains(&a) {
                return Err(SmcError::invalid(format!("alpha {a} is listed twice")));
            }
        }
        let capacity = check::window("window", window, 1)?;
        let min_periods = check::window("minPeriods", min_periods, 1)?;
        if min_periods > capacity {
            return Err(SmcError::out_of_range(
                "minPeriods",
                min_periods as f64,
                &format!("an integer in [1, window = {capacity}]"),
            ));
        }
        Ok(VarTable {
            alphas: alphas.to_vec(),
            method,
            convention,
            min_periods,
            capacity,
            index: HashMap::new(),
            keys: Vec::new(),
            windows: Vec::new(),
            dirty: Vec::new(),
            var: Vec::new(),
            es: Vec::new(),
        })
    }

    pub fn alphas(&self) -> &[f64] {
        &self.alphas
    }
    pub fn keys(&self) -> &[String] {
        &self.keys
    }
    pub fn window(&self) -> usize {
        self.capacity
    }

    /// The slot of `key`, creating it (with NaN entries) on first use.
    pub fn key_index(&mut self, key: &str) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        let i = self.keys.len();
        self.index.insert(key.to_owned(), i);
        self.keys.push(key.to_owned());
        self.windows.push(SortedWindow::new(self.capacity));
        self.dirty.push(false);
        self.var
            .extend(std::iter::repeat_n(f64::NAN, self.alphas.len()));
        self.es
            .extend(std::iter::repeat_n(f64::NAN, self.alphas.len()));
        i
    }

    /// Appends returns to `key`'s window (validated first: a bad value appends nothing).
    /// The table is not recomputed until [`Self::refresh`]. Returns the key's slot.
    pub fn update(&mut self, key: &str, returns: &[f64]) -> Result<usize> {
        check::finite("returns", returns)?;
        let i = self.key_index(key);
        for &r in returns {
            self.windows[i].push(r);
        }
        self.dirty[i] |= !returns.is_empty();
        Ok(i)
    }

    /// Recomputes every key updated since the last refresh; returns how many were.
    pub fn refresh(&mut self) -> usize {
        let mut refreshed = 0;
        let width = self.alphas.len();
        for i in 0..self.keys.len() {
            if !std::mem::take(&mut self.dirty[i]) {
                continue;
            }
            refreshed += 1;
            let w = &self.windows[i];
            let n = w.len();
            for (j, &alpha) in self.alphas.iter().enumerate() {
                let slot = i * width + j;
                if n < self.min_periods {
                    self.var[slot] = f64::NAN;
                    self.es[slot] = f64::NAN;
                    continue;
                }
                let pos = self.method.position(n, alpha);
                let (a, b) = w.select_pair(pos.lower, pos.upper);
                self.var[slot] = -pos.interpolate(a, b);
                self.es[slot] = match self.convention {
                    EsConvention::PerformanceAnalytics => {
                        let pos = QuantileMethod::Linear.position(n, alpha);
                        let (a, b) = w.select_pair(pos.lower, pos.upper);
                        es_strictly_below(w.sorted_values(), pos.interpolate(a, b))
                    }
                    c => es_from_ascending(w.sorted_values(), n, alpha, c),
                };
            }
        }
        refreshed
    }

    /// O(1) read by slot: `key_slot` from [`Self::update`] / [`Self::key_index`], `alpha_slot`
    /// the position in [`Self::alphas`]. NaN during a key's warm-up.
    #[inline]
    pub fn var_at(&self, key_slot: usize, alpha_slot: usize) -> f64 {
        self.var[key_slot * self.alphas.len() + alpha_slot]
    }

    #[inline]
    pub fn es_at(&self, key_slot: usize, alpha_slot: usize) -> f64 {
        self.es[key_slot * self.alphas.len() + alpha_slot]
    }

    /// Read by name (a hash lookup plus a scan of the few alphas).
    pub fn var(&self, key: &str, alpha: f64) -> Result<f64> {
        let (k, a) = self.slots(key, alpha)?;
        Ok(self.var_at(k, a))
    }

    pub fn es(&self, key: &str, alpha: f64) -> Result<f64> {
        let (k, a) = self.slots(key, alpha)?;
        Ok(self.es_at(k, a))
    }

    fn slots(&self, key: &str, alpha: f64) -> Result<(usize, usize)> {
        let k = *self
            .index
            .get(key)
            .ok_or_else(|| SmcError::NotFound(format!("no VaR key '{key}'")))?;
        let a = self
            .alphas
            .iter()
            .position(|&x| x == alpha)
            .ok_or_else(|| SmcError::NotFound(format!("alpha {alpha} is not in the table")))?;
        Ok((k, a))
    }

    /// The flat key-major VaR table (`var[key_slot * alphas.len() + alpha_slot]`).
    pub fn var_table(&self) -> &[f64] {
        &self.var
    }
    pub fn es_table(&self) -> &[f64] {
        &self.es
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::input::NanPolicy;
    use crate::risk::var::{historical_es, historical_var};

    #[test]
    fn table_equals_one_shot_functions_after_refresh() {
        let alphas = [0.01, 0.05];
        let mut t = VarTable::new(
            &alphas,
            50,
            QuantileMethod::Linear,
            EsConvention::AcerbiTasche,
            5,
        )
        .unwrap();
        let a: Vec<f64> = (0..80)
            .map(|i| ((i * 31) % 17) as f64 / 100.0 - 0.08)
            .collect();
        let b: Vec<f64> = (0..3).map(|i| i as f64 / 100.0).collect();
        assert_eq!(t.update("BTC", &a).unwrap(), 0);
        assert_eq!(t.update("ETH", &b).unwrap(), 1);
        assert!(t.var("BTC", 0.05).unwrap().is_nan(), "not refreshed yet");
        assert_eq!(t.refresh(), 2);
        assert_eq!(t.refresh(), 0, "nothing changed");
        for (j, &alpha) in alphas.iter().enumerate() {
            let win = &a[30..];
            let v = historical_var(win, alpha, QuantileMethod::Linear, NanPolicy::Reject).unwrap();
            let e =
                historical_es(win, alpha, EsConvention::AcerbiTasche, NanPolicy::Reject).unwrap();
            assert_eq!(t.var_at(0, j), v);
            assert_eq!(t.es("BTC", alpha).unwrap(), e);
            assert!(t.var_at(1, j).is_nan(), "ETH is warming up");
        }
        assert_eq!(t.var("SOL", 0.05).unwrap_err().code(), "SMC_NOT_FOUND");
        assert_eq!(t.var("BTC", 0.02).unwrap_err().code(), "SMC_NOT_FOUND");
        assert_eq!(
            t.update("BTC", &[0.1, f64::NAN]).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(t.var_table().len(), 4);
    }

    #[test]
    fn bad_options_are_typed() {
        let m = QuantileMethod::Linear;
        let c = EsConvention::AcerbiTasche;
        assert_eq!(
            VarTable::new(&[], 10, m, c, 1).unwrap_err().code(),
            "SMC_EMPTY_INPUT"
        );
        assert_eq!(
            VarTable::new(&[0.99], 10, m, c, 1).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            VarTable::new(&[0.05, 0.05], 10, m, c, 1)
                .unwrap_err()
                .code(),
            "SMC_INVALID_INPUT"
        );
        assert_eq!(
            VarTable::new(&[0.05], 0, m, c, 1).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            VarTable::new(&[0.05], 10, m, c, 11).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
