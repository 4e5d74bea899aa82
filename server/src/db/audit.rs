//! `audit_log`: appending to the chain, reading it back, searching it.

use futures_util::stream::BoxStream;
use serde_json::Value;
use shared::rest::{self, ActorKind, AuditId, AuditKind, AuditOutcome};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use time::OffsetDateTime;

use crate::audit::chain::{self, Canonical, GENESIS, Sorted};
use crate::domain::timestamp;

/// Arbitrary constant naming the chain's append lock ("cassaud1").
const CHAIN_LOCK: i64 = 0x6361_7373_6175_6431;

/// A row to append; `at`, `prev_hash` and `hash` are set by [`append`].
#[derive(Debug, Clone)]
pub struct NewRow {
    pub kind: AuditKind,
    pub intent_id: Option<i64>,
    pub actor_kind: ActorKind,
    pub actor: String,
    pub token_name: Option<String>,
    pub source: Option<String>,
    pub user_agent: Option<String>,
    pub action: String,
    pub cluster_id: Option<String>,
    pub data_center_id: Option<String>,
    pub target: Option<String>,
    /// Already redacted and normalised.
    pub params: Value,
    pub outcome: Option<AuditOutcome>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub cloud_request_id: Option<String>,
    pub duration_ms: Option<i64>,
    pub request_id: Option<String>,
}

impl NewRow {
    pub fn canonical(&self, at: OffsetDateTime) -> Canonical<'_> {
        Canonical {
            v: Canonical::VERSION,
            at: chain::micros(at),
            kind: self.kind.as_str(),
            intent_id: self.intent_id,
            actor_kind: self.actor_kind.as_str(),
            actor: &self.actor,
            token_name: self.token_name.as_deref(),
            source: self.source.as_deref(),
            user_agent: self.user_agent.as_deref(),
            action: &self.action,
            cluster_id: self.cluster_id.as_deref(),
            data_center_id: self.data_center_id.as_deref(),
            target: self.target.as_deref(),
            params: Sorted(&self.params),
            outcome: self.outcome.map(AuditOutcome::as_str),
            error_code: self.error_code.as_deref(),
            error_message: self.error_message.as_deref(),
            cloud_request_id: self.cloud_request_id.as_deref(),
            duration_ms: self.duration_ms,
            request_id: self.request_id.as_deref(),
        }
    }
}

/// Appends one row to the chain. Takes the chain lock, which is held until `tx` ends, so
/// call it inside a transaction and commit soon after.
pub async fn append(tx: &mut PgConnection, row: &NewRow) -> sqlx::Result<AuditId> {
    let ids = append_many(tx, &[row]).await?;
    Ok(ids[0])
}

/// Appends rows in order under one take of the chain lock (see [`append`]).
pub async fn append_many(tx: &mut PgConnection, rows: &[&NewRow]) -> sqlx::Result<Vec<AuditId>> {
    sqlx::query!("select pg_advisory_xact_lock($1)", CHAIN_LOCK)
        .execute(&mut *tx)
        .await?;
    // A separate statement, so its snapshot includes the row the previous lock holder
    // committed.
    let last = sqlx::query!("select hash, at from audit_log order by id desc limit 1")
        .fetch_optional(&mut *tx)
        .await?;
    let (mut prev, mut last_at) = match last {
        Some(last) => (last.hash, last.at),
        None => (GENESIS.to_vec(), OffsetDateTime::UNIX_EPOCH),
    };
    let mut ids = Vec::with_capacity(rows.len());
    for row in rows {
        // Times never go backwards along the chain (even if the clock does), so a time
        // range is also an id range: see `page`.
        let at = chain::truncate_to_micros(OffsetDateTime::now_utc()).max(last_at);
        let hash = row.canonical(at).digest(&prev);
        ids.push(insert(tx, row, at, &prev, &hash).await?);
        prev = hash.to_vec();
        last_at = at;
    }
    Ok(ids)
}

