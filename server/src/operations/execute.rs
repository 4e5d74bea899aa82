//! `Operations::execute` and the generic `run::<A>()` behind it (see the module docs).

use std::sync::Arc;
use std::time::Instant;

use futures_util::future::BoxFuture;
use serde_json::{Map, Value};
use shared::{Action, ActionMeta, ActionVisitor, catalog};

use super::access::{self, Denied};
use super::attempts::{AttemptRecord, Attempts};
use super::error::{ActionError, cloud_code, cloud_message};
use super::idempotency::{self, Claim, IdempotencyKey, IdempotencyStore, Scope, TokenDeriver};
use super::input;
use super::listener::SharedListener;
use crate::audit::{self, AuditError, AuditLog, Change, Intent, Outcome, Params};
use crate::auth::Principal;
use crate::backend::Backend;
use crate::cloud::CloudError;
use crate::error::AppError;
use crate::extract::RequestMeta;

/// What a caller submitted. `Debug` shows the body's keys only: values may be passwords.
pub struct Submission {
    pub principal: Principal,
    /// Where it came from, for the audit.
    pub origin: RequestMeta,
    /// The action's parameters by wire name.
    pub body: Map<String, Value>,
    pub idempotency_key: Option<IdempotencyKey>,
}

impl std::fmt::Debug for Submission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Submission")
            .field("principal", &self.principal.user.username)
            .field("body", &self.body.keys().collect::<Vec<_>>())
            .field("idempotency_key", &self.idempotency_key)
            .finish_non_exhaustive()
    }
}

/// The action's response, as JSON with the wire names.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub response: Value,
    /// A stored answer to an earlier submit with the same `Idempotency-Key`.
    pub replayed: bool,
}

/// Runs cloud actions for panel callers.
pub struct Operations {
    backend: Arc<Backend>,
    audit: AuditLog,
    keys: IdempotencyStore,
    deriver: TokenDeriver,
    listener: SharedListener,
}

impl std::fmt::Debug for Operations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operations")
            .field("backend", &self.backend.kind())
            .finish_non_exhaustive()
    }
}

type Runner = for<'a> fn(&'a Operations, Submission) -> BoxFuture<'a, Result<Answer, ActionError>>;

/// Picks `run::<A>` for an action name.
struct RunnerOf;

impl ActionVisitor for RunnerOf {
    type Output = Runner;

    fn visit<A: Action>(self) -> Runner {
        fn runner<A: Action>(
            ops: &Operations,
            submission: Submission,
        ) -> BoxFuture<'_, Result<Answer, ActionError>> {
            Box::pin(ops.run::<A>(submission))
        }
        runner::<A>
    }
}

impl Operations {
    /// `idempotency_secret`: the key the `ClientToken`s of idempotent submits are derived
    /// with (the state dir's `idempotency-key`).
    pub fn new(
        backend: Arc<Backend>,
        audit: AuditLog,
        idempotency_secret: &secrecy::SecretSlice<u8>,
        listener: SharedListener,
    ) -> Self {
        let keys = IdempotencyStore::new(audit.pool().clone());
        Self {
            backend,
            audit,
            keys,
            deriver: TokenDeriver::new(idempotency_secret),
            listener,
        }
    }

    pub fn backend(&self) -> &Arc<Backend> {
        &self.backend
    }

    pub fn idempotency_keys(&self) -> &IdempotencyStore {
        &self.keys
    }

    /// Run the action `meta` names (from `shared::catalog`) for `submission`.
    pub async fn execute(
        &self,
        meta: &ActionMeta,
        submission: Submission,
    ) -> Result<Answer, ActionError> {
        let runner = catalog::visit(meta.name, RunnerOf)
            .ok_or_else(|| AppError::not_found(format!("no action named {}", meta.name)))?;
        runner(self, submission).await
    }

