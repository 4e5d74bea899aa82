//! `cluster_snapshots` and `cluster_snapshot_history`.

use shared::rest_clusters::{ClusterSnapshot, SnapshotSection};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use super::fetch::Fetched;
use super::model::{self, ContentHash, Summary};

/// What [`save`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// The first snapshot of this cluster.
    Created,
    /// The configuration changed in these sections: a timeline entry was added.
    Changed(Vec<SnapshotSection>),
    /// Same configuration; only the read time (and volatile figures) moved.
    Unchanged,
    /// A newer read was stored meanwhile; this one was dropped.
    Stale,
}

impl Saved {
    /// The timeline got an entry.
    pub fn is_change(&self) -> bool {
        matches!(self, Saved::Created | Saved::Changed(_))
    }
}

/// Stores a read: updates the latest snapshot, and adds a timeline entry if its
/// configuration differs from the last one. Reads finishing out of order keep the newest.
pub async fn save(pool: &PgPool, fetched: &Fetched) -> sqlx::Result<Saved> {
    let hash = ContentHash::of(&fetched.snapshot);
    let summary = Summary::of(&fetched.snapshot);
    // Twice at most: a first snapshot racing another writer finds its row the second time.
    for _ in 0..2 {
        let mut tx = pool.begin().await?;
        let current = sqlx::query!(
            "select content_hash, fetched_at from cluster_snapshots
             where cluster_id = $1 for update",
            fetched.cluster_id
        )
        .fetch_optional(&mut *tx)
        .await?;

        let Some(current) = current else {
            if !insert(&mut tx, fetched, hash, &summary).await? {
                continue;
            }
            add_history(&mut tx, fetched, hash, &SnapshotSection::ALL).await?;
            tx.commit().await?;
            return Ok(Saved::Created);
        };
        if current.fetched_at >= fetched.fetched_at {
            return Ok(Saved::Stale);
        }
        if ContentHash::from_slice(&current.content_hash) == Some(hash) {
            update(&mut tx, fetched, hash, &summary, false).await?;
            tx.commit().await?;
            return Ok(Saved::Unchanged);
        }
        let previous = sqlx::query_scalar!(
            r#"select snapshot as "snapshot: Json<ClusterSnapshot>" from cluster_snapshots
               where cluster_id = $1"#,
            fetched.cluster_id
        )
        .fetch_one(&mut *tx)
        .await?;
        let mut changed = model::changed_sections(&previous.0, &fetched.snapshot);
        if changed.is_empty() {
            // Only the hash's input differs (a newer server hashing differently): say so.
            changed = SnapshotSection::ALL.to_vec();
        }
        update(&mut tx, fetched, hash, &summary, true).await?;
        add_history(&mut tx, fetched, hash, &changed).await?;
        tx.commit().await?;
        return Ok(Saved::Changed(changed));
    }
    Err(sqlx::Error::Protocol(format!(
        "cluster {}: its snapshot row vanished while being written",
        fetched.cluster_id
    )))
}

