//! Walking the chain: every row must link to the previous row's hash and hash to its own.

use futures_util::TryStreamExt;
use shared::rest::{AuditId, BrokenLink, ChainReport};
use sqlx::PgPool;

use super::chain::{self, GENESIS};
use crate::db::audit as store;

/// Checks the whole chain in id order and names the first row that does not hold.
#[tracing::instrument(name = "audit verify", skip_all)]
pub async fn verify(pool: &PgPool) -> sqlx::Result<ChainReport> {
    let mut rows = store::stream_all(pool);
    let mut prev: Vec<u8> = GENESIS.to_vec();
    let mut prev_id: Option<i64> = None;
    let mut checked = 0u64;
    while let Some(row) = rows.try_next().await? {
        if row.prev_hash != prev {
            let problem = match prev_id {
                Some(before) => format!(
                    "prev_hash does not match the hash of row {before}: that row was changed, \
                     or rows between them were removed"
                ),
                None => {
                    "the first row does not start the chain: earlier rows were removed".to_owned()
                }
            };
            return Ok(broken(checked, &prev, row.id, problem));
        }
        if row.hash != row.canonical().digest(&row.prev_hash) {
            let problem = "hash does not match the row's content: the row was changed".to_owned();
            return Ok(broken(checked, &prev, row.id, problem));
        }
        checked += 1;
        prev_id = Some(row.id);
        prev = row.hash;
    }
    Ok(ChainReport {
        intact: true,
        rows_checked: checked,
        head_hash: prev_id.map(|_| chain::hex(&prev)),
        first_broken: None,
    })
}

fn broken(checked: u64, last_good: &[u8], id: i64, problem: String) -> ChainReport {
    ChainReport {
        intact: false,
        rows_checked: checked,
        head_hash: (checked > 0).then(|| chain::hex(last_good)),
        first_broken: Some(BrokenLink {
            id: AuditId(id),
            problem,
        }),
    }
}
