//! `api_tokens`.

use shared::Role;
use shared::rest::{self, TokenId, UserId};
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use super::DbRole;
use super::users::UserRow;
use crate::domain::timestamp;

/// A token with its owner's name, as the API lists it.
#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub role: DbRole,
    pub user_id: i64,
    pub owner: String,
    pub clusters: Option<Vec<String>>,
    pub expires_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

impl TokenRow {
    pub fn to_rest(&self) -> rest::Token {
        rest::Token {
            id: TokenId(self.id),
            name: self.name.clone(),
            role: self.role.0,
            owner_id: UserId(self.user_id),
            owner: self.owner.clone(),
            clusters: self.clusters.clone(),
            expires_at: self.expires_at.map(timestamp),
            created_at: timestamp(self.created_at),
            last_used_at: self.last_used_at.map(timestamp),
            revoked_at: self.revoked_at.map(timestamp),
        }
    }
}

pub struct NewToken<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub role: Role,
    pub token_hash: &'a [u8],
    pub clusters: Option<&'a [String]>,
    pub expires_at: Option<OffsetDateTime>,
}

/// Fails with a unique violation on `api_tokens_live_name` when the owner already has a
/// live token of that name.
pub async fn insert(conn: &mut PgConnection, t: &NewToken<'_>) -> sqlx::Result<TokenRow> {
    sqlx::query_as!(
        TokenRow,
        r#"with t as (
               insert into api_tokens (user_id, name, role, token_hash, clusters, expires_at)
               values ($1, $2, $3, $4, $5, $6)
               returning *
           )
           select t.id, t.name, t.role as "role: DbRole", t.user_id, u.username as owner,
                  t.clusters, t.expires_at, t.created_at, t.last_used_at, t.revoked_at
           from t join users u on u.id = t.user_id"#,
        t.user_id,
        t.name,
        t.role.as_str(),
        t.token_hash,
        t.clusters,
        t.expires_at
    )
    .fetch_one(conn)
    .await
}

/// Tokens, newest first: every user's (`owner = None`) or one user's.
pub async fn list(pool: &PgPool, owner: Option<i64>) -> sqlx::Result<Vec<TokenRow>> {
    sqlx::query_as!(
        TokenRow,
        r#"select t.id, t.name, t.role as "role: DbRole", t.user_id, u.username as owner,
                  t.clusters, t.expires_at, t.created_at, t.last_used_at, t.revoked_at
           from api_tokens t join users u on u.id = t.user_id
           where $1::bigint is null or t.user_id = $1
           order by t.id desc"#,
        owner
    )
    .fetch_all(pool)
    .await
}

pub async fn get(conn: &mut PgConnection, id: i64) -> sqlx::Result<Option<TokenRow>> {
    sqlx::query_as!(
        TokenRow,
        r#"select t.id, t.name, t.role as "role: DbRole", t.user_id, u.username as owner,
                  t.clusters, t.expires_at, t.created_at, t.last_used_at, t.revoked_at
           from api_tokens t join users u on u.id = t.user_id
           where t.id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await
}

/// Revokes a live token; false if it was already revoked.
pub async fn revoke(conn: &mut PgConnection, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "update api_tokens set revoked_at = now() where id = $1 and revoked_at is null",
        id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A usable token (not revoked, not expired, owner enabled) with its owner.
#[derive(Debug, Clone)]
pub struct LiveToken {
    pub token: TokenRow,
    pub owner: UserRow,
}

pub async fn find_live(pool: &PgPool, token_hash: &[u8]) -> sqlx::Result<Option<LiveToken>> {
    let row = sqlx::query!(
        r#"select t.id, t.name, t.role as "role: DbRole", t.clusters, t.expires_at,
                  t.created_at as token_created_at, t.last_used_at, t.revoked_at,
                  u.id as user_id, u.username, u.role as "user_role: DbRole", u.disabled,
                  u.created_at, u.updated_at, u.last_login_at
           from api_tokens t join users u on u.id = t.user_id
           where t.token_hash = $1 and t.revoked_at is null
             and (t.expires_at is null or t.expires_at > now()) and not u.disabled"#,
        token_hash
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| LiveToken {
        token: TokenRow {
            id: r.id,
            name: r.name,
            role: r.role,
            user_id: r.user_id,
            owner: r.username.clone(),
            clusters: r.clusters,
            expires_at: r.expires_at,
            created_at: r.token_created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        },
        owner: UserRow {
            id: r.user_id,
            username: r.username,
            role: r.user_role,
            disabled: r.disabled,
            created_at: r.created_at,
            updated_at: r.updated_at,
            last_login_at: r.last_login_at,
        },
    }))
}

/// Records a use, at most once a minute per token (a write per request would be waste).
pub async fn touch(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    sqlx::query!(
        "update api_tokens set last_used_at = now()
         where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')",
        id
    )
    .execute(pool)
    .await?;
    Ok(())
}
