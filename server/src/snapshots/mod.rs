//! Cached cluster snapshots: what the panel's cluster reads serve, kept fresh in the
//! background, with a timeline of every configuration each cluster went through.
//!
//! - [`model`]: a snapshot's canonical form, its configuration hash, what changed.
//! - [`fetch`]: reading the cloud (bounded concurrency, [`backoff`] when throttled).
//! - [`store`]: `cluster_snapshots` (latest) and `cluster_snapshot_history` (timeline).
//! - [`refresher`]: the periodic cycle, one replica at a time (advisory lock).
//! - [`nudge`]: re-reading a cluster after a change until its status settles.
//! - [`cache`], [`query`]: the in-memory cluster list and its filters.
//!
//! [`Snapshots`] ties them together; it lives in the app state (`state.snapshots`).

pub mod backoff;
pub mod cache;
pub mod fetch;
pub mod model;
pub mod nudge;
pub mod query;
pub mod refresher;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use shared::rest_clusters::{
    ClusterDetail, ClusterFilter, ClusterListItem, TimelineEntry, TimelinePage,
};
use sqlx::PgPool;
use time::OffsetDateTime;
use tokio::task::JoinHandle;

use self::backoff::{BackoffPolicy, ThrottleGate};
use self::cache::ListCache;
use self::fetch::{FetchError, Fetcher};
use self::nudge::Watches;
use self::refresher::{CycleReport, RefreshError, Refreshed};
use self::store::SnapshotRow;
use crate::cloud::CloudClient;
use crate::domain::timestamp;

/// How the snapshots are kept fresh.
#[derive(Debug, Clone)]
pub struct RefreshSettings {
    /// Between the starts of two refresh cycles.
    pub interval: Duration,
    /// Cloud requests in flight at once (refresh, nudges and `?fresh=true` together).
    pub concurrency: usize,
    /// Regions to watch; `None`: every region DescribeRegions lists.
    pub regions: Option<Vec<String>>,
    /// Between two reads of a cluster followed after a change.
    pub nudge_interval: Duration,
    /// How long a changed cluster is followed at most.
    pub nudge_timeout: Duration,
    /// How long the cluster list is served from memory before it is read again (changes
    /// this process stores show at once; another replica's within this time).
    pub list_ttl: Duration,
    pub backoff: BackoffPolicy,
}

impl Default for RefreshSettings {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(60),
            concurrency: 16,
            regions: None,
            nudge_interval: Duration::from_secs(3),
            nudge_timeout: Duration::from_secs(30 * 60),
            list_ttl: Duration::from_secs(1),
            backoff: BackoffPolicy::default(),
        }
    }
}

/// The snapshot service: reads for the routes, the refresher, and [`Snapshots::nudge`].
///
/// Cheap to clone (one `Arc`).
#[derive(Debug, Clone)]
pub struct Snapshots {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    pool: PgPool,
    fetcher: Fetcher,
    cache: ListCache,
    watches: Watches,
    settings: RefreshSettings,
}