    #[tracing::instrument(name = "action", skip_all, fields(action = A::META.name))]
    async fn run<A: Action>(&self, submission: Submission) -> Result<Answer, ActionError> {
        let Submission {
            principal,
            origin,
            mut body,
            idempotency_key,
        } = submission;
        access::check_role::<A>(&principal).map_err(denied)?;

        // A key only matters for changes; reads are repeatable anyway.
        let keyed = idempotency_key.filter(|_| A::META.mutates).map(|key| {
            let scope = Scope::of(&principal);
            let token = self.deriver.derive(&scope, A::META.name, &key);
            Keyed { scope, key, token }
        });
        if A::META.mutates {
            set_client_token(&mut body, keyed.as_ref().map(|k| k.token.clone()));
        }
        let request: A = input::parse(body.clone()).map_err(ActionError::Invalid)?;
        access::check_scope(&principal, &request).map_err(denied)?;
        if !A::META.mutates {
            return self.read(&principal, &request).await;
        }

        let request = match &keyed {
            None => request,
            Some(keyed) => match self.claim(keyed, request, body).await? {
                Claimed::Replay(answer) => return Ok(answer),
                Claimed::Proceed(request) => request,
            },
        };
        let ctx = audit::Context::new(principal.actor(), &origin);
        let answer = self.change(&ctx, &request).await?;
        if let Some(Keyed { scope, key, .. }) = &keyed
            && let Err(e) = self.keys.complete(scope, key, &answer.response).await
        {
            // The change is made and recorded; a retry will call the cloud again with the
            // same token, which the cloud deduplicates.
            tracing::warn!(error = ?e, "cannot store the response for the idempotency key");
        }
        Ok(answer)
    }

    /// Records the key's first use, or finds what an earlier submit with it left.
    async fn claim<A: Action>(
        &self,
        keyed: &Keyed,
        request: A,
        mut body: Map<String, Value>,
    ) -> Result<Claimed<A>, ActionError> {
        let fingerprint = idempotency::fingerprint(&request.to_params());
        let claim = self
            .keys
            .claim(
                &keyed.scope,
                &keyed.key,
                A::META.name,
                &fingerprint,
                &keyed.token,
            )
            .await
            .map_err(database_error)?;
        match claim {
            Claim::Replay { response } => {
                tracing::info!("answered from the idempotency key's stored response");
                Ok(Claimed::Replay(Answer {
                    response,
                    replayed: true,
                }))
            }
            Claim::Mismatch { action } => Err(AppError::Conflict(format!(
                "this Idempotency-Key was already used for a different request ({action}); use \
                 a new key for a new request"
            ))
            .into()),
            Claim::Proceed { client_token } if client_token != keyed.token => {
                // Stored under an earlier derivation secret: the stored token is the one the
                // cloud knows.
                set_client_token(&mut body, Some(client_token));
                Ok(Claimed::Proceed(
                    input::parse(body).map_err(ActionError::Invalid)?,
                ))
            }
            Claim::Proceed { .. } => Ok(Claimed::Proceed(request)),
        }
    }

    /// A read-only action: no audit, the answer filtered to a token's clusters.
    async fn read<A: Action>(
        &self,
        principal: &Principal,
        request: &A,
    ) -> Result<Answer, ActionError> {
        let (result, attempts) = self.call(request).await;
        let response = result.map_err(|error| ActionError::Cloud {
            error,
            attempts: attempts.count(),
        })?;
        let mut response = to_json(&response)?;
        if let Some(allowed) = principal.clusters() {
            access::filter_to_scope(&mut response, allowed);
        }
        Ok(Answer {
            response,
            replayed: false,
        })
    }

    /// A change: intent, call, outcome, nudge.
    async fn change<A: Action>(
        &self,
        ctx: &audit::Context,
        request: &A,
    ) -> Result<Answer, ActionError> {
        let clusters = request.cluster_ids();
        let mut change = Change::new(A::META.name).params(Params::from_wire(&request.to_params()));
        change = match clusters.as_slice() {
            [] => change,
            [one] => change.cluster(*one),
            many => change.target(format!("clusters/{}", many.join(","))),
        };
        if let Some(dc) = request.data_center_id() {
            change = change.data_center(dc);
        }
        // Fail closed: no intent on record, no change.
        let intent = self
            .audit
            .record_intent(ctx, change)
            .await
            .map_err(audit_unavailable)?;

        let started = Instant::now();
        let (result, attempts) = self.call(request).await;
        let elapsed = started.elapsed();
        let (outcome, created) = match &result {
            Ok(response) => (Outcome::Ok, created_cluster(&to_json(response)?)),
            Err(error) => (
                Outcome::error(cloud_code(error), cloud_message(error)),
                None,
            ),
        };
        let recorded = self
            .record_outcome(&intent, &outcome, &attempts, created.as_deref(), elapsed)
            .await;

        let response = match result {
            Ok(response) => response,
            Err(error) => {
                if let Err(e) = recorded {
                    tracing::error!(error = ?e, intent = %intent.id, "cannot record a failed change's outcome");
                }
                return Err(ActionError::Cloud {
                    error,
                    attempts: attempts.count(),
                });
            }
        };
        if let Err(e) = recorded {
            tracing::error!(error = ?e, intent = %intent.id, "cannot record a change's outcome");
            return Err(ActionError::Unrecorded {
                request_id: attempts.last_request_id().map(str::to_owned),
            });
        }
        for cluster in clusters.iter().copied().chain(created.as_deref()) {
            self.listener.cluster_changed(cluster);
        }
        Ok(Answer {
            response: to_json(&response)?,
            replayed: false,
        })
    }

