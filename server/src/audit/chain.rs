//! The hash chain: `hash = SHA-256(prev_hash || canonical(row))`.
//!
//! The canonical form is compact JSON of the row's content in a fixed field order, with
//! object keys sorted at every depth, the time as integer microseconds since the epoch, and
//! absent optional fields left out (so a column added later as nullable does not change the
//! hashes of older rows). `id`, `prev_hash` and `hash` are not part of it: the links carry
//! the order.
//!
//! Values are normalised before they are stored ([`normalise`]) so that what PostgreSQL
//! gives back hashes exactly as what was written.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// `prev_hash` of the first row.
pub const GENESIS: [u8; 32] = [0; 32];

/// Bump when the canonical form changes (it is hashed, so old rows keep verifying only
/// while the verifier knows their version).
const CANONICAL_VERSION: u8 = 1;

/// A row's hashed content, borrowed from wherever the row lives.
#[derive(Debug, Serialize)]
pub struct Canonical<'a> {
    pub v: u8,
    /// Microseconds since the Unix epoch (PostgreSQL's precision).
    pub at: i64,
    pub kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent_id: Option<i64>,
    pub actor_kind: &'a str,
    pub actor: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<&'a str>,
    pub action: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_center_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<&'a str>,
    pub params: Sorted<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_request_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<&'a str>,
}

impl Canonical<'_> {
    pub const VERSION: u8 = CANONICAL_VERSION;

    /// The row's hash given the previous row's.
    pub fn digest(&self, prev_hash: &[u8]) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(prev_hash);
        // Serialising plain structs, strings and `Value`s into a Vec cannot fail.
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        hasher.update(&bytes);
        hasher.finalize().into()
    }
}

/// Microseconds since the epoch: how PostgreSQL stores a `timestamptz`.
pub fn micros(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1000) as i64
}

/// `at` cut to PostgreSQL's precision, so the stored value hashes as the written one.
pub fn truncate_to_micros(at: OffsetDateTime) -> OffsetDateTime {
    let nanos = at.nanosecond();
    at.replace_nanosecond(nanos - nanos % 1000).unwrap_or(at)
}

/// A JSON value serialised with object keys sorted at every depth.
#[derive(Debug)]
pub struct Sorted<'a>(pub &'a Value);

impl Serialize for Sorted<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
                let mut out = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    out.serialize_entry(k, &Sorted(v))?;
                }
                out.end()
            }
            Value::Array(items) => s.collect_seq(items.iter().map(Sorted)),
            other => other.serialize(s),
        }
    }
}

/// Makes a value survive a PostgreSQL round trip unchanged: `text` and `jsonb` refuse NUL
/// characters, and `numeric` has no negative zero.
pub fn normalise(value: &mut Value) {
    match value {
        Value::String(s) => normalise_text(s),
        Value::Number(n) => {
            if n.as_f64() == Some(0.0) && n.is_f64() {
                *value = Value::from(0.0);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalise),
        Value::Object(map) => {
            if map.keys().any(|k| k.contains('\0')) {
                let entries = std::mem::take(map);
                for (mut k, v) in entries {
                    normalise_text(&mut k);
                    map.insert(k, v);
                }
            }
            map.values_mut().for_each(normalise);
        }
        Value::Null | Value::Bool(_) => {}
    }
}

/// Replaces NUL (which PostgreSQL text cannot hold) with U+FFFD.
pub fn normalise_text(s: &mut String) {
    if s.contains('\0') {
        *s = s.replace('\0', "\u{FFFD}");
    }
}

/// Lower-case hex, for showing hashes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn row<'a>(params: &'a Value, actor: &'a str) -> Canonical<'a> {
        Canonical {
            v: CANONICAL_VERSION,
            at: 1_780_000_000_123_456,
            kind: "intent",
            intent_id: None,
            actor_kind: "user",
            actor,
            token_name: None,
            source: Some("127.0.0.1"),
            user_agent: None,
            action: "user.create",
            cluster_id: None,
            data_center_id: None,
            target: Some("user/bob"),
            params: Sorted(params),
            outcome: None,
            error_code: None,
            error_message: None,
            cloud_request_id: None,
            duration_ms: None,
            request_id: None,
        }
    }

    #[test]
    fn canonical_form_is_fixed() {
        let params = json!({"role": "viewer", "a": {"z": 1, "b": [true, null]}});
        let text = serde_json::to_string(&row(&params, "alice")).unwrap();
        assert_eq!(
            text,
            r#"{"v":1,"at":1780000000123456,"kind":"intent","actor_kind":"user","actor":"alice","source":"127.0.0.1","action":"user.create","target":"user/bob","params":{"a":{"b":[true,null],"z":1},"role":"viewer"}}"#
        );
    }

    #[test]
    fn key_order_does_not_matter_but_content_and_link_do() {
        let a = json!({"x": 1, "y": 2});
        let b: Value = serde_json::from_str(r#"{"y": 2, "x": 1}"#).unwrap();
        assert_eq!(
            row(&a, "alice").digest(&GENESIS),
            row(&b, "alice").digest(&GENESIS)
        );
        assert_ne!(
            row(&a, "alice").digest(&GENESIS),
            row(&a, "mallory").digest(&GENESIS)
        );
        assert_ne!(
            row(&a, "alice").digest(&GENESIS),
            row(&a, "alice").digest(&[1; 32])
        );
    }

    #[test]
    fn normalising_removes_what_postgres_would_change() {
        let mut v = json!({"a\u{0}": "x\u{0}y", "n": -0.0, "k": [-0.0, 1.5]});
        normalise(&mut v);
        assert_eq!(
            v,
            json!({"a\u{FFFD}": "x\u{FFFD}y", "n": 0.0, "k": [0.0, 1.5]})
        );
    }

    #[test]
    fn times_keep_microseconds() {
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_700_000_000_123_456_789).unwrap();
        assert_eq!(micros(truncate_to_micros(t)), 1_700_000_000_123_456);
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
