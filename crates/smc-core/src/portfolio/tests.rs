//! Scenario tests with hand-computed expected numbers (the arithmetic is in the comments).

use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {{
        let (a, b) = ($a, $b);
        assert!(close(a, b), "{} = {a}, expected {b}", stringify!($a));
    }};
}

fn fill(instrument: usize, strategy: usize, quantity: f64, price: f64, time: f64) -> Fill<'static> {
    Fill {
        id: None,
        instrument,
        strategy,
        quantity,
        price,
        fee: 0.0,
        exchange_time: time,
        decision_price: None,
    }
}

fn one_instrument(cash: f64) -> Portfolio {
    let mut p = Portfolio::new(cash, true).unwrap();
    p.register_instrument(1.0).unwrap();
    p.register_strategy();
    p
}

#[test]
fn partial_fills_flip_through_zero_with_fees() {
    let mut p = one_instrument(100_000.0);
    p.apply_fill(&Fill {
        fee: 1.0,
        ..fill(0, 0, 5.0, 100.0, 1.0)
    })
    .unwrap();
    // A sell order of 8 filled in two parts. -3 @ 91 realises 3 * (91 - 100) = -27.
    let first = p
        .apply_fill(&Fill {
            fee: 1.0,
            ..fill(0, 0, -3.0, 91.0, 2.0)
        })
        .unwrap();
    assert_close!(first.instrument_realised_pnl, -27.0);
    // -5 @ 89 closes the remaining 2 (2 * -11 = -22) and opens 3 short at 89.
    let second = p
        .apply_fill(&Fill {
            fee: 1.0,
            ..fill(0, 0, -5.0, 89.0, 3.0)
        })
        .unwrap();
    assert_close!(second.instrument_realised_pnl, -22.0);
    p.mark(4.0, &[0], &[85.0]).unwrap();
    let v = p.instrument_view(0).unwrap();
    assert_close!(v.quantity, -3.0);
    assert_close!(v.avg_entry_price, 89.0);
    assert_close!(v.realised_pnl, -49.0);
    assert_close!(v.unrealised_pnl, 12.0); // -3 * (85 - 89)
    assert_close!(v.fees, 3.0);
    assert_close!(v.total_pnl, -40.0);
    assert_close!(v.notional, 255.0);
    // cash: 100000 - 500 - 1 + 273 - 1 + 445 - 1 = 100215; equity = 100215 - 3 * 85.
    assert_close!(p.cash(), 100_215.0);
    assert_close!(p.equity(), 99_960.0);
}

#[test]
fn late_fill_is_applied_by_arrival_and_flagged() {
    // Exchange order: buy 10 @ 100 (t=1000), buy 6 @ 104 (t=1002), sell 4 @ 110 (t=1005).
    // The t=1002 fill arrives last, 3 ms late.
    let mut p = one_instrument(100_000.0);
    p.apply_fill(&fill(0, 0, 10.0, 100.0, 1000.0)).unwrap();
    let sell = p.apply_fill(&fill(0, 0, -4.0, 110.0, 1005.0)).unwrap();
    assert_close!(sell.instrument_realised_pnl, 40.0); // 4 * (110 - 100)
    let late = p.apply_fill(&fill(0, 0, 6.0, 104.0, 1002.0)).unwrap();
    assert_eq!(late.late_by_ms, 3.0);
    assert_eq!(p.out_of_order_fills(0).unwrap(), 1);
    p.mark(2000.0, &[0], &[108.0]).unwrap();
    let by_arrival = p.instrument_view(0).unwrap();
    // 6 left @ 100, plus 6 @ 104: average 102; unrealised 12 * (108 - 102) = 72.
    assert_close!(by_arrival.avg_entry_price, 102.0);
    assert_close!(by_arrival.realised_pnl, 40.0);
    assert_close!(by_arrival.unrealised_pnl, 72.0);

    // The same fills in exchange order: average (1000 + 624) / 16 = 101.5, realised
    // 4 * (110 - 101.5) = 34, unrealised 12 * (108 - 101.5) = 78.
    let mut q = one_instrument(100_000.0);
    for f in [
        fill(0, 0, 10.0, 100.0, 1000.0),
        fill(0, 0, 6.0, 104.0, 1002.0),
        fill(0, 0, -4.0, 110.0, 1005.0),
    ] {
        assert_eq!(q.apply_fill(&f).unwrap().late_by_ms, 0.0);
    }
    q.mark(2000.0, &[0], &[108.0]).unwrap();
    let in_order = q.instrument_view(0).unwrap();
    assert_close!(in_order.avg_entry_price, 101.5);
    assert_close!(in_order.realised_pnl, 34.0);
    assert_close!(in_order.unrealised_pnl, 78.0);
    // What does not depend on arrival order: quantity, cash, equity, total PnL (112).
    assert_close!(by_arrival.quantity, in_order.quantity);
    assert_close!(by_arrival.total_pnl, 112.0);
    assert_close!(in_order.total_pnl, 112.0);
    assert_close!(p.cash(), 98_816.0); // 100000 - 1000 + 440 - 624
    assert_close!(p.equity(), q.equity());
    assert_close!(p.equity(), 100_112.0);
}

