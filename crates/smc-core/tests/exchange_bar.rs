//! Scenario tests of the simulated exchange in bar mode.

use smc_core::exchange::*;

const MIN: i64 = 60_000_000_000;

fn bar(k: i64, o: f64, h: f64, l: f64, c: f64, v: f64) -> Bar {
    Bar { open_ns: k * MIN, close_ns: (k + 1) * MIN, open: o, high: h, low: l, close: c, volume: v }
}

fn venue(cfg: BarConfig, slippage: Box<dyn SlippageModel>) -> SimVenue {
    let models = Models { slippage, ..Models::default() };
    SimVenue::bar(cfg, VenueConfig::default(), models).unwrap()
}

fn drain(v: &mut SimVenue) -> Vec<ExecEvent> {
    let mut out = Vec::new();
    v.drain_events(&mut out);
    out
}

fn fills(ev: &[ExecEvent]) -> Vec<(f64, f64, Liquidity, i64)> {
    ev.iter().filter(|e| e.kind == ExecKind::Fill).map(|e| (e.price, e.qty, e.liquidity.unwrap(), e.exchange_ns)).collect()
}

#[test]
fn market_orders_fill_at_the_next_open_or_close_with_slippage() {
    let mut v = venue(BarConfig::default(), Box::new(FixedBpsSlippage::new(10.0).unwrap()));
    v.on_bar(&bar(0, 100.0, 101.0, 99.0, 100.5, 1_000.0)).unwrap();
    v.submit(OrderRequest::market(OrderSide::Buy, 2.0)).unwrap();
    v.on_bar(&bar(1, 100.5, 102.0, 100.0, 101.0, 1_000.0)).unwrap();
    let f = fills(&drain(&mut v));
    assert_eq!(f.len(), 1);
    assert!((f[0].0 - 100.5 * 1.001).abs() < 1e-9);
    assert_eq!((f[0].1, f[0].2, f[0].3), (2.0, Liquidity::Taker, MIN));

    let cfg = BarConfig { market_fill: BarPrice::Close, ..BarConfig::default() };
    let mut v = venue(cfg, Box::new(SqrtImpactSlippage::new(1.0, Some(0.01)).unwrap()));
    v.on_bar(&bar(0, 100.0, 101.0, 99.0, 100.5, 400.0)).unwrap();
    v.submit(OrderRequest::market(OrderSide::Sell, 100.0)).unwrap();
    v.on_bar(&bar(1, 100.5, 102.0, 100.0, 101.0, 400.0)).unwrap();
    let f = fills(&drain(&mut v));
    // sigma sqrt(Q/V) = 0.01 * 0.5 = 0.5% below the close.
    assert!((f[0].0 - 101.0 * 0.995).abs() < 1e-9);
    assert_eq!(f[0].3, 2 * MIN);
}

#[test]
fn resting_limits_fill_on_touch_as_maker_and_trade_through_is_stricter() {
    for (rule, expect_fill) in [(TouchRule::Touch, true), (TouchRule::TradeThrough, false)] {
        let mut v = venue(BarConfig { touch: rule, ..BarConfig::default() }, Box::new(FixedBpsSlippage::new(5.0).unwrap()));
        v.on_bar(&bar(0, 100.0, 101.0, 99.0, 100.0, 10.0)).unwrap();
        let id = v.submit(OrderRequest::limit(OrderSide::Buy, 1.0, 99.5)).unwrap();
        v.on_bar(&bar(1, 100.0, 100.2, 99.5, 100.1, 10.0)).unwrap();
        let f = fills(&drain(&mut v));
        assert_eq!(!f.is_empty(), expect_fill, "{rule:?}");
        if expect_fill {
            assert_eq!(f[0], (99.5, 1.0, Liquidity::Maker, 2 * MIN));
            assert_eq!(v.order(id).unwrap().status, OrderStatus::Filled);
        } else {
            assert_eq!(v.order(id).unwrap().status, OrderStatus::Open);
        }
    }
}

#[test]
fn marketable_limit_takes_at_the_open_never_worse_than_its_limit() {
    let mut v = venue(BarConfig::default(), Box::new(FixedBpsSlippage::new(100.0).unwrap()));
    v.on_bar(&bar(0, 100.0, 101.0, 99.0, 100.0, 10.0)).unwrap();
    v.submit(OrderRequest::limit(OrderSide::Buy, 1.0, 100.5)).unwrap();
    v.on_bar(&bar(1, 100.0, 100.2, 99.5, 100.1, 10.0)).unwrap();
    let f = fills(&drain(&mut v));
    assert_eq!(f[0], (100.5, 1.0, Liquidity::Taker, MIN)); // 100 * 1.01 = 101 capped at 100.5
    let po = v.submit(OrderRequest::limit(OrderSide::Sell, 1.0, 99.0).post_only()).unwrap();
    v.on_bar(&bar(2, 100.0, 100.2, 99.5, 100.1, 10.0)).unwrap();
    assert_eq!(drain(&mut v)[0].reason, Some(RejectReason::PostOnlyWouldTake));
    assert_eq!(v.order(po).unwrap().status, OrderStatus::Rejected);
}

