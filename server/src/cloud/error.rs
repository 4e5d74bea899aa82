//! The one error a cloud call returns, and the cloud's error envelope.

use std::time::Duration;

use serde::Deserialize;

/// Why a cloud call failed.
///
/// No variant carries a parameter value, the signed URL or the string to sign: the cloud's
/// `SignatureDoesNotMatch` message echoes every parameter (passwords included), so the client
/// replaces that part with a diagnosis before building this error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloudError {
    /// The cloud answered with its error envelope (or a non-2xx status without one). Boxed to
    /// keep `Result<_, CloudError>` small.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// No complete answer within the client's timeout.
    #[error("the cloud did not answer within {} ms", after.as_millis())]
    Timeout { after: Duration },
    /// No answer at all: connection refused or reset, DNS or TLS failure.
    #[error("the cloud endpoint is unreachable: {reason}")]
    Unreachable { reason: String },
    /// A 2xx answer that is not the action's response.
    #[error("the cloud's answer does not decode: {reason}")]
    Decode {
        reason: String,
        request_id: Option<String>,
    },
}

/// The cloud's error answer: HTTP status and envelope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the cloud answered HTTP {http_status} {code}: {message}")]
pub struct ApiError {
    pub http_status: u16,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    /// A troubleshooting link.
    pub recommend: Option<String>,
    /// The endpoint that answered.
    pub host_id: Option<String>,
    /// From the `x-acs-retry-after` header (sent in milliseconds).
    pub retry_after: Option<Duration>,
}

impl ApiError {
    /// Flow control: `Throttling`, `Throttling.User`, `Throttling.Api`, ...
    pub fn is_throttling(&self) -> bool {
        self.code == "Throttling" || self.code.starts_with("Throttling.")
    }

    /// Throttling, a 5xx or `ServiceUnavailable`: the cloud may accept the same call later.
    pub fn is_retryable(&self) -> bool {
        self.http_status >= 500 || self.code == "ServiceUnavailable" || self.is_throttling()
    }
}

impl From<ApiError> for CloudError {
    fn from(error: ApiError) -> Self {
        CloudError::Api(Box::new(error))
    }
}

/// The `Code` we give a non-2xx answer whose body is not the cloud's envelope (a proxy's page).
pub const UNKNOWN_CODE: &str = "UnknownError";

impl CloudError {
    /// The cloud's answer, for API errors.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            CloudError::Api(error) => Some(error),
            _ => None,
        }
    }

    /// Flow control: `Throttling`, `Throttling.User`, `Throttling.Api`, ...
    pub fn is_throttling(&self) -> bool {
        self.api().is_some_and(ApiError::is_throttling)
    }

    /// A transient failure that another attempt may not meet: throttling, 5xx,
    /// `ServiceUnavailable`, timeouts and unreachable endpoints. Whether repeating the request
    /// is *safe* is the action's business (see `CloudClient::call_observed`).
    pub fn is_retryable(&self) -> bool {
        match self {
            CloudError::Api(error) => error.is_retryable(),
            CloudError::Timeout { .. } | CloudError::Unreachable { .. } => true,
            CloudError::Decode { .. } => false,
        }
    }

    /// The cloud's `Code`, for API errors.
    pub fn code(&self) -> Option<&str> {
        self.api().map(|error| error.code.as_str())
    }

    /// The cloud's `RequestId`, when an answer carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            CloudError::Api(error) => error.request_id.as_deref(),
            CloudError::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the answer, if there was one.
    pub fn http_status(&self) -> Option<u16> {
        self.api().map(|error| error.http_status)
    }

    /// How long the cloud asked us to wait (`x-acs-retry-after`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.api().and_then(|error| error.retry_after)
    }
}

/// The error body: `{"RequestId", "HostId", "Code", "Message", "Recommend"}`. The Tea client
/// also accepts lower-camel keys, and so do we.
#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "Code", alias = "code")]
    code: Option<String>,
    #[serde(rename = "Message", alias = "message")]
    message: Option<String>,
    #[serde(rename = "RequestId", alias = "requestId")]
    request_id: Option<String>,
    #[serde(rename = "Recommend", alias = "recommend")]
    recommend: Option<String>,
    #[serde(rename = "HostId", alias = "hostId")]
    host_id: Option<String>,
}

/// Where the cloud's `SignatureDoesNotMatch` message starts echoing its string to sign.
const STRING_TO_SIGN_MARKER: &str = "server string to sign is:";

