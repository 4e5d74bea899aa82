//! The snapshot service against the emulator on a real socket and a real PostgreSQL: the
//! refresher, the timeline, nudges after a change, the refresh lock, throttling.

use std::collections::BTreeSet;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use cassadmin::cloud::{ClientOptions, CloudClient, Credentials, Endpoint, RetryPolicy};
use cassadmin::snapshots::backoff::BackoffPolicy;
use cassadmin::snapshots::{RefreshSettings, Snapshots, store};
use emulator::{
    DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, EmulatorConfig, FaultConfig, RateLimit,
    RunningEmulator,
};
use shared::Action;
use shared::actions::{
    DescribeClustersRequest, DescribeDataCentersRequest, DescribeRegionsRequest,
    ModifyParameterRequest, ResizeDiskSizeRequest,
};
use shared::enums::ClusterStatus;
use shared::rest_clusters::{ClusterFilter, SnapshotSection};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use tokio::time::Instant;

/// The demo world's clusters and a client signed with the demo key.
pub struct Cloud {
    pub emulator: RunningEmulator,
    pub client: CloudClient,
}

impl Cloud {
    /// The demo world, its simulated durations `speed` times faster.
    pub async fn demo(speed: f64, faults: FaultConfig) -> Self {
        let config = EmulatorConfig::default()
            .demo_data(true)
            .speed(speed)
            .seed(11)
            .faults(faults);
        let emulator = emulator::spawn(config).await.expect("the emulator starts");
        let options = ClientOptions {
            retry: RetryPolicy {
                max_attempts: 3,
                base: Duration::from_millis(20),
                cap: Duration::from_secs(2),
            },
            ..ClientOptions::default()
        };
        let credentials = Credentials::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET);
        let client = CloudClient::new(Endpoint::http(emulator.addr()), credentials, options)
            .expect("the client builds");
        Self { emulator, client }
    }

    pub async fn call<A: Action>(&self, request: A) -> A::Response {
        match self.client.call(&request).await {
            Ok(response) => response,
            Err(e) => panic!("{}: {e}", A::META.name),
        }
    }

    /// Every cluster the cloud lists, asked directly.
    pub async fn cluster_ids(&self) -> BTreeSet<String> {
        let regions = self.call(DescribeRegionsRequest::default()).await;
        let mut ids = BTreeSet::new();
        for region in regions.regions.iter().filter_map(|r| r.region_id.clone()) {
            let request = DescribeClustersRequest {
                region_id: Some(region),
                page_size: Some(100),
                ..Default::default()
            };
            let listed = self.call(request).await;
            ids.extend(listed.clusters.iter().filter_map(|c| c.cluster_id.clone()));
        }
        ids
    }

    pub async fn first_data_center(&self, cluster_id: &str) -> (String, i32) {
        let dcs = self
            .call(DescribeDataCentersRequest {
                cluster_id: cluster_id.into(),
            })
            .await;
        let dc = dcs.data_centers.first().expect("a data center");
        (
            dc.data_center_id.clone().expect("an id"),
            dc.disk_size.expect("a disk size"),
        )
    }
}

/// Settings for tests: quick nudges, gentle backoff.
pub fn settings() -> RefreshSettings {
    RefreshSettings {
        interval: Duration::from_secs(3600),
        concurrency: 8,
        regions: None,
        nudge_interval: Duration::from_millis(100),
        nudge_timeout: Duration::from_secs(60),
        list_ttl: Duration::from_secs(1),
        backoff: BackoffPolicy {
            base: Duration::from_millis(100),
            cap: Duration::from_secs(2),
            max_throttled: 30,
        },
    }
}

async fn history_count(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from cluster_snapshot_history")
        .fetch_one(pool)
        .await
        .expect("count")
}

async fn ids_of(snapshots: &Snapshots, filter: ClusterFilter) -> BTreeSet<String> {
    let items = snapshots.list(&filter, None).await.expect("list");
    items.into_iter().map(|i| i.cluster_id).collect()
}

