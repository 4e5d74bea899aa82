//! The audit log: every change, recorded before it is attempted and after it ends.
//!
//! ```ignore
//! let intent = audit.record_intent(&ctx, Change::new("CreateCluster").cluster(id).params(p)).await?;
//! // Only now is the change attempted: if the intent could not be written we never get here.
//! let result = cloud.call(request).await;
//! audit.record_outcome(&intent, &Outcome::of(&result), request_id, started.elapsed()).await?;
//! ```
//! or, in one call, [`AuditLog::audited`]. Secrets in parameters (any key containing
//! `password` or `secret`, at any depth) are replaced here, centrally, by a keyed HMAC, so no
//! caller can forget to; [`AuditLog::secret_matches`] answers "was it set to X".
//!
//! Rows are append-only (a database trigger refuses UPDATE, DELETE and TRUNCATE) and
//! hash-chained ([`chain`]); [`verify`] walks the chain.

pub mod chain;
pub mod export;
pub mod verify;
mod writer;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretSlice};
use serde_json::{Map, Value};
use sha2::Sha256;
use shared::rest::{ActorKind, AuditId, AuditKind, AuditOutcome};
use sqlx::{PgConnection, PgPool};

use crate::db::audit::{self as store, NewRow};
use crate::extract::RequestMeta;

/// Writing the audit log failed: the change must not be attempted.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("cannot write the audit log")]
    Database(#[from] sqlx::Error),
    #[error("cannot write the audit log: its writer has stopped")]
    WriterStopped,
}

/// Who acted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    /// The user name (also for a token), `system`/`cli`, or a failed login's attempted name.
    pub name: String,
    pub token_name: Option<String>,
}

impl Actor {
    pub fn user(name: impl Into<String>) -> Self {
        Self {
            kind: ActorKind::User,
            name: name.into(),
            token_name: None,
        }
    }

    pub fn token(owner: impl Into<String>, token_name: impl Into<String>) -> Self {
        Self {
            kind: ActorKind::Token,
            name: owner.into(),
            token_name: Some(token_name.into()),
        }
    }

    /// The server itself (`system`) or an operator at the command line (`cli`).
    pub fn system(name: impl Into<String>) -> Self {
        Self {
            kind: ActorKind::System,
            name: name.into(),
            token_name: None,
        }
    }

    /// Someone not authenticated, e.g. a failed login with the name they tried.
    pub fn anonymous(attempted: &str) -> Self {
        Self {
            kind: ActorKind::Anonymous,
            name: attempted.chars().take(128).collect(),
            token_name: None,
        }
    }
}

/// Who acted, from where.
#[derive(Debug, Clone)]
pub struct Context {
    pub actor: Actor,
    pub source: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl Context {
    pub fn new(actor: Actor, meta: &RequestMeta) -> Self {
        Self {
            actor,
            source: meta.source.clone(),
            user_agent: meta.user_agent.clone(),
            request_id: meta.request_id.clone(),
        }
    }

    /// A change made outside any request (first start, the command line).
    pub fn system(actor: Actor) -> Self {
        Self {
            actor,
            source: None,
            user_agent: None,
            request_id: None,
        }
    }
}

/// Request parameters. `Debug` shows the keys only: values may still hold secrets until
/// the audit log redacts them.
#[derive(Clone, Default, PartialEq)]
pub struct Params(Map<String, Value>);

impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl Params {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.to_owned(), value.into());
        self
    }

    /// A cloud action's wire parameters (`ClusterId`, `Tag.1.Key`, ...).
    pub fn from_wire(params: &[(String, String)]) -> Self {
        Self(
            params
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        )
    }

    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// What is being changed.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// A cloud action (`CreateCluster`) or a panel action (`user.create`).
    pub action: String,
    pub cluster_id: Option<String>,
    pub data_center_id: Option<String>,
    /// A non-cluster subject: `user/alice`, `token/12`.
    pub target: Option<String>,
    pub params: Params,
}

impl Change {
    pub fn new(action: impl Into<String>) -> Self {
        Self {
            action: action.into(),
            ..Self::default()
        }
    }

    pub fn cluster(mut self, id: impl Into<String>) -> Self {
        self.cluster_id = Some(id.into());
        self
    }

    pub fn data_center(mut self, id: impl Into<String>) -> Self {
        self.data_center_id = Some(id.into());
        self
    }

    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    pub fn params(mut self, params: Params) -> Self {
        self.params = params;
        self
    }
}

/// How a change ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Error { code: String, message: String },
}

impl Outcome {
    pub fn error(code: impl Into<String>, message: impl Into<String>) -> Self {
        Outcome::Error {
            code: code.into(),
            message: message.into(),
        }
    }

    pub fn of<T, E: Describe>(result: &Result<T, E>) -> Self {
        match result {
            Ok(_) => Outcome::Ok,
            Err(e) => Outcome::Error {
                code: e.audit_code(),
                message: e.audit_message(),
            },
        }
    }
}

