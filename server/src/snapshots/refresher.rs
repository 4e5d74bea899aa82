//! The background refresh: every interval, list the watched regions' clusters, read each one
//! (bounded by the fetcher's concurrency) and store what changed; mark the clusters the cloud
//! stopped listing as deleted.
//!
//! Replicas sharing a database take turns: a cycle runs only while holding a PostgreSQL
//! advisory lock on a connection of its own, and a replica that cannot take it skips the
//! cycle. The lock goes with the connection, so a replica that dies mid-cycle frees it.

use std::time::Duration;

use anyhow::Context;
use futures_util::StreamExt;
use futures_util::future::join_all;
use shared::enums::ClusterStatus;
use sqlx::{Connection, PgConnection};
use time::OffsetDateTime;
use tokio::time::{Instant, MissedTickBehavior};

use super::Snapshots;
use super::fetch::{CallFailed, Listed};
use super::store::{self, Saved};

/// `pg_try_advisory_lock` key of the refresh ("cassrefr").
pub const REFRESH_LOCK_KEY: i64 = 0x6361_7373_7265_6672;

/// What one cycle did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CycleReport {
    /// False when another replica held the refresh lock: nothing was read.
    pub ran: bool,
    pub regions: usize,
    /// Regions whose listing failed: their clusters were neither read nor marked deleted.
    pub failed_regions: usize,
    pub clusters: usize,
    /// Snapshots that are new or changed (timeline entries added).
    pub changed: usize,
    pub unchanged: usize,
    /// Clusters marked deleted (no longer listed, or answered as not found).
    pub deleted: usize,
    /// Clusters that could not be read; their previous snapshot stays.
    pub failed: usize,
    /// Throttled answers met (the gate's count, over the process's life).
    pub throttled_total: u64,
    pub elapsed: Duration,
}

/// Runs a cycle every `interval` until the task is dropped or aborted.
pub async fn run(snapshots: Snapshots) {
    let interval = snapshots.settings().interval;
    let mut tick = tokio::time::interval(interval);
    // A cycle longer than the interval is followed by the next one, not by a burst.
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match cycle(&snapshots).await {
            Ok(report) if report.ran => tracing::info!(
                regions = report.regions,
                clusters = report.clusters,
                changed = report.changed,
                deleted = report.deleted,
                failed = report.failed,
                elapsed_ms = report.elapsed.as_millis() as u64,
                "snapshot refresh done"
            ),
            Ok(_) => tracing::debug!("another replica is refreshing the snapshots"),
            Err(error) => tracing::warn!(error = ?error, "snapshot refresh failed"),
        }
    }
}

/// One cycle, if this replica gets the refresh lock.
pub async fn cycle(snapshots: &Snapshots) -> anyhow::Result<CycleReport> {
    let started = Instant::now();
    let options = snapshots.pool().connect_options();
    // Its own connection, not the pool's: the lock must live exactly as long as the cycle.
    let mut lock_conn = PgConnection::connect_with(&options)
        .await
        .context("cannot connect for the refresh lock")?;
    let locked: bool = sqlx::query_scalar("select pg_try_advisory_lock($1)")
        .bind(REFRESH_LOCK_KEY)
        .fetch_one(&mut lock_conn)
        .await
        .context("cannot take the refresh lock")?;
    if !locked {
        lock_conn.close().await.ok();
        return Ok(CycleReport::default());
    }
    let result = refresh_everything(snapshots).await;
    // Closing the connection releases the lock whatever happens to the unlock.
    let _ = sqlx::query("select pg_advisory_unlock($1)")
        .bind(REFRESH_LOCK_KEY)
        .execute(&mut lock_conn)
        .await;
    lock_conn.close().await.ok();
    let mut report = result?;
    report.elapsed = started.elapsed();
    Ok(report)
}

async fn refresh_everything(snapshots: &Snapshots) -> anyhow::Result<CycleReport> {
    let fetcher = snapshots.fetcher();
    let regions = match &snapshots.settings().regions {
        Some(regions) => regions.clone(),
        None => fetcher.regions().await.context("cannot list the regions")?,
    };
    let mut report = CycleReport {
        ran: true,
        regions: regions.len(),
        ..Default::default()
    };

    let listed_at = OffsetDateTime::now_utc();
    let listings = join_all(
        regions
            .iter()
            .map(|region| async move { (region.clone(), fetcher.clusters(region).await) }),
    )
    .await;
    let mut work: Vec<(String, Listed)> = Vec::new();
    let mut listed_regions = Vec::new();
    for (region, listing) in listings {
        match listing {
            Ok(clusters) => {
                let ids: Vec<String> = clusters.iter().map(|c| c.cluster_id.clone()).collect();
                work.extend(clusters.into_iter().map(|c| (region.clone(), c)));
                listed_regions.push((region, ids));
            }
            Err(error) => {
                report.failed_regions += 1;
                tracing::warn!(%region, %error, "cannot list the clusters of a region");
            }
        }
    }
    report.clusters = work.len();

    let concurrency = snapshots.settings().concurrency.max(1);
    let mut results = futures_util::stream::iter(work)
        .map(|(region, listed)| {
            let snapshots = snapshots.clone();
            async move { snapshots.refresh(Some(&region), &listed.cluster_id).await }
        })
        .buffer_unordered(concurrency);
    while let Some(result) = results.next().await {
        match result {
            Ok(Refreshed::Saved { saved, .. }) if saved.is_change() => report.changed += 1,
            Ok(Refreshed::Saved { .. }) => report.unchanged += 1,
            Ok(Refreshed::Gone) => report.deleted += 1,
            Err(error) => {
                report.failed += 1;
                tracing::warn!(error = ?error, "cannot refresh a cluster");
            }
        }
    }
    drop(results);

    for (region, ids) in listed_regions {
        let deleted = store::mark_missing_deleted(snapshots.pool(), &region, &ids, listed_at)
            .await
            .context("cannot mark deleted clusters")?;
        if !deleted.is_empty() {
            tracing::info!(%region, clusters = ?deleted, "clusters no longer listed: marked deleted");
        }
        report.deleted += deleted.len();
    }
    snapshots.cache().invalidate();
    report.throttled_total = fetcher.gate().throttled_count();
    Ok(report)
}

/// What refreshing one cluster did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refreshed {
    /// Read and stored, with the cluster's status as read.
    Saved {
        saved: Saved,
        status: Option<ClusterStatus>,
    },
    /// The cloud no longer has it: marked deleted.
    Gone,
}

impl Refreshed {
    /// Still moving (Creating, Resizing, ...): worth reading again soon.
    pub fn is_transitional(&self) -> bool {
        matches!(self, Refreshed::Saved { status: Some(status), .. } if status.is_transitional())
    }
}

/// Why one cluster could not be refreshed.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error(transparent)]
    Cloud(#[from] CallFailed),
    #[error("cannot store the snapshot")]
    Database(#[from] sqlx::Error),
}
