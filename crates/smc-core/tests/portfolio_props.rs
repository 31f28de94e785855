//! Property tests of portfolio accounting: conservation of PnL, flip = close + open, arrival-order
//! invariance of the totals, idempotent replays.

use proptest::prelude::*;
use smc_core::portfolio::{Fill, Portfolio, Position};

const INSTRUMENTS: usize = 3;
const STRATEGIES: usize = 2;
const MULTIPLIERS: [f64; INSTRUMENTS] = [1.0, 50.0, 0.01];

#[derive(Debug, Clone)]
struct RawFill {
    instrument: usize,
    strategy: usize,
    quantity: f64,
    price: f64,
    fee: f64,
}

fn raw_fill() -> impl Strategy<Value = RawFill> {
    (
        0..INSTRUMENTS,
        0..STRATEGIES,
        // Whole and fractional quantities of both signs, never zero.
        prop_oneof![
            (-50i32..=50)
                .prop_filter("non-zero", |q| *q != 0)
                .prop_map(f64::from),
            -5.0..5.0f64
        ]
        .prop_filter("non-zero", |q| *q != 0.0),
        1.0..500.0f64,
        0.0..2.0f64,
    )
        .prop_map(|(instrument, strategy, quantity, price, fee)| RawFill {
            instrument,
            strategy,
            quantity,
            price,
            fee,
        })
}

fn portfolio() -> Portfolio {
    let mut p = Portfolio::new(1_000_000.0, false).unwrap();
    for m in MULTIPLIERS {
        p.register_instrument(m).unwrap();
    }
    for _ in 0..STRATEGIES {
        p.register_strategy();
    }
    p
}

fn apply(p: &mut Portfolio, fills: &[RawFill], ids: bool) {
    let names: Vec<String> = (0..fills.len()).map(|i| format!("fill-{i}")).collect();
    for (i, f) in fills.iter().enumerate() {
        p.apply_fill(&Fill {
            id: ids.then(|| names[i].as_str()),
            instrument: f.instrument,
            strategy: f.strategy,
            quantity: f.quantity,
            price: f.price,
            fee: f.fee,
            exchange_time: i as f64,
            decision_price: None,
        })
        .unwrap();
    }
}

fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-9 * scale.max(1.0)
}

proptest! {
    #[test]
    fn equity_is_cash_plus_marked_positions_and_pnl_is_conserved(
        fills in prop::collection::vec(raw_fill(), 1..60),
        marks in prop::array::uniform3(1.0..500.0f64),
    ) {
        let mut p = portfolio();
        apply(&mut p, &fills, false);
        p.mark(0.0, &[0, 1, 2], &marks).unwrap();
        let account = p.account_view();
        let scale = 1e6;
        let mut marked = 0.0;
        let mut by_strategy = 0.0;
        let mut by_instrument = 0.0;
        for (i, mark) in marks.iter().enumerate() {
            let net = p.instrument_view(i).unwrap();
            marked += net.quantity * mark * MULTIPLIERS[i];
            by_instrument += net.total_pnl;
            let mut strategy_quantity = 0.0;
            let mut strategy_pnl = 0.0;
            for s in 0..STRATEGIES {
                let own = p.strategy_position_view(s, i).unwrap();
                strategy_quantity += own.quantity;
                strategy_pnl += own.total_pnl;
            }
            prop_assert!(close(strategy_quantity, net.quantity, 1e3));
            prop_assert!(close(strategy_pnl, net.total_pnl, scale));
        }
        for s in 0..STRATEGIES {
            by_strategy += p.strategy_totals(s).unwrap().total_pnl;
        }
        prop_assert!(close(account.equity, account.cash + marked, scale));
        prop_assert!(close(account.equity - account.initial_cash, account.totals.total_pnl, scale));
        prop_assert!(close(by_instrument, account.totals.total_pnl, scale));
        prop_assert!(close(by_strategy, account.totals.total_pnl, scale));
        prop_assert!(account.high_water_mark >= account.equity);
    }

    #[test]
    fn flipping_equals_closing_then_opening(
        held in prop_oneof![-100.0..-0.5f64, 0.5..100.0f64],
        entry in 1.0..500.0f64,
        excess in 0.5..100.0f64,
        price in 1.0..500.0f64,
        multiplier in prop_oneof![Just(1.0), Just(50.0), Just(0.1)],
    ) {
        let q = -held.signum() * (held.abs() + excess);
        let mut flipped = Position::default();
        flipped.apply(held, entry, 0.0, multiplier);
        let realised_flip = flipped.apply(q, price, 0.0, multiplier);

        let mut two_step = Position::default();
        two_step.apply(held, entry, 0.0, multiplier);
        let realised_close = two_step.apply(-held, price, 0.0, multiplier);
        prop_assert!(two_step.is_flat());
        two_step.apply(q + held, price, 0.0, multiplier);

        prop_assert!(close(realised_flip, realised_close, realised_close.abs()));
        prop_assert!(close(flipped.quantity, two_step.quantity, 100.0));
        prop_assert_eq!(flipped.avg_entry_price, price);
        prop_assert!(close(flipped.avg_entry_price, two_step.avg_entry_price, price));
        prop_assert!(close(flipped.realised_pnl, two_step.realised_pnl, flipped.realised_pnl.abs()));
    }

    #[test]
    fn totals_do_not_depend_on_arrival_order(
        fills in prop::collection::vec(raw_fill(), 1..40),
        seed in any::<u64>(),
        marks in prop::array::uniform3(1.0..500.0f64),
    ) {
        let mut shuffled = fills.clone();
        // Fisher-Yates with a splitmix64 stream: a reproducible permutation per seed.
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            shuffled.swap(i, (z ^ (z >> 31)) as usize % (i + 1));
        }
        let (mut a, mut b) = (portfolio(), portfolio());
        apply(&mut a, &fills, false);
        apply(&mut b, &shuffled, false);
        a.mark(0.0, &[0, 1, 2], &marks).unwrap();
        b.mark(0.0, &[0, 1, 2], &marks).unwrap();
        prop_assert!(close(a.cash(), b.cash(), 1e6));
        prop_assert!(close(a.equity(), b.equity(), 1e6));
        for i in 0..INSTRUMENTS {
            prop_assert!(close(a.quantity(i).unwrap(), b.quantity(i).unwrap(), 1e3));
            prop_assert!(close(
                a.instrument_view(i).unwrap().total_pnl,
                b.instrument_view(i).unwrap().total_pnl,
                1e6
            ));
        }
    }

    #[test]
    fn replaying_fills_with_ids_changes_nothing(fills in prop::collection::vec(raw_fill(), 1..30)) {
        let mut once = portfolio();
        apply(&mut once, &fills, true);
        let mut twice = portfolio();
        apply(&mut twice, &fills, true);
        apply(&mut twice, &fills, true);
        prop_assert_eq!(twice.duplicate_fills(), fills.len() as u64);
        let (mut a, mut b) = (once.account_view(), twice.account_view());
        a.duplicate_fills = 0;
        b.duplicate_fills = 0;
        prop_assert_eq!(a, b);
    }
}
