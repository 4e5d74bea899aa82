//! Failed-login throttling, per submitted user name and per client address, kept in the
//! database (`login_throttle`) so it survives restarts and holds across server processes.
//!
//! A locked name or address is refused before the password is even checked, with the same
//! answer whether or not the user exists.

use std::time::Duration;

use sqlx::PgPool;
use time::OffsetDateTime;

use super::keys::Keys;
use crate::db::throttle::{self as store, Scope};
use crate::error::AppError;

#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// Failures of one user name within `window` before it is locked.
    pub per_user: i32,
    /// Failures from one address within `window` before it is locked (higher: an office
    /// shares one address).
    pub per_address: i32,
    pub window: Duration,
    pub lock: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            per_user: 5,
            per_address: 50,
            window: Duration::from_secs(15 * 60),
            lock: Duration::from_secs(15 * 60),
        }
    }
}

/// User names are keyed case-folded (`Admin` and `admin` share a counter) and through a
/// keyed hash ([`Keys::login_name_key`]): the table never holds what was typed.
pub fn user_key(keys: &Keys, username: &str) -> String {
    keys.login_name_key(&username.trim().to_lowercase())
}

impl ThrottlePolicy {
    /// `Err(TooManyRequests)` while the name or the address is locked.
    pub async fn check(
        &self,
        pool: &PgPool,
        user: &str,
        address: Option<&str>,
    ) -> Result<(), AppError> {
        match store::locked_until(pool, user, address).await? {
            Some(until) => {
                let left = (until - OffsetDateTime::now_utc()).max(time::Duration::seconds(1));
                let retry_after = Duration::try_from(left).unwrap_or(self.lock);
                Err(AppError::TooManyRequests { retry_after })
            }
            None => Ok(()),
        }
    }

    pub async fn failed(
        &self,
        pool: &PgPool,
        user: &str,
        address: Option<&str>,
    ) -> sqlx::Result<()> {
        let (window, lock) = (self.window.as_secs_f64(), self.lock.as_secs_f64());
        store::record_failure(pool, Scope::User, user, self.per_user, window, lock).await?;
        if let Some(address) = address {
            store::record_failure(
                pool,
                Scope::Address,
                address,
                self.per_address,
                window,
                lock,
            )
            .await?;
        }
        Ok(())
    }

    pub async fn succeeded(&self, pool: &PgPool, user: &str) -> sqlx::Result<()> {
        store::clear(pool, Scope::User, user).await
    }

    pub async fn purge(&self, pool: &PgPool) -> sqlx::Result<u64> {
        store::purge_stale(pool, self.window.as_secs_f64()).await
    }
}
