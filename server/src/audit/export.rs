//! Exports of the audit log, streamed page by page (constant memory, no long-held
//! connection): NDJSON (exact, one entry per line) and CSV (for spreadsheets).

use actix_web::web::Bytes;
use futures_util::Stream;
use futures_util::stream;
use shared::rest::AuditEntry;
use sqlx::PgPool;

use crate::db::audit::{self as store, Direction, Filter, StoredRow};

/// Rows fetched per database round trip.
const PAGE: i64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ndjson,
    Csv,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Ndjson => "application/x-ndjson",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Ndjson => "ndjson",
            Format::Csv => "csv",
        }
    }
}

struct Cursor {
    pool: PgPool,
    filter: Filter,
    format: Format,
    after: Option<i64>,
    header_sent: bool,
    done: bool,
}

/// The matching rows, oldest first, as a byte stream.
pub fn stream(
    pool: PgPool,
    filter: Filter,
    format: Format,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> {
    let cursor = Cursor {
        pool,
        filter,
        format,
        after: None,
        header_sent: false,
        done: false,
    };
    stream::unfold(cursor, |mut c| async move {
        if c.done {
            return None;
        }
        let mut out = String::new();
        if c.format == Format::Csv && !c.header_sent {
            out.push_str(CSV_HEADER);
            out.push('\n');
            c.header_sent = true;
        }
        let rows = match store::page(
            &c.pool,
            &c.filter,
            Direction::Newer { after: c.after },
            PAGE,
        )
        .await
        {
            Ok(rows) => rows,
            Err(e) => {
                // The status line is long sent: all we can do is cut the stream short.
                tracing::error!(error = ?e, "audit export failed");
                c.done = true;
                return Some((Err(std::io::Error::other("audit export failed")), c));
            }
        };
        if (rows.len() as i64) < PAGE {
            c.done = true;
        }
        c.after = rows.last().map(|r| r.id).or(c.after);
        for row in &rows {
            if let Err(e) = write_row(&mut out, row, c.format) {
                tracing::error!(error = %e, id = row.id, "audit export failed");
                c.done = true;
                return Some((Err(std::io::Error::other("audit export failed")), c));
            }
        }
        if out.is_empty() {
            return None;
        }
        Some((Ok(Bytes::from(out)), c))
    })
}

fn write_row(out: &mut String, row: &StoredRow, format: Format) -> Result<(), String> {
    let entry = row.to_rest()?;
    match format {
        Format::Ndjson => {
            out.push_str(&serde_json::to_string(&entry).map_err(|e| e.to_string())?);
        }
        Format::Csv => write_csv(out, &entry),
    }
    out.push('\n');
    Ok(())
}

const CSV_HEADER: &str = "id,at,kind,intent_id,actor_kind,actor,token_name,source,user_agent,\
action,cluster_id,data_center_id,target,params,outcome,error_code,error_message,\
cloud_request_id,duration_ms,request_id,prev_hash,hash";

fn write_csv(out: &mut String, e: &AuditEntry) {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let cells = [
        e.id.to_string(),
        e.at.clone(),
        e.kind.as_str().to_owned(),
        e.intent_id.map(|i| i.to_string()).unwrap_or_default(),
        e.actor_kind.as_str().to_owned(),
        e.actor.clone(),
        opt(&e.token_name),
        opt(&e.source),
        opt(&e.user_agent),
        e.action.clone(),
        opt(&e.cluster_id),
        opt(&e.data_center_id),
        opt(&e.target),
        e.params.to_string(),
        e.outcome.map(|o| o.as_str().to_owned()).unwrap_or_default(),
        opt(&e.error_code),
        opt(&e.error_message),
        opt(&e.cloud_request_id),
        e.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
        opt(&e.request_id),
        e.prev_hash.clone(),
        e.hash.clone(),
    ];
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_cell(out, cell);
    }
}

/// RFC 4180 quoting, plus a `'` before a leading `=`, `+`, `-`, `@` or control character so
/// a spreadsheet does not run a cell (a failed login's user name is attacker-chosen) as a
/// formula. The NDJSON export is the exact form.
fn csv_cell(out: &mut String, cell: &str) {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky && !cell.contains([',', '"', '\n', '\r']) {
        out.push_str(cell);
        return;
    }
    out.push('"');
    if risky {
        out.push('\'');
    }
    out.push_str(&cell.replace('"', "\"\""));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> String {
        let mut out = String::new();
        csv_cell(&mut out, s);
        out
    }

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("@cmd"), "\"'@cmd\"");
    }

    #[test]
    fn header_and_rows_have_the_same_width() {
        assert_eq!(CSV_HEADER.split(',').count(), 22);
    }
}
