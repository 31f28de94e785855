//! An exact sliding window kept in sorted order, for rolling quantiles.
//!
//! A single sorted `Vec` costs an O(n) memmove per insert and per eviction, which dominates for
//! windows of 10^4 and more. We keep the sorted sequence as a list of sorted chunks of about
//! sqrt(capacity) values instead: finding a value is a binary search over chunk maxima then
//! inside one chunk (O(log n)), the memmove is bounded by the chunk size (O(sqrt n)), and
//! selecting the k-th value walks the chunk lengths (O(sqrt n), a few hundred integer adds at
//! most for realistic windows). Values are ordered with `f64::total_cmp`, so the value evicted
//! is bit-for-bit the one that was inserted.

use std::cmp::Ordering;
use std::collections::VecDeque;

#[derive(Debug, Clone)]
pub struct SortedWindow {
    capacity: usize,
    /// Values in arrival order, to know which one leaves next.
    arrivals: VecDeque<f64>,
    /// Non-empty sorted chunks whose concatenation is sorted.
    chunks: Vec<Vec<f64>>,
    /// Target chunk length; chunks are split above 2x and merged below 1/4 of it.
    chunk_len: usize,
}

impl SortedWindow {
    /// A window holding at most `capacity` values (capacity >= 1).
    pub fn new(capacity: usize) -> Self {
        assert!(capacity >= 1, "capacity must be at least 1");
        let chunk_len = ((capacity as f64).sqrt().ceil() as usize).max(32);
        SortedWindow {
            capacity,
            arrivals: VecDeque::with_capacity(capacity.min(1 << 20)),
            chunks: Vec::new(),
            chunk_len,
        }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn len(&self) -> usize {
        self.arrivals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.arrivals.is_empty()
    }

    /// Adds `x`, evicting the oldest value when full. Returns the evicted value.
    pub fn push(&mut self, x: f64) -> Option<f64> {
        let evicted = if self.arrivals.len() == self.capacity {
            let old = self.arrivals.pop_front().expect("window is full");
            self.remove_sorted(old);
            Some(old)
        } else {
            None
        };
        self.arrivals.push_back(x);
        self.insert_sorted(x);
        evicted
    }

    pub fn clear(&mut self) {
        self.arrivals.clear();
        self.chunks.clear();
    }

    /// The k-th smallest value (0-based), k < len.
    pub fn select(&self, k: usize) -> f64 {
        let (chunk, offset) = self.locate(k);
        self.chunks[chunk][offset]
    }

    /// The k-th and (k+1)-th smallest values in one walk (k + 1 < len), or the k-th twice when
    /// `upper == lower`.
    pub fn select_pair(&self, lower: usize, upper: usize) -> (f64, f64) {
        let (chunk, offset) = self.locate(lower);
        let a = self.chunks[chunk][offset];
        if upper == lower {
            return (a, a);
        }
        debug_assert_eq!(upper, lower + 1);
        let b = if offset + 1 < self.chunks[chunk].len() {
            self.chunks[chunk][offset + 1]
        } else {
            self.chunks[chunk + 1][0]
        };
        (a, b)
    }

    /// The window's values in ascending order.
    pub fn sorted_values(&self) -> impl Iterator<Item = f64> + '_ {
        self.chunks.iter().flat_map(|c| c.iter().copied())
    }

    /// The window's values in arrival order, oldest first.
    pub fn arrival_values(&self) -> impl Iterator<Item = f64> + '_ {
        self.arrivals.iter().copied()
    }

    fn locate(&self, mut k: usize) -> (usize, usize) {
        debug_assert!(k < self.len());
        for (i, chunk) in self.chunks.iter().enumerate() {
            if k < chunk.len() {
                return (i, k);
            }
            k -= chunk.len();
        }
        unreachable!("select index beyond the window length")
    }

    /// The first chunk whose last value is >= x (or the last chunk).
    fn chunk_for(&self, x: f64) -> usize {
        let i = self.chunks.partition_point(|c| {
            c.last().expect("chunks are non-empty").total_cmp(&x) == Ordering::Less
        });
        i.min(self.chunks.len() - 1)
    }

    fn insert_sorted(&mut self, x: f64) {
        if self.chunks.is_empty() {
            let mut chunk = Vec::with_capacity(2 * self.chunk_len + 1);
            chunk.push(x);
            self.chunks.push(chunk);
            return;
        }
        let ci = self.chunk_for(x);
        let chunk = &mut self.chunks[ci];
        let at = chunk.partition_point(|y| y.total_cmp(&x) == Ordering::Less);
        chunk.insert(at, x);
        if chunk.len() > 2 * self.chunk_len {
            let mut tail = chunk.split_off(self.chunk_len);
            tail.reserve(self.chunk_len + 1);
            self.chunks.insert(ci + 1, tail);
        }
    }

    fn remove_sorted(&mut self, x: f64) {
        let ci = self.chunk_for(x);
        let chunk = &mut self.chunks[ci];
        let at = chunk.partition_point(|y| y.total_cmp(&x) == Ordering::Less);
        debug_assert!(at < chunk.len() && chunk[at].total_cmp(&x) == Ordering::Equal);
        chunk.remove(at);
        if chunk.is_empty() {
            self.chunks.remove(ci);
        } else if chunk.len() < self.chunk_len / 4 && self.chunks.len() > 1 {
            // Merge a small chunk into a neighbour so that the chunk count stays O(sqrt n).
            let (left, right) = if ci + 1 < self.chunks.len() {
                (ci, ci + 1)
            } else {
                (ci - 1, ci)
            };
            let moved = self.chunks.remove(right);
            self.chunks[left].extend_from_slice(&moved);
            if self.chunks[left].len() > 2 * self.chunk_len {
                let tail = self.chunks[left].split_off(self.chunk_len);
                self.chunks.insert(left + 1, tail);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_oldest_and_stays_sorted() {
        let mut w = SortedWindow::new(3);
        assert_eq!(w.push(3.0), None);
        assert_eq!(w.push(1.0), None);
        assert_eq!(w.push(2.0), None);
        assert_eq!(w.push(0.5), Some(3.0));
        assert_eq!(w.sorted_values().collect::<Vec<_>>(), vec![0.5, 1.0, 2.0]);
        assert_eq!(w.arrival_values().collect::<Vec<_>>(), vec![1.0, 2.0, 0.5]);
        assert_eq!(w.select(0), 0.5);
        assert_eq!(w.select_pair(1, 2), (1.0, 2.0));
    }

    #[test]
    fn splits_and_merges_chunks_exactly() {
        // Enough values to split and merge chunks many times; compare with a plain sort.
        let cap = 1000;
        let mut w = SortedWindow::new(cap);
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut recent = VecDeque::new();
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Few distinct values so that duplicates and signed zeros are exercised.
            let x = ((state % 41) as f64 - 20.0) * 0.5;
            let x = if x == 0.0 && state % 2 == 0 { -0.0 } else { x };
            w.push(x);
            recent.push_back(x);
            if recent.len() > cap {
                recent.pop_front();
            }
        }
        let mut expected: Vec<f64> = recent.iter().copied().collect();
        expected.sort_by(f64::total_cmp);
        let got: Vec<f64> = w.sorted_values().collect();
        assert_eq!(got.len(), expected.len());
        assert!(got
            .iter()
            .zip(&expected)
            .all(|(a, b)| a.to_bits() == b.to_bits()));
        for k in [0, 1, 499, 998, 999] {
            assert_eq!(w.select(k).to_bits(), expected[k].to_bits());
        }
    }
}
