//! `GET /api/v1/clusters`, `/clusters/{id}` (`?fresh=true`) and `/clusters/{id}/timeline`
//! through the real server, its refresher reading the emulator on a real socket.

use std::collections::BTreeSet;
use std::time::Duration;

use cassadmin::backend::BackendSettings;
use cassadmin::cloud::{Credentials, Endpoint};
use emulator::{DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, FaultConfig, Probability};
use reqwest::StatusCode;
use serde_json::json;
use shared::actions::{DescribeDataCentersRequest, ModifyParameterRequest};
use shared::enums::ClusterStatus;
use shared::rest::ErrorCode;
use shared::rest_clusters::{ClusterDetail, ClusterList, SnapshotSection, TimelinePage};
use sqlx::PgPool;

use crate::helpers::{As, Session, TestApp, error_of, spawn_app_with};
use crate::snapshots::{Cloud, eventually, settings};

const PARAMETER: &str = "write_request_timeout_in_ms";

/// The panel over the demo world (simulated durations `speed` times faster), after its
/// first refresh stored every cluster.
async fn panel(pool: PgPool, speed: f64) -> (TestApp, Cloud, Session) {
    let cloud = Cloud::demo(speed, FaultConfig::default()).await;
    let backend = BackendSettings::cloud(
        Endpoint::http(cloud.emulator.addr()),
        Credentials::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET),
    );
    let app = spawn_app_with(pool, move |s| {
        s.backend = backend;
        s.refresh = settings();
    })
    .await;
    let viewer = app.user_session("vera", "viewer").await;
    let expected = cloud.cluster_ids().await;
    let stored = eventually(Duration::from_secs(20), || async {
        ids(&list(&app, &viewer, "").await) == expected
    })
    .await;
    assert!(stored, "the first refresh stores {expected:?}");
    (app, cloud, viewer)
}

async fn list(app: &TestApp, who: &Session, query: &str) -> ClusterList {
    let response = app
        .get(&format!("/api/v1/clusters{query}"), As::Session(who))
        .await;
    assert_eq!(response.status(), StatusCode::OK, "list{query}");
    response.json().await.unwrap()
}

fn ids(list: &ClusterList) -> BTreeSet<String> {
    list.clusters.iter().map(|c| c.cluster_id.clone()).collect()
}

fn names(list: &ClusterList) -> Vec<String> {
    list.clusters
        .iter()
        .filter_map(|c| c.name.clone())
        .collect()
}

async fn detail(app: &TestApp, who: As<'_>, id: &str, query: &str) -> ClusterDetail {
    let response = app.get(&format!("/api/v1/clusters/{id}{query}"), who).await;
    assert_eq!(response.status(), StatusCode::OK, "detail of {id}{query}");
    response.json().await.unwrap()
}

fn parameter(detail: &ClusterDetail) -> Option<String> {
    let found = detail
        .snapshot
        .parameters
        .iter()
        .find(|p| p.name.as_deref() == Some(PARAMETER));
    found.and_then(|p| p.value.clone())
}

