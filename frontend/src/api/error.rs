//! What can go wrong calling the panel's API, decoded from our one error envelope
//! (`{"error": {"code", "message", "fields", "request_id"}}`, see `shared::rest`).

use std::fmt;

use serde::Deserialize;
use shared::rest::{ErrorBody, ErrorCode, ErrorEnvelope, FieldError};

/// The cloud's own error, passed through when ApsaraDB refused or failed a call.
// TODO(rest): move to shared::rest; the envelope there has no cloud part yet. Assumed wire
// shape: `"error": {..., "cloud": {"code", "message", "request_id"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CloudError {
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
}

/// A failed API call.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer at all: the network or the panel is down.
    Network(String),
    /// The panel answered with an error in our envelope (boxed: errors travel in every
    /// `Result` of the app and should stay small).
    Api {
        status: u16,
        body: Box<ErrorBody>,
        cloud: Option<Box<CloudError>>,
    },
    /// An answer this app cannot read: a proxy's error page, or an app and server out of step.
    Unexpected { status: u16, detail: String },
}

impl ApiError {
    /// Decode an error answer (`status` is not 2xx).
    pub fn from_response(status: u16, body: &str) -> ApiError {
        #[derive(Deserialize)]
        struct WithCloud {
            error: CloudPart,
        }
        #[derive(Deserialize)]
        struct CloudPart {
            #[serde(default)]
            cloud: Option<CloudError>,
        }

        match serde_json::from_str::<ErrorEnvelope>(body) {
            Ok(envelope) => ApiError::Api {
                status,
                body: Box::new(envelope.error),
                cloud: serde_json::from_str::<WithCloud>(body)
                    .ok()
                    .and_then(|w| w.error.cloud)
                    .map(Box::new),
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

    /// The session is gone (expired, revoked, never there): the app returns to the login page.
    pub fn is_unauthenticated(&self) -> bool {
        match self {
            ApiError::Api { body, .. } => body.code == ErrorCode::Unauthenticated,
            ApiError::Unexpected { status, .. } => *status == 401,
            ApiError::Network(_) => false,
        }
    }

    /// Every field the server refused (validation errors).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Api { body, .. } => &body.fields,
            _ => &[],
        }
    }

    pub fn cloud(&self) -> Option<&CloudError> {
        match self {
            ApiError::Api { cloud, .. } => cloud.as_deref(),
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
            ApiError::Api {
                body,
                cloud: Some(cloud),
                ..
            } => {
                write!(
                    f,
                    "{} — cloud error {}: {}",
                    body.message, cloud.code, cloud.message
                )?;
                if let Some(id) = &cloud.request_id {
                    write!(f, " (RequestId {id})")?;
                }
                Ok(())
            }
            ApiError::Api { body, .. } => {
                f.write_str(&body.message)?;
                if let [first, rest @ ..] = body.fields.as_slice() {
                    write!(f, ": {first}")?;
                    if !rest.is_empty() {
                        write!(f, " (and {} more)", rest.len())?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ApiError {}

fn describe_status(status: u16) -> String {
    match status {
        200..=299 => format!(
            "the panel answered {status} with a body this app cannot read; \
                              reload the page (the app may be older than the server)"
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
    fn decodes_validation_errors_with_their_fields() {
        let body = r#"{"error":{"code":"validation","message":"the request is not valid",
            "fields":[
              {"field":"DiskSize","rule":"disk_size.step","message":"must be a multiple of 10 GB"},
              {"field":"NodeCount","rule":"node_count.range","message":"must be 1 to 100 nodes"}
            ],
            "request_id":"req-1"}}"#;
        let err = ApiError::from_response(422, body);
        assert_eq!(err.code(), Some(ErrorCode::Validation));
        let fields: Vec<&str> = err
            .field_errors()
            .iter()
            .map(|f| f.field.as_str())
            .collect();
        assert_eq!(fields, ["DiskSize", "NodeCount"]);
        assert_eq!(err.request_id(), Some("req-1"));
        assert_eq!(
            err.to_string(),
            "the request is not valid: DiskSize: must be a multiple of 10 GB (and 1 more)"
        );
        assert!(!err.is_unauthenticated());
    }

    #[test]
    fn cloud_errors_carry_code_message_and_request_id() {
        let body = r#"{"error":{"code":"cloud","message":"the cloud refused CreateCluster",
            "request_id":"ours","cloud":{"code":"InvalidZoneId.NotFound",
            "message":"The specified zone does not exist.","request_id":"6BC5-AB12"}}}"#;
        let err = ApiError::from_response(400, body);
        let cloud = err.cloud().expect("cloud part");
        assert_eq!(cloud.code, "InvalidZoneId.NotFound");
        assert_eq!(cloud.request_id.as_deref(), Some("6BC5-AB12"));
        // An error code this app does not know yet still decodes.
        assert_eq!(err.code(), Some(ErrorCode::Unknown));
        let line = err.to_string();
        assert!(line.contains("InvalidZoneId.NotFound") && line.contains("RequestId 6BC5-AB12"));
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
    }
}
