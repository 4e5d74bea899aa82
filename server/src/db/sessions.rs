//! `sessions`: one row per login, checked on every cookie-authenticated request.

use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use super::DbRole;
use super::users::UserRow;

pub struct NewSession<'a> {
    pub id: Uuid,
    pub user_id: i64,
    pub refresh_hash: &'a [u8],
    pub expires_at: OffsetDateTime,
    pub source: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

pub async fn insert(conn: &mut PgConnection, s: &NewSession<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into sessions (id, user_id, refresh_hash, expires_at, source, user_agent)
         values ($1, $2, $3, $4, $5, $6)",
        s.id,
        s.user_id,
        s.refresh_hash,
        s.expires_at,
        s.source,
        s.user_agent
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The user of a live session (not revoked, not expired, user enabled).
pub async fn live_user(pool: &PgPool, session_id: Uuid) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as!(
        UserRow,
        r#"select u.id, u.username, u.role as "role: DbRole", u.disabled, u.created_at,
                  u.updated_at, u.last_login_at
           from sessions s join users u on u.id = s.user_id
           where s.id = $1 and s.revoked_at is null and s.expires_at > now()
             and not u.disabled"#,
        session_id
    )
    .fetch_optional(pool)
    .await
}

/// A live session found by its refresh token.
#[derive(Debug)]
pub struct Refreshable {
    pub id: Uuid,
    pub user_id: i64,
    pub expires_at: OffsetDateTime,
}

pub async fn find_by_refresh(
    pool: &PgPool,
    refresh_hash: &[u8],
) -> sqlx::Result<Option<Refreshable>> {
    sqlx::query_as!(
        Refreshable,
        r#"select s.id, s.user_id, s.expires_at
           from sessions s join users u on u.id = s.user_id
           where s.refresh_hash = $1 and s.revoked_at is null and s.expires_at > now()
             and not u.disabled"#,
        refresh_hash
    )
    .fetch_optional(pool)
    .await
}

/// Replaces the refresh token; false if it was already replaced (a concurrent refresh or a
/// replayed old token) or the session ended.
pub async fn rotate(
    pool: &PgPool,
    id: Uuid,
    old_hash: &[u8],
    new_hash: &[u8],
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "update sessions set refresh_hash = $3, refreshed_at = now()
         where id = $1 and refresh_hash = $2 and revoked_at is null",
        id,
        old_hash,
        new_hash
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn revoke(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "update sessions set revoked_at = now() where id = $1 and revoked_at is null",
        id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends every live session of a user (password change, disable); returns how many.
pub async fn revoke_all(conn: &mut PgConnection, user_id: i64) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "update sessions set revoked_at = now() where user_id = $1 and revoked_at is null",
        user_id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Forgets sessions that ended more than a day ago (they can no longer be used).
pub async fn purge_ended(pool: &PgPool) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "delete from sessions
         where coalesce(revoked_at, expires_at) < now() - interval '1 day'"
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
