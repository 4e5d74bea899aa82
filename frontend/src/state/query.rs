//! Query strings for the panel's list endpoints.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use shared::rest::AuditFilter;

/// `?actor=alice&outcome=error`, or empty with no filter set. Parameter names and values are
/// those of `GET /api/v1/audit` (and its exports).
pub fn audit_query(filter: &AuditFilter) -> String {
    let before = filter.before.map(|id| id.to_string());
    let limit = filter.limit.map(|n| n.to_string());
    let pairs = [
        ("actor", filter.actor.as_deref()),
        ("action", filter.action.as_deref()),
        ("cluster", filter.cluster.as_deref()),
        ("outcome", filter.outcome.map(|o| o.as_str())),
        ("since", filter.since.as_deref()),
        ("until", filter.until.as_deref()),
        ("before", before.as_deref()),
        ("limit", limit.as_deref()),
    ];
    query(&pairs)
}

/// `?a=1&b=2` from the pairs with a value, each percent-encoded.
pub fn query(pairs: &[(&str, Option<&str>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(name, value)| {
            let value = (*value)?;
            Some(format!(
                "{name}={}",
                utf8_percent_encode(value, NON_ALPHANUMERIC)
            ))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use shared::rest::{AuditId, AuditOutcome};

    use super::*;

    #[test]
    fn only_set_filters_are_sent_and_values_are_encoded() {
        assert_eq!(audit_query(&AuditFilter::default()), "");
        let filter = AuditFilter {
            actor: Some("ops team".into()),
            outcome: Some(AuditOutcome::Error),
            since: Some("2026-12-04T10:00:00+08:00".into()),
            before: Some(AuditId(42)),
            limit: Some(50),
            ..AuditFilter::default()
        };
        assert_eq!(
            audit_query(&filter),
            "?actor=ops%20team&outcome=error&since=2026%2D12%2D04T10%3A00%3A00%2B08%3A00\
             &before=42&limit=50"
        );
    }
}