/// Build the error for a non-2xx answer. `our_string_to_sign` lets a signature mismatch say
/// whether the secret is wrong (both sides signed the same string) or the canonicalization
/// differs, without repeating the string itself.
pub(crate) fn from_answer(
    http_status: u16,
    body: &[u8],
    retry_after: Option<Duration>,
    our_string_to_sign: &str,
) -> ApiError {
    let Ok(envelope) = serde_json::from_slice::<Envelope>(body) else {
        return ApiError {
            http_status,
            code: UNKNOWN_CODE.to_owned(),
            message: format!("HTTP {http_status} without the cloud's error envelope"),
            request_id: None,
            recommend: None,
            host_id: None,
            retry_after,
        };
    };
    let message = envelope.message.unwrap_or_default();
    ApiError {
        http_status,
        code: envelope.code.unwrap_or_else(|| UNKNOWN_CODE.to_owned()),
        message: withhold_string_to_sign(&message, our_string_to_sign),
        request_id: envelope.request_id,
        recommend: envelope.recommend,
        host_id: envelope.host_id,
        retry_after,
    }
}

fn withhold_string_to_sign(message: &str, ours: &str) -> String {
    let Some((before, theirs)) = message.split_once(STRING_TO_SIGN_MARKER) else {
        return message.to_owned();
    };
    let diagnosis = if theirs.trim() == ours {
        "the cloud signed the same string as we did, so the AccessKey secret is wrong"
    } else {
        "the cloud signed a different string than we did (withheld here: it holds parameter values)"
    };
    format!("{} ({diagnosis})", before.trim_end().trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_envelope_in_either_key_case() {
        let body = br#"{"RequestId":"R-1","HostId":"cassandra.aliyuncs.com","Code":"Forbidden.RAM",
            "Message":"User not authorized.","Recommend":"https://api.aliyun.com/troubleshoot?q=x"}"#;
        let err = from_answer(403, body, None, "");
        assert_eq!(
            err,
            ApiError {
                http_status: 403,
                code: "Forbidden.RAM".into(),
                message: "User not authorized.".into(),
                request_id: Some("R-1".into()),
                recommend: Some("https://api.aliyun.com/troubleshoot?q=x".into()),
                host_id: Some("cassandra.aliyuncs.com".into()),
                retry_after: None,
            }
        );
        let lower = br#"{"requestId":"R-2","code":"Throttling.User","message":"slow down"}"#;
        let retry_after = Some(Duration::from_millis(1200));
        let err = CloudError::from(from_answer(400, lower, retry_after, ""));
        assert_eq!(err.retry_after(), retry_after);
        assert_eq!(
            (err.code(), err.request_id()),
            (Some("Throttling.User"), Some("R-2"))
        );
        assert!(err.is_throttling() && err.is_retryable());
    }

    #[test]
    fn a_body_that_is_not_an_envelope_keeps_the_status() {
        let err = CloudError::from(from_answer(502, b"<html>Bad Gateway</html>", None, ""));
        assert_eq!(
            (err.http_status(), err.code()),
            (Some(502), Some(UNKNOWN_CODE))
        );
        assert!(err.is_retryable());
        assert!(!from_answer(404, b"", None, "").is_retryable());
    }

    #[test]
    fn the_string_to_sign_is_withheld_and_diagnosed() {
        let ours = "POST&%2F&Password%3Dhunter2";
        let message = |sts: &str| {
            let text = format!(
                "Specified signature is not matched with our calculation. server string to sign is:{sts}"
            );
            serde_json::json!({"Code": "SignatureDoesNotMatch", "Message": text}).to_string()
        };
        let same = from_answer(400, message(ours).as_bytes(), None, ours).to_string();
        assert!(same.contains("secret is wrong"), "{same}");
        let other = from_answer(
            400,
            message("GET&%2F&Password%3Dhunter2").as_bytes(),
            None,
            ours,
        );
        let other = format!("{other} {other:?}");
        assert!(other.contains("different string"), "{other}");
        assert!(
            !same.contains("hunter2") && !other.contains("hunter2"),
            "{same} {other}"
        );
    }

    #[test]
    fn classifies_what_may_be_retried() {
        let api = |status: u16, code: &str| {
            CloudError::from(ApiError {
                http_status: status,
                code: code.into(),
                message: String::new(),
                request_id: None,
                recommend: None,
                host_id: None,
                retry_after: None,
            })
        };
        for (status, code) in [
            (400, "Throttling"),
            (400, "Throttling.Api"),
            (503, "ServiceUnavailable"),
            (500, "InternalError"),
        ] {
            assert!(api(status, code).is_retryable(), "{code}");
        }
        for (status, code) in [
            (400, "InvalidParameter"),
            (404, "InvalidAccessKeyId.NotFound"),
            (400, "SignatureDoesNotMatch"),
            (400, "ThrottlingX"),
        ] {
            assert!(!api(status, code).is_retryable(), "{code}");
        }
        assert!(!api(400, "ThrottlingX").is_throttling());
        assert!(
            CloudError::Timeout {
                after: Duration::from_secs(1)
            }
            .is_retryable()
        );
        assert!(
            !CloudError::Decode {
                reason: String::new(),
                request_id: None
            }
            .is_retryable()
        );
    }
}