async fn insert(
    tx: &mut PgConnection,
    row: &NewRow,
    at: OffsetDateTime,
    prev: &[u8],
    hash: &[u8],
) -> sqlx::Result<AuditId> {
    let id = sqlx::query_scalar!(
        "insert into audit_log (at, kind, intent_id, actor_kind, actor, token_name, source,
             user_agent, action, cluster_id, data_center_id, target, params, outcome, error_code,
             error_message, cloud_request_id, duration_ms, request_id, prev_hash, hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
             $19, $20, $21)
         returning id",
        at,
        row.kind.as_str(),
        row.intent_id,
        row.actor_kind.as_str(),
        row.actor,
        row.token_name,
        row.source,
        row.user_agent,
        row.action,
        row.cluster_id,
        row.data_center_id,
        row.target,
        row.params,
        row.outcome.map(AuditOutcome::as_str),
        row.error_code,
        row.error_message,
        row.cloud_request_id,
        row.duration_ms,
        row.request_id,
        prev,
        hash
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(AuditId(id))
}

/// A stored row, as read back.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredRow {
    pub id: i64,
    pub at: OffsetDateTime,
    pub kind: String,
    pub intent_id: Option<i64>,
    pub actor_kind: String,
    pub actor: String,
    pub token_name: Option<String>,
    pub source: Option<String>,
    pub user_agent: Option<String>,
    pub action: String,
    pub cluster_id: Option<String>,
    pub data_center_id: Option<String>,
    pub target: Option<String>,
    pub params: Value,
    pub outcome: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub cloud_request_id: Option<String>,
    pub duration_ms: Option<i64>,
    pub request_id: Option<String>,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

impl StoredRow {
    pub fn canonical(&self) -> Canonical<'_> {
        Canonical {
            v: Canonical::VERSION,
            at: chain::micros(self.at),
            kind: &self.kind,
            intent_id: self.intent_id,
            actor_kind: &self.actor_kind,
            actor: &self.actor,
            token_name: self.token_name.as_deref(),
            source: self.source.as_deref(),
            user_agent: self.user_agent.as_deref(),
            action: &self.action,
            cluster_id: self.cluster_id.as_deref(),
            data_center_id: self.data_center_id.as_deref(),
            target: self.target.as_deref(),
            params: Sorted(&self.params),
            outcome: self.outcome.as_deref(),
            error_code: self.error_code.as_deref(),
            error_message: self.error_message.as_deref(),
            cloud_request_id: self.cloud_request_id.as_deref(),
            duration_ms: self.duration_ms,
            request_id: self.request_id.as_deref(),
        }
    }

    /// The API's view. The table's checks guarantee the enum columns parse; a row that
    /// does not is reported as an error rather than guessed at.
    pub fn to_rest(&self) -> Result<rest::AuditEntry, String> {
        Ok(rest::AuditEntry {
            id: AuditId(self.id),
            at: timestamp(self.at),
            kind: self.kind.parse()?,
            intent_id: self.intent_id.map(AuditId),
            actor_kind: self.actor_kind.parse()?,
            actor: self.actor.clone(),
            token_name: self.token_name.clone(),
            source: self.source.clone(),
            user_agent: self.user_agent.clone(),
            action: self.action.clone(),
            cluster_id: self.cluster_id.clone(),
            data_center_id: self.data_center_id.clone(),
            target: self.target.clone(),
            params: self.params.clone(),
            outcome: self.outcome.as_deref().map(str::parse).transpose()?,
            error_code: self.error_code.clone(),
            error_message: self.error_message.clone(),
            cloud_request_id: self.cloud_request_id.clone(),
            duration_ms: self.duration_ms,
            request_id: self.request_id.clone(),
            hash: chain::hex(&self.hash),
            prev_hash: chain::hex(&self.prev_hash),
        })
    }
}