#[test]
fn duplicate_fill_ids_are_idempotent() {
    let mut p = one_instrument(10_000.0);
    let f = Fill {
        id: Some("T-1"),
        ..fill(0, 0, 2.0, 50.0, 1.0)
    };
    assert!(!p.apply_fill(&f).unwrap().duplicate);
    let again = p.apply_fill(&f).unwrap();
    assert!(again.duplicate);
    assert_eq!(again.strategy_realised_pnl, 0.0);
    assert_close!(p.quantity(0).unwrap(), 2.0);
    assert_close!(p.cash(), 9_900.0);
    assert_eq!(p.duplicate_fills(), 1);
    // Fills without an id are never deduplicated.
    p.apply_fill(&fill(0, 0, 2.0, 50.0, 2.0)).unwrap();
    p.apply_fill(&fill(0, 0, 2.0, 50.0, 2.0)).unwrap();
    assert_close!(p.quantity(0).unwrap(), 6.0);
}

#[test]
fn fill_ids_are_remembered_up_to_the_bound_oldest_forgotten_first() {
    let mut p = one_instrument(1e9);
    assert_eq!(p.max_fill_ids(), Portfolio::DEFAULT_MAX_FILL_IDS);
    p.set_max_fill_ids(2);
    let with_id = |id| Fill {
        id: Some(id),
        ..fill(0, 0, 1.0, 10.0, 1.0)
    };
    for id in ["T-1", "T-2", "T-3"] {
        assert!(!p.apply_fill(&with_id(id)).unwrap().duplicate);
    }
    assert_eq!(p.remembered_fill_ids(), 2);
    // The last two are still recognised ...
    assert!(p.apply_fill(&with_id("T-3")).unwrap().duplicate);
    assert!(p.apply_fill(&with_id("T-2")).unwrap().duplicate);
    // ... the oldest was forgotten, so its replay is booked again (the documented limit).
    assert!(!p.apply_fill(&with_id("T-1")).unwrap().duplicate);
    assert_close!(p.quantity(0).unwrap(), 4.0);
    assert_eq!(p.duplicate_fills(), 2);
    // Fills without an id take no room.
    p.apply_fill(&fill(0, 0, 1.0, 10.0, 2.0)).unwrap();
    assert!(p.apply_fill(&with_id("T-1")).unwrap().duplicate);
    // Lowering the bound forgets the oldest at once; 0 remembers nothing.
    p.set_max_fill_ids(1);
    assert_eq!(p.remembered_fill_ids(), 1);
    p.set_max_fill_ids(0);
    assert!(!p.apply_fill(&with_id("T-9")).unwrap().duplicate);
    assert!(!p.apply_fill(&with_id("T-9")).unwrap().duplicate);
    assert_eq!(p.remembered_fill_ids(), 0);
}

#[test]
fn the_default_bound_holds_on_a_long_run() {
    let mut p = one_instrument(1e12);
    let n = Portfolio::DEFAULT_MAX_FILL_IDS + 10;
    for k in 0..n {
        let id = format!("F-{k}");
        let f = Fill {
            id: Some(&id),
            ..fill(0, 0, if k % 2 == 0 { 1.0 } else { -1.0 }, 10.0, 1.0)
        };
        p.apply_fill(&f).unwrap();
    }
    assert_eq!(p.remembered_fill_ids(), Portfolio::DEFAULT_MAX_FILL_IDS);
    let last = format!("F-{}", n - 1);
    let first = "F-0";
    let again = |p: &mut Portfolio, id: &str| {
        p.apply_fill(&Fill {
            id: Some(id),
            ..fill(0, 0, 1.0, 10.0, 1.0)
        })
        .unwrap()
        .duplicate
    };
    assert!(again(&mut p, &last));
    assert!(!again(&mut p, first));
}

