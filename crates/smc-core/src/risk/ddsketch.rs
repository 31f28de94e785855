//! DDSketch (Masson, Rim and Lee, VLDB 2019): quantiles of an unbounded stream with a
//! guaranteed relative accuracy, in memory logarithmic in the value range, mergeable.
//!
//! A value x > 0 goes to bucket ceil(log_gamma(x)) with gamma = (1 + a) / (1 - a); every value in
//! bucket k lies in (gamma^(k-1), gamma^k], and the estimate 2 gamma^k / (gamma + 1) is within a
//! relative `a` of all of them. Negative values use a mirrored store on |x|, values too small to
//! index (and zeros) a zero counter, so both signs are exact to relative accuracy `a`.

use crate::error::{check, Result, SmcError};

/// Counts per bucket key over a contiguous key range that grows on demand.
#[derive(Debug, Clone, Default, PartialEq)]
struct Store {
    offset: i32,
    counts: Vec<u64>,
    total: u64,
}

impl Store {
    fn add(&mut self, key: i32, n: u64) {
        if self.counts.is_empty() {
            self.offset = key;
            self.counts.push(0);
        } else if key < self.offset {
            let grow = (self.offset - key) as usize;
            let mut counts = vec![0; grow + self.counts.len()];
            counts[grow..].copy_from_slice(&self.counts);
            self.counts = counts;
            self.offset = key;
        } else if key >= self.offset + self.counts.len() as i32 {
            self.counts.resize((key - self.offset) as usize + 1, 0);
        }
        self.counts[(key - self.offset) as usize] += n;
        self.total += n;
    }

    fn merge(&mut self, other: &Store) {
        for (i, &c) in other.counts.iter().enumerate() {
            if c > 0 {
                self.add(other.offset + i as i32, c);
            }
        }
    }

