//! Injected faults over a real socket: after verification, before the world, deterministic
//! under a seed, switchable at run time.

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use emulator::{FaultConfig, Probability, RateLimit, RunningEmulator};

use crate::helpers::{Call, config, spawn};

fn limit(n: u32) -> Option<RateLimit> {
    NonZeroU32::new(n).map(RateLimit::per_second)
}

const CREATE_CLUSTER: &[(&str, &str)] = &[
    ("RegionId", "cn-hangzhou"),
    ("ZoneId", "cn-hangzhou-h"),
    ("ClusterName", "faulty"),
    ("DataCenterName", "dc1"),
    ("MajorVersion", "3.11"),
    ("InstanceType", "cassandra.c.large"),
    ("NodeCount", "2"),
    ("DiskType", "cloud_ssd"),
    ("DiskSize", "160"),
    ("PayType", "PayAsYouGo"),
    ("VpcId", "vpc-bp1test"),
    ("VswitchId", "vsw-bp1test"),
    ("Password", "Pa55word!Pa55"),
];

/// A CreateCluster with its own ClientToken (a repeated token would replay the first answer).
fn create_cluster() -> Call {
    let token = uuid::Uuid::new_v4().to_string();
    Call::new("CreateCluster")
        .params(CREATE_CLUSTER)
        .param("ClientToken", &token)
        .signed()
}

async fn cluster_count(emulator: &RunningEmulator) -> u64 {
    let reply = Call::new("DescribeClusters")
        .param("RegionId", "cn-hangzhou")
        .signed()
        .send(emulator)
        .await;
    reply.assert_ok();
    let body = reply.json();
    body["TotalCount"]
        .as_u64()
        .or_else(|| body["TotalCount"].as_str().and_then(|n| n.parse().ok()))
        .unwrap_or_else(|| panic!("TotalCount in {body}"))
}

#[tokio::test]
async fn throttling_refuses_every_request_with_retry_after_and_changes_nothing() {
    let faults = FaultConfig {
        throttle_rate: Probability::ALWAYS,
        ..FaultConfig::default()
    };
    let emulator = spawn(config().faults(faults)).await;
    for _ in 0..5 {
        let reply = create_cluster().send(&emulator).await;
        reply.assert_error(400, "Throttling.User");
        assert_eq!(reply.header("x-acs-retry-after"), Some("1000"));
        assert_eq!(
            reply.json()["Message"],
            "Request was denied due to user flow control."
        );
    }
    // Faults come after verification: a bad signature is still a bad signature.
    let reply = Call::new("DescribeClusters")
        .sign("wrong")
        .send(&emulator)
        .await;
    reply.assert_error(400, "SignatureDoesNotMatch");

    emulator.faults().clear();
    assert_eq!(
        cluster_count(&emulator).await,
        0,
        "a throttled create created nothing"
    );
    create_cluster().send(&emulator).await.assert_ok();
    assert_eq!(cluster_count(&emulator).await, 1);
    emulator.stop().await;
}

#[tokio::test]
async fn server_errors_alternate_503_and_500_and_change_nothing() {
    let emulator = spawn(config()).await;
    emulator
        .faults()
        .update(|f| f.error_rate = Probability::ALWAYS);
    let mut answers = Vec::new();
    for _ in 0..4 {
        let reply = create_cluster().send(&emulator).await;
        assert_eq!(reply.header("x-acs-retry-after"), None);
        answers.push((reply.status, reply.code().unwrap_or_default()));
    }
    let unavailable = (503, "ServiceUnavailable".to_owned());
    let internal = (500, "InternalError".to_owned());
    assert_eq!(
        answers,
        [unavailable.clone(), internal.clone(), unavailable, internal]
    );
    emulator.faults().clear();
    assert_eq!(cluster_count(&emulator).await, 0);
    emulator.stop().await;
}

#[tokio::test]
async fn the_request_over_the_per_key_rate_limit_is_throttled() {
    let emulator = spawn(config().faults(FaultConfig {
        rate_limit: limit(3),
        ..FaultConfig::default()
    }))
    .await;
    for _ in 0..3 {
        Call::new("DescribeRegions")
            .signed()
            .send(&emulator)
            .await
            .assert_ok();
    }
    let reply = Call::new("DescribeRegions").signed().send(&emulator).await;
    reply.assert_error(400, "Throttling.User");
    let retry_after: u64 = reply
        .header("x-acs-retry-after")
        .and_then(|v| v.parse().ok())
        .expect("retry-after ms");
    assert!(retry_after >= 1);
    emulator.stop().await;
}

#[tokio::test]
async fn the_per_action_rate_limit_answers_throttling_api() {
    let faults = FaultConfig {
        api_rate_limit: limit(1),
        ..FaultConfig::default()
    };
    let emulator = spawn(config().faults(faults)).await;
    Call::new("DescribeRegions")
        .signed()
        .send(&emulator)
        .await
        .assert_ok();
    let reply = Call::new("DescribeRegions").signed().send(&emulator).await;
    reply.assert_error(400, "Throttling.Api");
    assert!(reply.header("x-acs-retry-after").is_some());
    assert_eq!(
        reply.json()["Message"],
        "Request was denied due to api flow control."
    );
    // Another action has its own bucket.
    Call::new("DescribeClusters")
        .signed()
        .send(&emulator)
        .await
        .assert_ok();
    emulator.stop().await;
}

#[tokio::test]
async fn latency_delays_every_verified_request_by_at_least_the_setting() {
    let emulator = spawn(config()).await;
    emulator
        .faults()
        .update(|f| f.latency = Duration::from_millis(150));
    let started = Instant::now();
    Call::new("DescribeRegions")
        .signed()
        .send(&emulator)
        .await
        .assert_ok();
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "{:?}",
        started.elapsed()
    );
    emulator.stop().await;
}

async fn outcomes(seed: u64) -> Vec<Option<String>> {
    let faults = FaultConfig {
        throttle_rate: Probability::new(0.4).unwrap(),
        error_rate: Probability::new(0.3).unwrap(),
        ..FaultConfig::default()
    };
    let emulator = spawn(config().seed(seed).faults(faults)).await;
    let mut codes = Vec::new();
    for _ in 0..40 {
        codes.push(
            Call::new("DescribeRegions")
                .signed()
                .send(&emulator)
                .await
                .code(),
        );
    }
    emulator.stop().await;
    codes
}

#[tokio::test]
async fn the_same_seed_gives_the_same_sequence_of_outcomes() {
    let first = outcomes(11).await;
    assert_eq!(first, outcomes(11).await);
    assert_ne!(first, outcomes(12).await);
    for expected in [
        None,
        Some("Throttling.User"),
        Some("ServiceUnavailable"),
        Some("InternalError"),
    ] {
        assert!(
            first.iter().any(|c| c.as_deref() == expected),
            "{expected:?} in {first:?}"
        );
    }
}