/// How an error is recorded in the audit log: a stable code and a message fit for admins
/// (never a secret, never an internal cause: those are in the server log under the row's
/// request id).
pub trait Describe {
    fn audit_code(&self) -> String;
    fn audit_message(&self) -> String;
}

/// A recorded intent, to be completed by [`AuditLog::record_outcome`].
#[derive(Debug, Clone)]
pub struct Intent {
    pub id: AuditId,
    row: Arc<NewRow>,
}

/// Keyed HMAC for secrets in parameters. Holds the keyed HMAC state, never printed.
struct Redactor {
    keyed: Hmac<Sha256>,
}

/// How a redacted secret starts.
pub const HMAC_PREFIX: &str = "hmac-sha256:";

impl Redactor {
    fn new(key: &SecretSlice<u8>) -> Result<Self, hmac::digest::InvalidLength> {
        Ok(Self {
            keyed: Hmac::new_from_slice(key.expose_secret())?,
        })
    }

    fn mac(&self, value: &str) -> String {
        let mut mac = self.keyed.clone();
        mac.update(value.as_bytes());
        format!("{HMAC_PREFIX}{}", chain::hex(&mac.finalize().into_bytes()))
    }

    fn redact(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if is_secret_name(key) {
                        match v {
                            Value::Null => {}
                            Value::String(s) => *v = Value::String(self.mac(s)),
                            other => *other = Value::String(self.mac(&other.to_string())),
                        }
                    } else {
                        self.redact(v);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.redact(v)),
            _ => {}
        }
    }
}

/// Parameter names whose values are secrets (`password`, `NewPassword`, `AccessKeySecret`).
pub fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("password") || lower.contains("secret")
}

/// The audit log of one database.
#[derive(Clone)]
pub struct AuditLog {
    pool: PgPool,
    redactor: Arc<Redactor>,
    writer: writer::Writer,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog").finish_non_exhaustive()
    }
}

impl AuditLog {
    /// `hmac_key`: the state dir's `audit-hmac-key`. Starts the batching writer task, so
    /// call it inside a Tokio runtime.
    pub fn new(pool: PgPool, hmac_key: &SecretSlice<u8>) -> anyhow::Result<Self> {
        let redactor = Redactor::new(hmac_key)
            .map_err(|_| anyhow::anyhow!("the audit HMAC key has an invalid length"))?;
        let writer = writer::Writer::spawn(pool.clone());
        Ok(Self {
            pool,
            redactor: Arc::new(redactor),
            writer,
        })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The keyed HMAC of a value that may be a secret although its key does not say so
    /// (the name a failed login tried may be a password typed in the wrong field).
    pub fn fingerprint(&self, value: &str) -> String {
        self.redactor.mac(value)
    }

    fn row(&self, kind: AuditKind, ctx: &Context, change: Change) -> NewRow {
        let mut params = change.params.into_value();
        self.redactor.redact(&mut params);
        chain::normalise(&mut params);
        let text = |s: Option<String>| {
            s.map(|mut s| {
                chain::normalise_text(&mut s);
                s
            })
        };
        NewRow {
            kind,
            intent_id: None,
            actor_kind: ctx.actor.kind,
            actor: text(Some(ctx.actor.name.clone())).unwrap_or_default(),
            token_name: text(ctx.actor.token_name.clone()),
            source: text(ctx.source.clone()),
            user_agent: text(ctx.user_agent.clone()),
            action: text(Some(change.action)).unwrap_or_default(),
            cluster_id: text(change.cluster_id),
            data_center_id: text(change.data_center_id),
            target: text(change.target),
            params,
            outcome: None,
            error_code: None,
            error_message: None,
            cloud_request_id: None,
            duration_ms: None,
            request_id: text(ctx.request_id.clone()),
        }
    }

    /// Records that `change` is about to be attempted. If this fails, do not attempt it.
    #[tracing::instrument(name = "audit intent", skip_all, fields(action = %change.action))]
    pub async fn record_intent(&self, ctx: &Context, change: Change) -> Result<Intent, AuditError> {
        let row = self.row(AuditKind::Intent, ctx, change);
        let id = self.writer.append(row.clone()).await?;
        Ok(Intent {
            id,
            row: Arc::new(row),
        })
    }

    /// Records how the change of `intent` ended.
    pub async fn record_outcome(
        &self,
        intent: &Intent,
        outcome: &Outcome,
        cloud_request_id: Option<&str>,
        duration: Duration,
    ) -> Result<AuditId, AuditError> {
        self.record_outcome_with(intent, outcome, cloud_request_id, duration, Params::new())
            .await
    }

    /// [`Self::record_outcome`] with details of how it went (a cloud call's attempts), kept
    /// as the outcome row's parameters and redacted like an intent's.
    #[tracing::instrument(name = "audit outcome", skip_all, fields(intent = %intent.id))]
    pub async fn record_outcome_with(
        &self,
        intent: &Intent,
        outcome: &Outcome,
        cloud_request_id: Option<&str>,
        duration: Duration,
        details: Params,
    ) -> Result<AuditId, AuditError> {
        // The intent holds the request's parameters; the outcome repeats only who/what (so
        // searching outcomes by actor, action or cluster needs no join) and its details.
        let mut params = details.into_value();
        self.redactor.redact(&mut params);
        chain::normalise(&mut params);
        let mut row = NewRow {
            kind: AuditKind::Outcome,
            intent_id: Some(intent.id.0),
            params,
            ..(*intent.row).clone()
        };
        set_outcome(&mut row, outcome);
        row.cloud_request_id = cloud_request_id.map(|s| {
            let mut s = s.to_owned();
            chain::normalise_text(&mut s);
            s
        });
        row.duration_ms = Some(i64::try_from(duration.as_millis()).unwrap_or(i64::MAX));
        self.writer.append(row).await
    }

    /// Records something that is not an attempted change (a login) in the caller's
    /// transaction, so the event and what it did commit together.
    pub async fn record_event_in(
        &self,
        tx: &mut PgConnection,
        ctx: &Context,
        change: Change,
        outcome: &Outcome,
    ) -> Result<AuditId, AuditError> {
        let mut row = self.row(AuditKind::Event, ctx, change);
        set_outcome(&mut row, outcome);
        Ok(store::append(tx, &row).await?)
    }

    /// Records an event on its own (committed when this returns).
    pub async fn record_event(
        &self,
        ctx: &Context,
        change: Change,
        outcome: &Outcome,
    ) -> Result<AuditId, AuditError> {
        let mut row = self.row(AuditKind::Event, ctx, change);
        set_outcome(&mut row, outcome);
        self.writer.append(row).await
    }

    /// Intent, `attempt`, outcome. Fails closed: when the intent cannot be written,
    /// `attempt` is not run. When only the outcome cannot be written the change has happened,
    /// so its result is returned all the same (the intent stays as evidence) and the failure
    /// is logged.
    pub async fn audited<T, E, F, Fut>(
        &self,
        ctx: &Context,
        change: Change,
        attempt: F,
    ) -> Result<T, E>
    where
        E: Describe + From<AuditError>,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let intent = self.record_intent(ctx, change).await?;
        let started = Instant::now();
        let result = attempt().await;
        let outcome = Outcome::of(&result);
        if let Err(e) = self
            .record_outcome(&intent, &outcome, None, started.elapsed())
            .await
        {
            tracing::error!(error = ?e, intent = %intent.id, "cannot record an outcome");
        }
        result
    }