    async fn record_outcome(
        &self,
        intent: &Intent,
        outcome: &Outcome,
        attempts: &Attempts,
        created: Option<&str>,
        elapsed: std::time::Duration,
    ) -> Result<(), AuditError> {
        let mut details = Params::new().with("attempts", attempts.to_json());
        if let Some(cluster) = created {
            details = details.with("CreatedClusterId", cluster);
        }
        self.audit
            .record_outcome_with(
                intent,
                outcome,
                attempts.last_request_id(),
                elapsed,
                details,
            )
            .await
            .map(|_| ())
    }

    /// The cloud call, with every attempt it made.
    async fn call<A: Action>(&self, request: &A) -> (Result<A::Response, CloudError>, Attempts) {
        let mut attempts = Vec::new();
        let result = self
            .backend
            .client()
            .call_observed(request, |attempt| {
                attempts.push(AttemptRecord::from(attempt))
            })
            .await;
        (result, Attempts(attempts))
    }
}

/// A change submitted with an `Idempotency-Key`, and the `ClientToken` derived from it.
struct Keyed {
    scope: Scope,
    key: IdempotencyKey,
    token: String,
}

enum Claimed<A> {
    Replay(Answer),
    Proceed(A),
}

/// The `ClientToken` a change goes out with: `derived` (from an `Idempotency-Key`) wins over
/// the body's; without either, a fresh random one. Request types without a `ClientToken`
/// parameter ignore the field.
fn set_client_token(body: &mut Map<String, Value>, derived: Option<String>) {
    match derived {
        Some(token) => {
            body.insert("ClientToken".into(), Value::String(token));
        }
        None => {
            body.entry("ClientToken")
                .or_insert_with(|| Value::String(idempotency::random_token()));
        }
    }
}

/// A create's new cluster, from its answer.
fn created_cluster(response: &Value) -> Option<String> {
    response
        .get("ClusterId")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Value, ActionError> {
    serde_json::to_value(value).map_err(|e| {
        AppError::Internal(anyhow::Error::new(e).context("cannot encode a response")).into()
    })
}

fn denied(denied: Denied) -> ActionError {
    AppError::forbidden(denied.to_string()).into()
}

/// The database is away (503: retry later), or something else is wrong with it (500).
fn database_error(e: sqlx::Error) -> ActionError {
    AppError::from(e).into()
}

fn audit_unavailable(e: AuditError) -> ActionError {
    match e {
        AuditError::Database(e) => database_error(e),
        other => AppError::Unavailable(anyhow::Error::new(other)).into(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use shared::Role;
    use time::OffsetDateTime;

    use super::*;
    use crate::auth::Via;
    use crate::db::DbRole;
    use crate::db::users::UserRow;

    #[test]
    fn a_submission_never_shows_its_values() {
        let now = OffsetDateTime::now_utc();
        let user = UserRow {
            id: 1,
            username: "alice".into(),
            role: DbRole(Role::Admin),
            disabled: false,
            created_at: now,
            updated_at: now,
            last_login_at: None,
        };
        let Value::Object(body) = json!({"ClusterId": "cds-1", "Password": "canary-Pw-123"}) else {
            unreachable!("an object")
        };
        let submission = Submission {
            principal: Principal {
                user,
                via: Via::Session {
                    id: uuid::Uuid::new_v4(),
                },
            },
            origin: RequestMeta::default(),
            body,
            idempotency_key: None,
        };
        let shown = format!("{submission:?}");
        assert!(
            shown.contains("Password") && !shown.contains("canary-Pw-123"),
            "{shown}"
        );
    }
}
