//! `POST /api/v1/actions/{Action}`: any of the 58 cloud actions, with the `shared` request
//! type as JSON (wire names) and its response type back; `GET /api/v1/actions`: the catalog.
//!
//! ```text
//! curl -X POST http://127.0.0.1:8080/api/v1/actions/DescribeCluster \
//!      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
//!      -d '{"ClusterId": "cds-bp1demo0000000001"}'
//! ```
//!
//! Creates take an `Idempotency-Key` header: a retry with the same key makes no second
//! cluster, and after a success answers the stored response (`Idempotent-Replayed: true`).

use actix_web::http::header::HeaderValue;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use serde::Serialize;
use shared::{Group, Role, catalog};

use crate::auth::{self, AuthUser};
use crate::error::AppError;
use crate::extract::RequestMeta;
use crate::operations::idempotency::{self, IdempotencyKey};
use crate::operations::{ActionError, Operations, Submission, input};

/// Calls the action named in the path.
pub async fn call_action(
    req: HttpRequest,
    name: web::Path<String>,
    body: web::Bytes,
    operations: web::Data<Operations>,
) -> Result<HttpResponse, ActionError> {
    let meta = catalog::meta(&name).ok_or_else(|| {
        AppError::not_found(format!(
            "no action named `{name}`; GET /api/v1/actions lists them"
        ))
    })?;
    let principal = auth::authenticate(&req).await?;
    // Before the body is looked at: a caller who may not run the action learns nothing more.
    principal.require_role(meta.min_role)?;

    if !body.iter().all(|b| b.is_ascii_whitespace()) && !is_json(&req) {
        return Err(AppError::BadRequest("expected Content-Type: application/json".into()).into());
    }
    let body = input::body_object(&body).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let idempotency_key = match req.headers().get(idempotency::HEADER) {
        Some(value) => Some(
            IdempotencyKey::parse(value.as_bytes())
                .map_err(|e| AppError::BadRequest(e.to_string()))?,
        ),
        None => None,
    };
    let submission = Submission {
        principal,
        origin: RequestMeta::of(&req),
        body,
        idempotency_key,
    };
    let answer = operations.execute(meta, submission).await?;

    let mut response = HttpResponse::Ok();
    if answer.replayed {
        response.insert_header((
            idempotency::REPLAYED_HEADER,
            HeaderValue::from_static("true"),
        ));
    }
    Ok(response.json(answer.response))
}

fn is_json(req: &HttpRequest) -> bool {
    req.mime_type()
        .ok()
        .flatten()
        .is_some_and(|m| m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json"))
}

/// One entry of `GET /api/v1/actions`.
#[derive(Debug, Serialize)]
pub struct ActionInfo {
    pub name: &'static str,
    pub group: Group,
    pub mutates: bool,
    pub min_role: Role,
    /// Whether the caller's role is enough (a token's cluster scope may still refuse it).
    pub allowed: bool,
}

/// The catalog, with what the caller may call.
pub async fn list_actions(AuthUser(principal): AuthUser) -> web::Json<Vec<ActionInfo>> {
    let role = principal.role();
    web::Json(
        catalog::ALL
            .iter()
            .map(|m| ActionInfo {
                name: m.name,
                group: m.group,
                mutates: m.mutates,
                min_role: m.min_role,
                allowed: role >= m.min_role,
            })
            .collect(),
    )
}
