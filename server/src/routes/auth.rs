//! `POST /api/v1/auth/login`, `/refresh`, `/logout`.

use actix_web::{HttpRequest, HttpResponse, web};
use shared::rest::{LoginRequest, REFRESH_COOKIE};

use crate::audit::{Actor, Change, Context, Outcome, Params};
use crate::auth::throttle::user_key;
use crate::auth::{AuthUser, api_token, check_csrf, password, session};
use crate::db::{sessions, users};
use crate::error::AppError;
use crate::extract::{Json, RequestMeta};
use crate::startup::AppState;

/// Logs in. 401 with one message for a wrong password, an unknown or a disabled user;
/// 429 while the name or the address is locked by failed attempts.
#[tracing::instrument(name = "login", skip_all)]
pub async fn login(
    state: web::Data<AppState>,
    meta: RequestMeta,
    Json(body): Json<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let key = user_key(&state.keys, &body.username);
    let address = meta.source.as_deref();
    let credentials = users::find_credentials(&state.db, &body.username).await?;
    // Failed attempts are recorded under the name tried only if it is a user's: anything
    // else may be a password typed into the wrong field, so it is kept as a keyed HMAC.
    let tried = match &credentials {
        Some(_) => body.username.clone(),
        None => state.audit.fingerprint(&body.username),
    };
    let refused = |reason: &str, error: &AppError| {
        let ctx = Context::new(Actor::anonymous(&tried), &meta);
        let change =
            Change::new("auth.login").params(Params::new().with("username", tried.as_str()));
        (ctx, change, Outcome::error(reason, error.to_string()))
    };

    if let Err(locked) = state.throttle.check(&state.db, &key, address).await {
        let (ctx, change, outcome) = refused("locked", &locked);
        state.audit.record_event(&ctx, change, &outcome).await?;
        return Err(locked);
    }

    let stored = credentials.as_ref().map(|c| c.password_hash.clone());
    // Verified even for a missing user (against a dummy hash): same time, same answer.
    let matches = password::verify(body.password.clone(), stored).await?;
    let user_id = match &credentials {
        Some(c) if matches && !c.disabled => c.id,
        _ => {
            let reason = match &credentials {
                None => "unknown_user",
                Some(c) if c.disabled && matches => "user_disabled",
                Some(_) => "wrong_password",
            };
            state.throttle.failed(&state.db, &key, address).await?;
            let (ctx, change, outcome) = refused(reason, &AppError::InvalidCredentials);
            state.audit.record_event(&ctx, change, &outcome).await?;
            return Err(AppError::InvalidCredentials);
        }
    };

    let mut tx = state.db.begin().await?;
    let user = users::get(&mut tx, user_id)
        .await?
        .ok_or(AppError::InvalidCredentials)?;
    let issued = session::start(&mut tx, &state.keys, &state.sessions, &user, &meta).await?;
    users::touch_login(&mut tx, user.id).await?;
    let ctx = Context::new(Actor::user(&user.username), &meta);
    // Same transaction: no session exists unless its login is on record.
    let change =
        Change::new("auth.login").params(Params::new().with("username", user.username.as_str()));
    state
        .audit
        .record_event_in(&mut tx, &ctx, change, &Outcome::Ok)
        .await?;
    tx.commit().await?;
    state.throttle.succeeded(&state.db, &key).await?;
    tracing::info!(user = %user.username, "logged in");
    Ok(issued.respond(HttpResponse::Ok()))
}

/// Exchanges the refresh cookie for a new access cookie (and a new refresh token: each
/// refresh token works once).
#[tracing::instrument(name = "refresh", skip_all)]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let presented = req
        .cookie(REFRESH_COOKIE)
        .ok_or(AppError::Unauthenticated)?;
    let old_hash = api_token::digest(presented.value());
    let found = sessions::find_by_refresh(&state.db, &old_hash)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    check_csrf(&req, &state, found.id)?;
    let (refresh, new_hash) = session::new_refresh_token();
    if !sessions::rotate(&state.db, found.id, &old_hash, &new_hash).await? {
        return Err(AppError::Unauthenticated);
    }
    let mut conn = state.db.acquire().await?;
    let user = users::get(&mut conn, found.user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let issued = session::issue(
        &state.keys,
        &state.sessions,
        &user,
        found.id,
        found.expires_at,
        refresh,
    )?;
    Ok(issued.respond(HttpResponse::Ok()))
}

/// Ends the current browser session.
#[tracing::instrument(name = "logout", skip_all)]
pub async fn logout(
    state: web::Data<AppState>,
    meta: RequestMeta,
    AuthUser(principal): AuthUser,
) -> Result<HttpResponse, AppError> {
    let Some(session_id) = principal.session_id() else {
        return Err(AppError::BadRequest(
            "logout ends a browser session; revoke API tokens with DELETE /api/v1/tokens/{id}"
                .into(),
        ));
    };
    let mut tx = state.db.begin().await?;
    sessions::revoke(&mut tx, session_id).await?;
    let ctx = Context::new(principal.actor(), &meta);
    state
        .audit
        .record_event_in(&mut tx, &ctx, Change::new("auth.logout"), &Outcome::Ok)
        .await?;
    tx.commit().await?;
    let mut response = HttpResponse::NoContent();
    session::clear_cookies(&state.sessions, &mut response);
    Ok(response.finish())
}
