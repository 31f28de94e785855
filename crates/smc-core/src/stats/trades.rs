//! Statistics of closed-trade profits and losses.

use crate::error::Result;
use crate::risk::{clean_returns, NanPolicy};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TradeStats {
    pub trades: usize,
    pub wins: usize,
    pub losses: usize,
    /// Gross profit / gross loss; `None` without a losing trade.
    pub profit_factor: Option<f64>,
    /// Winning trades (pnl > 0) over ALL trades; break-even trades count as non-wins.
    pub win_rate: f64,
    /// Average win / average |loss|; `None` without both a win and a loss.
    pub payoff: Option<f64>,
    /// Mean pnl per trade (= win_rate * avg win - loss_rate * avg loss).
    pub expectancy: f64,
    /// Kelly fraction W - (1 - W) / payoff; `None` when the payoff is.
    pub kelly: Option<f64>,
}

/// Trade statistics from per-trade pnl (money or returns). Needs 1 trade.
pub fn trade_stats(pnl: &[f64], nan: NanPolicy) -> Result<TradeStats> {
    let xs = clean_returns("pnl", pnl, nan, 1)?;
    let (mut wins, mut losses, mut gross_win, mut gross_loss) = (0usize, 0usize, 0.0, 0.0);
    for &p in xs.iter() {
        if p > 0.0 {
            wins += 1;
            gross_win += p;
        } else if p < 0.0 {
            losses += 1;
            gross_loss -= p;
        }
    }
    let n = xs.len();
    let win_rate = wins as f64 / n as f64;
    let payoff =
        (wins > 0 && losses > 0).then(|| (gross_win / wins as f64) / (gross_loss / losses as f64));
    Ok(TradeStats {
        trades: n,
        wins,
        losses,
        profit_factor: (gross_loss > 0.0).then(|| gross_win / gross_loss),
        win_rate,
        payoff,
        expectancy: xs.iter().sum::<f64>() / n as f64,
        kelly: payoff.map(|r| win_rate - (1.0 - win_rate) / r),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_trade_stats() {
        let s = trade_stats(&[100.0, -50.0, 200.0, -50.0, 0.0], NanPolicy::Reject).unwrap();
        assert_eq!((s.trades, s.wins, s.losses), (5, 2, 2));
        assert_eq!(s.profit_factor, Some(3.0));
        assert_eq!(s.win_rate, 0.4);
        assert_eq!(s.payoff, Some(3.0));
        assert_eq!(s.expectancy, 40.0);
        assert!((s.kelly.unwrap() - (0.4 - 0.6 / 3.0)).abs() < 1e-15);
        let only_wins = trade_stats(&[1.0, 2.0], NanPolicy::Reject).unwrap();
        assert_eq!(
            (only_wins.profit_factor, only_wins.payoff, only_wins.kelly),
            (None, None, None)
        );
        assert_eq!(
            trade_stats(&[], NanPolicy::Reject).unwrap_err().code(),
            "SMC_EMPTY_INPUT"
        );
    }
}
