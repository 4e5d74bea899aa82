//! `GET|POST /api/v1/tokens`, `DELETE /api/v1/tokens/{id}`.
//!
//! Everyone manages their own tokens; panel admins see and revoke everyone's. Minting needs
//! a browser session, so a leaked token cannot mint more.

use actix_web::{HttpResponse, web};
use shared::rest::{CreatedToken, FieldError, NewToken, Token, rules};
use time::OffsetDateTime;

use crate::audit::{Change, Context, Params};
use crate::auth::{AuthUser, SessionUser, api_token};
use crate::db::tokens::{self, NewToken as NewRow};
use crate::domain::{TokenName, parse_timestamp};
use crate::error::{AppError, is_unique_violation};
use crate::extract::{Json, RequestMeta};
use crate::startup::AppState;

pub async fn list_tokens(
    state: web::Data<AppState>,
    AuthUser(principal): AuthUser,
) -> Result<web::Json<Vec<Token>>, AppError> {
    let owner = (!principal.is_admin()).then_some(principal.user.id);
    let rows = tokens::list(&state.db, owner).await?;
    Ok(web::Json(rows.iter().map(|t| t.to_rest()).collect()))
}

#[tracing::instrument(name = "create token", skip_all)]
pub async fn create_token(
    state: web::Data<AppState>,
    meta: RequestMeta,
    SessionUser(principal): SessionUser,
    Json(body): Json<NewToken>,
) -> Result<HttpResponse, AppError> {
    let creator_role = principal.role();
    let mut errors = Vec::new();
    let name = TokenName::parse("name", &body.name)
        .map_err(|e| errors.push(e))
        .ok();
    let role = body.role.unwrap_or(creator_role);
    if role > creator_role {
        errors.push(FieldError::new(
            "role",
            rules::code::TOKEN_ROLE,
            format!("may be at most your own role ({creator_role})"),
        ));
    }
    let expires_at = match body
        .expires_at
        .as_deref()
        .map(|t| parse_timestamp("expires_at", t))
    {
        Some(Ok(at)) if at <= OffsetDateTime::now_utc() => {
            errors.push(FieldError::new(
                "expires_at",
                rules::code::TOKEN_EXPIRY,
                "must be in the future",
            ));
            None
        }
        Some(Ok(at)) => Some(at),
        Some(Err(e)) => {
            errors.push(e);
            None
        }
        None => None,
    };
    if let Some(clusters) = &body.clusters
        && let Err(e) = rules::token_clusters("clusters", clusters)
    {
        errors.push(e);
    }
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };

    let mut params = Params::new()
        .with("name", name.as_str())
        .with("role", role.as_str());
    if let Some(at) = &body.expires_at {
        params = params.with("expires_at", at.as_str());
    }
    if let Some(clusters) = &body.clusters {
        params = params.with("clusters", clusters.clone());
    }
    let change = Change::new("token.create")
        .target(format!("user/{}", principal.user.username))
        .params(params);
    let ctx = Context::new(principal.actor(), &meta);
    let (secret, row) = state
        .audit
        .audited(&ctx, change, || async {
            let (secret, hash) = api_token::generate();
            let mut conn = state.db.acquire().await?;
            let new = NewRow {
                user_id: principal.user.id,
                name: name.as_str(),
                role,
                token_hash: &hash,
                clusters: body.clusters.as_deref(),
                expires_at,
            };
            let row = tokens::insert(&mut conn, &new).await.map_err(|e| {
                if is_unique_violation(&e, "api_tokens_live_name") {
                    AppError::Conflict(format!(
                        "you already have a live token named {}",
                        name.as_str()
                    ))
                } else {
                    e.into()
                }
            })?;
            Ok::<_, AppError>((secret, row))
        })
        .await?;
    Ok(HttpResponse::Created().json(CreatedToken {
        token: secret,
        details: row.to_rest(),
    }))
}

/// Revokes a token: one's own, or anyone's for a panel admin. Someone else's token answers
/// 404, as if it did not exist.
#[tracing::instrument(name = "revoke token", skip_all, fields(id = *id))]
pub async fn revoke_token(
    state: web::Data<AppState>,
    meta: RequestMeta,
    AuthUser(principal): AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let mut conn = state.db.acquire().await?;
    let token = tokens::get(&mut conn, *id)
        .await?
        .filter(|t| principal.is_admin() || t.user_id == principal.user.id)
        .ok_or_else(|| AppError::not_found("no such token"))?;
    drop(conn);
    let change = Change::new("token.revoke")
        .target(format!("token/{}", token.id))
        .params(
            Params::new()
                .with("name", token.name.as_str())
                .with("owner", token.owner.as_str()),
        );
    let ctx = Context::new(principal.actor(), &meta);
    state
        .audit
        .audited(&ctx, change, || async {
            let mut conn = state.db.acquire().await?;
            tokens::revoke(&mut conn, token.id).await?;
            Ok::<_, AppError>(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
