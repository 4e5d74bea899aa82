//! The cluster list, kept in memory: every list request would otherwise read every row.
//!
//! Rows are reloaded from the database when they are older than the time to live (so
//! changes stored by another replica show within it) or after this process stored a change
//! ([`ListCache::invalidate`], so its own changes show at once). One request reloads while
//! the others keep serving the previous rows.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use sqlx::PgPool;
use tokio::time::Instant;

use super::store::{self, ListRow};

pub struct ListCache {
    pool: PgPool,
    ttl: Duration,
    loaded: RwLock<Option<Arc<Loaded>>>,
    /// Bumped by every invalidation: rows loaded under an older generation are stale.
    generation: AtomicU64,
    reloading: tokio::sync::Mutex<()>,
}

struct Loaded {
    at: Instant,
    generation: u64,
    rows: Arc<[ListRow]>,
}

impl ListCache {
    pub fn new(pool: PgPool, ttl: Duration) -> Self {
        Self {
            pool,
            ttl,
            loaded: RwLock::new(None),
            generation: AtomicU64::new(0),
            reloading: tokio::sync::Mutex::new(()),
        }
    }

    /// Every row, fresh within the time to live.
    pub async fn rows(&self) -> sqlx::Result<Arc<[ListRow]>> {
        let current = self.current();
        if let Some(loaded) = &current
            && self.is_fresh(loaded)
        {
            return Ok(loaded.rows.clone());
        }
        match (self.reloading.try_lock(), current) {
            (Ok(_reloading), _) => self.reload().await,
            // Someone else is reloading: the previous rows will do meanwhile.
            (Err(_), Some(previous)) => Ok(previous.rows.clone()),
            (Err(_), None) => {
                let _reloading = self.reloading.lock().await;
                match self.current() {
                    Some(loaded) if self.is_fresh(&loaded) => Ok(loaded.rows.clone()),
                    _ => self.reload().await,
                }
            }
        }
    }

    /// The next read reloads (call after storing a change).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    async fn reload(&self) -> sqlx::Result<Arc<[ListRow]>> {
        let generation = self.generation.load(Ordering::SeqCst);
        let at = Instant::now();
        let rows: Arc<[ListRow]> = store::list(&self.pool).await?.into();
        let loaded = Arc::new(Loaded {
            at,
            generation,
            rows: rows.clone(),
        });
        *self.loaded.write().unwrap_or_else(PoisonError::into_inner) = Some(loaded);
        Ok(rows)
    }

    fn current(&self) -> Option<Arc<Loaded>> {
        self.loaded
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn is_fresh(&self, loaded: &Loaded) -> bool {
        loaded.generation == self.generation.load(Ordering::SeqCst)
            && loaded.at.elapsed() < self.ttl
    }
}

impl std::fmt::Debug for ListCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListCache")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}