fn id_named(list: &ClusterList, name: &str) -> String {
    let found = list
        .clusters
        .iter()
        .find(|c| c.name.as_deref() == Some(name));
    found
        .map(|c| c.cluster_id.clone())
        .unwrap_or_else(|| panic!("no cluster {name}"))
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn the_list_says_how_old_each_snapshot_is_and_filters(pool: PgPool) {
    let (app, _cloud, viewer) = panel(pool, 1.0).await;
    let all = list(&app, &viewer, "").await;
    assert_eq!(
        names(&all),
        ["analytics-staging", "orders-prod", "events-dev"],
        "by region, then name"
    );
    for item in &all.clusters {
        assert!(item.freshness.age_seconds < 60, "{item:?}");
        assert!(item.freshness.fetched_at.ends_with('Z'));
        assert!(item.freshness.deleted_at.is_none());
    }
    let prod = all
        .clusters
        .iter()
        .find(|c| c.name.as_deref() == Some("orders-prod"))
        .unwrap();
    assert_eq!(
        (prod.data_center_count, prod.status.clone()),
        (2, Some(ClusterStatus::Running))
    );

    assert_eq!(
        names(&list(&app, &viewer, "?region=cn-shanghai").await),
        ["events-dev"]
    );
    assert_eq!(
        names(&list(&app, &viewer, "?status=Running").await),
        ["analytics-staging", "orders-prod"]
    );
    assert_eq!(
        names(&list(&app, &viewer, "?name=ORDERS").await),
        ["orders-prod"]
    );
    assert_eq!(
        names(&list(&app, &viewer, "?tag=env%3Dprod").await),
        ["orders-prod"]
    );
    assert_eq!(list(&app, &viewer, "?tag=env").await.clusters.len(), 3);
    assert!(list(&app, &viewer, "?tag=owner").await.clusters.is_empty());
    let both = list(
        &app,
        &viewer,
        "?region=cn-hangzhou&name=staging&status=Running",
    )
    .await;
    assert_eq!(names(&both), ["analytics-staging"]);
    assert!(
        list(&app, &viewer, "?region=cn-hangzhou&status=Creating")
            .await
            .clusters
            .is_empty()
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn anonymous_callers_are_refused_and_scoped_tokens_see_only_their_clusters(pool: PgPool) {
    let (app, _cloud, viewer) = panel(pool, 1.0).await;
    let all = list(&app, &viewer, "").await;
    let prod = id_named(&all, "orders-prod");
    let staging = id_named(&all, "analytics-staging");

    for path in [
        "/api/v1/clusters".to_owned(),
        format!("/api/v1/clusters/{prod}"),
    ] {
        error_of(
            app.get(&path, As::Anonymous).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    }
    let token = app
        .create_token(
            &viewer,
            json!({"name": "prod only", "clusters": [prod.clone()]}),
        )
        .await;
    let bearer = As::Bearer(token.token.expose());
    let response = app.get("/api/v1/clusters", bearer).await;
    let scoped: ClusterList = response.json().await.unwrap();
    assert_eq!(ids(&scoped), BTreeSet::from([prod.clone()]));
    assert_eq!(detail(&app, bearer, &prod, "").await.cluster_id, prod);
    for path in [
        format!("/api/v1/clusters/{staging}"),
        format!("/api/v1/clusters/{staging}?fresh=true"),
        format!("/api/v1/clusters/{staging}/timeline"),
    ] {
        let envelope = error_of(app.get(&path, bearer).await, StatusCode::FORBIDDEN).await;
        assert_eq!(envelope.error.code, ErrorCode::Forbidden, "{path}");
    }
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn the_detail_holds_the_whole_snapshot_and_fresh_asks_the_cloud(pool: PgPool) {
    let (app, cloud, viewer) = panel(pool, 1.0).await;
    let id = id_named(&list(&app, &viewer, "").await, "orders-prod");
    let cached = detail(&app, As::Session(&viewer), &id, "").await;
    let snapshot = &cached.snapshot;
    assert_eq!(snapshot.data_centers.len(), 2);
    assert_eq!(
        snapshot.nodes.len(),
        2,
        "the dashboard's nodes of both data centers"
    );
    assert!(!snapshot.contact_points.is_empty() && !snapshot.ip_whitelist_groups.is_empty());
    assert!(!snapshot.security_group_ids.is_empty() && !snapshot.backup_plans.is_empty());
    assert!(snapshot.tags.iter().any(|t| t.key == "team"));
    assert_eq!(cached.region_id, "cn-hangzhou");

    cloud
        .call(ModifyParameterRequest {
            cluster_id: id.clone(),
            name: PARAMETER.into(),
            value: "4321".into(),
        })
        .await;
    let still_cached = detail(&app, As::Session(&viewer), &id, "").await;
    assert_eq!(
        parameter(&still_cached),
        parameter(&cached),
        "the cache does not ask the cloud"
    );
    assert_ne!(parameter(&cached).as_deref(), Some("4321"));

    let fresh = detail(&app, As::Session(&viewer), &id, "?fresh=true").await;
    assert_eq!(parameter(&fresh).as_deref(), Some("4321"));
    assert!(fresh.freshness.fetched_at > cached.freshness.fetched_at);
    let stored = detail(&app, As::Session(&viewer), &id, "").await;
    assert_eq!(
        parameter(&stored).as_deref(),
        Some("4321"),
        "a fresh read is stored"
    );

    let response = app
        .get(
            &format!("/api/v1/clusters/{id}/timeline"),
            As::Session(&viewer),
        )
        .await;
    let timeline: TimelinePage = response.json().await.unwrap();
    assert_eq!(timeline.entries.len(), 2);
    assert_eq!(timeline.entries[0].changed, [SnapshotSection::Parameters]);
    let response = app
        .get(
            &format!("/api/v1/clusters/{id}/timeline?limit=1"),
            As::Session(&viewer),
        )
        .await;
    let first_page: TimelinePage = response.json().await.unwrap();
    assert_eq!(first_page.next_before, Some(timeline.entries[0].id));
    let envelope = error_of(
        app.get(
            &format!("/api/v1/clusters/{id}/timeline?limit=0"),
            As::Session(&viewer),
        )
        .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(envelope.error.fields[0].field, "limit");
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn unknown_clusters_are_not_found_and_cloud_failures_keep_their_code(pool: PgPool) {
    let (app, cloud, viewer) = panel(pool, 1.0).await;
    for path in [
        "/api/v1/clusters/cds-nosuchcluster",
        "/api/v1/clusters/cds-nosuchcluster?fresh=true",
        "/api/v1/clusters/cds-nosuchcluster/timeline",
    ] {
        let envelope = error_of(
            app.get(path, As::Session(&viewer)).await,
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_eq!(envelope.error.code, ErrorCode::NotFound, "{path}");
    }

    let id = id_named(&list(&app, &viewer, "").await, "orders-prod");
    cloud
        .emulator
        .faults()
        .update(|f| f.error_rate = Probability::ALWAYS);
    let response = app
        .get(
            &format!("/api/v1/clusters/{id}?fresh=true"),
            As::Session(&viewer),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let body: serde_json::Value = response.json().await.unwrap();
    let code = body["error"]["cloud"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        ["ServiceUnavailable", "InternalError"].contains(&code.as_str()),
        "{body}"
    );
    assert!(
        body["error"]["cloud"]["attempts"].as_u64().unwrap_or(0) >= 1,
        "{body}"
    );
    // The cached snapshot still answers.
    cloud.emulator.faults().clear();
    assert_eq!(
        detail(&app, As::Session(&viewer), &id, "").await.cluster_id,
        id
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_change_through_the_panel_settles_in_the_snapshot_without_a_manual_refresh(pool: PgPool) {
    // A two-minute resize takes one second.
    let (app, cloud, viewer) = panel(pool, 120.0).await;
    let operator = app.user_session("otto", "operator").await;
    let id = id_named(&list(&app, &viewer, "").await, "analytics-staging");
    let dcs = cloud
        .call(DescribeDataCentersRequest {
            cluster_id: id.clone(),
        })
        .await;
    let dc = dcs.data_centers[0].clone();
    let size = dc.disk_size.unwrap() + 80;

    let response = app
        .post(
            "/api/v1/actions/ResizeDiskSize",
            As::Session(&operator),
            &json!({"ClusterId": id, "DataCenterId": dc.data_center_id, "DiskSize": size}),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap()
    );

    let settled = eventually(Duration::from_secs(30), || async {
        let d = detail(&app, As::Session(&viewer), &id, "").await;
        let resized = d
            .snapshot
            .data_centers
            .iter()
            .any(|dc| dc.disk_size == Some(size));
        resized && d.snapshot.cluster.status == Some(ClusterStatus::Running)
    })
    .await;
    assert!(
        settled,
        "the snapshot shows the resized cluster Running again"
    );
    let response = app
        .get(
            &format!("/api/v1/clusters/{id}/timeline"),
            As::Session(&viewer),
        )
        .await;
    let timeline: TimelinePage = response.json().await.unwrap();
    let seen: Vec<_> = timeline
        .entries
        .iter()
        .map(|e| e.snapshot.cluster.status.clone())
        .collect();
    assert!(seen.contains(&Some(ClusterStatus::Resizing)), "{seen:?}");
}