#[test]
fn attributes_pnl_per_strategy_and_instrument() {
    let mut p = Portfolio::new(1_000_000.0, false).unwrap();
    let btc = p.register_instrument(1.0).unwrap();
    let es = p.register_instrument(50.0).unwrap();
    let trend = p.register_strategy();
    let meanrev = p.register_strategy();
    p.apply_fill(&Fill {
        decision_price: Some(100.0),
        ..fill(btc, trend, 10.0, 100.5, 1.0)
    })
    .unwrap();
    p.apply_fill(&Fill {
        decision_price: Some(102.0),
        ..fill(btc, meanrev, -4.0, 101.8, 2.0)
    })
    .unwrap();
    p.apply_fill(&Fill {
        fee: 2.5,
        ..fill(es, trend, 1.0, 5000.0, 3.0)
    })
    .unwrap();
    p.mark(10.0, &[0, 1], &[101.0, 5010.0]).unwrap();

    // Net BTC: +10 @ 100.5 then -4 @ 101.8: realised 4 * 1.3 = 5.2, 6 left, 6 * 0.5 = 3.
    let btc_net = p.instrument_view(btc).unwrap();
    assert_close!(btc_net.realised_pnl, 5.2);
    assert_close!(btc_net.unrealised_pnl, 3.0);
    // Slippage: (100.5 - 100) * 10 = 5 and (101.8 - 102) * -4 = 0.8.
    assert_close!(btc_net.slippage, 5.8);
    // Per strategy in BTC: trend 10 * (101 - 100.5) = 5, meanrev -4 * (101 - 101.8) = 3.2.
    let trend_btc = p.strategy_position_view(trend, btc).unwrap();
    let meanrev_btc = p.strategy_position_view(meanrev, btc).unwrap();
    assert_close!(trend_btc.unrealised_pnl, 5.0);
    assert_close!(meanrev_btc.unrealised_pnl, 3.2);
    assert_eq!(meanrev_btc.realised_pnl, 0.0);
    assert_close!(
        trend_btc.total_pnl + meanrev_btc.total_pnl,
        btc_net.total_pnl
    );
    // ES: 1 contract * 10 points * 50 = 500, minus 2.5 fees.
    let trend_totals = p.strategy_totals(trend).unwrap();
    assert_close!(trend_totals.total_pnl, 5.0 + 497.5);
    assert_close!(trend_totals.slippage, 5.0);
    assert_close!(trend_totals.gross_notional, 1010.0 + 250_500.0);
    assert_close!(p.strategy_totals(meanrev).unwrap().total_pnl, 3.2);
    let account = p.account_view();
    assert_close!(account.totals.total_pnl, 8.2 + 497.5);
    assert_close!(
        account.equity - account.initial_cash,
        account.totals.total_pnl
    );
    assert_close!(account.gross_notional, 6.0 * 101.0 + 250_500.0);
    // A strategy that never traded an instrument reads as flat.
    assert_eq!(p.strategy_position_view(meanrev, es).unwrap().quantity, 0.0);
}

#[test]
fn tracks_high_water_mark_drawdown_and_equity_curve() {
    let mut p = one_instrument(1_000.0);
    p.apply_fill(&fill(0, 0, 10.0, 100.0, 0.0)).unwrap();
    p.mark(1.0, &[0], &[110.0]).unwrap(); // equity 1100, new high
    p.mark(2.0, &[0], &[88.0]).unwrap(); // 880: drawdown 220 / 1100 = 0.2
    assert_close!(p.drawdown(), 0.2);
    p.mark(3.0, &[0], &[99.0]).unwrap(); // 990: drawdown 0.1
    assert_close!(p.high_water_mark(), 1_100.0);
    assert_close!(p.drawdown(), 0.1);
    assert_close!(p.max_drawdown(), 0.2);
    let (t, e) = p.equity_curve();
    assert_eq!(t, &[1.0, 2.0, 3.0]);
    assert_eq!(e.len(), 3);
    assert_close!(e[0], 1_100.0);
    assert_close!(e[1], 880.0);
    assert_close!(e[2], 990.0);
}

#[test]
fn unmarked_instrument_is_valued_at_its_first_fill() {
    let mut p = one_instrument(1_000.0);
    assert_eq!(p.mark_price(0).unwrap(), None);
    p.apply_fill(&fill(0, 0, 1.0, 100.0, 0.0)).unwrap();
    // The second fill pays up, but the mark stays at 100: the overpayment is a loss at once.
    p.apply_fill(&fill(0, 0, 1.0, 104.0, 1.0)).unwrap();
    assert_eq!(p.mark_price(0).unwrap(), Some(100.0));
    assert_close!(p.equity(), 996.0);
}

