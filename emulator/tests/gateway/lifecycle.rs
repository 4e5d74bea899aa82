//! Starting and stopping emulators, and what a default one accepts.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};

use emulator::clock::Clock;
use emulator::{DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, EmulatorConfig, EmulatorError};

use crate::helpers::{Call, T0, config, spawn};

#[tokio::test]
async fn a_default_emulator_accepts_the_demo_key_only() {
    let emulator = spawn(EmulatorConfig::default().clock(Clock::frozen_at(T0))).await;
    assert_eq!(emulator.keys().ids(), [DEMO_ACCESS_KEY_ID]);
    assert_eq!(
        emulator.endpoint(),
        format!("http://127.0.0.1:{}", emulator.addr().port())
    );
    let demo = Call::new("DescribeRegions").param("AccessKeyId", DEMO_ACCESS_KEY_ID);
    demo.sign(DEMO_ACCESS_KEY_SECRET)
        .send(&emulator)
        .await
        .assert_ok();
    Call::new("DescribeRegions")
        .signed()
        .send(&emulator)
        .await
        .assert_error(404, "InvalidAccessKeyId.NotFound");
    emulator.stop().await;
}

#[tokio::test]
async fn a_busy_port_and_a_bad_speed_are_reported_not_panicked() {
    let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    let addr = taken.local_addr().expect("its address");
    let busy = emulator::spawn(config().listen(addr)).await;
    assert!(
        matches!(busy, Err(EmulatorError::Bind { addr: a, .. }) if a == addr),
        "{busy:?}"
    );

    for speed in [0.0, -1.0, f64::NAN] {
        let bad = emulator::spawn(config().speed(speed)).await;
        assert!(
            matches!(bad, Err(EmulatorError::Config(_))),
            "{speed}: {bad:?}"
        );
    }
}

#[tokio::test]
async fn stopping_frees_the_port_and_the_speed_reaches_the_clock() {
    let emulator = spawn(config().speed(60.0)).await;
    assert_eq!(emulator.clock().speed(), 60.0);
    assert_eq!(emulator.seed(), 7);
    let addr: SocketAddr = emulator.addr();
    Call::new("DescribeRegions")
        .signed()
        .send(&emulator)
        .await
        .assert_ok();
    emulator.stop().await;
    let again = spawn(config().listen(addr)).await;
    assert_eq!(again.addr(), addr);
    again.stop().await;
}