impl Snapshots {
    pub fn new(pool: PgPool, client: CloudClient, settings: RefreshSettings) -> Self {
        let gate = Arc::new(ThrottleGate::new(settings.backoff));
        let fetcher = Fetcher::new(client, settings.concurrency, gate);
        let cache = ListCache::new(pool.clone(), settings.list_ttl);
        let inner = Inner {
            pool,
            fetcher,
            cache,
            watches: Watches::default(),
            settings,
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// Follow `cluster_id` after a change made to it (or a cluster just created): re-read
    /// it every `nudge_interval` until its status is no longer transitional (see
    /// [`shared::enums::ClusterStatus::is_transitional`]), at most `nudge_timeout`.
    /// Returns at once; the reads run in the background.
    ///
    /// Call it after every successful mutating action on a cluster (`state.snapshots.nudge(id)`);
    /// nudging a cluster already followed restarts that watch.
    pub fn nudge(&self, cluster_id: &str) {
        nudge::nudge(self, cluster_id);
    }

    /// Starts the periodic refresh (the first cycle at once). Abort the handle to stop it.
    pub fn spawn_refresher(&self) -> JoinHandle<()> {
        tokio::spawn(refresher::run(self.clone()))
    }

    /// One refresh cycle now, unless another replica holds the refresh lock.
    pub async fn refresh_all(&self) -> anyhow::Result<CycleReport> {
        refresher::cycle(self).await
    }

    /// Reads one cluster from the cloud now and stores it.
    pub async fn refresh_cluster(&self, cluster_id: &str) -> Result<Refreshed, RefreshError> {
        self.refresh(None, cluster_id).await
    }

    /// [`Snapshots::refresh_cluster`] for a cluster the refresher listed in `region`.
    async fn refresh(
        &self,
        region: Option<&str>,
        cluster_id: &str,
    ) -> Result<Refreshed, RefreshError> {
        let asked_at = OffsetDateTime::now_utc();
        match self.inner.fetcher.snapshot(cluster_id, region).await {
            Ok(fetched) => {
                let saved = store::save(&self.inner.pool, &fetched).await?;
                if saved != store::Saved::Stale {
                    self.inner.cache.invalidate();
                }
                let status = fetched.snapshot.cluster.status;
                Ok(Refreshed::Saved { saved, status })
            }
            Err(FetchError::Gone(_)) => {
                if store::mark_deleted(&self.inner.pool, cluster_id, asked_at).await? {
                    self.inner.cache.invalidate();
                }
                Ok(Refreshed::Gone)
            }
            Err(FetchError::Cloud(error)) => Err(RefreshError::Cloud(error)),
        }
    }

    /// The cluster list from the cache, filtered and limited to `scope` (`None`: all).
    pub async fn list(
        &self,
        filter: &ClusterFilter,
        scope: Option<&[String]>,
    ) -> sqlx::Result<Vec<ClusterListItem>> {
        let rows = self.inner.cache.rows().await?;
        Ok(query::list_items(
            &rows,
            filter,
            scope,
            OffsetDateTime::now_utc(),
        ))
    }

    /// The stored snapshot of a cluster, with its age.
    pub async fn detail(&self, cluster_id: &str) -> sqlx::Result<Option<ClusterDetail>> {
        let row = store::get(&self.inner.pool, cluster_id).await?;
        Ok(row.map(|r| detail(r, OffsetDateTime::now_utc())))
    }

    /// A page of a cluster's timeline, newest first (empty for a cluster we never held).
    pub async fn timeline(
        &self,
        cluster_id: &str,
        before: Option<i64>,
        limit: u32,
    ) -> sqlx::Result<TimelinePage> {
        let rows = store::history(&self.inner.pool, cluster_id, before, i64::from(limit)).await?;
        let next_before = if rows.len() == limit as usize {
            rows.last().map(|r| r.id)
        } else {
            None
        };
        let entries = rows
            .into_iter()
            .map(|r| TimelineEntry {
                id: r.id,
                observed_at: timestamp(r.observed_at),
                changed: r.changed,
                snapshot: r.snapshot,
            })
            .collect();
        Ok(TimelinePage {
            cluster_id: cluster_id.to_owned(),
            entries,
            next_before,
        })
    }

    pub fn settings(&self) -> &RefreshSettings {
        &self.inner.settings
    }

    /// Clusters followed after a change right now.
    pub fn watched(&self) -> usize {
        self.inner.watches.count()
    }

    fn pool(&self) -> &PgPool {
        &self.inner.pool
    }

    fn fetcher(&self) -> &Fetcher {
        &self.inner.fetcher
    }

    fn cache(&self) -> &ListCache {
        &self.inner.cache
    }

    fn watches(&self) -> &Watches {
        &self.inner.watches
    }
}

/// The action route reports every cluster a successful change touched: follow it.
impl crate::operations::ChangeListener for Snapshots {
    fn cluster_changed(&self, cluster_id: &str) {
        self.nudge(cluster_id);
    }
}

fn detail(row: SnapshotRow, now: OffsetDateTime) -> ClusterDetail {
    ClusterDetail {
        cluster_id: row.cluster_id,
        region_id: row.region_id,
        freshness: query::freshness(row.fetched_at, row.changed_at, row.deleted_at, now),
        snapshot: row.snapshot,
    }
}
