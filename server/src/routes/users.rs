//! `GET|POST /api/v1/users`, `GET|PATCH|DELETE /api/v1/users/{id}` (panel admins).

use actix_web::{HttpResponse, web};
use shared::rest::{NewUser, User, UserPatch};

use crate::accounts;
use crate::audit::Context;
use crate::auth::PanelAdmin;
use crate::db::users;
use crate::error::AppError;
use crate::extract::{Json, RequestMeta};
use crate::startup::AppState;

pub async fn list_users(
    state: web::Data<AppState>,
    _admin: PanelAdmin,
) -> Result<web::Json<Vec<User>>, AppError> {
    let rows = users::list(&state.db).await?;
    Ok(web::Json(rows.iter().map(|u| u.to_rest()).collect()))
}

pub async fn get_user(
    state: web::Data<AppState>,
    _admin: PanelAdmin,
    id: web::Path<i64>,
) -> Result<web::Json<User>, AppError> {
    let mut conn = state.db.acquire().await?;
    let user = users::get(&mut conn, *id)
        .await?
        .ok_or_else(|| AppError::not_found("no such user"))?;
    Ok(web::Json(user.to_rest()))
}

#[tracing::instrument(name = "create user", skip_all)]
pub async fn create_user(
    state: web::Data<AppState>,
    meta: RequestMeta,
    PanelAdmin(admin): PanelAdmin,
    Json(body): Json<NewUser>,
) -> Result<HttpResponse, AppError> {
    let ctx = Context::new(admin.actor(), &meta);
    let user = accounts::create_user(&state.audit, &ctx, body).await?;
    Ok(HttpResponse::Created().json(user.to_rest()))
}

#[tracing::instrument(name = "update user", skip_all, fields(id = *id))]
pub async fn update_user(
    state: web::Data<AppState>,
    meta: RequestMeta,
    PanelAdmin(admin): PanelAdmin,
    id: web::Path<i64>,
    Json(body): Json<UserPatch>,
) -> Result<web::Json<User>, AppError> {
    let ctx = Context::new(admin.actor(), &meta);
    let user = accounts::update_user(&state.audit, &ctx, *id, body).await?;
    Ok(web::Json(user.to_rest()))
}

#[tracing::instrument(name = "delete user", skip_all, fields(id = *id))]
pub async fn delete_user(
    state: web::Data<AppState>,
    meta: RequestMeta,
    PanelAdmin(admin): PanelAdmin,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let ctx = Context::new(admin.actor(), &meta);
    accounts::delete_user(&state.audit, &ctx, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
