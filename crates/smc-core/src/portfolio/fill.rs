//! Fills, the only input that changes positions, and their validation.

use crate::error::{check, Result, SmcError};

/// One execution report. Quantities are signed: positive buys, negative sells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill<'a> {
    /// Venue fill id. A fill whose id was already applied is ignored (idempotent replays);
    /// `None` disables the check for this fill (backtests that never replay).
    pub id: Option<&'a str>,
    /// Dense instrument id from [`super::Portfolio::register_instrument`].
    pub instrument: usize,
    /// Dense strategy id from [`super::Portfolio::register_strategy`].
    pub strategy: usize,
    /// Signed filled quantity, finite and non-zero.
    pub quantity: f64,
    /// Fill price, finite.
    pub price: f64,
    /// Fee in account currency, finite (negative for a rebate).
    pub fee: f64,
    /// Exchange timestamp in epoch milliseconds. Recorded, never used to reorder (see the module
    /// documentation on out-of-order fills).
    pub exchange_time: f64,
    /// Price at which the strategy decided to trade, for slippage attribution.
    pub decision_price: Option<f64>,
}

/// What applying one fill did.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FillOutcome {
    /// The fill id had been applied before: nothing changed.
    pub duplicate: bool,
    /// PnL realised on the strategy's position in the instrument (before fees).
    pub strategy_realised_pnl: f64,
    /// PnL realised on the instrument's net position (before fees).
    pub instrument_realised_pnl: f64,
    /// Slippage cost against the decision price, 0 without one.
    pub slippage: f64,
    /// How far (ms) the exchange time lies before the latest one already applied for the
    /// instrument; 0 when the fill arrived in exchange-time order.
    pub late_by_ms: f64,
}

/// Fills as parallel columns, for backtests: one native call for a whole run.
#[derive(Debug, Clone, Copy)]
pub struct FillColumns<'a> {
    pub instrument: &'a [u32],
    pub strategy: &'a [u32],
    pub quantity: &'a [f64],
    pub price: &'a [f64],
    pub fee: &'a [f64],
    pub exchange_time: &'a [f64],
    /// Decision prices; NaN in a row means "no decision price" for that fill.
    pub decision_price: Option<&'a [f64]>,
    /// Fill ids for duplicate detection, when the batch may contain replays.
    pub ids: Option<&'a [String]>,
}

impl FillColumns<'_> {
    pub fn len(&self) -> usize {
        self.quantity.len()
    }

    pub fn is_empty(&self) -> bool {
        self.quantity.is_empty()
    }

    /// Row `row` as a [`Fill`]; only valid after [`Self::validate`].
    pub fn row(&self, row: usize) -> Fill<'_> {
        Fill {
            id: self.ids.map(|ids| ids[row].as_str()),
            instrument: self.instrument[row] as usize,
            strategy: self.strategy[row] as usize,
            quantity: self.quantity[row],
            price: self.price[row],
            fee: self.fee[row],
            exchange_time: self.exchange_time[row],
            decision_price: self.decision_price.map(|d| d[row]).filter(|d| !d.is_nan()),
        }
    }

    /// Checks every row up front, so that a bad row rejects the batch before any fill is applied.
    pub fn validate(&self, instruments: usize, strategies: usize) -> Result<()> {
        let n = self.len();
        check::same_len("instrument", n, self.instrument.len())?;
        check::same_len("strategy", n, self.strategy.len())?;
        check::same_len("price", n, self.price.len())?;
        check::same_len("fee", n, self.fee.len())?;
        check::same_len("exchangeTime", n, self.exchange_time.len())?;
        if let Some(d) = self.decision_price {
            check::same_len("decisionPrice", n, d.len())?;
            if let Some(index) = d.iter().position(|x| x.is_infinite()) {
                return Err(SmcError::NonFinite {
                    what: "decisionPrice".to_owned(),
                    index,
                    value: d[index],
                });
            }
        }
        if let Some(ids) = self.ids {
            check::same_len("fillIds", n, ids.len())?;
        }
        check::finite("quantity", self.quantity)?;
        check::finite("price", self.price)?;
        check::finite("fee", self.fee)?;
        check::finite("exchangeTime", self.exchange_time)?;
        for row in 0..n {
            validate_ids(
                self.instrument[row] as usize,
                self.strategy[row] as usize,
                instruments,
                strategies,
            )
            .map_err(|e| at_row(e, row))?;
            if self.quantity[row] == 0.0 {
                return Err(zero_quantity(row));
            }
        }
        Ok(())
    }
}