/// Waits (at most `limit`) until `check` holds; false if it never did.
pub async fn eventually<F, Fut>(limit: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn the_refresher_stores_every_cluster_of_the_demo_world(pool: PgPool) {
    let cloud = Cloud::demo(1.0, FaultConfig::default()).await;
    let snapshots = Snapshots::new(pool.clone(), cloud.client.clone(), settings());

    let report = snapshots.refresh_all().await.expect("a cycle");

    let listed = cloud.cluster_ids().await;
    assert!(listed.len() >= 3, "the demo world lists {listed:?}");
    assert!(report.ran);
    assert_eq!(
        (report.clusters, report.changed, report.failed),
        (listed.len(), listed.len(), 0)
    );
    assert_eq!(ids_of(&snapshots, ClusterFilter::default()).await, listed);
    for id in &listed {
        let detail = snapshots.detail(id).await.expect("read").expect("stored");
        let snapshot = &detail.snapshot;
        assert_eq!(snapshot.cluster.cluster_id.as_deref(), Some(id.as_str()));
        assert!(!snapshot.data_centers.is_empty(), "{id}: data centers");
        assert!(!snapshot.nodes.is_empty(), "{id}: dashboard nodes");
        assert!(!snapshot.parameters.is_empty(), "{id}: parameters");
        assert!(!snapshot.contact_points.is_empty(), "{id}: contact points");
        assert!(
            detail.region_id.starts_with("cn-"),
            "{id}: region {}",
            detail.region_id
        );
        assert!(detail.freshness.deleted_at.is_none());
        let timeline = snapshots.timeline(id, None, 10).await.expect("timeline");
        assert_eq!(timeline.entries.len(), 1, "{id}: one first entry");
        assert_eq!(timeline.entries[0].changed, SnapshotSection::ALL);
    }
    let prod = snapshots
        .list(
            &ClusterFilter {
                name: Some("orders-prod".into()),
                ..Default::default()
            },
            None,
        )
        .await
        .expect("list");
    assert_eq!(prod.len(), 1);
    assert_eq!(
        prod[0].data_center_count, 2,
        "orders-prod has two data centers"
    );
    assert!(
        prod[0]
            .tags
            .iter()
            .any(|t| t.key == "env" && t.value == "prod")
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn the_timeline_keeps_one_entry_per_real_change_and_none_for_an_unchanged_refresh(
    pool: PgPool,
) {
    let cloud = Cloud::demo(1.0, FaultConfig::default()).await;
    let snapshots = Snapshots::new(pool.clone(), cloud.client.clone(), settings());
    snapshots.refresh_all().await.expect("first cycle");
    let first = history_count(&pool).await;

    let again = snapshots.refresh_all().await.expect("second cycle");
    assert_eq!((again.changed, again.unchanged), (0, again.clusters));
    assert_eq!(
        history_count(&pool).await,
        first,
        "an unchanged refresh adds nothing"
    );

    let prod = snapshots
        .list(
            &ClusterFilter {
                name: Some("orders-prod".into()),
                ..Default::default()
            },
            None,
        )
        .await
        .expect("list");
    let id = prod[0].cluster_id.clone();
    let fetched_before = prod[0].freshness.fetched_at.clone();
    cloud
        .call(ModifyParameterRequest {
            cluster_id: id.clone(),
            name: "read_request_timeout_in_ms".into(),
            value: "7000".into(),
        })
        .await;

    let third = snapshots.refresh_all().await.expect("third cycle");
    assert_eq!(third.changed, 1, "only the modified cluster changed");
    assert_eq!(history_count(&pool).await, first + 1);
    let timeline = snapshots.timeline(&id, None, 10).await.expect("timeline");
    assert_eq!(timeline.entries.len(), 2);
    assert_eq!(timeline.entries[0].changed, [SnapshotSection::Parameters]);
    let value = |entry: usize| {
        timeline.entries[entry]
            .snapshot
            .parameters
            .iter()
            .find(|p| p.name.as_deref() == Some("read_request_timeout_in_ms"))
            .and_then(|p| p.value.clone())
    };
    assert_eq!(
        value(0).as_deref(),
        Some("7000"),
        "the newest entry comes first"
    );
    assert_ne!(value(1).as_deref(), Some("7000"));
    let detail = snapshots.detail(&id).await.expect("read").expect("stored");
    assert!(
        detail.freshness.fetched_at > fetched_before,
        "every refresh moves fetched_at"
    );
    assert_eq!(detail.freshness.changed_at, timeline.entries[0].observed_at);

    // Paging walks the same entries.
    let page = snapshots.timeline(&id, None, 1).await.expect("page 1");
    let next = snapshots
        .timeline(&id, page.next_before, 1)
        .await
        .expect("page 2");
    assert_eq!(
        (page.entries[0].id, next.entries[0].id),
        (timeline.entries[0].id, timeline.entries[1].id)
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_resize_goes_through_its_transitional_status_and_settles_after_a_nudge(pool: PgPool) {
    // A two-minute resize takes one second.
    let cloud = Cloud::demo(120.0, FaultConfig::default()).await;
    let snapshots = Snapshots::new(pool.clone(), cloud.client.clone(), settings());
    snapshots.refresh_all().await.expect("a cycle");
    let running = ClusterFilter {
        status: Some(ClusterStatus::Running),
        ..Default::default()
    };
    let id = ids_of(&snapshots, running)
        .await
        .into_iter()
        .next()
        .expect("a running cluster");
    let (dc, disk) = cloud.first_data_center(&id).await;

    cloud
        .call(ResizeDiskSizeRequest {
            cluster_id: id.clone(),
            data_center_id: dc.clone(),
            disk_size: disk + 80,
        })
        .await;
    snapshots.nudge(&id);

    let settled = eventually(Duration::from_secs(30), || async {
        let detail = snapshots.detail(&id).await.expect("read").expect("stored");
        let resized = detail
            .snapshot
            .data_centers
            .iter()
            .any(|d| d.disk_size == Some(disk + 80));
        detail.snapshot.cluster.status == Some(ClusterStatus::Running) && resized
    })
    .await;
    assert!(
        settled,
        "the snapshot settles to Running with the new disk size"
    );
    let timeline = snapshots.timeline(&id, None, 20).await.expect("timeline");
    let statuses: Vec<_> = timeline
        .entries
        .iter()
        .rev()
        .map(|e| e.snapshot.cluster.status.clone())
        .collect();
    assert!(
        statuses.contains(&Some(ClusterStatus::Resizing)),
        "the timeline shows the transitional status: {statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&Some(ClusterStatus::Running)));
    assert!(
        eventually(Duration::from_secs(5), || async {
            snapshots.watched() == 0
        })
        .await
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_cluster_being_created_is_followed_until_it_runs(pool: PgPool) {
    // The demo's `events-dev` is being created: one simulated minute, half a second here.
    let cloud = Cloud::demo(120.0, FaultConfig::default()).await;
    let snapshots = Snapshots::new(pool.clone(), cloud.client.clone(), settings());
    snapshots.refresh_all().await.expect("a cycle");
    let creating = ClusterFilter {
        status: Some(ClusterStatus::Creating),
        ..Default::default()
    };
    let ids = ids_of(&snapshots, creating).await;
    for id in &ids {
        snapshots.nudge(id);
    }
    let running = eventually(Duration::from_secs(30), || async {
        let creating = ClusterFilter {
            status: Some(ClusterStatus::Creating),
            ..Default::default()
        };
        ids_of(&snapshots, creating).await.is_empty()
    })
    .await;
    assert!(
        running,
        "no cluster is left Creating without a manual refresh"
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn two_refreshers_on_one_database_take_turns(pool: PgPool) {
    // Slow answers keep a cycle (and its lock) going for a while: the two overlap.
    let faults = FaultConfig {
        latency: Duration::from_millis(150),
        ..FaultConfig::default()
    };
    let cloud = Cloud::demo(1.0, faults).await;
    let other_pool = PgPoolOptions::new()
        .max_connections(4)
        .connect_with(pool.connect_options().as_ref().clone())
        .await
        .expect("a second pool");
    let one = Snapshots::new(pool.clone(), cloud.client.clone(), settings());
    let two = Snapshots::new(other_pool, cloud.client.clone(), settings());

    let (a, b) = tokio::join!(one.refresh_all(), two.refresh_all());
    let (a, b) = (a.expect("cycle one"), b.expect("cycle two"));
    assert!(a.ran != b.ran, "exactly one replica refreshes: {a:?} {b:?}");
    let (ran, skipped, idle) = if a.ran { (a, b, &two) } else { (b, a, &one) };
    assert_eq!(
        ran.changed, ran.clusters,
        "the one that ran stored every cluster"
    );
    assert_eq!(
        (skipped.clusters, skipped.changed),
        (0, 0),
        "the other read nothing"
    );

    // The lock went with the cycle: the other replica's next cycle runs.
    let later = idle.refresh_all().await.expect("a later cycle");
    assert!(later.ran);
    assert_eq!(
        (later.changed, later.unchanged),
        (0, ran.clusters),
        "nothing changed since the first replica's cycle"
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn throttling_backs_off_and_the_refresh_still_completes(pool: PgPool) {
    let limit = RateLimit::per_second(NonZeroU32::new(10).expect("non-zero"));
    let faults = FaultConfig {
        rate_limit: Some(limit),
        ..FaultConfig::default()
    };
    let cloud = Cloud::demo(1.0, faults).await;
    let snapshots = Snapshots::new(pool.clone(), cloud.client.clone(), settings());

    let report = snapshots.refresh_all().await.expect("a cycle");

    assert!(
        report.throttled_total > 0,
        "the rate limit throttled the refresh: {report:?}"
    );
    assert_eq!(report.failed, 0, "{report:?}");
    cloud.emulator.faults().clear();
    assert_eq!(
        ids_of(&snapshots, ClusterFilter::default()).await,
        cloud.cluster_ids().await
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_cluster_the_cloud_stops_listing_is_marked_deleted(pool: PgPool) {
    let cloud = Arc::new(Cloud::demo(120.0, FaultConfig::default()).await);
    let snapshots = Snapshots::new(pool.clone(), cloud.client.clone(), settings());
    snapshots.refresh_all().await.expect("a cycle");
    let staging = ClusterFilter {
        name: Some("analytics-staging".into()),
        ..Default::default()
    };
    let id = ids_of(&snapshots, staging.clone())
        .await
        .into_iter()
        .next()
        .expect("staging");

    cloud
        .call(shared::actions::DeleteClusterRequest {
            cluster_id: id.clone(),
        })
        .await;
    let gone = eventually(Duration::from_secs(30), || async {
        !cloud.cluster_ids().await.contains(&id)
    })
    .await;
    assert!(gone, "the emulator finishes deleting");
    let report = snapshots.refresh_all().await.expect("a cycle");

    assert_eq!(report.deleted, 1, "{report:?}");
    assert!(
        ids_of(&snapshots, staging.clone()).await.is_empty(),
        "hidden from the list"
    );
    let with_deleted = ClusterFilter {
        include_deleted: Some(true),
        ..staging
    };
    assert_eq!(
        ids_of(&snapshots, with_deleted).await,
        BTreeSet::from([id.clone()])
    );
    let detail = snapshots.detail(&id).await.expect("read").expect("kept");
    assert!(detail.freshness.deleted_at.is_some());
    let rows = store::list(&pool).await.expect("rows");
    assert_eq!(rows.iter().filter(|r| r.deleted_at.is_some()).count(), 1);
}