#[test]
fn batch_is_validated_before_anything_changes() {
    let mut p = one_instrument(1_000.0);
    let ids = vec!["a".to_owned(), "b".to_owned(), "a".to_owned()];
    let columns = FillColumns {
        instrument: &[0, 0, 0],
        strategy: &[0, 0, 0],
        quantity: &[1.0, -2.0, 1.0],
        price: &[10.0, 12.0, 10.0],
        fee: &[0.0, 0.0, 0.0],
        exchange_time: &[5.0, 4.0, 6.0],
        decision_price: None,
        ids: Some(&ids),
    };
    let outcome = p.apply_fills(&columns).unwrap();
    assert_eq!(outcome.applied, 2);
    assert_eq!(outcome.duplicates, 1);
    assert_eq!(outcome.out_of_order, 1);
    assert_close!(p.quantity(0).unwrap(), -1.0);
    let before = p.account_view();
    let bad = FillColumns {
        price: &[10.0, f64::NAN, 10.0],
        ids: None,
        ..columns
    };
    assert_eq!(p.apply_fills(&bad).unwrap_err().code(), "SMC_NON_FINITE");
    assert_eq!(p.account_view(), before);
}

#[test]
fn bad_input_gets_typed_errors() {
    assert_eq!(
        Portfolio::new(0.0, true).unwrap_err().code(),
        "SMC_OUT_OF_RANGE"
    );
    assert_eq!(
        Portfolio::new(f64::NAN, true).unwrap_err().code(),
        "SMC_NON_FINITE"
    );
    let mut p = one_instrument(1_000.0);
    assert_eq!(
        p.register_instrument(0.0).unwrap_err().code(),
        "SMC_OUT_OF_RANGE"
    );
    assert_eq!(
        p.mark(1.0, &[3], &[1.0]).unwrap_err().code(),
        "SMC_NOT_FOUND"
    );
    assert_eq!(
        p.mark(1.0, &[0], &[]).unwrap_err().code(),
        "SMC_LENGTH_MISMATCH"
    );
    assert_eq!(
        p.mark(1.0, &[0], &[f64::NAN]).unwrap_err().code(),
        "SMC_NON_FINITE"
    );
    p.mark(5.0, &[0], &[1.0]).unwrap();
    assert_eq!(
        p.mark(4.0, &[0], &[1.0]).unwrap_err().code(),
        "SMC_UNORDERED"
    );
    assert_eq!(p.instrument_view(9).unwrap_err().code(), "SMC_NOT_FOUND");
    assert_eq!(p.strategy_totals(9).unwrap_err().code(), "SMC_NOT_FOUND");
}

#[test]
fn a_bounded_equity_curve_keeps_every_stride_th_mark() {
    let mut p = one_instrument(1_000.0);
    p.set_curve_max_points(4).unwrap();
    // Hold 1 unit so equity tracks the mark price: equity = 1000 - 1 + price.
    p.apply_fill(&fill(0, 0, 1.0, 1.0, 0.0)).unwrap();
    for m in 1..=20 {
        p.mark(m as f64, &[0], &[m as f64]).unwrap();
    }
    let (t, e) = p.equity_curve();
    // Thinned at 4 points three times: stride 8, points at marks 8 and 16.
    assert_eq!(p.curve_stride(), 8);
    assert_eq!(t, &[8.0, 16.0]);
    assert_eq!(e, &[1_007.0, 1_015.0]);
    for _ in 21..=24 {
        p.mark(24.0, &[0], &[24.0]).unwrap();
    }
    assert_eq!(p.equity_curve().0, &[8.0, 16.0, 24.0]);
}

#[test]
fn the_curve_limit_is_checked() {
    let mut p = one_instrument(1_000.0);
    assert_eq!(
        p.set_curve_max_points(1).unwrap_err().code(),
        "SMC_OUT_OF_RANGE"
    );
    p.set_curve_max_points(0).unwrap();
    p.mark(1.0, &[0], &[1.0]).unwrap();
    assert_eq!(
        p.set_curve_max_points(10).unwrap_err().code(),
        "SMC_INVALID_STATE"
    );
    assert_eq!(p.curve_stride(), 1);
}
