//! One side of the book: price levels in a sorted vector, best level LAST.
//!
//! Why a sorted `Vec` (structure of arrays) rather than a `BTreeMap`: almost all activity on a
//! real book happens within a few levels of the touch. With the best level at the end, an
//! insertion or removal near the touch moves only the handful of levels between it and the end,
//! a binary search over a contiguous `i64` array stays in cache, and iteration best-first is a
//! reverse slice walk. Deep insertions cost a `memmove` of the levels nearer the touch (a few KB
//! at most for a 1000-level book), which measured cheaper than the pointer chasing of a tree on
//! the Binance captures (see benches/book.rs).
//!
//! Keys are "ranks": the tick price for bids and its negation for asks, so that both sides are
//! ascending by rank with the best price last and share one implementation.

/// The levels of one side, keyed by rank (see the module doc).
#[derive(Debug, Clone, Default)]
pub(crate) struct Ladder {
    ranks: Vec<i64>,
    qtys: Vec<f64>,
}

impl Ladder {
    pub fn with_capacity(n: usize) -> Self {
        Ladder {
            ranks: Vec::with_capacity(n),
            qtys: Vec::with_capacity(n),
        }
    }

    pub fn len(&self) -> usize {
        self.ranks.len()
    }

    pub fn clear(&mut self) {
        self.ranks.clear();
        self.qtys.clear();
    }

    /// Position of `rank`, searched from the best end first: most updates are near the touch,
    /// so a short linear probe over the last few levels beats a full binary search.
    #[inline]
    fn search(&self, rank: i64) -> Result<usize, usize> {
        let n = self.ranks.len();
        // Probe the 8 levels nearest the touch linearly (they are usually where updates land).
        let probe = n.min(8);
        let tail = &self.ranks[n - probe..];
        if probe > 0 && rank >= tail[0] {
            for (k, &r) in tail.iter().enumerate().rev() {
                if r == rank {
                    return Ok(n - probe + k);
                }
                if r < rank {
                    return Err(n - probe + k + 1);
                }
            }
            return Err(n - probe);
        }
        self.ranks[..n - probe].binary_search(&rank)
    }

    /// Sets the quantity at `rank`; a quantity of 0 removes the level (a no-op if absent).
    /// The caller has validated `qty` (finite, >= 0).
    #[inline]
    pub fn set(&mut self, rank: i64, qty: f64) {
        match self.search(rank) {
            Ok(i) => {
                if qty == 0.0 {
                    self.ranks.remove(i);
                    self.qtys.remove(i);
                } else {
                    self.qtys[i] = qty;
                }
            }
            Err(i) => {
                if qty != 0.0 {
                    self.ranks.insert(i, rank);
                    self.qtys.insert(i, qty);
                }
            }
        }
    }

    /// Quantity at `rank`, 0 when there is no level.
    pub fn get(&self, rank: i64) -> f64 {
        self.search(rank).map_or(0.0, |i| self.qtys[i])
    }

    /// The best (rank, qty), if any.
    #[inline]
    pub fn best(&self) -> Option<(i64, f64)> {
        Some((*self.ranks.last()?, *self.qtys.last()?))
    }

    /// Levels best first, as (rank, qty).
    pub fn iter_best_first(
        &self,
    ) -> impl DoubleEndedIterator<Item = (i64, f64)> + ExactSizeIterator + '_ {
        self.ranks
            .iter()
            .rev()
            .copied()
            .zip(self.qtys.iter().rev().copied())
    }

    /// Replaces all levels with `levels` (any order, ranks distinct not required: the last
    /// occurrence of a rank wins, zero quantities are skipped).
    pub fn replace(&mut self, levels: impl Iterator<Item = (i64, f64)>) {
        let mut pairs: Vec<(i64, f64)> = levels.collect();
        // Stable sort keeps input order among equal ranks, so dedup can keep the last one.
        pairs.sort_by_key(|&(r, _)| r);
        self.clear();
        for (i, &(rank, qty)) in pairs.iter().enumerate() {
            let last_of_rank = pairs.get(i + 1).is_none_or(|next| next.0 != rank);
            if last_of_rank && qty != 0.0 {
                self.ranks.push(rank);
                self.qtys.push(qty);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn matches_a_btreemap_model() {
        let mut ladder = Ladder::with_capacity(4);
        let mut model = BTreeMap::new();
        let mut s = 12345u64;
        for _ in 0..20_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let rank = (s % 200) as i64 - 100;
            let qty = if s % 3 == 0 { 0.0 } else { (s % 97) as f64 };
            ladder.set(rank, qty);
            if qty == 0.0 {
                model.remove(&rank);
            } else {
                model.insert(rank, qty);
            }
            assert_eq!(ladder.len(), model.len());
            assert_eq!(
                ladder.best(),
                model.iter().next_back().map(|(&r, &q)| (r, q))
            );
        }
        let ours: Vec<_> = ladder.iter_best_first().collect();
        let theirs: Vec<_> = model.iter().rev().map(|(&r, &q)| (r, q)).collect();
        assert_eq!(ours, theirs);
        assert_eq!(ladder.get(1000), 0.0);
    }

    #[test]
    fn replace_sorts_dedups_and_skips_zeros() {
        let mut ladder = Ladder::default();
        ladder.replace([(5, 1.0), (3, 2.0), (5, 4.0), (7, 0.0)].into_iter());
        assert_eq!(
            ladder.iter_best_first().collect::<Vec<_>>(),
            vec![(5, 4.0), (3, 2.0)]
        );
    }
}
