use reqwest::StatusCode;
use serde_json::json;
use shared::rest::{ErrorCode, Health};
use sqlx::PgPool;

use crate::helpers::{As, error_of, spawn_app};

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn healthz_and_readyz_answer_ok(pool: PgPool) {
    let app = spawn_app(pool).await;
    for path in ["/healthz", "/readyz"] {
        let response = app.get(path, As::Anonymous).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response.headers().contains_key("x-request-id"));
        let health: Health = response.json().await.unwrap();
        assert_eq!(health.status, "ok");
    }
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn readyz_is_503_when_the_database_is_gone(pool: PgPool) {
    let app = spawn_app(pool.clone()).await;
    pool.close().await;
    let envelope = error_of(
        app.get("/readyz", As::Anonymous).await,
        StatusCode::SERVICE_UNAVAILABLE,
    )
    .await;
    assert_eq!(envelope.error.code, ErrorCode::Unavailable);
    assert_eq!(envelope.error.message, "service unavailable");
    // Liveness does not depend on the database.
    assert_eq!(
        app.get("/healthz", As::Anonymous).await.status(),
        StatusCode::OK
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn unknown_paths_and_methods_answer_the_json_envelope(pool: PgPool) {
    let app = spawn_app(pool).await;
    for path in ["/api/v1/nothing", "/api/v2/me", "/nowhere"] {
        let response = app.get(path, As::Anonymous).await;
        let request_id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let envelope = error_of(response, StatusCode::NOT_FOUND).await;
        assert_eq!(envelope.error.code, ErrorCode::NotFound, "{path}");
        assert_eq!(
            envelope.error.request_id.as_deref(),
            Some(request_id.as_str())
        );
    }
    let response = app.delete("/api/v1/me", As::Anonymous).await;
    let envelope = error_of(response, StatusCode::METHOD_NOT_ALLOWED).await;
    assert_eq!(envelope.error.code, ErrorCode::MethodNotAllowed);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn malformed_bodies_answer_the_envelope(pool: PgPool) {
    let app = spawn_app(pool).await;
    let response = app
        .request(reqwest::Method::POST, "/api/v1/auth/login", As::Anonymous)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(response, StatusCode::BAD_REQUEST).await.error.code,
        ErrorCode::BadRequest
    );
    let response = app
        .request(reqwest::Method::POST, "/api/v1/auth/login", As::Anonymous)
        .header("content-type", "text/plain")
        .body(r#"{"username":"admin","password":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(response, StatusCode::BAD_REQUEST).await.error.code,
        ErrorCode::BadRequest
    );
    let response = app
        .post(
            "/api/v1/auth/login",
            As::Anonymous,
            &json!({"username": "admin"}),
        )
        .await;
    let envelope = error_of(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(envelope.error.fields[0].field, "password");
    assert_eq!(envelope.error.fields[0].rule, "required");
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn cors_is_off_unless_origins_are_listed(pool: PgPool) {
    let origin = "https://tools.example";
    let preflight = |app: &crate::helpers::TestApp| {
        app.request(reqwest::Method::OPTIONS, "/api/v1/me", As::Anonymous)
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .send()
    };
    let off = spawn_app(pool.clone()).await;
    let response = preflight(&off).await.unwrap();
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    let response = off.get("/healthz", As::Anonymous).await;
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    let on =
        crate::helpers::spawn_app_with(pool, |s| s.cors_origins = vec![origin.to_owned()]).await;
    let response = preflight(&on).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers()["access-control-allow-origin"], origin);
    assert_eq!(
        response.headers()["access-control-allow-credentials"],
        "true"
    );
    let response = on
        .request(reqwest::Method::GET, "/healthz", As::Anonymous)
        .header("origin", "https://elsewhere.example")
        .send()
        .await
        .unwrap();
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}
