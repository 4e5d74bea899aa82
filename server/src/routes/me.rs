//! `GET /api/v1/me`, `POST /api/v1/me/password`.

use actix_web::{HttpResponse, web};
use shared::rest::FieldError;
use shared::rest::{Me, PasswordChange, rules::code};

use crate::accounts;
use crate::audit::Context;
use crate::auth::throttle::user_key;
use crate::auth::{AuthUser, SessionUser, password, session};
use crate::db::users;
use crate::domain::NewPassword;
use crate::error::AppError;
use crate::extract::{Json, RequestMeta};
use crate::startup::AppState;

pub async fn get_me(AuthUser(principal): AuthUser) -> web::Json<Me> {
    web::Json(principal.me())
}

/// Changes the caller's password: needs the current one (throttled like a login), ends
/// every session of the user, and answers a fresh session.
#[tracing::instrument(name = "change password", skip_all)]
pub async fn change_password(
    state: web::Data<AppState>,
    meta: RequestMeta,
    SessionUser(principal): SessionUser,
    Json(body): Json<PasswordChange>,
) -> Result<HttpResponse, AppError> {
    let user = &principal.user;
    let key = user_key(&state.keys, &user.username);
    state
        .throttle
        .check(&state.db, &key, meta.source.as_deref())
        .await?;
    let mut conn = state.db.acquire().await?;
    let stored = users::password_hash(&mut conn, user.id).await?;
    drop(conn);
    if !password::verify(body.current_password.clone(), stored).await? {
        state
            .throttle
            .failed(&state.db, &key, meta.source.as_deref())
            .await?;
        return Err(AppError::field(FieldError::new(
            "current_password",
            code::CURRENT_PASSWORD,
            "is not your current password",
        )));
    }
    let new_password =
        NewPassword::parse("new_password", body.new_password.clone(), &user.username)
            .map_err(AppError::field)?;
    let ctx = Context::new(principal.actor(), &meta);
    accounts::change_own_password(&state.audit, &ctx, user, new_password).await?;

    let mut tx = state.db.begin().await?;
    let issued = session::start(&mut tx, &state.keys, &state.sessions, user, &meta).await?;
    tx.commit().await?;
    Ok(issued.respond(HttpResponse::Ok()))
}
