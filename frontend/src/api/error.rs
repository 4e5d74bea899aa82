//! What can go wrong calling the panel's API, decoded from our one error envelope:
//! `{"error": {"code", "message", "fields", "request_id", "cloud"}}` (see `server/src/error.rs`
//! and `server/src/operations/error.rs`).

use std::fmt;

use shared::rest::ErrorCode;

/// The envelope's body, its field errors (with the list entry, e.g. the line of an IP list)
/// and the cloud's part: the one definition in `shared::rest`.
pub use shared::rest::{CloudErrorDetail as CloudError, ErrorBody, FieldError as FieldIssue};

/// A failed API call.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer at all: the network or the panel is down.
    Network(String),
    /// The panel answered with an error in our envelope (boxed: errors travel in every
    /// `Result` of the app and should stay small).
    Api { status: u16, body: Box<ErrorBody> },
    /// An answer this app cannot read: a proxy's error page, or an app and server out of step.
    Unexpected { status: u16, detail: String },
}

impl ApiError {
    /// Decode an error answer (`status` is not 2xx).
    pub fn from_response(status: u16, body: &str) -> ApiError {
        match serde_json::from_str::<shared::rest::ErrorEnvelope>(body) {
            Ok(envelope) => ApiError::Api {
                status,
                body: Box::new(envelope.error),
            },
            Err(_) => ApiError::Unexpected {
                status,
                detail: describe_status(status),
            },
        }
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Api { body, .. } => Some(body.code),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Api { status, .. } | ApiError::Unexpected { status, .. } => Some(*status),
            ApiError::Network(_) => None,
        }
    }

    /// The session is gone (expired, revoked, never there): the app returns to the login page.
    pub fn is_unauthenticated(&self) -> bool {
        match self {
            ApiError::Api { body, .. } => body.code == ErrorCode::Unauthenticated,
            ApiError::Unexpected { status, .. } => *status == 401,
            ApiError::Network(_) => false,
        }
    }

    /// Every field the server refused (validation errors).
    pub fn field_errors(&self) -> &[FieldIssue] {
        match self {
            ApiError::Api { body, .. } => &body.fields,
            _ => &[],
        }
    }

    pub fn cloud(&self) -> Option<&CloudError> {
        match self {
            ApiError::Api { body, .. } => body.cloud.as_ref(),
            _ => None,
        }
    }

    /// Our request id, to find the server's log lines.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Api { body, .. } => body.request_id.as_deref(),
            _ => None,
        }
    }
}

/// One line for a message: what failed and, for the cloud, its `Code` and `RequestId`.
impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network(detail) => write!(f, "the panel did not answer ({detail})"),
            ApiError::Unexpected { detail, .. } => f.write_str(detail),
            ApiError::Api { body, .. } => match &body.cloud {
                Some(cloud) => {
                    write!(f, "cloud error {}: {}", cloud.code, cloud.message)?;
                    if let Some(id) = &cloud.request_id {
                        write!(f, " (RequestId {id})")?;
                    }
                    Ok(())
                }
                None => {
                    f.write_str(&body.message)?;
                    // With one field the server's message already names it.
                    if let [first, rest @ ..] = body.fields.as_slice()
                        && !rest.is_empty()
                    {
                        write!(f, ": {first} (and {} more)", rest.len())?;
                    }
                    Ok(())
                }
            },
        }
    }
}

impl std::error::Error for ApiError {}

