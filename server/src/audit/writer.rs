//! Appends through one task that batches concurrent writers.
//!
//! The chain serialises appends (each row needs the previous row's hash), and a commit waits
//! for the disk (about 4 ms here with fsync on): one row per commit would cap the log at a
//! few hundred rows per second however many requests wait. The writer takes everything
//! queued (up to [`MAX_BATCH`]), appends it in one transaction and answers each caller only
//! after the commit, so a caller that gets an id knows its row is durable (fail closed holds).

use shared::rest::AuditId;
use sqlx::PgPool;
use tokio::sync::{mpsc, oneshot};

use super::AuditError;
use crate::db::audit::{self as store, NewRow};

const MAX_BATCH: usize = 256;
const QUEUE: usize = 4096;

struct Pending {
    row: NewRow,
    done: oneshot::Sender<Result<AuditId, AuditError>>,
}

#[derive(Clone)]
pub(super) struct Writer {
    queue: mpsc::Sender<Pending>,
}

impl Writer {
    /// Starts the writer task on the current runtime; it ends when the last handle is gone.
    pub(super) fn spawn(pool: PgPool) -> Self {
        let (queue, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(pool, rx));
        Self { queue }
    }

    /// Appends `row`; returns once it is committed.
    pub(super) async fn append(&self, row: NewRow) -> Result<AuditId, AuditError> {
        let (done, wait) = oneshot::channel();
        self.queue
            .send(Pending { row, done })
            .await
            .map_err(|_| AuditError::WriterStopped)?;
        wait.await.map_err(|_| AuditError::WriterStopped)?
    }
}

async fn run(pool: PgPool, mut rx: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let rows: Vec<&NewRow> = batch.iter().map(|p| &p.row).collect();
        match write(&pool, &rows).await {
            Ok(ids) => {
                for (pending, id) in batch.drain(..).zip(ids) {
                    let _ = pending.done.send(Ok(id));
                }
            }
            Err(e) if batch.len() == 1 => {
                if let Some(pending) = batch.pop() {
                    let _ = pending.done.send(Err(e.into()));
                }
            }
            // One bad row must not fail its neighbours: retry them one by one.
            Err(_) => {
                for pending in batch.drain(..) {
                    let result = write(&pool, &[&pending.row]).await.map(|ids| ids[0]);
                    let _ = pending.done.send(result.map_err(AuditError::from));
                }
            }
        }
    }
}

async fn write(pool: &PgPool, rows: &[&NewRow]) -> sqlx::Result<Vec<AuditId>> {
    let mut tx = pool.begin().await?;
    let ids = store::append_many(&mut tx, rows).await?;
    tx.commit().await?;
    Ok(ids)
}
