use crate::execution::executor::{
    ActionKind, DecisionKind, Executor, ExecutorConfig, ExecutorStatus, OrderStyle,
};
use crate::execution::lots::LotSpec;
use crate::execution::schedule::{IcebergParams, PovParams, VolumeProfile};
use crate::execution::Side;

fn config(quantity: f64) -> ExecutorConfig {
    ExecutorConfig::new(Side::Buy, quantity, 0.0, 4000.0)
}

#[test]
fn twap_sends_slices_and_replaces_on_drift_after_the_ack() {
    let mut ex = Executor::twap(config(100.0), 4, None).unwrap();
    ex.on_quote(0.0, 99.0, 101.0).unwrap();
    let a = ex.step(0.0).unwrap().to_vec();
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].kind, a[0].quantity, a[0].price),
        (ActionKind::New, 25.0, Some(99.0))
    );
    assert!(ex.step(500.0).unwrap().is_empty());
    ex.on_fill(600.0, a[0].child_id, 25.0, 99.0).unwrap();
    let b = ex.step(1000.0).unwrap().to_vec();
    assert_eq!((b[0].quantity, b[0].price), (25.0, Some(99.0)));
    ex.on_quote(1100.0, 99.5, 101.0).unwrap();
    let c = ex.step(1100.0).unwrap().to_vec();
    // The drifted child is cancelled; its quantity counts as working until the ack.
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].kind, c[0].child_id),
        (ActionKind::Cancel, b[0].child_id)
    );
    ex.on_cancel_ack(1150.0, b[0].child_id).unwrap();
    let d = ex.step(1200.0).unwrap().to_vec();
    assert_eq!(
        (d[0].kind, d[0].quantity, d[0].price),
        (ActionKind::New, 25.0, Some(99.5))
    );
    assert!(ex
        .audit()
        .iter()
        .any(|d| d.kind == DecisionKind::CancelChild && d.reason == "drift"));
}

#[test]
fn catches_up_aggressively_and_forces_the_end() {
    // The lag (target - filled) includes the slice just released, so the threshold sits above one slice.
    let cfg = ExecutorConfig {
        catch_up: 30.0,
        ..config(100.0)
    };
    let mut ex = Executor::twap(cfg, 4, None).unwrap();
    ex.on_quote(0.0, 99.0, 101.0).unwrap();
    let a = ex.step(0.0).unwrap().to_vec();
    // Nothing filled by t=1000: behind by 50 > 30, so the old child is replaced at the ask.
    let b = ex.step(1000.0).unwrap().to_vec();
    assert_eq!(b[0].kind, ActionKind::Cancel);
    assert_eq!(b[1].price, Some(101.0));
    assert_eq!(b[1].quantity, 25.0);
    ex.on_cancel_ack(1001.0, a[0].child_id).unwrap();
    let c = ex.step(4000.0).unwrap().to_vec();
    assert_eq!((c[0].quantity, c[0].price), (75.0, Some(101.0)));
    assert!(ex.audit().iter().any(|d| d.reason == "end-of-window"));
}

#[test]
fn completion_and_after_completion_errors() {
    let cfg = ExecutorConfig {
        style: OrderStyle::Market,
        ..config(10.0)
    };
    let mut ex = Executor::twap(cfg, 1, None).unwrap();
    let a = ex.step(0.0).unwrap().to_vec();
    assert_eq!(a[0].price, None);
    assert_eq!(
        ex.on_fill(1.0, 99, 1.0, 100.0).unwrap_err().code(),
        "SMC_NOT_FOUND"
    );
    assert_eq!(
        ex.on_fill(1.0, a[0].child_id, 11.0, 100.0)
            .unwrap_err()
            .code(),
        "SMC_INVALID_INPUT"
    );
    ex.on_fill(1.0, a[0].child_id, 4.0, 100.0).unwrap();
    ex.on_fill(2.0, a[0].child_id, 6.0, 102.0).unwrap();
    assert_eq!(ex.status(), ExecutorStatus::Completed);
    assert!((ex.average_price() - 101.2).abs() < 1e-12);
    assert_eq!(ex.step(3.0).unwrap_err().code(), "SMC_INVALID_STATE");
    assert_eq!(
        ex.on_fill(3.0, a[0].child_id, 1.0, 100.0)
            .unwrap_err()
            .code(),
        "SMC_INVALID_STATE"
    );
    assert_eq!(ex.cancel(3.0).unwrap_err().code(), "SMC_INVALID_STATE");
}

#[test]
fn cancel_emits_cancels_and_accepts_late_fills() {
    let mut ex = Executor::twap(config(100.0), 2, None).unwrap();
    ex.on_quote(0.0, 99.0, 101.0).unwrap();
    let a = ex.step(0.0).unwrap().to_vec();
    let c = ex.cancel(10.0).unwrap().to_vec();
    assert_eq!(
        (c[0].kind, c[0].child_id),
        (ActionKind::Cancel, a[0].child_id)
    );
    assert_eq!(ex.status(), ExecutorStatus::Cancelled);
    ex.on_fill(11.0, a[0].child_id, 5.0, 99.0).unwrap();
    assert_eq!(ex.filled(), 5.0);
    assert_eq!(ex.step(12.0).unwrap_err().code(), "SMC_INVALID_STATE");
}

#[test]
fn limit_guard_clips_the_price() {
    let cfg = ExecutorConfig {
        style: OrderStyle::Aggressive,
        limit: Some(100.0),
        ..config(10.0)
    };
    let mut ex = Executor::twap(cfg, 1, None).unwrap();
    ex.on_quote(0.0, 99.0, 101.0).unwrap();
    let a = ex.step(0.0).unwrap().to_vec();
    assert_eq!(a[0].price, Some(100.0));
    assert!(ex
        .audit()
        .iter()
        .any(|d| d.kind == DecisionKind::LimitGuard));
}

