use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::Role;
use shared::rest::{Authentication, ErrorCode, Me, Token};
use sqlx::PgPool;

use crate::helpers::{As, error_of, spawn_app};

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_token_is_shown_once_and_stored_hashed(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let created = app.create_token(&admin, json!({"name": "deploy"})).await;
    let secret = created.token.expose().to_owned();
    assert!(secret.starts_with("cass_"));
    assert_eq!(
        created.details.role,
        Role::Admin,
        "defaults to the creator's role"
    );

    let listing = app
        .get("/api/v1/tokens", As::Session(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(!listing.contains(&secret));
    let tokens: Vec<Token> = serde_json::from_str(&listing).unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].name, "deploy");

    let stored: Vec<u8> = sqlx::query_scalar("select token_hash from api_tokens")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, Sha256::digest(secret.as_bytes()).to_vec());
    let any_plain: bool = sqlx::query_scalar("select exists (select 1 from api_tokens where encode(token_hash, 'escape') like '%cass_%')")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(!any_plain);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn bearer_calls_need_no_csrf_and_record_their_use(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let token = app
        .create_token(&admin, json!({"name": "provisioner"}))
        .await;
    let bearer = token.token.expose();
    let response = app
        .post(
            "/api/v1/users",
            As::Bearer(bearer),
            &json!({"username": "jill", "password": "long-enough-pass-1", "role": "viewer"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let me: Me = app
        .get("/api/v1/me", As::Bearer(bearer))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        matches!(me.authentication, Authentication::Token { ref name, .. } if name == "provisioner")
    );
    let last_used: Option<time::OffsetDateTime> =
        sqlx::query_scalar("select last_used_at from api_tokens")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(last_used.is_some());
    // Audit rows name the token.
    let rows = app.audit_rows().await;
    assert!(rows.iter().any(|r| r["action"] == "user.create"
        && r["token_name"] == "provisioner"
        && r["actor_kind"] == "token"));
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_token_role_is_capped_by_its_creator_and_owner(pool: PgPool) {
    let app = spawn_app(pool).await;
    let viewer = app.user_session("kim", "viewer").await;
    let response = app
        .post(
            "/api/v1/tokens",
            As::Session(&viewer),
            &json!({"name": "x", "role": "operator"}),
        )
        .await;
    let envelope = error_of(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        (
            envelope.error.fields[0].field.as_str(),
            envelope.error.fields[0].rule.as_str()
        ),
        ("role", "token.role")
    );

    let admin = app.admin().await;
    let operator = app.user_session("lena", "operator").await;
    let token = app.create_token(&operator, json!({"name": "ops"})).await;
    assert_eq!(token.details.role, Role::Operator);
    let me: Me = app
        .get("/api/v1/me", As::Bearer(token.token.expose()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.effective_role, Role::Operator);
    // Demoting the owner demotes the token.
    app.send_json(
        Method::PATCH,
        &format!("/api/v1/users/{}", operator.info.user.id),
        As::Session(&admin),
        &json!({"role": "viewer"}),
    )
    .await;
    let me: Me = app
        .get("/api/v1/me", As::Bearer(token.token.expose()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.effective_role, Role::Viewer);

    // An admin's viewer token is a viewer.
    let weak = app
        .create_token(&admin, json!({"name": "read-only", "role": "viewer"}))
        .await;
    let response = app
        .get("/api/v1/users", As::Bearer(weak.token.expose()))
        .await;
    assert_eq!(
        error_of(response, StatusCode::FORBIDDEN).await.error.code,
        ErrorCode::Forbidden
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn tokens_cannot_mint_tokens(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let token = app.create_token(&admin, json!({"name": "root"})).await;
    let response = app
        .post(
            "/api/v1/tokens",
            As::Bearer(token.token.expose()),
            &json!({"name": "child"}),
        )
        .await;
    assert_eq!(
        error_of(response, StatusCode::FORBIDDEN).await.error.code,
        ErrorCode::Forbidden
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_cluster_scoped_token_cannot_manage_the_panel(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let scoped = app
        .create_token(
            &admin,
            json!({"name": "one-cluster", "clusters": ["cds-aaa", "cds-bbb"]}),
        )
        .await;
    assert_eq!(
        scoped.details.clusters.as_deref(),
        Some(&["cds-aaa".to_owned(), "cds-bbb".to_owned()][..])
    );
    let bearer = scoped.token.expose();
    for path in ["/api/v1/users", "/api/v1/audit", "/api/v1/audit/verify"] {
        let response = app.get(path, As::Bearer(bearer)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let me: Me = app
        .get("/api/v1/me", As::Bearer(bearer))
        .await
        .json()
        .await
        .unwrap();
    match me.authentication {
        Authentication::Token { clusters, .. } => assert_eq!(clusters.unwrap().len(), 2),
        other => panic!("unexpected {other:?}"),
    }
    let unscoped = app
        .create_token(&admin, json!({"name": "everything"}))
        .await;
    assert_eq!(
        app.get("/api/v1/users", As::Bearer(unscoped.token.expose()))
            .await
            .status(),
        StatusCode::OK
    );

    let response = app
        .post(
            "/api/v1/tokens",
            As::Session(&admin),
            &json!({"name": "bad", "clusters": []}),
        )
        .await;
    let envelope = error_of(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(envelope.error.fields[0].rule, "token.clusters");
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn expired_tokens_are_refused(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let response = app
        .post(
            "/api/v1/tokens",
            As::Session(&admin),
            &json!({"name": "old", "expires_at": "2020-01-01T00:00:00Z"}),
        )
        .await;
    let envelope = error_of(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(envelope.error.fields[0].rule, "token.expiry");
    let response = app
        .post(
            "/api/v1/tokens",
            As::Session(&admin),
            &json!({"name": "old", "expires_at": "tomorrow"}),
        )
        .await;
    assert_eq!(
        error_of(response, StatusCode::BAD_REQUEST)
            .await
            .error
            .fields[0]
            .rule,
        "timestamp"
    );

    let expiring = app
        .create_token(
            &admin,
            json!({"name": "temp", "expires_at": "2099-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(
        expiring.details.expires_at.as_deref(),
        Some("2099-01-01T00:00:00Z")
    );
    let bearer = expiring.token.expose();
    assert_eq!(
        app.get("/api/v1/me", As::Bearer(bearer)).await.status(),
        StatusCode::OK
    );
    sqlx::query("update api_tokens set expires_at = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app.get("/api/v1/me", As::Bearer(bearer)).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn owners_and_admins_revoke_others_cannot_see(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let mia = app.user_session("mia", "operator").await;
    let ned = app.user_session("ned", "viewer").await;
    let mias = app.create_token(&mia, json!({"name": "mia-ci"})).await;
    let neds = app.create_token(&ned, json!({"name": "ned-ci"})).await;
    app.create_token(&admin, json!({"name": "admin-ci"})).await;

    let mine: Vec<Token> = app
        .get("/api/v1/tokens", As::Session(&ned))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        mine.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["ned-ci"]
    );
    let all: Vec<Token> = app
        .get("/api/v1/tokens", As::Session(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);

    // Someone else's token does not exist for a non-admin.
    let response = app
        .delete(
            &format!("/api/v1/tokens/{}", mias.details.id),
            As::Session(&ned),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/api/v1/me", As::Bearer(mias.token.expose()))
            .await
            .status(),
        StatusCode::OK
    );

    // A token may revoke itself; an admin may revoke anyone's.
    let response = app
        .delete(
            &format!("/api/v1/tokens/{}", neds.details.id),
            As::Bearer(neds.token.expose()),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", As::Bearer(neds.token.expose()))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let response = app
        .delete(
            &format!("/api/v1/tokens/{}", mias.details.id),
            As::Session(&admin),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", As::Bearer(mias.token.expose()))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let listed: Vec<Token> = app
        .get("/api/v1/tokens", As::Session(&mia))
        .await
        .json()
        .await
        .unwrap();
    assert!(listed[0].revoked_at.is_some());
    // A revoked name can be reused.
    app.create_token(&mia, json!({"name": "mia-ci"})).await;
    let duplicate = app
        .post(
            "/api/v1/tokens",
            As::Session(&mia),
            &json!({"name": "mia-ci"}),
        )
        .await;
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
}
