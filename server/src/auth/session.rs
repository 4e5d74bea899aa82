//! Browser sessions: a `sessions` row, an access JWT cookie naming it, a refresh cookie,
//! and the CSRF cookie the app echoes.
//!
//! | cookie | HttpOnly | path | lifetime |
//! | --- | --- | --- | --- |
//! | `cassadmin_session` (JWT) | yes | `/` | access TTL (15 min) |
//! | `cassadmin_refresh` | yes | `/api/v1/auth` | session TTL (12 h) |
//! | `cassadmin_csrf` | no | `/` | session TTL |
//!
//! All are `SameSite=Strict`, and `Secure` when `CASSADMIN_COOKIE_SECURE` is set.

use std::time::Duration;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpResponse, HttpResponseBuilder};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use shared::rest::{CSRF_COOKIE, REFRESH_COOKIE, SESSION_COOKIE, SessionInfo};
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::api_token;
use super::keys::Keys;
use crate::db::sessions::{self, NewSession};
use crate::db::users::UserRow;
use crate::domain::timestamp;
use crate::extract::RequestMeta;

/// Where the refresh cookie is sent: only the auth endpoints need it.
pub const REFRESH_PATH: &str = "/api/v1/auth";

#[derive(Debug, Clone, Copy)]
pub struct SessionConfig {
    pub access_ttl: Duration,
    pub session_ttl: Duration,
    pub cookie_secure: bool,
}

/// A session's credentials, ready to be answered.
pub struct Issued {
    pub info: SessionInfo,
    cookies: Vec<Cookie<'static>>,
}

impl Issued {
    /// `200` with the cookies and the session info.
    pub fn respond(self, mut builder: HttpResponseBuilder) -> HttpResponse {
        for cookie in self.cookies {
            builder.cookie(cookie);
        }
        builder.json(self.info)
    }
}

/// A new refresh token and the hash to store (same scheme as API tokens: random, SHA-256).
pub fn new_refresh_token() -> (String, [u8; 32]) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = api_token::digest(&token);
    (token, hash)
}

/// Creates a session for `user` (inside the caller's transaction).
pub async fn start(
    conn: &mut PgConnection,
    keys: &Keys,
    config: &SessionConfig,
    user: &UserRow,
    meta: &RequestMeta,
) -> anyhow::Result<Issued> {
    let id = Uuid::new_v4();
    let (refresh, refresh_hash) = new_refresh_token();
    let expires_at = OffsetDateTime::now_utc() + config.session_ttl;
    sessions::insert(
        conn,
        &NewSession {
            id,
            user_id: user.id,
            refresh_hash: &refresh_hash,
            expires_at,
            source: meta.source.as_deref(),
            user_agent: meta.user_agent.as_deref(),
        },
    )
    .await?;
    issue(keys, config, user, id, expires_at, refresh)
}

/// The cookies and body for session `id` with refresh token `refresh`.
pub fn issue(
    keys: &Keys,
    config: &SessionConfig,
    user: &UserRow,
    id: Uuid,
    session_expires_at: OffsetDateTime,
    refresh: String,
) -> anyhow::Result<Issued> {
    let now = OffsetDateTime::now_utc();
    let access_expires_at = (now + config.access_ttl).min(session_expires_at);
    let jwt = keys.sign(user.id, id, access_expires_at)?;
    let csrf = keys.csrf_token(id);
    let cookies = vec![
        cookie(
            config,
            SESSION_COOKIE,
            jwt,
            "/",
            true,
            access_expires_at - now,
        ),
        cookie(
            config,
            REFRESH_COOKIE,
            refresh,
            REFRESH_PATH,
            true,
            session_expires_at - now,
        ),
        cookie(
            config,
            CSRF_COOKIE,
            csrf.clone(),
            "/",
            false,
            session_expires_at - now,
        ),
    ];
    Ok(Issued {
        info: SessionInfo {
            user: user.to_rest(),
            csrf_token: csrf,
            access_expires_at: timestamp(access_expires_at),
            session_expires_at: timestamp(session_expires_at),
        },
        cookies,
    })
}

fn cookie(
    config: &SessionConfig,
    name: &'static str,
    value: String,
    path: &'static str,
    http_only: bool,
    max_age: time::Duration,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path(path)
        .http_only(http_only)
        .secure(config.cookie_secure)
        .same_site(SameSite::Strict)
        .max_age(max_age)
        .finish()
}

/// Adds cookies that make the browser forget the session.
pub fn clear_cookies(config: &SessionConfig, builder: &mut HttpResponseBuilder) {
    for (name, path, http_only) in [
        (SESSION_COOKIE, "/", true),
        (REFRESH_COOKIE, REFRESH_PATH, true),
        (CSRF_COOKIE, "/", false),
    ] {
        builder.cookie(cookie(
            config,
            name,
            String::new(),
            path,
            http_only,
            time::Duration::ZERO,
        ));
    }
}
