//! One position under average-cost accounting.

/// Relative size under which a remaining quantity counts as exactly flat. Fills are floating
/// point: closing 0.3 with 0.1 + 0.2 leaves ~5.5e-17, which must not survive as a tiny position
/// with a meaningless average price.
const FLAT_TOLERANCE: f64 = 1e-12;

/// A signed position (positive long, negative short) in one instrument, with its average entry
/// price and the PnL it has realised.
///
/// Accounting is average cost (as barter-rs, Nautilus and most broker statements):
/// - a fill on the side of the position (or from flat) moves the average entry price to the
///   quantity-weighted mean: `avg' = avg + (price - avg) * q / (Q + q)`;
/// - a fill against the position realises `closed * (price - avg) * sign(Q) * multiplier` on the
///   closed quantity `closed = min(|q|, |Q|)` and leaves the average unchanged;
/// - a fill larger than the position flips it: the whole position is closed at the fill price
///   and the remainder opens a new one at the fill price (identical to a close followed by an
///   open; property-tested).
///
/// Realised PnL is gross: fees are accumulated separately so that attribution can show both.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Position {
    /// Signed quantity in units of the instrument.
    pub quantity: f64,
    /// Average entry price of the open quantity; 0 when flat.
    pub avg_entry_price: f64,
    /// Realised PnL before fees, in account currency.
    pub realised_pnl: f64,
    /// Fees paid (negative for net rebates).
    pub fees: f64,
    /// Slippage cost against decision prices: `(fill - decision) * q * multiplier`, positive when
    /// the fill was worse than the price at which the order was decided.
    pub slippage: f64,
    /// Sum of absolute filled quantities.
    pub traded_quantity: f64,
    /// Number of fills applied.
    pub fills: u64,
}

impl Position {
    /// Applies a fill of signed quantity `q` (positive buys) at `price` and returns the PnL it
    /// realised (before fees). Inputs are validated by the caller.
    pub fn apply(&mut self, q: f64, price: f64, fee: f64, multiplier: f64) -> f64 {
        self.fees += fee;
        self.traded_quantity += q.abs();
        self.fills += 1;
        let held = self.quantity;
        if held == 0.0 || held.signum() == q.signum() {
            let total = held + q;
            self.avg_entry_price += (price - self.avg_entry_price) * (q / total);
            self.quantity = total;
            return 0.0;
        }
        let closed = q.abs().min(held.abs());
        let realised = closed * (price - self.avg_entry_price) * held.signum() * multiplier;
        self.realised_pnl += realised;
        let remaining = held + q;
        if remaining.abs() <= FLAT_TOLERANCE * held.abs().max(q.abs()) {
            self.quantity = 0.0;
            self.avg_entry_price = 0.0;
        } else if remaining.signum() == held.signum() {
            self.quantity = remaining;
        } else {
            // Flipped through zero: the remainder is a new position opened at this fill.
            self.quantity = remaining;
            self.avg_entry_price = price;
        }
        realised
    }

    /// PnL of the open quantity at `mark`: `Q * (mark - avg) * multiplier`.
    #[inline]
    pub fn unrealised_pnl(&self, mark: f64, multiplier: f64) -> f64 {
        if self.quantity == 0.0 {
            return 0.0;
        }
        self.quantity * (mark - self.avg_entry_price) * multiplier
    }

    /// Realised plus unrealised PnL minus fees.
    #[inline]
    pub fn total_pnl(&self, mark: f64, multiplier: f64) -> f64 {
        self.realised_pnl + self.unrealised_pnl(mark, multiplier) - self.fees
    }

    /// Absolute market value `|Q| * mark * multiplier`.
    #[inline]
    pub fn notional(&self, mark: f64, multiplier: f64) -> f64 {
        (self.quantity * mark * multiplier).abs()
    }

    pub fn is_flat(&self) -> bool {
        self.quantity == 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn averages_on_the_same_side_and_realises_on_reduction() {
        let mut p = Position::default();
        assert_eq!(p.apply(10.0, 100.0, 1.0, 1.0), 0.0);
        assert_eq!(p.apply(30.0, 104.0, 3.0, 1.0), 0.0);
        // (10 * 100 + 30 * 104) / 40 = 103
        assert!(close(p.avg_entry_price, 103.0));
        // Sell 20 at 110: 20 * (110 - 103) = 140 realised, average unchanged.
        assert!(close(p.apply(-20.0, 110.0, 2.0, 1.0), 140.0));
        assert!(close(p.quantity, 20.0));
        assert!(close(p.avg_entry_price, 103.0));
        assert!(close(p.unrealised_pnl(100.0, 1.0), -60.0));
        assert!(close(p.fees, 6.0));
        assert!(close(p.total_pnl(100.0, 1.0), 140.0 - 60.0 - 6.0));
        assert_eq!(p.fills, 3);
        assert_eq!(p.traded_quantity, 60.0);
    }

    #[test]
    fn flips_through_zero_at_the_fill_price() {
        let mut p = Position::default();
        p.apply(5.0, 100.0, 0.0, 2.0);
        // Sell 8 at 90 with multiplier 2: closes 5 (5 * -10 * 2 = -100), opens 3 short at 90.
        assert!(close(p.apply(-8.0, 90.0, 0.0, 2.0), -100.0));
        assert!(close(p.quantity, -3.0));
        assert_eq!(p.avg_entry_price, 90.0);
        // Short gains when the price falls: -3 * (80 - 90) * 2 = 60.
        assert!(close(p.unrealised_pnl(80.0, 2.0), 60.0));
    }

    #[test]
    fn floating_dust_closes_exactly() {
        let mut p = Position::default();
        p.apply(0.1, 10.0, 0.0, 1.0);
        p.apply(0.2, 10.0, 0.0, 1.0);
        p.apply(-0.3, 11.0, 0.0, 1.0);
        assert!(p.is_flat());
        assert_eq!(p.avg_entry_price, 0.0);
        assert!(close(p.realised_pnl, 0.3));
    }
}
