//! A rolling window of the last `seq_len` feature vectors, laid out as the models read it.

use crate::error::{check, Result};

/// Keeps the last `seq_len` rows of `n_features` f32 values. Rows are written into a ring and
/// copied out oldest-first on demand, so a push is O(n_features) and a read O(seq_len x
/// n_features) with no allocation.
#[derive(Debug, Clone)]
pub struct FeatureWindow {
    seq_len: usize,
    n_features: usize,
    ring: Vec<f32>,
    next: usize,
    filled: usize,
}

impl FeatureWindow {
    pub fn new(seq_len: i64, n_features: i64) -> Result<Self> {
        let seq_len = check::window("seqLen", seq_len, 1)?;
        let n_features = check::window("nFeatures", n_features, 1)?;
        Ok(FeatureWindow {
            seq_len,
            n_features,
            ring: vec![0.0; seq_len * n_features],
            next: 0,
            filled: 0,
        })
    }

    pub fn seq_len(&self) -> usize {
        self.seq_len
    }

    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Whether `seq_len` rows have been pushed since creation or the last reset.
    pub fn is_full(&self) -> bool {
        self.filled == self.seq_len
    }

    pub fn push(&mut self, row: &[f32]) -> Result<()> {
        check::same_len("feature row", self.n_features, row.len())?;
        let at = self.next * self.n_features;
        self.ring[at..at + self.n_features].copy_from_slice(row);
        self.next = (self.next + 1) % self.seq_len;
        self.filled = (self.filled + 1).min(self.seq_len);
        Ok(())
    }

    /// Copies the window, oldest row first and newest last, into `out` (`seq_len *
    /// n_features` values). Before the window is full, the missing oldest rows are zeros, so
    /// the newest row is always the last one, where sequence models look first.
    pub fn copy_into(&self, out: &mut [f32]) -> Result<()> {
        check::same_len("window buffer", self.ring.len(), out.len())?;
        let nf = self.n_features;
        if !self.is_full() {
            let pad = (self.seq_len - self.filled) * nf;
            out[..pad].fill(0.0);
            out[pad..].copy_from_slice(&self.ring[..self.filled * nf]);
            return Ok(());
        }
        let split = (self.seq_len - self.next) * nf;
        out[..split].copy_from_slice(&self.ring[self.next * nf..]);
        out[split..].copy_from_slice(&self.ring[..self.next * nf]);
        Ok(())
    }

    pub fn reset(&mut self) {
        self.next = 0;
        self.filled = 0;
        self.ring.fill(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_pads_before_full() {
        let mut w = FeatureWindow::new(3, 1).unwrap();
        w.push(&[5.0]).unwrap();
        let mut out = vec![9.0; 3];
        w.copy_into(&mut out).unwrap();
        assert_eq!(out, vec![0.0, 0.0, 5.0]);
    }

    #[test]
    fn oldest_first_after_wrapping() {
        let mut w = FeatureWindow::new(3, 2).unwrap();
        for i in 0..5 {
            w.push(&[i as f32, -(i as f32)]).unwrap();
        }
        assert!(w.is_full());
        let mut out = vec![0.0; 6];
        w.copy_into(&mut out).unwrap();
        assert_eq!(out, vec![2.0, -2.0, 3.0, -3.0, 4.0, -4.0]);
        assert_eq!(w.push(&[1.0]).unwrap_err().code(), "SMC_LENGTH_MISMATCH");
        assert_eq!(
            FeatureWindow::new(0, 2).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
