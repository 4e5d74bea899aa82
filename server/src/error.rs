//! One error type for every endpoint, answered as one envelope:
//! `{"error": {"code", "message", "fields": [{"field", "rule", "message"}], "request_id"}}`.
//!
//! Client errors say what to fix. Internal errors answer only "internal error" plus the
//! request id; the full cause chain goes to the log, inside the request's span.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use shared::rest::{ErrorBody, ErrorCode, ErrorEnvelope, FieldError};

use crate::telemetry::current_request_id;

#[derive(thiserror::Error)]
pub enum AppError {
    /// The request cannot be read (bad JSON, wrong content type).
    #[error("{0}")]
    BadRequest(String),
    /// No credentials, or credentials that are not (or no longer) valid.
    #[error("authentication required")]
    Unauthenticated,
    /// A failed login. One message whether or not the user exists.
    #[error("invalid user name or password")]
    InvalidCredentials,
    #[error("missing or invalid X-CSRF-Token header")]
    CsrfFailed,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("{0}")]
    Conflict(String),
    #[error("{}", validation_summary(.0))]
    Validation(Vec<FieldError>),
    #[error("too many failed logins; try again in {} seconds", .retry_after.as_secs().max(1))]
    TooManyRequests { retry_after: Duration },
    #[error("service unavailable")]
    Unavailable(#[source] anyhow::Error),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

fn validation_summary(fields: &[FieldError]) -> String {
    match fields {
        [one] => one.to_string(),
        _ => format!("{} fields are invalid", fields.len()),
    }
}

impl std::fmt::Debug for AppError {
    // The cause chain, for the log. Safe: no variant holds a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Internal(e) | AppError::Unavailable(e) => write!(f, "{self}: {e:?}"),
            _ => write!(f, "{self}"),
        }
    }
}

impl AppError {
    /// A single field error.
    pub fn field(error: FieldError) -> Self {
        AppError::Validation(vec![error])
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        AppError::NotFound(message.into())
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::BadRequest(_) => ErrorCode::BadRequest,
            AppError::Unauthenticated | AppError::InvalidCredentials => ErrorCode::Unauthenticated,
            AppError::CsrfFailed => ErrorCode::CsrfFailed,
            AppError::Forbidden(_) => ErrorCode::Forbidden,
            AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            AppError::Conflict(_) => ErrorCode::Conflict,
            AppError::Validation(_) => ErrorCode::Validation,
            AppError::TooManyRequests { .. } => ErrorCode::TooManyRequests,
            AppError::Unavailable(_) => ErrorCode::Unavailable,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The envelope's body (what the client sees).
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code(),
            message: self.to_string(),
            fields: match self {
                AppError::Validation(fields) => fields.clone(),
                _ => Vec::new(),
            },
            request_id: current_request_id(),
            cloud: None,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthenticated | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            AppError::CsrfFailed | AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Validation(_) => StatusCode::BAD_REQUEST,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if matches!(self, AppError::Internal(_) | AppError::Unavailable(_)) {
            // We are inside the request's span: the line carries the request id.
            tracing::error!(error = ?self, "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        if let AppError::TooManyRequests { retry_after } = self {
            let secs = retry_after.as_secs().max(1).to_string();
            if let Ok(value) = HeaderValue::from_str(&secs) {
                response.insert_header((header::RETRY_AFTER, value));
            }
        }
        response.json(ErrorEnvelope { error: self.body() })
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        let unavailable = is_unavailable(&e);
        let e = anyhow::Error::new(e).context("database error");
        if unavailable {
            AppError::Unavailable(e)
        } else {
            AppError::Internal(e)
        }
    }
}

/// The database is away (stopped, restarting, unreachable): no connection, or the server cut
/// it (SQLSTATE class 08, connection exception; 57, operator intervention).
pub fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57")),
        _ => false,
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e)
    }
}

/// Is this a violation of the named unique constraint (or index)?
pub fn is_unique_violation(e: &sqlx::Error, constraint: &str) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_unique_violation() && db.constraint() == Some(constraint)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use actix_web::body::to_bytes;

    use super::*;

    #[actix_web::test]
    async fn internal_errors_are_opaque() {
        let error = AppError::Internal(anyhow::anyhow!("connection refused to 10.0.0.7"));
        let response = error.error_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = to_bytes(response.into_body()).await.unwrap();
        let envelope: ErrorEnvelope = serde_json::from_slice(&body).unwrap();
        assert_eq!(envelope.error.code, ErrorCode::Internal);
        assert_eq!(envelope.error.message, "internal error");
        assert!(!String::from_utf8_lossy(&body).contains("10.0.0.7"));
    }

    #[actix_web::test]
    async fn validation_errors_name_field_and_rule() {
        let error = AppError::Validation(vec![FieldError::new(
            "password",
            "user_password.length",
            "too short",
        )]);
        let response = error.error_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body = to_bytes(response.into_body()).await.unwrap();
        let envelope: ErrorEnvelope = serde_json::from_slice(&body).unwrap();
        assert_eq!(envelope.error.fields[0].field, "password");
        assert_eq!(envelope.error.fields[0].rule, "user_password.length");
    }

    #[actix_web::test]
    async fn throttling_says_when_to_retry() {
        let error = AppError::TooManyRequests {
            retry_after: Duration::from_secs(90),
        };
        let response = error.error_response();
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "90");
    }
}
