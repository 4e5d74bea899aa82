//! The cloud misbehaving (the emulator's faults): throttling, server errors, latency beyond
//! the timeout. The panel retries where safe, answers a clear error, never hangs, and the
//! audit records the final outcome of every attempt.

use std::time::Duration;

use cassadmin::backend::BackendSettings;
use cassadmin::cloud::{ClientOptions, Credentials, Endpoint, RetryPolicy};
use emulator::{FaultConfig, Probability};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::actions_support::{REGION, action_path, create_cluster_body, spawn_panel_with};
use crate::helpers::{As, spawn_app_with};

/// The outcome row of the (only) call of `action`, and its attempts.
async fn outcome_of(panel: &crate::actions_support::Panel, action: &str) -> (Value, Vec<Value>) {
    let rows = panel.audit_of(action).await;
    let intents: Vec<&Value> = rows.iter().filter(|r| r["kind"] == "intent").collect();
    assert_eq!(intents.len(), 1, "{action}: {rows:?}");
    let outcome = rows
        .iter()
        .find(|r| r["kind"] == "outcome" && r["intent_id"] == intents[0]["id"])
        .cloned()
        .unwrap_or_else(|| panic!("{action}: no outcome"));
    let attempts = outcome["params"]["attempts"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (outcome, attempts)
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn throttling_is_retried_then_answered_429_with_retry_after(pool: PgPool) {
    let faults = FaultConfig {
        throttle_rate: Probability::ALWAYS,
        throttle_retry_after: Duration::from_millis(20),
        ..FaultConfig::default()
    };
    let panel = spawn_panel_with(pool, faults, Duration::from_secs(5)).await;
    let admin = As::Session(&panel.admin);

    // A read: retried, then refused with the cloud's details.
    let response = panel
        .action("DescribeClusters", admin, &json!({"RegionId": REGION}))
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().get("retry-after").is_some());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_requests");
    assert!(
        body["error"]["cloud"]["code"]
            .as_str()
            .unwrap()
            .starts_with("Throttling")
    );
    assert_eq!(body["error"]["cloud"]["attempts"], 3);
    assert_eq!(panel.cloud.counter.of("DescribeClusters"), 3);

    // A create (its ClientToken makes a retry safe): three attempts, each in the audit.
    let response = panel
        .app
        .request(reqwest::Method::POST, &action_path("CreateCluster"), admin)
        .header("Idempotency-Key", "throttled-create")
        .json(&create_cluster_body("throttled"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let (outcome, attempts) = outcome_of(&panel, "CreateCluster").await;
    assert_eq!(outcome["outcome"], "error");
    assert!(
        outcome["error_code"]
            .as_str()
            .unwrap()
            .starts_with("Throttling")
    );
    assert_eq!(attempts.len(), 3, "{outcome}");
    for (i, attempt) in attempts.iter().enumerate() {
        assert_eq!(attempt["attempt"], i + 1);
        assert_eq!(attempt["outcome"], "error");
        assert!(attempt["code"].as_str().unwrap().starts_with("Throttling"));
        assert!(attempt["request_id"].as_str().is_some());
        assert_eq!(
            attempt["retry_in_ms"].is_null(),
            i == 2,
            "only the last attempt has no wait"
        );
    }
    assert_eq!(outcome["cloud_request_id"], attempts[2]["request_id"]);

    // The throttling stops: the retried submit with the same key goes through.
    panel.cloud.emulator.faults().clear();
    let response = panel
        .app
        .request(reqwest::Method::POST, &action_path("CreateCluster"), admin)
        .header("Idempotency-Key", "throttled-create")
        .json(&create_cluster_body("throttled"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn server_errors_are_502_with_the_clouds_code(pool: PgPool) {
    let faults = FaultConfig {
        error_rate: Probability::ALWAYS,
        ..FaultConfig::default()
    };
    let panel = spawn_panel_with(pool, faults, Duration::from_secs(5)).await;
    let admin = As::Session(&panel.admin);

    let response = panel.action("DescribeRegions", admin, &json!({})).await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_gateway");
    let code = body["error"]["cloud"]["code"].as_str().unwrap();
    assert!(
        code == "InternalError" || code == "ServiceUnavailable",
        "{code}"
    );
    assert!(body["error"]["cloud"]["http_status"].as_u64().unwrap() >= 500);

    // A change without a ClientToken is not repeated after a 5xx (it may have happened).
    let response = panel
        .action(
            "ModifyCluster",
            admin,
            &json!({"ClusterId": "cds-x", "ClusterName": "renamed"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let (outcome, attempts) = outcome_of(&panel, "ModifyCluster").await;
    assert_eq!(outcome["outcome"], "error");
    assert_eq!(attempts.len(), 1);
    assert_eq!(panel.cloud.counter.of("ModifyCluster"), 1);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn transient_errors_are_retried_into_a_success_and_every_attempt_is_recorded(pool: PgPool) {
    let faults = FaultConfig {
        error_rate: Probability::new(0.5).unwrap(),
        ..FaultConfig::default()
    };
    let panel = spawn_panel_with(pool, faults, Duration::from_secs(5)).await;

    // Creates carry a ClientToken, so the panel retries them; with half the calls failing,
    // some create needs more than one attempt (the seed fixes which).
    let mut retried_success = None;
    for i in 0..20 {
        let response = panel
            .action(
                "CreateCluster",
                As::Session(&panel.admin),
                &create_cluster_body(&format!("flaky{i}")),
            )
            .await;
        if response.status() != StatusCode::OK {
            assert_eq!(
                response.status(),
                StatusCode::BAD_GATEWAY,
                "a clear error when every attempt failed"
            );
            continue;
        }
        let created: shared::actions::CreateClusterResponse = response.json().await.unwrap();
        let rows = panel.audit_of("CreateCluster").await;
        let outcome = rows
            .iter()
            .rev()
            .find(|r| r["kind"] == "outcome")
            .unwrap()
            .clone();
        let attempts = outcome["params"]["attempts"].as_array().unwrap().clone();
        assert_eq!(outcome["outcome"], "ok");
        assert_eq!(attempts.last().unwrap()["outcome"], "ok");
        assert_eq!(
            outcome["params"]["CreatedClusterId"],
            created.cluster_id.as_deref().unwrap()
        );
        if attempts.len() > 1 {
            assert!(
                attempts[..attempts.len() - 1]
                    .iter()
                    .all(|a| a["outcome"] == "error" && a["status"].as_u64() >= Some(500))
            );
            retried_success = Some(attempts);
            break;
        }
    }
    let attempts = retried_success.expect("some create succeeded after a retry");
    assert_eq!(attempts.last().unwrap()["status"], 200);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_cloud_slower_than_the_timeout_is_a_504_not_a_hang(pool: PgPool) {
    let faults = FaultConfig {
        latency: Duration::from_secs(2),
        ..FaultConfig::default()
    };
    let panel = spawn_panel_with(pool, faults, Duration::from_millis(150)).await;
    let admin = As::Session(&panel.admin);

    let response = panel.action("DescribeRegions", admin, &json!({})).await;
    assert_eq!(response.status(), StatusCode::GATEWAY_TIMEOUT);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "gateway_timeout");
    assert_eq!(body["error"]["cloud"]["code"], "Timeout");
    assert_eq!(body["error"]["cloud"]["attempts"], 3);

    // A change with a ClientToken is retried after a timeout too; the audit says so.
    let response = panel
        .action(
            "AllocatePublicContactPoints",
            admin,
            &json!({"ClusterId": "cds-x", "DataCenterId": "dc"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::GATEWAY_TIMEOUT);
    let (outcome, attempts) = outcome_of(&panel, "AllocatePublicContactPoints").await;
    assert_eq!(
        (outcome["outcome"].as_str(), outcome["error_code"].as_str()),
        (Some("error"), Some("Timeout"))
    );
    assert_eq!(attempts.len(), 3);
    assert!(
        attempts
            .iter()
            .all(|a| a["code"] == "Timeout" && a["status"].is_null())
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn an_unreachable_cloud_is_a_502(pool: PgPool) {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let backend = BackendSettings {
        client: ClientOptions {
            retry: RetryPolicy {
                max_attempts: 2,
                base: Duration::from_millis(1),
                cap: Duration::from_millis(5),
            },
            ..ClientOptions::default()
        },
        ..BackendSettings::cloud(Endpoint::http(closed), Credentials::new("id", "secret"))
    };
    let app = spawn_app_with(pool, move |s| s.backend = backend).await;
    let admin = app.admin().await;
    let response = app
        .post(
            &action_path("DescribeRegions"),
            As::Session(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["cloud"]["code"], "Unreachable");
    assert_eq!(body["error"]["cloud"]["attempts"], 2);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unreachable")
    );
    assert!(!body.to_string().contains("secret"));
}
