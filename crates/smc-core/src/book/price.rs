//! Exact prices: an instrument's tick size as a decimal, and conversions between decimal price
//! strings, `f64` prices and integer tick counts.
//!
//! The book keys levels by `i64` ticks so that two updates of the same level always hit the same
//! key. Decimal strings (what exchanges send) convert exactly with integer arithmetic; `f64`
//! prices convert by rounding to the nearest tick and are rejected when they sit more than a
//! rounding error away from the tick grid.

use crate::error::{Result, SmcError};

/// A tick size `mantissa * 10^-exponent`, for example `0.01` = 1 * 10^-2 or `0.5` = 5 * 10^-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TickSize {
    mantissa: i64,
    /// Decimal places of the tick; negative for ticks like 10 or 100 (stored as 1 * 10^1 ...).
    exponent: i32,
}

/// A decimal number `digits * 10^-scale`, parsed exactly from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decimal {
    digits: i128,
    scale: i32,
}

fn parse_decimal(text: &str) -> Option<Decimal> {
    let s = text.trim();
    let (negative, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    // Trailing zeros of the fraction carry no value ("61837.63000000"); dropping them keeps
    // the integer small.
    let frac_part = frac_part.trim_end_matches('0');
    let mut digits: i128 = 0;
    for b in int_part.bytes().chain(frac_part.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        digits = digits.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    if digits > i128::from(i64::MAX) * 1_000_000 {
        return None;
    }
    Some(Decimal {
        digits: if negative { -digits } else { digits },
        scale: frac_part.len() as i32,
    })
}

fn pow10(e: i32) -> Option<i128> {
    10i128.checked_pow(u32::try_from(e).ok()?)
}

impl TickSize {
    /// A tick size from its decimal text, e.g. `"0.01"` or `"0.10"`.
    ///
    /// # Errors
    /// `OutOfRange` when the text is not a positive decimal number.
    pub fn parse(text: &str) -> Result<Self> {
        let bad =
            || SmcError::InvalidInput(format!("tick size {text:?} is not a positive decimal"));
        let d = parse_decimal(text).ok_or_else(bad)?;
        if d.digits <= 0 {
            return Err(SmcError::out_of_range(
                "tickSize",
                text.trim().parse::<f64>().unwrap_or(f64::NAN),
                "a positive number",
            ));
        }
        let (mut mantissa, mut exponent) = (d.digits, d.scale);
        // Normalise ticks like "10" to 1 * 10^1 (exponent -1) so the mantissa stays small.
        while mantissa % 10 == 0 && mantissa != 0 {
            mantissa /= 10;
            exponent -= 1;
        }
        if mantissa > (1 << 40) || !(-18..=18).contains(&exponent) {
            return Err(SmcError::out_of_range(
                "tickSize",
                text.trim().parse::<f64>().unwrap_or(f64::NAN),
                "a decimal with at most 18 places and a small mantissa",
            ));
        }
        Ok(TickSize {
            mantissa: mantissa as i64,
            exponent,
        })
    }

    /// A tick size from an `f64`, read through its shortest round-trip decimal (`0.01` is the
    /// decimal 0.01, not the binary value 0.01000000000000000020816...).
    ///
    /// # Errors
    /// `OutOfRange` for zero, negative, NaN or infinite values.
    pub fn from_f64(tick: f64) -> Result<Self> {
        if !(tick.is_finite() && tick > 0.0) {
            return Err(SmcError::out_of_range(
                "tickSize",
                tick,
                "a finite positive number",
            ));
        }
        Self::parse(&format!("{tick}"))
    }

    /// The tick size as an `f64`.
    pub fn as_f64(&self) -> f64 {
        self.ticks_to_price(1)
    }

    /// Decimal places of the tick (2 for 0.01, 0 for 1 or 10).
    pub fn decimals(&self) -> u32 {
        self.exponent.max(0) as u32
    }

    /// The price of `ticks` ticks, correctly rounded: computed as an exact integer divided by a
    /// power of ten, so `ticks_to_price(6183763)` with tick 0.01 is the same `f64` as parsing
    /// `"61837.63"`.
    pub fn ticks_to_price(&self, ticks: i64) -> f64 {
        let units = ticks as f64 * self.mantissa as f64;
        if self.exponent >= 0 {
            units / 10f64.powi(self.exponent)
        } else {
            units * 10f64.powi(-self.exponent)
        }
    }

    /// Exact conversion of a decimal price string to ticks.
    ///
    /// # Errors
    /// `InvalidInput` when the text is not a decimal number or the price is not a whole number
    /// of ticks.
    pub fn parse_ticks(&self, text: &str) -> Result<i64> {
        let d = parse_decimal(text)
            .ok_or_else(|| SmcError::InvalidInput(format!("price {text:?} is not a decimal")))?;
        self.decimal_to_ticks(d).ok_or_else(|| {
            SmcError::InvalidInput(format!(
                "price {text:?} is not a multiple of the tick size {}",
                self.as_f64()
            ))
        })
    }

    fn decimal_to_ticks(&self, d: Decimal) -> Option<i64> {
        // price / tick = digits * 10^-scale / (mantissa * 10^-exponent)
        //              = digits * 10^(exponent - scale) / mantissa
        let shift = self.exponent - d.scale;
        let numerator = if shift >= 0 {
            d.digits.checked_mul(pow10(shift)?)?
        } else {
            let div = pow10(-shift)?;
            if d.digits % div != 0 {
                return None;
            }
            d.digits / div
        };
        let m = i128::from(self.mantissa);
        if numerator % m != 0 {
            return None;
        }
        i64::try_from(numerator / m).ok()
    }

    /// Integer ticks for a column given either as prices (converted on this grid) or as ticks
    /// already (each a whole number): exactly one of the two. Bindings that accept both forms
    /// call this, so the rule and its errors are the same everywhere.
    pub fn resolve_ticks(&self, prices: Option<&[f64]>, ticks: Option<&[f64]>) -> Result<Vec<i64>> {
        match (prices, ticks) {
            (Some(p), None) => p.iter().map(|&x| self.price_to_ticks(x)).collect(),
            (None, Some(t)) => t
                .iter()
                .map(|&x| crate::error::check::integer("priceTicks", x))
                .collect(),
            _ => Err(SmcError::invalid(
                "give exactly one of price and priceTicks",
            )),
        }
    }

    /// Converts an `f64` price to ticks by rounding, rejecting prices that are off the tick grid
    /// by more than floating-point noise (1e-6 tick, or 1e-12 relative for huge tick counts).
    ///
    /// # Errors
    /// `NonFinite` for NaN/infinity, `InvalidInput` off the grid or out of the `i64` range.
    pub fn price_to_ticks(&self, price: f64) -> Result<i64> {
        if !price.is_finite() {
            return Err(SmcError::NonFinite {
                what: "price".to_owned(),
                index: 0,
                value: price,
            });
        }
        let scaled = if self.exponent >= 0 {
            price * 10f64.powi(self.exponent)
        } else {
            price / 10f64.powi(-self.exponent)
        } / self.mantissa as f64;
        let rounded = scaled.round();
        let tolerance = 1e-6_f64.max(scaled.abs() * 1e-12);
        if (scaled - rounded).abs() > tolerance || rounded.abs() > 9.0e15 {
            return Err(SmcError::InvalidInput(format!(
                "price {price} is not a multiple of the tick size {}",
                self.as_f64()
            )));
        }
        Ok(rounded as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_prices_or_ticks_but_not_both() {
        let t = TickSize::parse("0.01").unwrap();
        assert_eq!(
            t.resolve_ticks(Some(&[1.23, 1.0]), None).unwrap(),
            vec![123, 100]
        );
        assert_eq!(t.resolve_ticks(None, Some(&[5.0])).unwrap(), vec![5]);
        assert_eq!(
            t.resolve_ticks(None, Some(&[5.5])).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            t.resolve_ticks(None, None).unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
        assert_eq!(
            t.resolve_ticks(Some(&[1.0]), Some(&[1.0]))
                .unwrap_err()
                .code(),
            "SMC_INVALID_INPUT"
        );
    }

    #[test]
    fn parses_tick_sizes() {
        let t = TickSize::parse("0.01").unwrap();
        assert_eq!(t, TickSize::from_f64(0.01).unwrap());
        assert_eq!(t, TickSize::parse("0.0100").unwrap());
        assert_eq!(t.decimals(), 2);
        assert_eq!(TickSize::from_f64(0.1).unwrap().as_f64(), 0.1);
        assert_eq!(TickSize::from_f64(10.0).unwrap().as_f64(), 10.0);
        assert_eq!(TickSize::from_f64(0.5).unwrap().as_f64(), 0.5);
        for bad in [0.0, -0.01, f64::NAN, f64::INFINITY] {
            assert_eq!(
                TickSize::from_f64(bad).unwrap_err().code(),
                "SMC_OUT_OF_RANGE"
            );
        }
        assert!(TickSize::parse("abc").is_err());
        assert!(TickSize::parse("0").is_err());
    }

    #[test]
    fn decimal_strings_convert_exactly() {
        let t = TickSize::parse("0.01").unwrap();
        assert_eq!(t.parse_ticks("61837.63000000").unwrap(), 6_183_763);
        assert_eq!(t.parse_ticks("61837.6").unwrap(), 6_183_760);
        assert_eq!(t.parse_ticks("61837").unwrap(), 6_183_700);
        assert_eq!(
            t.ticks_to_price(6_183_763),
            "61837.63".parse::<f64>().unwrap()
        );
        assert!(t.parse_ticks("61837.635").is_err());
        assert!(t.parse_ticks("6e4").is_err());
        let half = TickSize::parse("0.5").unwrap();
        assert_eq!(half.parse_ticks("101.5").unwrap(), 203);
        assert!(half.parse_ticks("101.2").is_err());
        let ten = TickSize::parse("10").unwrap();
        assert_eq!(ten.parse_ticks("61830").unwrap(), 6183);
        assert!(ten.parse_ticks("61835").is_err());
    }

    #[test]
    fn floats_round_to_the_grid_without_drift() {
        let t = TickSize::from_f64(0.01).unwrap();
        // 0.1 + 0.2 style noise still lands on the right tick.
        assert_eq!(t.price_to_ticks(0.1 + 0.2).unwrap(), 30);
        assert_eq!(t.price_to_ticks(61837.63).unwrap(), 6_183_763);
        assert!(t.price_to_ticks(61837.635).is_err());
        assert_eq!(
            t.price_to_ticks(f64::NAN).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        for ticks in [0i64, 1, 99, 6_183_763, 123_456_789_012] {
            assert_eq!(t.price_to_ticks(t.ticks_to_price(ticks)).unwrap(), ticks);
        }
    }
}