fn describe_status(status: u16) -> String {
    match status {
        200..=299 => format!(
            "the panel answered {status} with a body this app cannot read; reload the page (the \
             app may be older than the server)"
        ),
        401 => "you are not signed in".to_owned(),
        404 => "not found (404)".to_owned(),
        502 | 504 => format!("the cloud did not answer in time ({status})"),
        503 => "the panel is temporarily unavailable (503); try again shortly".to_owned(),
        _ => format!("the panel answered with HTTP {status}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_validation_errors_with_their_fields_and_items() {
        let body = r#"{"error":{"code":"validation","message":"2 fields are invalid",
            "fields":[
              {"field":"DiskSize","rule":"disk_size.step","message":"must be a multiple of 10 GB"},
              {"field":"IpList","rule":"ip.format","message":"is not an address",
               "item":{"index":2,"text":"10.0.0.300"}}
            ],
            "request_id":"req-1"}}"#;
        let err = ApiError::from_response(400, body);
        assert_eq!(err.code(), Some(ErrorCode::Validation));
        let fields: Vec<&str> = err
            .field_errors()
            .iter()
            .map(|f| f.field.as_str())
            .collect();
        assert_eq!(fields, ["DiskSize", "IpList"]);
        assert_eq!(
            err.field_errors()[1].item.as_ref().map(|i| i.index),
            Some(2)
        );
        assert_eq!(err.request_id(), Some("req-1"));
        assert_eq!(
            err.to_string(),
            "2 fields are invalid: DiskSize: must be a multiple of 10 GB (and 1 more)"
        );
        assert!(!err.is_unauthenticated());
    }

    #[test]
    fn one_field_error_is_not_repeated() {
        let body = r#"{"error":{"code":"validation","message":"DiskSize: must grow",
            "fields":[{"field":"DiskSize","rule":"disk_size.grow","message":"must grow"}],
            "request_id":null}}"#;
        assert_eq!(
            ApiError::from_response(400, body).to_string(),
            "DiskSize: must grow"
        );
    }

    #[test]
    fn cloud_errors_carry_code_message_and_request_id() {
        let body = r#"{"error":{"code":"conflict","message":"The cluster is not running.",
            "request_id":"ours","cloud":{"code":"OperationDenied.ClusterStatus",
            "message":"The cluster is not running.","request_id":"6BC5-AB12",
            "http_status":403,"attempts":1}}}"#;
        let err = ApiError::from_response(409, body);
        let cloud = err.cloud().expect("cloud part");
        assert_eq!(cloud.code, "OperationDenied.ClusterStatus");
        assert_eq!(cloud.request_id.as_deref(), Some("6BC5-AB12"));
        assert_eq!(cloud.attempts, Some(1));
        assert_eq!(err.code(), Some(ErrorCode::Conflict));
        let line = err.to_string();
        assert!(line.contains("OperationDenied.ClusterStatus"), "{line}");
        assert!(line.contains("RequestId 6BC5-AB12"), "{line}");
        let gateway = r#"{"error":{"code":"gateway_timeout","message":"timed out",
            "request_id":null,"cloud":{"code":"Timeout","message":"no answer","request_id":null}}}"#;
        assert_eq!(
            ApiError::from_response(504, gateway).code(),
            Some(ErrorCode::GatewayTimeout)
        );
        // Codes this app does not know yet still decode.
        let newer = r#"{"error":{"code":"something_newer","message":"?","request_id":null}}"#;
        assert_eq!(
            ApiError::from_response(500, newer).code(),
            Some(ErrorCode::Unknown)
        );
    }

    #[test]
    fn unauthenticated_is_recognised_by_code_or_bare_status() {
        let body = r#"{"error":{"code":"unauthenticated","message":"sign in","request_id":null}}"#;
        assert!(ApiError::from_response(401, body).is_unauthenticated());
        assert!(ApiError::from_response(401, "<html>proxy</html>").is_unauthenticated());
        let forbidden =
            r#"{"error":{"code":"forbidden","message":"admins only","request_id":null}}"#;
        assert!(!ApiError::from_response(403, forbidden).is_unauthenticated());
    }

    #[test]
    fn answers_that_are_not_our_envelope_are_described_by_status() {
        let err = ApiError::from_response(502, "<html>Bad gateway</html>");
        assert_eq!(
            err,
            ApiError::Unexpected {
                status: 502,
                detail: describe_status(502)
            }
        );
        assert!(err.to_string().contains("502"));
        assert!(err.field_errors().is_empty() && err.cloud().is_none());
        assert_eq!(err.status(), Some(502));
    }
}
