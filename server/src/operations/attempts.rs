//! What each attempt of a cloud call did, as the audit's outcome row records it.

use serde::Serialize;

use super::error::cloud_code;
use crate::cloud::{Attempt, AttemptOutcome};

/// One HTTP exchange of a call: `{"attempt": 2, "ms": 31, "status": 503, "code":
/// "ServiceUnavailable", "request_id": "..", "retry_in_ms": 180}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttemptRecord {
    pub attempt: u32,
    pub ms: u64,
    pub outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The cloud's `Code`, or `Timeout`, `Unreachable`, `Decode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The wait before the next attempt; absent on the last one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_in_ms: Option<u64>,
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl From<&Attempt> for AttemptRecord {
    fn from(a: &Attempt) -> Self {
        let ms = millis(a.elapsed);
        match &a.outcome {
            AttemptOutcome::Succeeded {
                http_status,
                request_id,
            } => Self {
                attempt: a.number,
                ms,
                outcome: "ok",
                status: Some(*http_status),
                code: None,
                request_id: request_id.clone(),
                retry_in_ms: None,
            },
            AttemptOutcome::Failed { error, retry_in } => Self {
                attempt: a.number,
                ms,
                outcome: "error",
                status: error.http_status(),
                code: Some(cloud_code(error)),
                request_id: error.request_id().map(str::to_owned),
                retry_in_ms: retry_in.map(millis),
            },
        }
    }
}

/// Every attempt of one call, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attempts(pub Vec<AttemptRecord>);

impl Attempts {
    pub fn count(&self) -> u32 {
        u32::try_from(self.0.len()).unwrap_or(u32::MAX)
    }

    /// The `RequestId` of the last answer that carried one (the success, or the final error).
    pub fn last_request_id(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|a| a.request_id.as_deref())
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.0).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::cloud::CloudError;

    #[test]
    fn records_each_attempt_with_its_code_and_wait() {
        let attempts = Attempts(
            [
                Attempt {
                    number: 1,
                    elapsed: Duration::from_millis(12),
                    outcome: AttemptOutcome::Failed {
                        error: CloudError::Timeout {
                            after: Duration::from_millis(12),
                        },
                        retry_in: Some(Duration::from_millis(40)),
                    },
                },
                Attempt {
                    number: 2,
                    elapsed: Duration::from_millis(3),
                    outcome: AttemptOutcome::Succeeded {
                        http_status: 200,
                        request_id: Some("R-2".into()),
                    },
                },
            ]
            .iter()
            .map(AttemptRecord::from)
            .collect(),
        );
        assert_eq!(attempts.count(), 2);
        assert_eq!(attempts.last_request_id(), Some("R-2"));
        let json = attempts.to_json();
        assert_eq!(json[0]["code"], "Timeout");
        assert_eq!(json[0]["retry_in_ms"], 40);
        assert_eq!(json[1]["outcome"], "ok");
        assert!(json[1].get("retry_in_ms").is_none());
    }
}