/// False when another writer inserted the row first.
async fn insert(
    conn: &mut PgConnection,
    fetched: &Fetched,
    hash: ContentHash,
    summary: &Summary,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query!(
        "insert into cluster_snapshots
             (cluster_id, region_id, summary, snapshot, content_hash, fetched_at, changed_at)
         values ($1, $2, $3, $4, $5, $6, $6)
         on conflict (cluster_id) do nothing",
        fetched.cluster_id,
        fetched.region_id.as_deref().unwrap_or_default(),
        Json(summary) as _,
        Json(&fetched.snapshot) as _,
        hash.as_bytes(),
        fetched.fetched_at,
    )
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

async fn update(
    conn: &mut PgConnection,
    fetched: &Fetched,
    hash: ContentHash,
    summary: &Summary,
    changed: bool,
) -> sqlx::Result<()> {
    // The snapshot is written even when unchanged: it carries the latest node loads.
    sqlx::query!(
        "update cluster_snapshots
         set region_id = coalesce($2, region_id), summary = $3, snapshot = $4,
             content_hash = $5, fetched_at = $6,
             changed_at = case when $7 then $6 else changed_at end, deleted_at = null
         where cluster_id = $1",
        fetched.cluster_id,
        fetched.region_id,
        Json(summary) as _,
        Json(&fetched.snapshot) as _,
        hash.as_bytes(),
        fetched.fetched_at,
        changed,
    )
    .execute(conn)
    .await?;
    Ok(())
}

async fn add_history(
    conn: &mut PgConnection,
    fetched: &Fetched,
    hash: ContentHash,
    changed: &[SnapshotSection],
) -> sqlx::Result<()> {
    let changed: Vec<String> = changed.iter().map(|s| s.as_str().to_owned()).collect();
    sqlx::query!(
        "insert into cluster_snapshot_history
             (cluster_id, observed_at, content_hash, changed, snapshot)
         values ($1, $2, $3, $4, $5)",
        fetched.cluster_id,
        fetched.fetched_at,
        hash.as_bytes(),
        &changed,
        Json(&fetched.snapshot) as _,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks as deleted the clusters of `region` that a listing taken at `listed_at` did not
/// return. Rows read after the listing (a cluster created meanwhile) are left alone.
/// Returns the ids newly marked.
pub async fn mark_missing_deleted(
    pool: &PgPool,
    region: &str,
    present: &[String],
    listed_at: OffsetDateTime,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "update cluster_snapshots set deleted_at = $3
         where region_id = $1 and deleted_at is null and fetched_at < $3
           and not (cluster_id = any($2))
         returning cluster_id",
        region,
        present,
        listed_at
    )
    .fetch_all(pool)
    .await
}

/// Marks one cluster deleted (the cloud answered that it does not exist). False if we held
/// no live snapshot of it.
pub async fn mark_deleted(
    pool: &PgPool,
    cluster_id: &str,
    at: OffsetDateTime,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "update cluster_snapshots set deleted_at = $2
         where cluster_id = $1 and deleted_at is null and fetched_at < $2",
        cluster_id,
        at
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A list row: everything but the snapshot.
#[derive(Debug, Clone)]
pub struct ListRow {
    pub cluster_id: String,
    pub region_id: String,
    pub summary: Summary,
    pub fetched_at: OffsetDateTime,
    pub changed_at: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
}

/// Every cluster we hold, deleted ones included, by region then name.
pub async fn list(pool: &PgPool) -> sqlx::Result<Vec<ListRow>> {
    let rows = sqlx::query!(
        r#"select cluster_id, region_id, summary as "summary: Json<Summary>", fetched_at,
                  changed_at, deleted_at
           from cluster_snapshots
           order by region_id, summary->>'name', cluster_id"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ListRow {
            cluster_id: r.cluster_id,
            region_id: r.region_id,
            summary: r.summary.0,
            fetched_at: r.fetched_at,
            changed_at: r.changed_at,
            deleted_at: r.deleted_at,
        })
        .collect())
}

/// A cluster's latest snapshot.
#[derive(Debug, Clone)]
pub struct SnapshotRow {
    pub cluster_id: String,
    pub region_id: String,
    pub snapshot: ClusterSnapshot,
    pub fetched_at: OffsetDateTime,
    pub changed_at: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
}

pub async fn get(pool: &PgPool, cluster_id: &str) -> sqlx::Result<Option<SnapshotRow>> {
    let row = sqlx::query!(
        r#"select cluster_id, region_id, snapshot as "snapshot: Json<ClusterSnapshot>",
                  fetched_at, changed_at, deleted_at
           from cluster_snapshots where cluster_id = $1"#,
        cluster_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| SnapshotRow {
        cluster_id: r.cluster_id,
        region_id: r.region_id,
        snapshot: r.snapshot.0,
        fetched_at: r.fetched_at,
        changed_at: r.changed_at,
        deleted_at: r.deleted_at,
    }))
}

/// One timeline entry.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub id: i64,
    pub observed_at: OffsetDateTime,
    pub changed: Vec<SnapshotSection>,
    pub snapshot: ClusterSnapshot,
}

/// A page of a cluster's timeline, newest first, older than `before` if given.
pub async fn history(
    pool: &PgPool,
    cluster_id: &str,
    before: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<HistoryRow>> {
    let rows = sqlx::query!(
        r#"select id, observed_at, changed, snapshot as "snapshot: Json<ClusterSnapshot>"
           from cluster_snapshot_history
           where cluster_id = $1 and ($2::bigint is null or id < $2)
           order by id desc
           limit $3"#,
        cluster_id,
        before,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| HistoryRow {
            id: r.id,
            observed_at: r.observed_at,
            // Written from `SnapshotSection::as_str`; a name this server does not know
            // (written by a newer one) is left out rather than failing the page.
            changed: r
                .changed
                .iter()
                .filter_map(|s| SnapshotSection::parse(s))
                .collect(),
            snapshot: r.snapshot.0,
        })
        .collect())
}