    /// Keys with their counts, ascending (`rev` for descending).
    fn buckets(&self, rev: bool) -> Box<dyn Iterator<Item = (i32, u64)> + '_> {
        let it = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(move |(i, &c)| (self.offset + i as i32, c));
        if rev {
            Box::new(it.rev())
        } else {
            Box::new(it)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DdSketch {
    relative_accuracy: f64,
    gamma: f64,
    ln_gamma: f64,
    /// Magnitudes below this go to the zero counter (they cannot be indexed without overflow).
    min_indexable: f64,
    positive: Store,
    negative: Store,
    zeros: u64,
    min: f64,
    max: f64,
    sum: f64,
}

impl DdSketch {
    /// `relative_accuracy` in (0, 1), e.g. 0.01 for 1%.
    pub fn new(relative_accuracy: f64) -> Result<Self> {
        if !(relative_accuracy > 0.0 && relative_accuracy < 1.0) {
            return Err(SmcError::out_of_range(
                "relativeAccuracy",
                relative_accuracy,
                "a number in (0, 1)",
            ));
        }
        let gamma = (1.0 + relative_accuracy) / (1.0 - relative_accuracy);
        let ln_gamma = gamma.ln();
        // Keep keys well inside i32 and gamma^key finite.
        let min_indexable =
            f64::MIN_POSITIVE.max((f64::from(i32::MIN + 2) * ln_gamma).exp()) * gamma;
        Ok(DdSketch {
            relative_accuracy,
            gamma,
            ln_gamma,
            min_indexable,
            positive: Store::default(),
            negative: Store::default(),
            zeros: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            sum: 0.0,
        })
    }

    pub fn relative_accuracy(&self) -> f64 {
        self.relative_accuracy
    }

    pub fn count(&self) -> u64 {
        self.positive.total + self.negative.total + self.zeros
    }

    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    pub fn min(&self) -> f64 {
        self.min
    }
    pub fn max(&self) -> f64 {
        self.max
    }
    pub fn sum(&self) -> f64 {
        self.sum
    }

    #[inline]
    fn key(&self, magnitude: f64) -> i32 {
        (magnitude.ln() / self.ln_gamma).ceil() as i32
    }

    #[inline]
    fn estimate(&self, key: i32) -> f64 {
        2.0 * (f64::from(key) * self.ln_gamma).exp() / (self.gamma + 1.0)
    }

    fn add_unchecked(&mut self, x: f64) {
        if x > self.min_indexable {
            let k = self.key(x);
            self.positive.add(k, 1);
        } else if x < -self.min_indexable {
            let k = self.key(-x);
            self.negative.add(k, 1);
        } else {
            self.zeros += 1;
        }
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        self.sum += x;
    }

    pub fn add(&mut self, x: f64) -> Result<()> {
        check::finite_scalar("x", x)?;
        self.add_unchecked(x);
        Ok(())
    }

    /// Adds a batch; validated first, so a bad value adds nothing.
    pub fn add_many(&mut self, xs: &[f64]) -> Result<()> {
        check::finite("xs", xs)?;
        for &x in xs {
            self.add_unchecked(x);
        }
        Ok(())
    }

    /// Merges `other` into `self`; both must have the same relative accuracy.
    pub fn merge(&mut self, other: &DdSketch) -> Result<()> {
        if other.gamma != self.gamma {
            return Err(SmcError::invalid(format!(
                "cannot merge DDSketches of relative accuracy {} and {}",
                self.relative_accuracy, other.relative_accuracy
            )));
        }
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
        self.zeros += other.zeros;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.sum += other.sum;
        Ok(())
    }

    /// The q-quantile: within relative accuracy of the order statistic of rank
    /// floor(q * (count - 1)) (0-based), clamped to the observed [min, max].
    pub fn quantile(&self, q: f64) -> Result<f64> {
        check::probability("q", q)?;
        let n = self.count();
        if n == 0 {
            return Err(SmcError::EmptyInput {
                what: "sketch".to_owned(),
                min: 1,
                actual: 0,
            });
        }
        let rank = (q * (n - 1) as f64).floor() as u64;
        let mut seen = 0u64;
        // Most negative first: the negative store by descending magnitude.
        for (k, c) in self.negative.buckets(true) {
            seen += c;
            if seen > rank {
                return Ok(self.clamp(-self.estimate(k)));
            }
        }
        seen += self.zeros;
        if seen > rank {
            return Ok(self.clamp(0.0));
        }
        for (k, c) in self.positive.buckets(false) {
            seen += c;
            if seen > rank {
                return Ok(self.clamp(self.estimate(k)));
            }
        }
        Ok(self.max)
    }

    fn clamp(&self, x: f64) -> f64 {
        x.clamp(self.min, self.max)
    }

    /// Historical VaR of the stream (positive loss): minus its alpha-quantile.
    pub fn var(&self, alpha: f64) -> Result<f64> {
        let alpha = super::input::alpha(alpha)?;
        Ok(-self.quantile(alpha)?)
    }

    /// Number of non-empty buckets (the memory actually used).
    pub fn bucket_count(&self) -> usize {
        self.positive.counts.iter().filter(|&&c| c > 0).count()
            + self.negative.counts.iter().filter(|&&c| c > 0).count()
            + usize::from(self.zeros > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(n: usize, seed: u64) -> Vec<f64> {
        let mut s = seed;
        (0..n)
            .map(|i| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                let u = (s >> 11) as f64 / (1u64 << 53) as f64;
                if i % 97 == 0 {
                    0.0
                } else {
                    (u - 0.45) * 10f64.powi((i % 7) as i32 - 4)
                }
            })
            .collect()
    }

    #[test]
    fn relative_accuracy_holds_on_both_signs() {
        let xs = stream(20_000, 99);
        let mut sk = DdSketch::new(0.01).unwrap();
        sk.add_many(&xs).unwrap();
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        for &q in &[0.0, 0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0] {
            let exact = sorted[(q * (xs.len() - 1) as f64).floor() as usize];
            let got = sk.quantile(q).unwrap();
            assert!(
                (got - exact).abs() <= 0.01 * exact.abs() + 1e-300,
                "q={q}: {got} vs {exact}"
            );
        }
        assert_eq!(sk.count(), 20_000);
        assert!(sk.bucket_count() < 5_000);
    }

    #[test]
    fn merging_equals_adding_everything() {
        let (a, b) = (stream(3_000, 1), stream(5_000, 2));
        let mut left = DdSketch::new(0.02).unwrap();
        left.add_many(&a).unwrap();
        let mut right = DdSketch::new(0.02).unwrap();
        right.add_many(&b).unwrap();
        left.merge(&right).unwrap();
        let mut all = DdSketch::new(0.02).unwrap();
        all.add_many(&a).unwrap();
        all.add_many(&b).unwrap();
        for &q in &[0.01, 0.5, 0.99] {
            assert_eq!(left.quantile(q).unwrap(), all.quantile(q).unwrap());
        }
        let other = DdSketch::new(0.05).unwrap();
        assert_eq!(left.merge(&other).unwrap_err().code(), "SMC_INVALID_INPUT");
    }

    #[test]
    fn bad_input_is_typed() {
        assert_eq!(DdSketch::new(0.0).unwrap_err().code(), "SMC_OUT_OF_RANGE");
        let mut sk = DdSketch::new(0.01).unwrap();
        assert_eq!(sk.quantile(0.5).unwrap_err().code(), "SMC_EMPTY_INPUT");
        assert_eq!(sk.add(f64::NAN).unwrap_err().code(), "SMC_NON_FINITE");
        assert_eq!(
            sk.add_many(&[1.0, f64::INFINITY]).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        assert!(sk.is_empty());
        sk.add(-0.02).unwrap();
        assert!((sk.var(0.05).unwrap() - 0.02).abs() <= 0.02 * 0.01);
        assert_eq!(sk.var(0.9).unwrap_err().code(), "SMC_OUT_OF_RANGE");
    }
}