const COLUMNS: &str = "id, at, kind, intent_id, actor_kind, actor, token_name, source, user_agent, \
     action, cluster_id, data_center_id, target, params, outcome, error_code, error_message, \
     cloud_request_id, duration_ms, request_id, prev_hash, hash";

/// Every row in chain order, streamed (for verification).
pub fn stream_all(pool: &PgPool) -> BoxStream<'_, sqlx::Result<StoredRow>> {
    sqlx::query_as!(
        StoredRow,
        "select id, at, kind, intent_id, actor_kind, actor, token_name, source, user_agent,
                action, cluster_id, data_center_id, target, params, outcome, error_code,
                error_message, cloud_request_id, duration_ms, request_id, prev_hash, hash
         from audit_log order by id"
    )
    .fetch(pool)
}

pub async fn get(pool: &PgPool, id: i64) -> sqlx::Result<Option<StoredRow>> {
    sqlx::query_as!(
        StoredRow,
        "select id, at, kind, intent_id, actor_kind, actor, token_name, source, user_agent,
                action, cluster_id, data_center_id, target, params, outcome, error_code,
                error_message, cloud_request_id, duration_ms, request_id, prev_hash, hash
         from audit_log where id = $1",
        id
    )
    .fetch_optional(pool)
    .await
}

/// Search criteria, already parsed.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub cluster: Option<String>,
    pub outcome: Option<AuditOutcome>,
    pub since: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
}

/// Which way a page walks the chain, and from where (exclusive).
#[derive(Debug, Clone, Copy)]
pub enum Direction {
    /// Newest first, ids below the cursor (the API's pages).
    Older { before: Option<i64> },
    /// Oldest first, ids above the cursor (exports).
    Newer { after: Option<i64> },
}

/// One page of matching rows. The query text depends on which filters are set, so each
/// combination gets its own plan that can use its index (a `$1 is null or ...` query
/// compiled once would not).
pub async fn page(
    pool: &PgPool,
    filter: &Filter,
    direction: Direction,
    limit: i64,
) -> sqlx::Result<Vec<StoredRow>> {
    let mut q =
        QueryBuilder::<Postgres>::new(format!("select {COLUMNS} from audit_log where true"));
    if let Some(actor) = &filter.actor {
        q.push(" and actor = ").push_bind(actor.clone());
    }
    if let Some(action) = &filter.action {
        q.push(" and action = ").push_bind(action.clone());
    }
    if let Some(cluster) = &filter.cluster {
        q.push(" and cluster_id = ").push_bind(cluster.clone());
    }
    if let Some(outcome) = filter.outcome {
        q.push(" and outcome = ").push_bind(outcome.as_str());
    }
    // Times rise with ids (`append_many`), so each time bound is also an id bound, found
    // with one probe of the time index; without it the planner may walk the id index
    // through most of the log to reach an old range.
    const PAST_THE_END: &str = "9223372036854775807";
    if let Some(since) = filter.since {
        q.push(" and at >= ").push_bind(since);
        q.push(" and id >= coalesce((select id from audit_log where at >= ")
            .push_bind(since)
            .push(format!(" order by at, id limit 1), {PAST_THE_END})"));
    }
    if let Some(until) = filter.until {
        q.push(" and at < ").push_bind(until);
        q.push(" and id < coalesce((select id from audit_log where at >= ")
            .push_bind(until)
            .push(format!(" order by at, id limit 1), {PAST_THE_END})"));
    }
    match direction {
        Direction::Older { before } => {
            if let Some(before) = before {
                q.push(" and id < ").push_bind(before);
            }
            q.push(" order by id desc");
        }
        Direction::Newer { after } => {
            if let Some(after) = after {
                q.push(" and id > ").push_bind(after);
            }
            q.push(" order by id");
        }
    }
    q.push(" limit ").push_bind(limit);
    q.build_query_as::<StoredRow>().fetch_all(pool).await
}
