//! How an action call fails, and the HTTP answer for each way.
//!
//! Panel-side refusals (authentication, role, scope, a bad body, the database) answer the
//! envelope of [`AppError`]. Input that breaks a rule answers 400 with every broken field.
//! Cloud errors answer the same envelope plus a `cloud` object with the cloud's `Code`,
//! `Message` and `RequestId`, under a status that says whose move it is:
//!
//! | the cloud said | status | `code` |
//! | --- | --- | --- |
//! | `*.NotFound`, or HTTP 404 | 404 | `not_found` |
//! | `OperationDenied.*`, `IdempotentParameterMismatch` (the resource's state forbids it) | 409 | `conflict` |
//! | any other 4xx about the request (`InvalidParameter`, ...) | 400 | `bad_request` |
//! | `Throttling*` | 429 + `Retry-After` | `too_many_requests` |
//! | refused the panel's own credentials or rights (`InvalidAccessKeyId.*`, `SignatureDoesNotMatch`, `Forbidden.RAM`, ...) | 502 | `bad_gateway` |
//! | 5xx, unreachable, an answer that does not decode | 502 | `bad_gateway` |
//! | no answer within the client's timeout | 504 | `gateway_timeout` |

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use shared::rest::{CloudErrorDetail, ErrorBody, ErrorCode, ErrorEnvelope, FieldError};

use crate::cloud::CloudError;
use crate::error::AppError;
use crate::telemetry::current_request_id;

/// Why an action call did not give the action's response.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// Refused by the panel before anything was attempted.
    #[error(transparent)]
    App(#[from] AppError),
    /// The input breaks the request's rules (nothing was attempted).
    #[error("{}", summary(.0))]
    Invalid(Vec<FieldError>),
    /// The cloud call failed (after `attempts` attempts).
    #[error("{}", cloud_message(.error))]
    Cloud { error: CloudError, attempts: u32 },
    /// The cloud made the change but the audit log could not record how it ended. Not
    /// acknowledged as a success: an acknowledged change always has both audit rows.
    #[error(
        "the cloud accepted the change (RequestId {}), but the audit log could not record it: \
         the database is unavailable; the intent is on record",
        request_id.as_deref().unwrap_or("unknown")
    )]
    Unrecorded { request_id: Option<String> },
}

fn summary(fields: &[FieldError]) -> String {
    match fields {
        [one] => format!("{}: {}", one.field, one.message),
        _ => format!("{} fields are invalid", fields.len()),
    }
}

/// The `cloud` part of an error envelope.
/// `Timeout`, `Unreachable`, `Decode`: the audit's and the envelope's code for failures
/// without a cloud `Code`.
pub fn cloud_code(error: &CloudError) -> String {
    match error {
        CloudError::Api(api) => api.code.clone(),
        CloudError::Timeout { .. } => "Timeout".to_owned(),
        CloudError::Unreachable { .. } => "Unreachable".to_owned(),
        CloudError::Decode { .. } => "Decode".to_owned(),
    }
}

/// The message for people: the cloud's own for API errors.
pub fn cloud_message(error: &CloudError) -> String {
    match error {
        CloudError::Api(api) => api.message.clone(),
        other => other.to_string(),
    }
}

/// The envelope's `cloud` part for a failed call.
fn cloud_detail(error: &CloudError, attempts: u32) -> CloudErrorDetail {
    CloudErrorDetail {
        code: cloud_code(error),
        message: cloud_message(error),
        request_id: error.request_id().map(str::to_owned),
        http_status: error.http_status(),
        recommend: error.api().and_then(|api| api.recommend.clone()),
        attempts: Some(attempts),
    }
}

/// Gateway-level codes that mean the cloud refused *the panel* (its AccessKey, rights,
/// clock or protocol), not the user's request.
fn blames_the_panel(code: &str) -> bool {
    const PREFIXES: [&str; 8] = [
        "InvalidAccessKeyId",
        "InvalidSecurityToken",
        "InvalidTimeStamp",
        "Forbidden",
        "InvalidAction",
        "InvalidVersion",
        "UnsupportedHTTPMethod",
        "IncompleteSignature",
    ];
    const EXACT: [&str; 4] = [
        "SignatureDoesNotMatch",
        "SignatureNonceUsed",
        "IllegalTimestamp",
        "NoPermission",
    ];
    EXACT.contains(&code)
        || PREFIXES
            .iter()
            .any(|p| code == *p || code.starts_with(&format!("{p}.")))
}

/// The status and envelope code for a cloud error; see the module table.
pub fn cloud_status(error: &CloudError) -> (StatusCode, ErrorCode) {
    const BAD_GATEWAY: (StatusCode, ErrorCode) = (StatusCode::BAD_GATEWAY, ErrorCode::BadGateway);
    match error {
        CloudError::Timeout { .. } => (StatusCode::GATEWAY_TIMEOUT, ErrorCode::GatewayTimeout),
        CloudError::Unreachable { .. } | CloudError::Decode { .. } => BAD_GATEWAY,
        _ if error.is_throttling() => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyRequests),
        CloudError::Api(api) => {
            let code = api.code.as_str();
            if api.http_status >= 500 || code == "ServiceUnavailable" || blames_the_panel(code) {
                BAD_GATEWAY
            } else if code.ends_with(".NotFound") || api.http_status == 404 {
                (StatusCode::NOT_FOUND, ErrorCode::NotFound)
            } else if code.starts_with("OperationDenied") || code == "IdempotentParameterMismatch" {
                (StatusCode::CONFLICT, ErrorCode::Conflict)
            } else {
                (StatusCode::BAD_REQUEST, ErrorCode::BadRequest)
            }
        }
    }
}

