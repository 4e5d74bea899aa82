use reqwest::{Method, StatusCode};
use serde_json::json;
use shared::rest::{ErrorCode, User};
use sqlx::PgPool;

use crate::helpers::{As, Session, TestApp, error_of, spawn_app};

async fn patch_user(
    app: &TestApp,
    who: As<'_>,
    id: i64,
    body: serde_json::Value,
) -> reqwest::Response {
    app.send_json(Method::PATCH, &format!("/api/v1/users/{id}"), who, &body)
        .await
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn only_admins_manage_users(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let target = app
        .create_user(&admin, "target", "long-enough-pass-1", "viewer")
        .await;
    let new_user =
        json!({"username": "newbie", "password": "long-enough-pass-1", "role": "viewer"});
    for role in ["viewer", "operator"] {
        let session: Session = app.user_session(&format!("a-{role}"), role).await;
        let who = As::Session(&session);
        let checks = [
            app.get("/api/v1/users", who).await,
            app.get(&format!("/api/v1/users/{}", target.id), who).await,
            app.post("/api/v1/users", who, &new_user).await,
            patch_user(&app, who, target.id.0, json!({"role": "admin"})).await,
            app.delete(&format!("/api/v1/users/{}", target.id), who)
                .await,
        ];
        for response in checks {
            let envelope = error_of(response, StatusCode::FORBIDDEN).await;
            assert_eq!(envelope.error.code, ErrorCode::Forbidden, "{role}");
        }
    }
    let users: Vec<User> = app
        .get("/api/v1/users", As::Session(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(users.iter().any(|u| u.username == "target"));
    assert!(!users.iter().any(|u| u.username == "newbie"));
    let promoted = patch_user(
        &app,
        As::Session(&admin),
        target.id.0,
        json!({"role": "operator"}),
    )
    .await;
    assert_eq!(promoted.status(), StatusCode::OK);
    let promoted: User = promoted.json().await.unwrap();
    assert_eq!(promoted.role, shared::Role::Operator);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn invalid_users_are_refused_field_by_field(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let response = app
        .post(
            "/api/v1/users",
            As::Session(&admin),
            &json!({"username": "Bad Name", "password": "short", "role": "viewer"}),
        )
        .await;
    let envelope = error_of(response, StatusCode::BAD_REQUEST).await;
    let fields: Vec<(&str, &str)> = envelope
        .error
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.rule.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("username", "username.character"),
            ("password", "user_password.length")
        ]
    );

    let response = app
        .post(
            "/api/v1/users",
            As::Session(&admin),
            &json!({"username": "frank", "password": "frankly-a-password", "role": "root"}),
        )
        .await;
    let envelope = error_of(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        (
            envelope.error.fields[0].field.as_str(),
            envelope.error.fields[0].rule.as_str()
        ),
        ("role", "one_of")
    );

    let response = app
        .post(
            "/api/v1/users",
            As::Session(&admin),
            &json!({"username": "frank", "password": "my-frank-password", "role": "viewer"}),
        )
        .await;
    let envelope = error_of(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        envelope.error.fields[0].rule,
        "user_password.contains_username"
    );

    app.create_user(&admin, "frank", "a-good-password", "viewer")
        .await;
    let again = app
        .post(
            "/api/v1/users",
            As::Session(&admin),
            &json!({"username": "frank", "password": "a-good-password", "role": "viewer"}),
        )
        .await;
    assert_eq!(
        error_of(again, StatusCode::CONFLICT).await.error.code,
        ErrorCode::Conflict
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn the_last_enabled_admin_stays(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let me = admin.info.user.id.0;
    for body in [json!({"role": "operator"}), json!({"disabled": true})] {
        let response = patch_user(&app, As::Session(&admin), me, body).await;
        assert_eq!(
            error_of(response, StatusCode::CONFLICT).await.error.code,
            ErrorCode::Conflict
        );
    }
    let response = app
        .delete(&format!("/api/v1/users/{me}"), As::Session(&admin))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);

    app.create_user(&admin, "second-admin", "another-adm1n-pw", "admin")
        .await;
    let response = patch_user(&app, As::Session(&admin), me, json!({"role": "viewer"})).await;
    assert_eq!(response.status(), StatusCode::OK);
    // Demoted: the same session no longer manages users.
    assert_eq!(
        app.get("/api/v1/users", As::Session(&admin)).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn disabling_a_user_ends_their_sessions_and_tokens(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let user = app
        .create_user(&admin, "gina", "long-enough-pass-1", "operator")
        .await;
    let gina = app.login_ok("gina", "long-enough-pass-1").await;
    let token = app.create_token(&gina, json!({"name": "ci"})).await;
    let bearer = token.token.expose().to_owned();
    assert_eq!(
        app.get("/api/v1/me", As::Bearer(&bearer)).await.status(),
        StatusCode::OK
    );

    let response = patch_user(
        &app,
        As::Session(&admin),
        user.id.0,
        json!({"disabled": true}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/me", As::Session(&gina)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/me", As::Bearer(&bearer)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("gina", "long-enough-pass-1").await.status(),
        StatusCode::UNAUTHORIZED
    );

    let response = patch_user(
        &app,
        As::Session(&admin),
        user.id.0,
        json!({"disabled": false}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    app.login_ok("gina", "long-enough-pass-1").await;
    assert_eq!(
        app.get("/api/v1/me", As::Bearer(&bearer)).await.status(),
        StatusCode::OK
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn deleting_a_user_removes_their_access_but_not_the_audit_trail(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let user = app
        .create_user(&admin, "hank", "long-enough-pass-1", "viewer")
        .await;
    let hank = app.login_ok("hank", "long-enough-pass-1").await;
    let token = app.create_token(&hank, json!({"name": "script"})).await;

    let response = app
        .delete(&format!("/api/v1/users/{}", user.id), As::Session(&admin))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", As::Session(&hank)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/me", As::Bearer(token.token.expose()))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let response = app
        .get(&format!("/api/v1/users/{}", user.id), As::Session(&admin))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/api/v1/users/not-a-number", As::Session(&admin))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let hank_rows = app
        .audit_rows()
        .await
        .into_iter()
        .filter(|r| r["actor"] == "hank")
        .count();
    assert!(
        hank_rows >= 2,
        "hank's login and token creation stay on record"
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn an_empty_patch_is_refused(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let user = app
        .create_user(&admin, "ivan", "long-enough-pass-1", "viewer")
        .await;
    let response = patch_user(&app, As::Session(&admin), user.id.0, json!({})).await;
    let envelope = error_of(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(envelope.error.fields[0].rule, "required");
    let response = patch_user(
        &app,
        As::Session(&admin),
        999_999,
        json!({"role": "viewer"}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
