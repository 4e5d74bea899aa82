//! `GET /api/v1/audit` (search), `/audit/verify`, `/audit/export.{ndjson,csv}`,
//! `POST /api/v1/audit/{id}/check-secret` (panel admins).

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use shared::rest::{
    AuditFilter, AuditId, AuditPage, ChainReport, FieldError, SecretCheck, SecretCheckResult,
    rules::code,
};

use crate::audit::export::{self, Format};
use crate::audit::{Change, Context, Outcome, Params, verify};
use crate::auth::PanelAdmin;
use crate::db::audit::{self as store, Direction, Filter};
use crate::domain::parse_timestamp;
use crate::error::AppError;
use crate::extract::{Json, RequestMeta};
use crate::startup::AppState;

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 500;

fn parse_filter(q: &AuditFilter) -> Result<Filter, AppError> {
    let mut errors = Vec::new();
    let mut time = |field: &str, value: &Option<String>| match value
        .as_deref()
        .map(|v| parse_timestamp(field, v))
    {
        Some(Ok(at)) => Some(at),
        Some(Err(e)) => {
            errors.push(e);
            None
        }
        None => None,
    };
    let since = time("since", &q.since);
    let until = time("until", &q.until);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let nonempty = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
    Ok(Filter {
        actor: nonempty(&q.actor),
        action: nonempty(&q.action),
        cluster: nonempty(&q.cluster),
        outcome: q.outcome,
        since,
        until,
    })
}

/// One page, newest first; `next_before` continues it.
pub async fn search_audit(
    state: web::Data<AppState>,
    _admin: PanelAdmin,
    query: web::Query<AuditFilter>,
) -> Result<web::Json<AuditPage>, AppError> {
    let filter = parse_filter(&query)?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::field(FieldError::new(
            "limit",
            code::RANGE,
            format!("must be 1-{MAX_LIMIT}"),
        )));
    }
    let before = query.before.map(|b| b.0);
    // One row more than asked tells whether another page exists.
    let mut rows = store::page(
        &state.db,
        &filter,
        Direction::Older { before },
        i64::from(limit) + 1,
    )
    .await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_before = more.then(|| rows.last().map(|r| AuditId(r.id))).flatten();
    let entries = rows
        .iter()
        .map(|r| {
            r.to_rest()
                .map_err(|e| AppError::Internal(anyhow::anyhow!("audit row {}: {e}", r.id)))
        })
        .collect::<Result<_, _>>()?;
    Ok(web::Json(AuditPage {
        entries,
        next_before,
    }))
}

/// Walks the whole chain; 200 either way, `intact` says how it went.
pub async fn verify_audit(
    state: web::Data<AppState>,
    _admin: PanelAdmin,
) -> Result<web::Json<ChainReport>, AppError> {
    Ok(web::Json(verify::verify(&state.db).await?))
}

pub async fn export_ndjson(
    state: web::Data<AppState>,
    admin: PanelAdmin,
    query: web::Query<AuditFilter>,
) -> Result<HttpResponse, AppError> {
    export_as(state, admin, query, Format::Ndjson)
}

pub async fn export_csv(
    state: web::Data<AppState>,
    admin: PanelAdmin,
    query: web::Query<AuditFilter>,
) -> Result<HttpResponse, AppError> {
    export_as(state, admin, query, Format::Csv)
}

/// Every matching row, oldest first, streamed.
fn export_as(
    state: web::Data<AppState>,
    _admin: PanelAdmin,
    query: web::Query<AuditFilter>,
    format: Format,
) -> Result<HttpResponse, AppError> {
    let filter = parse_filter(&query)?;
    let disposition = format!(
        "attachment; filename=\"cassadmin-audit.{}\"",
        format.extension()
    );
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .streaming(export::stream(state.db.clone(), filter, format)))
}

/// Was a secret parameter of entry `id` set to this value? Each check is itself audited,
/// so guessing leaves a trail.
pub async fn check_secret(
    state: web::Data<AppState>,
    meta: RequestMeta,
    PanelAdmin(admin): PanelAdmin,
    id: web::Path<i64>,
    Json(body): Json<SecretCheck>,
) -> Result<web::Json<SecretCheckResult>, AppError> {
    let found = state
        .audit
        .secret_matches(AuditId(*id), &body.field, body.value.expose())
        .await?;
    let change = Change::new("audit.check_secret")
        .target(format!("audit/{}", *id))
        .params(Params::new().with("field", body.field.as_str()));
    let outcome = match found {
        Some(_) => Outcome::Ok,
        None => Outcome::error("not_found", "no such entry or secret field"),
    };
    let ctx = Context::new(admin.actor(), &meta);
    state.audit.record_event(&ctx, change, &outcome).await?;
    match found {
        Some(matches) => Ok(web::Json(SecretCheckResult { matches })),
        None => Err(AppError::not_found(format!(
            "entry {} has no secret field {}",
            *id, body.field
        ))),
    }
}
