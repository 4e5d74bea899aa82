//! The REST API, one module per resource. Paths are written once, here.
//!
//! | method and path | who |
//! | --- | --- |
//! | `POST /api/v1/auth/login`, `/refresh`, `/logout` | anyone / session / session |
//! | `GET /api/v1/me`, `POST /api/v1/me/password` | any caller / session |
//! | `GET, POST /api/v1/users`, `GET, PATCH, DELETE /api/v1/users/{id}` | panel admin |
//! | `GET, POST /api/v1/tokens`, `DELETE /api/v1/tokens/{id}` | any caller (POST: session) |
//! | `GET /api/v1/audit`, `/audit/verify`, `/audit/export.{ndjson,csv}` | panel admin |
//! | `POST /api/v1/audit/{id}/check-secret` | panel admin |
//! | `GET /api/v1/clusters`, `/clusters/{id}`, `/clusters/{id}/timeline` | viewer (token scope) |
//! | `GET /api/v1/info` | anyone |
//! | `GET /api/v1/actions` | any caller |
//! | `POST /api/v1/actions/{Action}` | the action's minimum role (README, Roles) |
//! | `GET /healthz`, `GET /readyz` | anyone |
//! | `GET /api/openapi.json`, `/api/docs` (+ `docs.js`, `docs.css`) | anyone |
//! | `GET` anything else: the browser app (`frontend::serve`) | anyone |

pub mod actions;
pub mod audit;
pub mod auth;
pub mod clusters;
pub mod frontend;
pub mod health;
pub mod info;
pub mod me;
pub mod openapi;
pub mod tokens;
pub mod users;

use actix_web::http::header::{CACHE_CONTROL, HeaderValue, X_CONTENT_TYPE_OPTIONS};
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpResponse, Resource, web};

use crate::error::AppError;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .service(resource("/api/openapi.json").route(web::get().to(openapi::get_openapi)))
        .service(resource("/api/docs").route(web::get().to(openapi::get_docs)))
        .service(resource("/api/docs/docs.js").route(web::get().to(openapi::get_docs_script)))
        .service(resource("/api/docs/docs.css").route(web::get().to(openapi::get_docs_style)))
        .service(
            web::scope("/api/v1")
                // API answers are per user and may hold secrets (a new token): never cache.
                .wrap(
                    DefaultHeaders::new()
                        .add((CACHE_CONTROL, HeaderValue::from_static("no-store")))
                        .add((X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"))),
                )
                .service(resource("/auth/login").route(web::post().to(auth::login)))
                .service(resource("/auth/refresh").route(web::post().to(auth::refresh)))
                .service(resource("/auth/logout").route(web::post().to(auth::logout)))
                .service(resource("/me").route(web::get().to(me::get_me)))
                .service(resource("/me/password").route(web::post().to(me::change_password)))
                .service(
                    resource("/users")
                        .route(web::get().to(users::list_users))
                        .route(web::post().to(users::create_user)),
                )
                .service(
                    resource("/users/{id}")
                        .route(web::get().to(users::get_user))
                        .route(web::patch().to(users::update_user))
                        .route(web::delete().to(users::delete_user)),
                )
                .service(
                    resource("/tokens")
                        .route(web::get().to(tokens::list_tokens))
                        .route(web::post().to(tokens::create_token)),
                )
                .service(resource("/tokens/{id}").route(web::delete().to(tokens::revoke_token)))
                .service(resource("/audit").route(web::get().to(audit::search_audit)))
                .service(resource("/audit/verify").route(web::get().to(audit::verify_audit)))
                .service(
                    resource("/audit/export.ndjson").route(web::get().to(audit::export_ndjson)),
                )
                .service(resource("/audit/export.csv").route(web::get().to(audit::export_csv)))
                .service(
                    resource("/audit/{id}/check-secret").route(web::post().to(audit::check_secret)),
                )
                .service(resource("/clusters").route(web::get().to(clusters::list_clusters)))
                .service(resource("/clusters/{id}").route(web::get().to(clusters::get_cluster)))
                .service(
                    resource("/clusters/{id}/timeline")
                        .route(web::get().to(clusters::get_cluster_timeline)),
                )
                .service(resource("/info").route(web::get().to(info::get_info)))
                .service(resource("/actions").route(web::get().to(actions::list_actions)))
                .service(
                    resource("/actions/{name}")
                        .app_data(web::PayloadConfig::new(crate::extract::JSON_LIMIT))
                        .route(web::post().to(actions::call_action)),
                )
                .default_service(web::to(not_found)),
        )
        // The browser app (and JSON 404s for unknown `/api/...` paths).
        .default_service(web::to(frontend::serve));
}

/// A resource whose unsupported methods answer 405 in the envelope.
fn resource(path: &str) -> Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::not_found("no such endpoint"))
}

async fn method_not_allowed() -> Result<HttpResponse, AppError> {
    Err(AppError::MethodNotAllowed)
}
