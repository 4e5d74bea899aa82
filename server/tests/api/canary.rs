//! A distinctive secret goes through every path that handles secrets; it must never come
//! back out: not in the logs, not in the audit table, not in any response (except the one
//! answer that shows a new token, once).

use reqwest::{Method, Response, StatusCode};
use serde_json::json;
use sqlx::PgPool;

use crate::helpers::{As, Session, captured_logs, spawn_app};

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn a_canary_secret_never_leaks(pool: PgPool) {
    let app = spawn_app(pool).await;
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let first_password = format!("Canary-One-{tag}");
    let second_password = format!("Canary-Two-{tag}");
    let third_password = format!("Canary-Three-{tag}");
    let mut bodies: Vec<String> = Vec::new();
    async fn keep(bodies: &mut Vec<String>, response: Response) -> String {
        let text = response.text().await.unwrap();
        bodies.push(text.clone());
        text
    }

    let admin = app.admin().await;
    let created = app
        .post(
            "/api/v1/users",
            As::Session(&admin),
            &json!({"username": "victor", "password": first_password, "role": "operator"}),
        )
        .await;
    let user: shared::rest::User = serde_json::from_str(&keep(&mut bodies, created).await).unwrap();
    // A failed login with it as the password, and one with it as the user name.
    keep(
        &mut bodies,
        app.login("victor", &format!("{first_password}-wrong"))
            .await,
    )
    .await;
    keep(
        &mut bodies,
        app.login(&first_password, "whatever-password").await,
    )
    .await;
    let login = app.login("victor", &first_password).await;
    let mut victor = Session {
        cookies: Default::default(),
        csrf: String::new(),
        info: admin.info.clone(),
    };
    victor.absorb(&login);
    keep(&mut bodies, login).await;
    // Weak new password containing the canary: refused, and the refusal must not echo it.
    let weak = app
        .post(
            "/api/v1/me/password",
            As::Session(&victor),
            &json!({"current_password": first_password, "new_password": format!("victor{tag}")}),
        )
        .await;
    assert_eq!(weak.status(), StatusCode::BAD_REQUEST);
    keep(&mut bodies, weak).await;
    let changed = app
        .post(
            "/api/v1/me/password",
            As::Session(&victor),
            &json!({"current_password": first_password, "new_password": second_password}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    victor.absorb(&changed);
    keep(&mut bodies, changed).await;
    let patched = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/users/{}", user.id),
            As::Session(&admin),
            &json!({"password": third_password}),
        )
        .await;
    keep(&mut bodies, patched).await;
    // A wrongly typed field holding the canary must not be echoed either.
    let typed = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/users/{}", user.id),
            As::Session(&admin),
            &json!({"disabled": first_password}),
        )
        .await;
    assert_eq!(typed.status(), StatusCode::BAD_REQUEST);
    keep(&mut bodies, typed).await;

    let token_response = app
        .post(
            "/api/v1/tokens",
            As::Session(&admin),
            &json!({"name": format!("canary-{tag}")}),
        )
        .await;
    let created: shared::rest::CreatedToken = token_response.json().await.unwrap();
    let token = created.token.expose().to_owned();
    keep(&mut bodies, app.get("/api/v1/me", As::Bearer(&token)).await).await;
    keep(
        &mut bodies,
        app.get("/api/v1/tokens", As::Bearer(&token)).await,
    )
    .await;
    keep(
        &mut bodies,
        app.get("/api/v1/audit?limit=500", As::Bearer(&token)).await,
    )
    .await;
    keep(
        &mut bodies,
        app.get("/api/v1/audit/export.ndjson", As::Bearer(&token))
            .await,
    )
    .await;
    keep(
        &mut bodies,
        app.get("/api/v1/audit/export.csv", As::Bearer(&token))
            .await,
    )
    .await;
    keep(
        &mut bodies,
        app.get("/api/v1/users", As::Bearer(&token)).await,
    )
    .await;
    // A bad token that contains the real one.
    keep(
        &mut bodies,
        app.get("/api/v1/me", As::Bearer(&format!("{token}x")))
            .await,
    )
    .await;
    let check = app
        .post(
            "/api/v1/audit/1/check-secret",
            As::Bearer(&token),
            &json!({"field": "password", "value": first_password}),
        )
        .await;
    keep(&mut bodies, check).await;

    let secrets = [
        first_password.as_str(),
        second_password.as_str(),
        third_password.as_str(),
        token.as_str(),
    ];
    let token_secret_part = token.trim_start_matches("cass_");

    let logs = captured_logs();
    assert!(logs.contains("request handled"), "the log capture works");
    let audit = sqlx::query_scalar::<_, String>("select to_jsonb(a)::text from audit_log a")
        .fetch_all(&app.pool)
        .await
        .unwrap()
        .join("\n");
    assert!(audit.contains("victor"), "the audit rows were read");
    let tables = sqlx::query_scalar::<_, String>(
        "select to_jsonb(s)::text from sessions s
         union all select to_jsonb(t)::text from login_throttle t
         union all select to_jsonb(k)::text from api_tokens k
         union all select to_jsonb(u)::text from users u",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
    .join("\n");
    for secret in secrets.iter().copied().chain([token_secret_part]) {
        assert!(!logs.contains(secret), "a secret reached the logs");
        assert!(!audit.contains(secret), "a secret reached the audit log");
        assert!(!tables.contains(secret), "a secret reached a table");
        for body in &bodies {
            assert!(
                !body.contains(secret),
                "a secret reached a response: {body}"
            );
        }
    }
}