impl ResponseError for ActionError {
    fn status_code(&self) -> StatusCode {
        match self {
            ActionError::App(e) => e.status_code(),
            ActionError::Invalid(_) => StatusCode::BAD_REQUEST,
            ActionError::Cloud { error, .. } => cloud_status(error).0,
            ActionError::Unrecorded { .. } => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (code, fields, cloud) = match self {
            ActionError::App(e) => return e.error_response(),
            ActionError::Invalid(fields) => (ErrorCode::Validation, fields.clone(), None),
            ActionError::Cloud { error, attempts } => (
                cloud_status(error).1,
                Vec::new(),
                Some(cloud_detail(error, *attempts)),
            ),
            ActionError::Unrecorded { request_id } => {
                tracing::error!(
                    cloud_request_id = request_id.as_deref(),
                    "change made but not recorded"
                );
                (ErrorCode::Unavailable, Vec::new(), None)
            }
        };
        let mut response = HttpResponse::build(self.status_code());
        if let ActionError::Cloud { error, .. } = self
            && error.is_throttling()
        {
            let wait = error.retry_after().unwrap_or(Duration::from_secs(1));
            let secs = wait.as_secs_f64().ceil().max(1.0);
            if let Ok(value) = HeaderValue::from_str(&format!("{secs:.0}")) {
                response.insert_header((header::RETRY_AFTER, value));
            }
        }
        response.json(ErrorEnvelope {
            error: ErrorBody {
                code,
                message: self.to_string(),
                fields,
                request_id: current_request_id(),
                cloud,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use actix_web::body::to_bytes;
    use serde_json::Value;

    use super::*;
    use crate::cloud::ApiError;

    fn api_error(status: u16, code: &str) -> ApiError {
        ApiError {
            http_status: status,
            code: code.into(),
            message: format!("message of {code}"),
            request_id: Some("R-1".into()),
            recommend: None,
            host_id: None,
            retry_after: None,
        }
    }

    fn api(status: u16, code: &str) -> CloudError {
        api_error(status, code).into()
    }

    #[test]
    fn cloud_errors_map_to_whose_move_it_is() {
        let status = |e: CloudError| cloud_status(&e).0.as_u16();
        assert_eq!(status(api(404, "InvalidClusterId.NotFound")), 404);
        assert_eq!(status(api(403, "OperationDenied.ClusterStatus")), 409);
        assert_eq!(status(api(400, "IdempotentParameterMismatch")), 409);
        assert_eq!(status(api(400, "InvalidParameter")), 400);
        assert_eq!(status(api(400, "Throttling.User")), 429);
        assert_eq!(status(api(503, "ServiceUnavailable")), 502);
        assert_eq!(status(api(500, "InternalError")), 502);
        for panel in [
            (404, "InvalidAccessKeyId.NotFound"),
            (400, "SignatureDoesNotMatch"),
            (403, "Forbidden.RAM"),
            (404, "InvalidAction.NotFound"),
            (400, "InvalidTimeStamp.Expired"),
        ] {
            assert_eq!(status(api(panel.0, panel.1)), 502, "{}", panel.1);
        }
        assert_eq!(
            status(CloudError::Timeout {
                after: Duration::from_secs(1)
            }),
            504
        );
        assert_eq!(
            status(CloudError::Unreachable {
                reason: "refused".into()
            }),
            502
        );
    }

    #[actix_web::test]
    async fn throttling_answers_retry_after_and_the_clouds_details() {
        let error = ApiError {
            retry_after: Some(Duration::from_millis(1200)),
            ..api_error(400, "Throttling.User")
        }
        .into();
        let response = ActionError::Cloud { error, attempts: 3 }.error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "2");
        let body: Value =
            serde_json::from_slice(&to_bytes(response.into_body()).await.unwrap()).unwrap();
        assert_eq!(body["error"]["code"], "too_many_requests");
        assert_eq!(body["error"]["cloud"]["code"], "Throttling.User");
        assert_eq!(body["error"]["cloud"]["request_id"], "R-1");
        assert_eq!(body["error"]["cloud"]["attempts"], 3);
        assert_eq!(body["error"]["message"], "message of Throttling.User");
    }

    #[actix_web::test]
    async fn rule_violations_are_400_with_every_field() {
        let problem = |field: &str| FieldError::new(field, "required", "is required");
        let response =
            ActionError::Invalid(vec![problem("ClusterId"), problem("DiskSize")]).error_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body: Value =
            serde_json::from_slice(&to_bytes(response.into_body()).await.unwrap()).unwrap();
        assert_eq!(body["error"]["code"], "validation");
        assert_eq!(body["error"]["fields"][1]["field"], "DiskSize");
        assert!(body["error"].get("cloud").is_none());
    }
}
