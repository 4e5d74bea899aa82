//! `users`.

use shared::Role;
use shared::rest::{self, UserId};
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use super::DbRole;
use crate::domain::timestamp;

/// A user as the API shows it.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub role: DbRole,
    pub disabled: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub last_login_at: Option<OffsetDateTime>,
}

impl UserRow {
    pub fn role(&self) -> Role {
        self.role.0
    }

    pub fn to_rest(&self) -> rest::User {
        rest::User {
            id: UserId(self.id),
            username: self.username.clone(),
            role: self.role.0,
            disabled: self.disabled,
            created_at: timestamp(self.created_at),
            updated_at: timestamp(self.updated_at),
            last_login_at: self.last_login_at.map(timestamp),
        }
    }
}

/// What a login needs.
#[derive(Debug)]
pub struct Credentials {
    pub id: i64,
    pub disabled: bool,
    /// PHC string; not secret by itself, but kept out of logs all the same.
    pub password_hash: String,
}

pub async fn find_credentials(pool: &PgPool, username: &str) -> sqlx::Result<Option<Credentials>> {
    sqlx::query_as!(
        Credentials,
        "select id, disabled, password_hash from users where username = $1",
        username
    )
    .fetch_optional(pool)
    .await
}

pub async fn password_hash(conn: &mut PgConnection, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!("select password_hash from users where id = $1", id)
        .fetch_optional(conn)
        .await
}

pub async fn get(conn: &mut PgConnection, id: i64) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as!(
        UserRow,
        r#"select id, username, role as "role: DbRole", disabled, created_at, updated_at,
                  last_login_at
           from users where id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await
}

pub async fn get_by_name(pool: &PgPool, username: &str) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as!(
        UserRow,
        r#"select id, username, role as "role: DbRole", disabled, created_at, updated_at,
                  last_login_at
           from users where username = $1"#,
        username
    )
    .fetch_optional(pool)
    .await
}

pub async fn list(pool: &PgPool) -> sqlx::Result<Vec<UserRow>> {
    sqlx::query_as!(
        UserRow,
        r#"select id, username, role as "role: DbRole", disabled, created_at, updated_at,
                  last_login_at
           from users order by username"#
    )
    .fetch_all(pool)
    .await
}

/// Fails with a unique violation on `users_username_key` when the name is taken.
pub async fn insert(
    conn: &mut PgConnection,
    username: &str,
    password_hash: &str,
    role: Role,
) -> sqlx::Result<UserRow> {
    sqlx::query_as!(
        UserRow,
        r#"insert into users (username, password_hash, role) values ($1, $2, $3)
           returning id, username, role as "role: DbRole", disabled, created_at, updated_at,
                     last_login_at"#,
        username,
        password_hash,
        role.as_str()
    )
    .fetch_one(conn)
    .await
}

pub async fn set_password(
    conn: &mut PgConnection,
    id: i64,
    password_hash: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "update users set password_hash = $2, updated_at = now() where id = $1",
        id,
        password_hash
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_role(conn: &mut PgConnection, id: i64, role: Role) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "update users set role = $2, updated_at = now() where id = $1",
        id,
        role.as_str()
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_disabled(conn: &mut PgConnection, id: i64, disabled: bool) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "update users set disabled = $2, updated_at = now() where id = $1",
        id,
        disabled
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(conn: &mut PgConnection, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query!("delete from users where id = $1", id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn touch_login(conn: &mut PgConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query!("update users set last_login_at = now() where id = $1", id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Enabled admins other than `except`: changing `except` must leave at least one.
pub async fn other_active_admins(conn: &mut PgConnection, except: i64) -> sqlx::Result<i64> {
    let count = sqlx::query_scalar!(
        r#"select count(*) as "count!" from users
           where role = 'admin' and not disabled and id <> $1"#,
        except
    )
    .fetch_one(conn)
    .await?;
    Ok(count)
}

pub async fn any_admin(pool: &PgPool) -> sqlx::Result<bool> {
    let found = sqlx::query_scalar!(
        r#"select exists (select 1 from users where role = 'admin') as "found!""#
    )
    .fetch_one(pool)
    .await?;
    Ok(found)
}

/// Serialises changes that could remove the last admin (two admins demoting each other
/// at once must not both succeed). Hold it in the change's transaction.
pub async fn lock_admin_changes(conn: &mut PgConnection) -> sqlx::Result<()> {
    // Arbitrary constant naming this lock ("cassadm1").
    sqlx::query!("select pg_advisory_xact_lock(7161115503004330289)")
        .execute(conn)
        .await?;
    Ok(())
}