#[test]
fn pov_follows_others_volume_with_a_cap_and_expires() {
    let params = PovParams {
        rate: 0.2,
        max_child: 30.0,
    };
    let cfg = ExecutorConfig {
        style: OrderStyle::Market,
        ..config(1000.0)
    };
    let mut ex = Executor::pov(cfg, params).unwrap();
    ex.on_volume(10.0, 400.0).unwrap();
    let a = ex.step(10.0).unwrap().to_vec();
    assert_eq!(a[0].quantity, 30.0);
    ex.on_fill(11.0, a[0].child_id, 30.0, 100.0).unwrap();
    // Market volume includes our 30: others = 430 - 30 = 400 -> target still 100, 70 to go.
    ex.on_volume(12.0, 30.0).unwrap();
    let b = ex.step(12.0).unwrap().to_vec();
    assert_eq!(b[0].quantity, 30.0);
    let c = ex.step(4000.0).unwrap().to_vec();
    assert_eq!(c[0].kind, ActionKind::Cancel);
    assert_eq!(ex.status(), ExecutorStatus::Expired);
}

#[test]
fn iceberg_shows_one_clip_and_refills() {
    let params = IcebergParams {
        display: 10.0,
        variance: 0.0,
        seed: 1,
    };
    let cfg = ExecutorConfig {
        limit: Some(100.0),
        ..config(25.0)
    };
    let mut ex = Executor::iceberg(cfg, params).unwrap();
    ex.on_quote(0.0, 99.0, 101.0).unwrap();
    let a = ex.step(0.0).unwrap().to_vec();
    assert_eq!((a[0].quantity, a[0].price), (10.0, Some(99.0)));
    assert!(ex.step(1.0).unwrap().is_empty());
    ex.on_fill(2.0, a[0].child_id, 10.0, 99.0).unwrap();
    let b = ex.step(3.0).unwrap().to_vec();
    assert_eq!(b[0].quantity, 10.0);
    assert!(ex.audit().iter().any(|d| d.reason == "refill"));
    ex.on_fill(4.0, b[0].child_id, 10.0, 99.0).unwrap();
    assert_eq!(ex.step(5.0).unwrap()[0].quantity, 5.0);
}

#[test]
fn dynamic_vwap_trades_ahead_when_volume_comes_early() {
    let profile = VolumeProfile {
        weights: vec![0.5, 0.5],
        mean_volume: vec![100.0, 100.0],
        days: 1,
    };
    let cfg = ExecutorConfig {
        style: OrderStyle::Market,
        ..config(100.0)
    };
    let mut dynamic = Executor::vwap(cfg, &profile, true).unwrap();
    // Halfway through the first bucket the market already traded 150 (vs 50 expected):
    // done fraction 150 / (150 + 0.5*100 + 100) = 0.5.
    dynamic.on_volume(1000.0, 150.0).unwrap();
    assert_eq!(dynamic.step(1000.0).unwrap()[0].quantity, 50.0);
    let mut fixed = Executor::vwap(cfg, &profile, false).unwrap();
    assert_eq!(fixed.step(1000.0).unwrap()[0].quantity, 50.0);
    assert!(fixed.step(1500.0).unwrap().is_empty());
}

#[test]
fn never_leaves_an_unsendable_remainder_and_strands_when_forced() {
    let lots = LotSpec::new(1.0, 5.0).unwrap();
    let cfg = ExecutorConfig {
        lots,
        style: OrderStyle::Market,
        ..config(12.0)
    };
    let mut ex = Executor::twap(cfg, 2, None).unwrap();
    // Slices 6 + 6: fine. Fill 4 of the first and lose the rest: 2 left in it.
    let a = ex.step(0.0).unwrap().to_vec();
    assert_eq!(a[0].quantity, 6.0);
    ex.on_fill(1.0, a[0].child_id, 4.0, 100.0).unwrap();
    ex.on_cancel_ack(2.0, a[0].child_id).unwrap();
    // 8 left: one child of 8 rather than 6 + 2.
    let b = ex.step(2000.0).unwrap().to_vec();
    assert_eq!(b[0].quantity, 8.0);
    ex.on_fill(3000.0, b[0].child_id, 6.0, 100.0).unwrap();
    ex.on_cancel_ack(3001.0, b[0].child_id).unwrap();
    ex.step(3002.0).unwrap();
    assert_eq!(ex.status(), ExecutorStatus::Stranded);
}

#[test]
fn bad_events_get_typed_errors() {
    let mut ex = Executor::twap(config(10.0), 2, None).unwrap();
    assert_eq!(
        ex.on_quote(5.0, 101.0, 100.0).unwrap_err().code(),
        "SMC_CROSSED_BOOK"
    );
    assert_eq!(
        ex.on_quote(5.0, f64::NAN, 100.0).unwrap_err().code(),
        "SMC_NON_FINITE"
    );
    ex.on_quote(5.0, 99.0, 100.0).unwrap();
    assert_eq!(ex.step(4.0).unwrap_err().code(), "SMC_UNORDERED");
    assert_eq!(
        ex.on_volume(6.0, -1.0).unwrap_err().code(),
        "SMC_OUT_OF_RANGE"
    );
    assert_eq!(
        ex.on_cancel_ack(6.0, 42).unwrap_err().code(),
        "SMC_NOT_FOUND"
    );
    let bad = ExecutorConfig {
        quantity: 0.0,
        ..config(10.0)
    };
    assert_eq!(
        Executor::twap(bad, 2, None).err().unwrap().code(),
        "SMC_OUT_OF_RANGE"
    );
}
