//! `GET /healthz` (the process answers) and `GET /readyz` (the database answers too).

use std::time::Duration;

use actix_web::{HttpResponse, web};
use shared::rest::Health;

use crate::error::AppError;
use crate::startup::AppState;

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
    })
}

pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let ping = sqlx::query_scalar!(r#"select 1 as "one!""#).fetch_one(&state.db);
    match tokio::time::timeout(Duration::from_secs(2), ping).await {
        Ok(Ok(_)) => Ok(HttpResponse::Ok().json(Health {
            status: "ok".into(),
        })),
        Ok(Err(e)) => Err(AppError::Unavailable(
            anyhow::Error::new(e).context("database unreachable"),
        )),
        Err(_) => Err(AppError::Unavailable(anyhow::anyhow!(
            "database did not answer within 2 s"
        ))),
    }
}
