//! Lot arithmetic shared by every splitting algorithm.
//!
//! Quantities are converted once to whole lots (integers), split in integers and converted back,
//! so that slices sum to the parent exactly and no floating-point residue creates a child of
//! 0.999999 lots. Remainders always go to the earliest slices (largest remainder, ties by index),
//! which makes every schedule deterministic.

use crate::error::{check, Result, SmcError};

/// Lot size and minimum child quantity of an order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LotSpec {
    /// Quantity increment; every child is a whole number of lots.
    pub lot: f64,
    /// Smallest child quantity (rounded up to whole lots). 0 means one lot.
    pub min_qty: f64,
}

impl Default for LotSpec {
    fn default() -> Self {
        LotSpec {
            lot: 1.0,
            min_qty: 0.0,
        }
    }
}

/// Relative tolerance when deciding whether a quantity is a whole number of lots: inputs such as
/// 0.3 with lot 0.1 are whole in decimal but not in binary floating point.
const WHOLE_TOLERANCE: f64 = 1e-9;

impl LotSpec {
    pub fn new(lot: f64, min_qty: f64) -> Result<Self> {
        if !(lot.is_finite() && lot > 0.0) {
            return Err(SmcError::out_of_range(
                "lotSize",
                lot,
                "a finite number > 0",
            ));
        }
        if !(min_qty.is_finite() && min_qty >= 0.0) {
            return Err(SmcError::out_of_range(
                "minQty",
                min_qty,
                "a finite number >= 0",
            ));
        }
        Ok(LotSpec { lot, min_qty })
    }

    /// The minimum child size in whole lots (at least 1).
    pub fn min_units(&self) -> u64 {
        ((self.min_qty / self.lot) * (1.0 - WHOLE_TOLERANCE))
            .ceil()
            .max(1.0) as u64
    }

    /// `qty` in whole lots, rounded down (with tolerance for binary representation).
    pub fn floor_units(&self, qty: f64) -> u64 {
        if qty <= 0.0 {
            return 0;
        }
        (qty / self.lot * (1.0 + WHOLE_TOLERANCE)).floor() as u64
    }

    pub fn qty(&self, units: u64) -> f64 {
        units as f64 * self.lot
    }

    /// Validates a parent quantity and returns it in whole lots: positive, finite, a whole number
    /// of lots and at least the minimum child (otherwise no child could ever be sent).
    pub fn parent_units(&self, total: f64) -> Result<u64> {
        check::finite_scalar("quantity", total)?;
        if total <= 0.0 {
            return Err(SmcError::out_of_range("quantity", total, "a number > 0"));
        }
        let units = (total / self.lot).round();
        if (units * self.lot - total).abs() > WHOLE_TOLERANCE * total.max(self.lot) || units < 1.0 {
            return Err(SmcError::invalid(format!(
                "quantity {total} is not a whole number of lots of {}",
                self.lot
            )));
        }
        let units = units as u64;
        if units < self.min_units() {
            return Err(SmcError::invalid(format!(
                "quantity {total} is below the minimum child quantity {} (lot {}): \
                 no child could be sent",
                self.qty(self.min_units()),
                self.lot
            )));
        }
        Ok(units)
    }
}

/// Splits `units` in proportion to `weights` (largest remainder; ties to the earlier slice).
pub fn split_by_weights(units: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    let mut out: Vec<u64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(f64, usize)> = Vec::with_capacity(weights.len());
    let mut assigned = 0u64;
    for (i, &w) in weights.iter().enumerate() {
        let exact = units as f64 * w / sum;
        let whole = exact.floor() as u64;
        out.push(whole);
        assigned += whole;
        remainders.push((exact - whole as f64, i));
    }
    // Largest fractional part first; the index breaks ties so the result never depends on sort
    // stability or float noise between equal weights.
    remainders.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left = units.saturating_sub(assigned);
    for &(_, i) in remainders.iter().cycle() {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

/// Merges slices smaller than `min_units` forward into the next slice (and a final undersized
/// remainder back into the last valid one), keeping the sum: afterwards every slice is 0 or at
/// least `min_units`. Deterministic by construction.
pub fn enforce_minimum(slices: &mut [u64], min_units: u64) {
    let mut carry = 0u64;
    let mut last_valid: Option<usize> = None;
    for (i, slice) in slices.iter_mut().enumerate() {
        let q = *slice + carry;
        if q == 0 {
            continue;
        }
        if q >= min_units {
            *slice = q;
            carry = 0;
            last_valid = Some(i);
        } else {
            *slice = 0;
            carry = q;
        }
    }
    if carry > 0 {
        match last_valid {
            Some(i) => slices[i] += carry,
            // Only reachable when the total is below the minimum, which callers reject first;
            // keeping the quantity in the last slice preserves the sum regardless.
            None => {
                if let Some(last) = slices.last_mut() {
                    *last += carry;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_units_rejects_bad_quantities() {
        let lots = LotSpec::new(0.1, 0.0).unwrap();
        assert_eq!(lots.parent_units(0.3).unwrap(), 3);
        assert_eq!(
            lots.parent_units(0.35).unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
        assert_eq!(
            lots.parent_units(-1.0).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            lots.parent_units(0.0).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            lots.parent_units(f64::NAN).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        let big_min = LotSpec::new(1.0, 50.0).unwrap();
        assert_eq!(
            big_min.parent_units(10.0).unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
        assert_eq!(
            LotSpec::new(0.0, 0.0).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
    }

    #[test]
    fn split_gives_remainders_to_earliest_equal_slices() {
        assert_eq!(split_by_weights(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
        // 3.5, 1.75, 1.75: the two largest fractional parts (0.75) win the spare lots.
        assert_eq!(split_by_weights(7, &[0.5, 0.25, 0.25]), vec![3, 2, 2]);
    }

    #[test]
    fn minimum_merges_forward_and_keeps_the_sum() {
        let mut s = vec![1, 1, 1, 1, 1, 0, 0];
        enforce_minimum(&mut s, 2);
        assert_eq!(s, vec![0, 2, 0, 3, 0, 0, 0]);
        assert_eq!(s.iter().sum::<u64>(), 5);
    }
}
