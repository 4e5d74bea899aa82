use std::time::Duration;

use base64::Engine;
use cassadmin::auth::keys::Keys;
use cassadmin::auth::throttle::ThrottlePolicy;
use reqwest::StatusCode;
use serde_json::json;
use shared::Role;
use shared::rest::{Authentication, CSRF_COOKIE, ErrorCode, Me, REFRESH_COOKIE, SESSION_COOKIE};
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::helpers::{ADMIN_PASSWORD, As, error_of, set_cookie_header, spawn_app, spawn_app_with};

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn login_sets_strict_http_only_cookies_and_me_answers(pool: PgPool) {
    let app = spawn_app(pool).await;
    let response = app.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let access = set_cookie_header(&response, SESSION_COOKIE).unwrap();
    let refresh = set_cookie_header(&response, REFRESH_COOKIE).unwrap();
    let csrf = set_cookie_header(&response, CSRF_COOKIE).unwrap();
    for cookie in [&access, &refresh, &csrf] {
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(cookie.contains("Max-Age="), "{cookie}");
    }
    assert!(
        access.contains("HttpOnly") && access.contains("Path=/;"),
        "{access}"
    );
    assert!(
        refresh.contains("HttpOnly") && refresh.contains("Path=/api/v1/auth"),
        "{refresh}"
    );
    assert!(
        !csrf.contains("HttpOnly"),
        "the app must be able to read {csrf}"
    );

    let session = app.login_ok("admin", ADMIN_PASSWORD).await;
    let me: Me = app
        .get("/api/v1/me", As::Session(&session))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.user.username, "admin");
    assert_eq!(me.effective_role, Role::Admin);
    assert_eq!(me.authentication, Authentication::Session);
    assert!(me.user.last_login_at.is_some());
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn failed_logins_do_not_say_whether_the_user_exists(pool: PgPool) {
    let app = spawn_app(pool).await;
    let wrong_password = error_of(
        app.login("admin", "not-the-password").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let no_such_user = error_of(
        app.login("nobody", "not-the-password").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(wrong_password.error.code, ErrorCode::Unauthenticated);
    assert_eq!(wrong_password.error.code, no_such_user.error.code);
    assert_eq!(wrong_password.error.message, no_such_user.error.message);
    assert_eq!(
        wrong_password.error.message,
        "invalid user name or password"
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn without_credentials_the_api_answers_401(pool: PgPool) {
    let app = spawn_app(pool).await;
    for path in [
        "/api/v1/me",
        "/api/v1/users",
        "/api/v1/tokens",
        "/api/v1/audit",
    ] {
        let envelope = error_of(app.get(path, As::Anonymous).await, StatusCode::UNAUTHORIZED).await;
        assert_eq!(envelope.error.code, ErrorCode::Unauthenticated, "{path}");
    }
    let garbage = app
        .get("/api/v1/me", As::Bearer("cass_not-a-real-token"))
        .await;
    assert_eq!(garbage.status(), StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn logout_revokes_the_session_at_once(pool: PgPool) {
    let app = spawn_app(pool).await;
    let session = app.admin().await;
    let other = app.admin().await;
    let response = app
        .post("/api/v1/auth/logout", As::Session(&session), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(
        set_cookie_header(&response, SESSION_COOKIE)
            .unwrap()
            .contains("Max-Age=0")
    );
    // The access JWT is still unexpired, but its session row is revoked.
    assert_eq!(
        app.get("/api/v1/me", As::Session(&session)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let refresh = app
        .post("/api/v1/auth/refresh", As::Session(&session), &json!({}))
        .await;
    assert_eq!(refresh.status(), StatusCode::UNAUTHORIZED);
    // Other sessions of the same user live on.
    assert_eq!(
        app.get("/api/v1/me", As::Session(&other)).await.status(),
        StatusCode::OK
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn refresh_rotates_the_refresh_token(pool: PgPool) {
    let app = spawn_app(pool).await;
    let mut session = app.admin().await;
    let before = session.clone();

    let no_csrf = app
        .post(
            "/api/v1/auth/refresh",
            As::SessionNoCsrf(&session),
            &json!({}),
        )
        .await;
    assert_eq!(
        error_of(no_csrf, StatusCode::FORBIDDEN).await.error.code,
        ErrorCode::CsrfFailed
    );

    let response = app
        .post("/api/v1/auth/refresh", As::Session(&session), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    session.absorb(&response);
    assert_ne!(
        session.cookies[REFRESH_COOKIE],
        before.cookies[REFRESH_COOKIE]
    );
    assert_eq!(
        session.csrf, before.csrf,
        "the CSRF token belongs to the session"
    );
    assert_eq!(
        app.get("/api/v1/me", As::Session(&session)).await.status(),
        StatusCode::OK
    );

    // Each refresh token works once.
    let replay = app
        .post("/api/v1/auth/refresh", As::Session(&before), &json!({}))
        .await;
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    let again = app
        .post("/api/v1/auth/refresh", As::Session(&session), &json!({}))
        .await;
    assert_eq!(again.status(), StatusCode::OK);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn expired_or_forged_access_tokens_are_refused_but_refresh_still_works(pool: PgPool) {
    let app = spawn_app(pool).await;
    let mut session = app.admin().await;
    let sid = app_session_id(&app).await;
    let secret_text =
        std::fs::read_to_string(app.state_dir.path().join("state/jwt-secret")).unwrap();
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(secret_text.trim())
        .unwrap();
    let user_id = session.info.user.id.0;

    let expired = Keys::new(&secret)
        .unwrap()
        .sign(
            user_id,
            sid,
            OffsetDateTime::now_utc() - Duration::from_secs(60),
        )
        .unwrap();
    session.cookies.insert(SESSION_COOKIE.into(), expired);
    assert_eq!(
        app.get("/api/v1/me", As::Session(&session)).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let forged = Keys::new(&[9u8; 32])
        .unwrap()
        .sign(
            user_id,
            sid,
            OffsetDateTime::now_utc() + Duration::from_secs(600),
        )
        .unwrap();
    session.cookies.insert(SESSION_COOKIE.into(), forged);
    assert_eq!(
        app.get("/api/v1/me", As::Session(&session)).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let response = app
        .post("/api/v1/auth/refresh", As::Session(&session), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    session.absorb(&response);
    assert_eq!(
        app.get("/api/v1/me", As::Session(&session)).await.status(),
        StatusCode::OK
    );
}

async fn app_session_id(app: &crate::helpers::TestApp) -> uuid::Uuid {
    sqlx::query_scalar("select id from sessions order by created_at desc limit 1")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn cookie_mutations_need_the_csrf_header(pool: PgPool) {
    let app = spawn_app(pool).await;
    let session = app.admin().await;
    let body = json!({"username": "carol", "password": "long-enough-pass-1", "role": "viewer"});
    let missing = app
        .post("/api/v1/users", As::SessionNoCsrf(&session), &body)
        .await;
    assert_eq!(
        error_of(missing, StatusCode::FORBIDDEN).await.error.code,
        ErrorCode::CsrfFailed
    );
    let mut wrong = session.clone();
    wrong.csrf = "forged".into();
    let forged = app.post("/api/v1/users", As::Session(&wrong), &body).await;
    assert_eq!(
        error_of(forged, StatusCode::FORBIDDEN).await.error.code,
        ErrorCode::CsrfFailed
    );
    // Another session's token does not fit this one either.
    let mut crossed = session.clone();
    crossed.csrf = app.admin().await.csrf;
    let crossed = app
        .post("/api/v1/users", As::Session(&crossed), &body)
        .await;
    assert_eq!(crossed.status(), StatusCode::FORBIDDEN);
    // Reads need none.
    assert_eq!(
        app.get("/api/v1/users", As::SessionNoCsrf(&session))
            .await
            .status(),
        StatusCode::OK
    );
    let ok = app
        .post("/api/v1/users", As::Session(&session), &body)
        .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn changing_ones_password_ends_every_session(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    app.create_user(&admin, "dave", "old-enough-pass-1", "operator")
        .await;
    let first = app.login_ok("dave", "old-enough-pass-1").await;
    let second = app.login_ok("dave", "old-enough-pass-1").await;

    let wrong = app
        .post(
            "/api/v1/me/password",
            As::Session(&first),
            &json!({"current_password": "nope-nope-nope", "new_password": "new-enough-pass-1"}),
        )
        .await;
    let envelope = error_of(wrong, StatusCode::BAD_REQUEST).await;
    assert_eq!(envelope.error.fields[0].field, "current_password");

    let weak = app
        .post(
            "/api/v1/me/password",
            As::Session(&first),
            &json!({"current_password": "old-enough-pass-1", "new_password": "short"}),
        )
        .await;
    let envelope = error_of(weak, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        (
            envelope.error.fields[0].field.as_str(),
            envelope.error.fields[0].rule.as_str()
        ),
        ("new_password", "user_password.length")
    );

    let response = app
        .post(
            "/api/v1/me/password",
            As::Session(&first),
            &json!({"current_password": "old-enough-pass-1", "new_password": "new-enough-pass-1"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut fresh = first.clone();
    fresh.absorb(&response);
    for old in [&first, &second] {
        assert_eq!(
            app.get("/api/v1/me", As::Session(old)).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.get("/api/v1/me", As::Session(&fresh)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.login("dave", "old-enough-pass-1").await.status(),
        StatusCode::UNAUTHORIZED
    );
    app.login_ok("dave", "new-enough-pass-1").await;
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn an_admin_setting_a_password_ends_that_users_sessions(pool: PgPool) {
    let app = spawn_app(pool).await;
    let admin = app.admin().await;
    let user = app
        .create_user(&admin, "erin", "old-enough-pass-2", "viewer")
        .await;
    let erin = app.login_ok("erin", "old-enough-pass-2").await;
    let response = app
        .send_json(
            reqwest::Method::PATCH,
            &format!("/api/v1/users/{}", user.id),
            As::Session(&admin),
            &json!({"password": "new-enough-pass-2"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/me", As::Session(&erin)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/me", As::Session(&admin)).await.status(),
        StatusCode::OK
    );
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn repeated_failures_lock_the_name_whether_or_not_it_exists(pool: PgPool) {
    let app = spawn_app(pool).await;
    let policy = ThrottlePolicy::default();
    for _ in 0..policy.per_user {
        assert_eq!(
            app.login("admin", "wrong-password").await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.login("ghost", "wrong-password").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // Locked: even the right password is refused, without being checked.
    let locked = app.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = locked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after > 0 && retry_after <= policy.lock.as_secs());
    let admin_locked = error_of(locked, StatusCode::TOO_MANY_REQUESTS).await;
    let ghost_locked = error_of(
        app.login("ghost", "wrong-password").await,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
    assert_eq!(admin_locked.error.code, ErrorCode::TooManyRequests);
    assert_eq!(admin_locked.error.code, ghost_locked.error.code);
    // The name is keyed case-insensitively.
    assert_eq!(
        app.login("ADMIN", ADMIN_PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    // Once the lock has passed, the right password works again and clears the counter.
    sqlx::query("update login_throttle set locked_until = now() - interval '1 second', window_started_at = now() - interval '1 hour'")
        .execute(&app.pool)
        .await
        .unwrap();
    app.login_ok("admin", ADMIN_PASSWORD).await;
    // Only the ghost's counter is left, and it is not stored under the name typed.
    let keys: Vec<String> =
        sqlx::query_scalar("select key from login_throttle where scope = 'user'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(keys.len(), 1);
    assert!(!keys[0].contains("ghost"));
}

#[sqlx::test(migrator = "cassadmin::db::MIGRATOR")]
async fn repeated_failures_lock_the_address(pool: PgPool) {
    let app = spawn_app_with(pool, |s| {
        s.login_throttle = ThrottlePolicy {
            per_address: 3,
            ..ThrottlePolicy::default()
        };
    })
    .await;
    for name in ["u1", "u2", "u3"] {
        assert_eq!(
            app.login(name, "wrong-password").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.login("admin", ADMIN_PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}