#[test]
fn volume_cap_gives_partial_fills() {
    let cfg = BarConfig { max_volume_fraction: Some(0.1), ..BarConfig::default() };
    let mut v = venue(cfg, Box::new(FixedBpsSlippage::new(0.0).unwrap()));
    v.on_bar(&bar(0, 100.0, 101.0, 99.0, 100.0, 10.0)).unwrap();
    let gtc = v.submit(OrderRequest::limit(OrderSide::Sell, 2.5, 100.5)).unwrap();
    let mkt = v.submit(OrderRequest::market(OrderSide::Buy, 5.0)).unwrap();
    v.on_bar(&bar(1, 100.0, 101.0, 99.0, 100.0, 10.0)).unwrap();
    // Budget 1.0 per bar: the sell (first in arrival order) takes it all.
    assert_eq!(v.order(gtc).unwrap().filled_qty, 1.0);
    assert_eq!(v.order(mkt).unwrap().status, OrderStatus::Expired);
    v.on_bar(&bar(2, 100.0, 101.0, 99.0, 100.0, 10.0)).unwrap();
    v.on_bar(&bar(3, 100.0, 101.0, 99.0, 100.0, 10.0)).unwrap();
    assert_eq!(v.order(gtc).unwrap().status, OrderStatus::Filled);
    let f = fills(&drain(&mut v));
    assert_eq!(f.iter().map(|x| x.1).collect::<Vec<_>>(), vec![1.0, 1.0, 0.5]);
    let fok = v.submit(OrderRequest::market(OrderSide::Buy, 5.0).with_tif(TimeInForce::Fok)).unwrap();
    v.on_bar(&bar(4, 100.0, 101.0, 99.0, 100.0, 10.0)).unwrap();
    assert_eq!(v.order(fok).unwrap().status, OrderStatus::Rejected);
}

#[test]
fn cancels_and_latency_act_at_bar_boundaries() {
    let models = Models { latency: Box::new(ConstantLatency::new(MIN / 2, MIN / 2, 0).unwrap()), ..Models::default() };
    let mut v = SimVenue::bar(BarConfig::default(), VenueConfig::default(), models).unwrap();
    v.on_bar(&bar(0, 100.0, 101.0, 99.0, 100.0, 10.0)).unwrap();
    let id = v.submit(OrderRequest::limit(OrderSide::Buy, 1.0, 90.0)).unwrap();
    v.on_bar(&bar(1, 100.0, 101.0, 99.0, 100.0, 10.0)).unwrap(); // arrives at 1.5 min: next bar
    assert_eq!(v.order(id).unwrap().status, OrderStatus::InFlight);
    v.on_bar(&bar(2, 100.0, 101.0, 99.0, 100.0, 10.0)).unwrap();
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Open);
    v.cancel(id).unwrap();
    v.on_bar(&bar(3, 100.0, 101.0, 89.0, 100.0, 10.0)).unwrap(); // touch, but the cancel is not there yet
    assert_eq!(v.order(id).unwrap().status, OrderStatus::Filled);
    v.on_bar(&bar(4, 100.0, 101.0, 99.0, 100.0, 10.0)).unwrap();
    let ev = drain(&mut v);
    assert_eq!(ev.last().unwrap().kind, ExecKind::CancelRejected);
}

#[test]
fn bad_bars_and_l2_calls_are_typed_errors() {
    let mut v = venue(BarConfig::default(), Box::new(FixedBpsSlippage::new(0.0).unwrap()));
    assert_eq!(v.on_bar(&bar(0, 100.0, 99.0, 98.0, 100.0, 1.0)).unwrap_err().code(), "SMC_INVALID_INPUT");
    assert_eq!(v.on_bar(&bar(0, f64::NAN, 99.0, 98.0, 100.0, 1.0)).unwrap_err().code(), "SMC_NON_FINITE");
    v.on_bar(&bar(5, 100.0, 101.0, 99.0, 100.0, 1.0)).unwrap();
    assert_eq!(v.on_bar(&bar(1, 100.0, 101.0, 99.0, 100.0, 1.0)).unwrap_err().code(), "SMC_UNORDERED");
    assert_eq!(v.book().unwrap_err().code(), "SMC_INVALID_STATE");
    assert_eq!(v.on_trade(10 * MIN, 1, 1.0, OrderSide::Buy).unwrap_err().code(), "SMC_INVALID_STATE");
    let bad = BarConfig { max_volume_fraction: Some(0.0), ..BarConfig::default() };
    assert_eq!(SimVenue::bar(bad, VenueConfig::default(), Models::default()).err().unwrap().code(), "SMC_OUT_OF_RANGE");
}