impl Fill<'_> {
    pub fn validate(&self, instruments: usize, strategies: usize) -> Result<()> {
        validate_ids(self.instrument, self.strategy, instruments, strategies)?;
        check::finite_scalar("quantity", self.quantity)?;
        if self.quantity == 0.0 {
            return Err(zero_quantity(0));
        }
        check::finite_scalar("price", self.price)?;
        check::finite_scalar("fee", self.fee)?;
        check::finite_scalar("exchangeTime", self.exchange_time)?;
        if let Some(d) = self.decision_price {
            check::finite_scalar("decisionPrice", d)?;
        }
        Ok(())
    }
}

fn validate_ids(
    instrument: usize,
    strategy: usize,
    instruments: usize,
    strategies: usize,
) -> Result<()> {
    if instrument >= instruments {
        return Err(SmcError::NotFound(format!(
            "instrument id {instrument} (registered: {instruments})"
        )));
    }
    if strategy >= strategies {
        return Err(SmcError::NotFound(format!(
            "strategy id {strategy} (registered: {strategies})"
        )));
    }
    Ok(())
}

fn zero_quantity(row: usize) -> SmcError {
    SmcError::out_of_range(
        &format!("quantity[{row}]"),
        0.0,
        "a non-zero signed quantity (positive buys, negative sells)",
    )
}

fn at_row(err: SmcError, row: usize) -> SmcError {
    match err {
        SmcError::NotFound(msg) => SmcError::NotFound(format!("fill row {row}: {msg}")),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_rows_with_typed_errors() {
        let ok = Fill {
            id: None,
            instrument: 0,
            strategy: 0,
            quantity: 1.0,
            price: 10.0,
            fee: 0.0,
            exchange_time: 0.0,
            decision_price: None,
        };
        assert!(ok.validate(1, 1).is_ok());
        let code = |f: Fill| f.validate(1, 1).unwrap_err().code();
        assert_eq!(
            code(Fill {
                instrument: 1,
                ..ok
            }),
            "SMC_NOT_FOUND"
        );
        assert_eq!(code(Fill { strategy: 3, ..ok }), "SMC_NOT_FOUND");
        assert_eq!(
            code(Fill {
                quantity: 0.0,
                ..ok
            }),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            code(Fill {
                price: f64::NAN,
                ..ok
            }),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            code(Fill {
                fee: f64::INFINITY,
                ..ok
            }),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            code(Fill {
                decision_price: Some(f64::NAN),
                ..ok
            }),
            "SMC_NON_FINITE"
        );
    }

    #[test]
    fn columns_validate_every_row_and_map_nan_decision_prices_to_none() {
        let cols = FillColumns {
            instrument: &[0, 0],
            strategy: &[0, 0],
            quantity: &[1.0, -1.0],
            price: &[10.0, 11.0],
            fee: &[0.0, 0.0],
            exchange_time: &[1.0, 2.0],
            decision_price: Some(&[f64::NAN, 10.5]),
            ids: None,
        };
        assert!(cols.validate(1, 1).is_ok());
        assert_eq!(cols.row(0).decision_price, None);
        assert_eq!(cols.row(1).decision_price, Some(10.5));
        let short = FillColumns {
            fee: &[0.0],
            ..cols
        };
        assert_eq!(
            short.validate(1, 1).unwrap_err().code(),
            "SMC_LENGTH_MISMATCH"
        );
        let unknown = FillColumns {
            instrument: &[0, 4],
            ..cols
        };
        let err = unknown.validate(1, 1).unwrap_err();
        assert_eq!(err.code(), "SMC_NOT_FOUND");
        assert!(err.to_string().contains("row 1"));
        let zero = FillColumns {
            quantity: &[1.0, 0.0],
            ..cols
        };
        assert_eq!(zero.validate(1, 1).unwrap_err().code(), "SMC_OUT_OF_RANGE");
    }
}