    /// Was secret field `field` of row `id` set to `candidate`? `None` when the row has no
    /// such redacted field.
    pub async fn secret_matches(
        &self,
        id: AuditId,
        field: &str,
        candidate: &str,
    ) -> Result<Option<bool>, AuditError> {
        let Some(row) = store::get(&self.pool, id.0).await? else {
            return Ok(None);
        };
        let stored = row
            .params
            .get(field)
            .and_then(Value::as_str)
            .filter(|s| s.starts_with(HMAC_PREFIX));
        Ok(stored.map(|stored| {
            let mine = self.redactor.mac(candidate);
            subtle::ConstantTimeEq::ct_eq(mine.as_bytes(), stored.as_bytes()).into()
        }))
    }
}

fn set_outcome(row: &mut NewRow, outcome: &Outcome) {
    match outcome {
        Outcome::Ok => row.outcome = Some(AuditOutcome::Ok),
        Outcome::Error { code, message } => {
            row.outcome = Some(AuditOutcome::Error);
            let mut code = code.clone();
            let mut message: String = message.chars().take(2000).collect();
            chain::normalise_text(&mut code);
            chain::normalise_text(&mut message);
            row.error_code = Some(code);
            row.error_message = Some(message);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn redactor() -> Redactor {
        Redactor::new(&vec![7u8; 32].into()).unwrap()
    }

    #[test]
    fn secrets_are_replaced_by_a_keyed_hmac_at_any_depth() {
        let mut params = json!({
            "username": "bob",
            "password": "canary-Pa55word",
            "nested": {"NewPassword": "canary-2", "list": [{"AccessKeySecret": 12345}]},
            "ClientToken": "not-a-secret",
        });
        redactor().redact(&mut params);
        let text = params.to_string();
        assert!(!text.contains("canary"), "{text}");
        assert!(!text.contains("12345"), "{text}");
        assert_eq!(params["username"], "bob");
        assert_eq!(params["ClientToken"], "not-a-secret");
        assert_eq!(params["password"], json!(redactor().mac("canary-Pa55word")));
        assert!(
            params["nested"]["list"][0]["AccessKeySecret"]
                .as_str()
                .unwrap()
                .starts_with(HMAC_PREFIX)
        );
    }

    #[test]
    fn the_hmac_depends_on_the_key() {
        let other = Redactor::new(&vec![8u8; 32].into()).unwrap();
        assert_ne!(redactor().mac("x"), other.mac("x"));
        assert_eq!(redactor().mac("x"), redactor().mac("x"));
    }

    #[test]
    fn params_debug_shows_keys_only() {
        let p = Params::new().with("password", "canary-debug");
        assert!(!format!("{p:?}").contains("canary"));
    }
}
