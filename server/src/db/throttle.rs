//! `login_throttle`: failed-login counters per user name and per client address.

use sqlx::PgPool;
use time::OffsetDateTime;

/// What a counter is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    User,
    Address,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::User => "user",
            Scope::Address => "address",
        }
    }
}

/// The latest `locked_until` in the future among the given keys.
pub async fn locked_until(
    pool: &PgPool,
    user: &str,
    address: Option<&str>,
) -> sqlx::Result<Option<OffsetDateTime>> {
    sqlx::query_scalar!(
        r#"select max(locked_until) from login_throttle
           where locked_until > now()
             and ((scope = 'user' and key = $1) or (scope = 'address' and key = $2))"#,
        user,
        address
    )
    .fetch_one(pool)
    .await
}

/// Counts one failure; locks the key for `lock_secs` when it reaches `max_failures` within
/// `window_secs`.
pub async fn record_failure(
    pool: &PgPool,
    scope: Scope,
    key: &str,
    max_failures: i32,
    window_secs: f64,
    lock_secs: f64,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"insert into login_throttle as t (scope, key, failures, window_started_at, locked_until)
           values ($1, $2, 1, now(),
                   case when 1 >= $3 then now() + make_interval(secs => $5) end)
           on conflict (scope, key) do update set
               failures = case when t.window_started_at < now() - make_interval(secs => $4)
                               then 1 else t.failures + 1 end,
               window_started_at = case when t.window_started_at < now() - make_interval(secs => $4)
                                        then now() else t.window_started_at end,
               locked_until = case
                   when (case when t.window_started_at < now() - make_interval(secs => $4)
                              then 1 else t.failures + 1 end) >= $3
                   then now() + make_interval(secs => $5)
                   else t.locked_until end"#,
        scope.as_str(),
        key,
        max_failures,
        window_secs,
        lock_secs
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A successful login clears the user's counter (not the address's: one good account
/// must not reset an address that is guessing at others).
pub async fn clear(pool: &PgPool, scope: Scope, key: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "delete from login_throttle where scope = $1 and key = $2",
        scope.as_str(),
        key
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Forgets counters that are neither locked nor in a recent window.
pub async fn purge_stale(pool: &PgPool, window_secs: f64) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "delete from login_throttle
         where window_started_at < now() - make_interval(secs => $1)
           and (locked_until is null or locked_until < now())",
        window_secs
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
