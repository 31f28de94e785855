//! Sample moments with the conventions spelled out: the mean, the variance with an explicit
//! `ddof`, and the population (biased, `ddof = 0`) skewness and excess kurtosis that R
//! PerformanceAnalytics (`centeredmoment`) and scipy's defaults use.

/// Mean, variance with `ddof` and the population skewness / excess kurtosis of a sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    pub n: usize,
    pub mean: f64,
    /// Central moments m_k = mean((x - mean)^k), k = 2, 3, 4 (population).
    pub m2: f64,
    pub m3: f64,
    pub m4: f64,
}

impl Moments {
    /// Two passes (mean first) for accuracy. `xs` must be non-empty and finite.
    ///
    /// A constant sample gets exactly zero central moments: its computed mean can differ from
    /// the value by one rounding, which would otherwise leave m2 ~ 1e-36 and a skewness of +/-1
    /// made of rounding noise.
    pub fn of(xs: &[f64]) -> Moments {
        let n = xs.len();
        if xs.iter().all(|&x| x == xs[0]) {
            return Moments::constant(n, xs[0]);
        }
        let mean = mean(xs);
        let (mut s2, mut s3, mut s4) = (0.0, 0.0, 0.0);
        for &x in xs {
            let d = x - mean;
            let d2 = d * d;
            s2 += d2;
            s3 += d2 * d;
            s4 += d2 * d2;
        }
        let nf = n as f64;
        Moments {
            n,
            mean,
            m2: s2 / nf,
            m3: s3 / nf,
            m4: s4 / nf,
        }
    }

    /// The moments of `n` copies of `value`.
    pub fn constant(n: usize, value: f64) -> Moments {
        Moments {
            n,
            mean: value,
            m2: 0.0,
            m3: 0.0,
            m4: 0.0,
        }
    }

    /// Variance with `ddof` degrees of freedom removed (NaN when n <= ddof; callers check).
    pub fn variance(&self, ddof: u32) -> f64 {
        self.m2 * self.n as f64 / (self.n as f64 - ddof as f64)
    }

    /// Population skewness m3 / m2^1.5; 0 for a constant sample (as PerformanceAnalytics).
    pub fn skewness(&self) -> f64 {
        if self.m2 == 0.0 {
            0.0
        } else {
            self.m3 / self.m2.powf(1.5)
        }
    }

    /// Population excess kurtosis m4 / m2^2 - 3; 0 for a constant sample.
    pub fn excess_kurtosis(&self) -> f64 {
        if self.m2 == 0.0 {
            0.0
        } else {
            self.m4 / (self.m2 * self.m2) - 3.0
        }
    }
}

/// Arithmetic mean (plain summation, as numpy and R for short series).
pub fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_of_a_small_sample() {
        let m = Moments::of(&[1.0, 2.0, 3.0, 4.0, 10.0]);
        assert_eq!(m.mean, 4.0);
        assert!((m.m2 - 10.0).abs() < 1e-12);
        assert!((m.variance(1) - 12.5).abs() < 1e-12);
        // scipy.stats.skew([1,2,3,4,10]) and kurtosis(...) (population, Fisher).
        assert!((m.skewness() - 1.1384199576606167).abs() < 1e-12);
        assert!((m.excess_kurtosis() - -0.212).abs() < 1e-12);
        let c = Moments::of(&[2.0, 2.0]);
        assert_eq!((c.skewness(), c.excess_kurtosis()), (0.0, 0.0));
        // 0.1 * 3 / 3 != 0.1 in f64: without the constant check m2 would be rounding noise.
        let c = Moments::of(&[0.1, 0.1, 0.1]);
        assert_eq!((c.mean, c.m2, c.skewness()), (0.1, 0.0, 0.0));
    }
}
